"""The full-screen app (Textual). Nothing outside this package imports Textual."""
