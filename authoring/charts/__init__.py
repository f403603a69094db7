"""Charts: a report's chart specs drawn once into PNG bytes (``draw.media_for``), kept in a content-addressed cache.

``cache`` also keeps each PDF's last page layout, the contents' first guess. ``plots`` (matplotlib's
figures, imported only when a chart is drawn), ``jobs`` (drawing on both cores) and ``png`` (the
encoding) serve this wing only. ``drawn`` is the early drawer a fresh build starts where it will draw.
"""

__all__ = ["cache", "draw", "drawn"]
