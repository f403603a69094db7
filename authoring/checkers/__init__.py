"""Checkers: judge output files that anyone made, Kompass or not (``pdf``: the rules of ``kompass check-pdf``).

They read files, never the model, so that they judge what a reader gets.
"""

__all__ = ["pdf"]
