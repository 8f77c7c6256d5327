"""One module per screen, each with its styles in a .tcss file beside it."""
