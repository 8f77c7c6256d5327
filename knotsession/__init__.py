"""knotsession: guided, timed stretch and self-massage routines for muscle knots."""

__version__ = "0.1.0"
