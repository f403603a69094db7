"""A page's content read token by token for check-pdf: what is painted outside marked content.

qpdf's tokenizer hands each token to ``_Marks``, which keeps only counters: the memory stays flat
however many operators a page holds (parsing them all at once took 280 bytes per operator).
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, TokenType

PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}


def page_marks(page, parents) -> tuple[int, list[int]]:
    """Return how many painting operators of ``page`` are neither marked content nor an artifact, and
    (the first five of) the MCIDs that no structure element claims."""
    marks = _Marks(parents if isinstance(parents, Array) else [])
    page.get_filtered_contents(marks)
    return marks.untagged, marks.unknown


class _Marks(pikepdf.TokenFilter):
    """Reads a page's content token by token (memory stays flat) and drops every token."""

    def __init__(self, claimed):
        super().__init__()
        self.claimed, self.untagged, self.unknown = claimed, 0, []
        self.stack: list[bool] = []  # is each open sequence tagged content or an artifact
        self._operands()

    def _operands(self) -> None:
        self.tag, self.depth, self.mcid, self.after_mcid = None, 0, None, False

    def handle_token(self, token):
        kind = token.type_
        if kind in (TokenType.space, TokenType.comment):
            return None
        if kind == TokenType.word:
            self._operator(token.raw_value.decode("latin-1"))
            self._operands()
        elif kind == TokenType.inline_image:
            self._operator("INLINE IMAGE")
        else:
            self._operand(kind, token.raw_value)
        return None

    def _operand(self, kind, raw: bytes) -> None:
        if self.tag is None:
            self.tag = raw
        if kind == TokenType.dict_open:
            self.depth += 1
        elif kind == TokenType.dict_close:
            self.depth -= 1
        elif self.after_mcid:
            self.mcid = int(raw) if kind == TokenType.integer and len(raw) < 12 else None
        self.after_mcid = kind == TokenType.name_ and raw == b"/MCID" and self.depth == 1

    def _operator(self, op: str) -> None:
        if op in ("BDC", "BMC"):
            mcid = self.mcid if op == "BDC" else None
            if mcid is not None and not (0 <= mcid < len(self.claimed) and isinstance(self.claimed[mcid], Dictionary)):
                if len(self.unknown) < 5:
                    self.unknown.append(mcid)
            self.stack.append(self.tag == b"/Artifact" or mcid is not None or (bool(self.stack) and self.stack[-1]))
        elif op == "EMC":
            if self.stack:
                self.stack.pop()
        elif op in PAINTING and not (self.stack and self.stack[-1]):
            self.untagged += 1
