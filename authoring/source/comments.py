"""Reviewers' comments kept in the notes, beside the text they are anchored to.

A comment is an HTML comment on a line of its own, right after the block (paragraph, list, table,
sub-heading) that holds its text::

    Kommunen har en stark ekonomi.
    <!-- kommentar: Anna Berg, 2026-11-30, om "stark ekonomi": Stämmer detta? -->

The date and the ``om "..."`` part may be left out (then the comment is anchored to the whole
block). The notes reader leaves it out of the report's text, as any HTML comment, and marks the
runs it is anchored to (``model.Run.comments``); the DOCX writer makes a Word comment of it again,
and no other writer shows it. ``kompass pull`` writes here the comments still open in an edited
DOCX, and takes away those resolved or deleted there (``roundtrip/comments.py``).

Fields are escaped as HTML character references where a character could end the comment or a
field: ``&`` and ``--`` everywhere, line ends in the text, ``,`` and ``:`` in the author, ``"``
in the anchor.
"""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Block, BulletList, Inlines, Paragraph, ReviewComment, Run, Table

START = re.compile(r"<!--\s*kommentar\b", re.I)
PATTERN = re.compile(r'<!--\s*kommentar:\s*(?P<author>[^,:]*?)\s*(?:,\s*(?P<date>\d{4}-\d{2}-\d{2}))?\s*'
                     r'(?:,\s*om\s+"(?P<anchor>[^"]*)")?\s*:\s*(?P<text>.*?)\s*-->', re.S | re.I)
FORMAT = '<!-- kommentar: Namn, 2026-11-30, om "text": kommentaren -->'


@dataclass(frozen=True)
class Kept:
    """An open comment as the notes hold it: its file and line."""

    file: Path
    line: int | None
    comment: ReviewComment


def is_comment(content: str) -> bool:
    """Return True if the HTML comment ``content`` is meant as a reviewer's comment (``kommentar``)."""
    return bool(START.match(content.strip()))


def parse(content: str) -> ReviewComment:
    """Return the reviewer's comment that the HTML comment ``content`` holds; raise ValueError if it
    starts as one but does not have its form."""
    match = PATTERN.fullmatch(content.strip())
    if match is None or not match["author"].strip():
        raise ValueError(content)
    return ReviewComment(html.unescape(match["author"]), match["date"] or "", html.unescape(match["text"]),
                         html.unescape(match["anchor"] or ""))


def format_comment(comment: ReviewComment) -> str:
    """Return ``comment`` as the line the notes keep it on (without the line end)."""
    date = f", {comment.date}" if comment.date else ""
    anchor = f', om "{_escape(comment.anchor, chr(34))}"' if comment.anchor else ""
    return f"<!-- kommentar: {_escape(comment.author, ',:') or 'okänd'}{date}{anchor}: {_escape(comment.text)} -->"


def _escape(text: str, extra: str = "") -> str:
    text = " ".join(text.split()) if extra else "\n".join(" ".join(line.split()) for line in text.splitlines())
    text = text.replace("&", "&amp;")
    for char in extra:
        text = text.replace(char, f"&#{ord(char)};")
    return re.sub(r"-(?=-)", "&#45;", text).replace("\n", "&#10;")


def attach(block: Block, comment: ReviewComment) -> Block | None:
    """Return ``block`` with the runs ``comment`` is anchored to marked: the first occurrence of its
    anchor, or every run of the block when the anchor is not found (or empty). None: a block that
    holds no text (a picture)."""
    match block:
        case Paragraph():
            return dataclasses.replace(block, runs=attach_items((block.runs,), comment, whole=True)[0])
        case BulletList():
            return dataclasses.replace(block, items=attach_items(block.items, comment, whole=True))
        case Table():
            cells = [(row, col) for row, cells in enumerate((block.header, *block.rows)) for col in range(len(cells))]
            rows = [list(cells) for cells in (block.header, *block.rows)]
            texts = [rows[r][c].blocks[0].runs if rows[r][c].blocks else () for r, c in cells]
            for (r, c), runs in zip(cells, attach_items(tuple(texts), comment, whole=True)):
                if rows[r][c].blocks:
                    paragraph = dataclasses.replace(rows[r][c].blocks[0], runs=runs)
                    rows[r][c] = dataclasses.replace(rows[r][c], blocks=(paragraph, *rows[r][c].blocks[1:]))
            return dataclasses.replace(block, header=tuple(rows[0]), rows=tuple(tuple(row) for row in rows[1:]))
        case _:
            return None


def attach_items(items: tuple[Inlines, ...], comment: ReviewComment, whole: bool = False) -> tuple[Inlines, ...]:
    """Return ``items`` with ``comment`` marked on the first occurrence of its anchor; when it is not
    found, on every item (``whole``) or on the last one."""
    for index, runs in enumerate(items):
        start = _text(runs).find(comment.anchor) if comment.anchor else -1
        if start >= 0:
            marked = _mark(runs, start, start + len(comment.anchor), comment)
            return (*items[:index], marked, *items[index + 1:])
    chosen = range(len(items)) if whole else range(len(items) - 1, len(items))
    return tuple(_mark(runs, 0, len(_text(runs)), comment) if i in chosen else runs for i, runs in enumerate(items))


def _text(runs: Inlines) -> str:
    return "".join(run.text for run in runs)


def _mark(runs: Inlines, start: int, end: int, comment: ReviewComment) -> Inlines:
    """Return ``runs`` split where the text from ``start`` to ``end`` begins and ends, the runs in it
    marked with ``comment`` (a placeholder's run is marked whole, never split)."""
    marked: list[Run] = []
    offset = 0
    for run in runs:
        first, last = offset, offset + len(run.text)
        offset = last
        if last <= start or first >= end or not run.text:
            marked.append(run)
            continue
        if run.source is not None or (first >= start and last <= end):
            marked.append(dataclasses.replace(run, comments=(*run.comments, comment)))
            continue
        cut_in, cut_out = max(start, first) - first, min(end, last) - first
        pieces = (run.text[:cut_in], run.text[cut_in:cut_out], run.text[cut_out:])
        for index, piece in enumerate(pieces):
            if piece:
                extra = (comment,) if index == 1 else ()
                marked.append(dataclasses.replace(run, text=piece, comments=(*run.comments, *extra)))
    return tuple(marked)


def block_text(block: Block) -> str:
    """Return the text of a notes block, whitespace collapsed (what a comment's anchor is sought in)."""
    match block:
        case Paragraph():
            parts = [_text(block.runs)]
        case BulletList():
            parts = [_text(item) for item in block.items]
        case Table():
            parts = [_text(b.runs) for row in (block.header, *block.rows) for cell in row for b in cell.blocks
                     if isinstance(b, Paragraph)]
        case _:
            parts = []
    return " ".join(" ".join(parts).split())
