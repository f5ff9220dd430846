"""fupin: targeted poverty-alleviation work management."""

__version__ = "0.1.0"
