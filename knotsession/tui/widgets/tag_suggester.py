"""Completes the trigger tag being typed (after the last comma) from a list of tags."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester


class TagSuggester(Suggester):
    """`stress, a lo` -> `stress, a long call`: the last tag is completed, the rest kept."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self.tags = tuple(tags)

    async def get_suggestion(self, value: str) -> str | None:
        """The value with its last tag completed, or None when nothing starts that way."""
        head, comma, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        already = {part.strip() for part in head.split(",")}
        for tag in self.tags:
            if tag.startswith(typed) and tag != typed and tag not in already:
                return f"{head}{comma}{last[: len(last) - len(typed)]}{tag}"
        return None
