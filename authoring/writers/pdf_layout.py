"""reportlab's frame and table, without layout work done twice: the same pages, the same bytes.

- A ``KeepTogether`` (every heading with what follows it, every table with its caption) measures
  its flowables in a copy of the page's frame, and reportlab makes that copy with ``deepcopy``: a
  seventh of the PDF writer's time went to copying the frame's two dozen numbers one by one.
  ``CopiedFrame`` copies them at once (only a container among them is copied deeply, as before).
- A table measures every cell again each time it is wrapped: in its ``KeepTogether`` (with room
  without end), then on the page. ``MeasuredTable`` keeps its last measure while the width is the
  same and the table fits: reportlab's own measure then stops at no row, so it would be the same.
"""

from __future__ import annotations

import copy

from reportlab.platypus import Frame, Table

_ATOMIC = (int, float, str, bool, type(None))  # what deepcopy hands back as it is


class CopiedFrame(Frame):
    def __deepcopy__(self, memo):
        twin = self.__class__.__new__(self.__class__)
        twin.__dict__.update({key: value if type(value) in _ATOMIC else copy.deepcopy(value, memo)
                              for key, value in self.__dict__.items()})
        return twin


class MeasuredTable(Table):
    _measured_at: float | None = None  # the width of the last measure of every row

    def wrap(self, availWidth, availHeight):
        if availWidth == self._measured_at and self._hmax == len(self._argH) and self._height <= availHeight:
            self.availWidth = availWidth
            return self._width, self._height
        size = super().wrap(availWidth, availHeight)
        self._measured_at = availWidth if self._hmax == len(self._argH) else None
        return size
