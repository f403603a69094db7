"""The latest parses of input texts in this process, with the problems each found.

A process that reads a folder again and again (``--watch``, the studio) reads every notes file
again when any file of the folder changes; a text parsed lately is not parsed again, and its
problems are added again, as a new parse would add them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from ..problems import Problems


class ParseCache:
    """At most ``limit`` parses, the least recently used dropped first."""

    def __init__(self, limit: int):
        self.limit = limit
        self.kept: dict[Hashable, tuple[Any, tuple]] = {}

    def parsed(self, key: Hashable, problems: Problems, parse: Callable[[Problems], Any]) -> Any:
        """Return ``parse(own problems)`` for ``key`` (what the result depends on: the file's name and
        text, the options), kept from an earlier call where there was one; add its problems to ``problems``."""
        found = self.kept.pop(key, None)
        if found is None:
            own = Problems()
            found = (parse(own), tuple(own))
            while len(self.kept) >= self.limit:
                del self.kept[next(iter(self.kept))]
        self.kept[key] = found  # the latest last
        problems.extend(found[1])
        return found[0]
