"""A stylesheet whose parsed rules are kept for the process, per CSS text and theme.

Textual parses all of an app's CSS again (some 25-50 sources) whenever a source is added:
a screen's CSS_PATH on its first open, a widget class's DEFAULT_CSS on its first mount, a
theme change; the warm-up parses them all once more in its copy. Rules parsed from the same
text, place and variables are the same rules, so they are parsed once and then shared by the
app's stylesheet and the warm-up's copy (and, in the tests, by every app a process makes).
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

# (css, place, is default css, tie breaker, scope, variables) -> its rules. Only what the
# package's screens and widgets define: a few hundred entries per theme at most.
_KEPT: dict[tuple[object, ...], list[RuleSet]] = {}
_KEPT_AT_MOST = 4096


class QuickRule(RuleSet):
    """A rule hashed by its identity in C. For every widget it styles, Textual's `apply` looks
    each rule of the stylesheet up in a set of candidates (503 rules once the warm-up has
    loaded every screen's styles); `RuleSet` hashes by its identity too, in a Python method,
    which was 30 % of `apply`'s time (benchmarks/style_apply.py)."""

    __hash__ = object.__hash__


# Only where Textual hashes a rule by its identity, as QuickRule does: elsewhere the rules
# keep Textual's own class.
_probe = RuleSet()
HASHED_BY_IDENTITY = RuleSet.__hash__(_probe) == id(_probe)
del _probe


class KeptStylesheet(Stylesheet):
    """Textual's Stylesheet, taking each source's parsed rules from a process-wide store."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._theme = _theme_key(variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._theme = _theme_key(variables)

    def copy(self) -> KeptStylesheet:
        sheet = KeptStylesheet(variables=self._variables.copy())
        sheet.source = self.source.copy()
        return sheet

    def reparse(self) -> None:
        # Textual's reparse parses into a fresh plain Stylesheet so that an error leaves this
        # one as it was; parse() builds the new rules apart and keeps the old ones on an error
        # as well, and it goes through the kept rules.
        self.parse()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._theme)
        rules = _KEPT.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if HASHED_BY_IDENTITY:
                for rule in rules:
                    rule.__class__ = QuickRule
            if len(_KEPT) >= _KEPT_AT_MOST:
                _KEPT.clear()
            _KEPT[key] = rules
        return rules


def _theme_key(variables: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((variables or {}).items()))
