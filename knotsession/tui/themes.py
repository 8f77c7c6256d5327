"""knotsession's two looks: a calm dark theme and a calm light one."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="knot-dark",
    primary="#5fb3a5",
    secondary="#7f9cc4",
    accent="#e0b872",
    warning="#e0a458",
    error="#e07a6f",
    success="#8cc084",
    foreground="#dfe6e3",
    background="#151b1e",
    surface="#1c2428",
    panel="#243036",
    dark=True,
)

LIGHT = Theme(
    name="knot-light",
    primary="#2b7a6f",
    secondary="#4a6a96",
    accent="#a8741f",
    warning="#a8641f",
    error="#b4463b",
    success="#3f7f3a",
    foreground="#23302e",
    background="#f5f3ee",
    surface="#fbfaf7",
    panel="#e6e1d6",
    dark=False,
)

THEMES = {"dark": DARK, "light": LIGHT}
