"""A report's media while some of its charts are still being drawn, each with a guess of its size.

In the watch, the kept chart helper draws half of a rebuild's charts while this process draws the
other half. Waiting for it left this process idle, and the writers after it. Instead the writers
start with a ``LateMedia``: the images drawn so far and, for each image still to come, the one its
chart had the last time (``guess``): its size is most often this one's. A writer lays out with the
guess and asks for the images themselves (``settle``) only when it must have their bytes. A writer
whose guess proves wrong lays the report out again with the images (``writers.pdf``, ``writers.docx``),
so its output is always that of a build that waited for them.
"""

from __future__ import annotations

from collections.abc import Callable

Images = dict[str, bytes]


class LateMedia(dict):
    """Images by key, some still to come: ``self[key]`` waits for them (``settle``)."""

    def __init__(self, ready: Images, guesses: Images, settle: Callable[[], Images],
                 arrived: Callable[[], bool] = lambda: False):
        super().__init__(ready)
        self.guesses = guesses  # key -> an image of about the size of the one to come (the last one's)
        self._settle: Callable[[], Images] | None = settle
        self._arrived = arrived  # True once ``settle`` would not wait
        self._handed: list[Callable[[Images], None]] = []

    @property
    def waiting(self) -> bool:
        """True while images are still to come."""
        return self._settle is not None

    def guess(self, key: str) -> bytes | None:
        """Return the guess of the image ``key`` if it is still to come, else None."""
        return None if self._settle is None else self.guesses.get(key)

    def settle(self) -> None:
        """Wait for the images still to come (once), and hand them to whoever asked (``when_settled``)."""
        if self._settle is None:
            return
        settle, self._settle = self._settle, None
        late = settle()
        self.update(late)
        for hand in self._handed:
            hand(late)

    def poll(self) -> None:
        """Settle if the images are here, without waiting for them: a writer asks now and then, so
        that they are handed on (``when_settled``) as soon as they come."""
        if self._settle is not None and self._arrived():
            self.settle()

    def when_settled(self, hand: Callable[[Images], None]) -> None:
        """Call ``hand`` with the late images once they are here (while ``waiting``)."""
        self._handed.append(hand)

    def rebind(self, settle: Callable[[], Images]) -> None:
        """In a forked child: take the late images from ``settle`` (what the parent hands over), never
        from where the parent waits for them."""
        if self._settle is not None:
            self._settle, self._handed, self._arrived = settle, [], lambda: False

    def __missing__(self, key: str) -> bytes:
        if self._settle is None:
            raise KeyError(key)
        self.settle()
        return self[key]

    def __reduce__(self):  # pickled (handed to another process): what is here, the rest waited for
        self.settle()
        return dict, (dict(self),)


def settled(media: Images) -> Images:
    """Return ``media`` with every image in it (a LateMedia waits for the rest)."""
    if isinstance(media, LateMedia):
        media.settle()
    return media
