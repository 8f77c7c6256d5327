"""The tension questions of `--plain`: a typed answer from 0 to 10, or Enter to skip.

Asked only when the settings ask for them (`ask_tension`) and someone is there to answer
(the input is a terminal), so a script or a pipe is never left waiting.
"""

from __future__ import annotations

import contextlib
from typing import TextIO

BEFORE = "How tense do you feel right now? 0 relaxed, 10 very tense (Enter skips): "
AFTER = "How tense do you feel now? 0 relaxed, 10 very tense (Enter skips): "
_TRIES = 3


def ask_tension(question: str, inp: TextIO, out: TextIO) -> int | None:
    """The rating typed in answer to `question`; None when skipped, at end of input or
    after three answers that are not a number from 0 to 10."""
    for _ in range(_TRIES):
        with contextlib.suppress(BrokenPipeError):
            print(question, end="", file=out, flush=True)
        answer = inp.readline()
        if not answer or not answer.strip():
            return None
        text = answer.strip()
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        with contextlib.suppress(BrokenPipeError):
            print("Type a whole number from 0 to 10, or press Enter to skip.", file=out)
    return None


def wants_answers(inp: TextIO) -> bool:
    """True when a person can answer: the input is a terminal."""
    try:
        return inp.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: nobody to ask
        return False
