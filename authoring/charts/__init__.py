"""Charts: a report's chart specs drawn once into PNG bytes (``draw.media_for``), kept in a content-addressed cache.

``cache`` also keeps each PDF's last page layout, the contents' first guess. ``jobs`` (drawing on
both cores) and ``png`` (the encoding) serve this wing only.
"""

__all__ = ["cache", "draw"]
