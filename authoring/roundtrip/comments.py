"""Pull's part for reviewers' comments: those still open in an edited DOCX are kept in the notes,
each on a line of its own right after the block that holds the text it is anchored to
(``source/comments.py`` has the form); those resolved or deleted in Word are taken away.

A notes file's comments are written anew at every pull: what the DOCX holds open is what stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import regions
from ..model import BulletList, Picture, ReviewComment
from ..problems import Problems
from ..source.comments import block_text, format_comment, is_comment
from ..source.notes import markdown, parse_notes
from .notes_splice import block_spans


@dataclass(frozen=True)
class Placed:
    """An open comment of the DOCX and the notes region its anchor lies in."""

    file: Path
    place: regions.Place
    comment: ReviewComment
    paragraph: str  # the text of the DOCX paragraph its anchor starts in


def with_comments(path: Path, text: str, placed: list[Placed]) -> str:
    """Return the notes ``text`` of ``path`` with its comment lines replaced by ``placed``."""
    lines = _without_comments(text).splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts: dict[int, list[str]] = {}
    for item in placed:
        at = _after_block(path, "".join(lines), item)
        if at is not None:
            inserts.setdefault(at, []).append(format_comment(item.comment) + "\n")
    for at in sorted(inserts, reverse=True):
        lines[at:at] = inserts[at]
    joined = "".join(lines)
    return text if joined.rstrip("\n") == text.rstrip("\n") else joined


def _without_comments(text: str) -> str:
    """Return ``text`` without the lines of its reviewers' comments (top-level HTML comments)."""
    lines = text.splitlines(keepends=True)
    for token in reversed(markdown().parse(text)):
        if token.type == "html_block" and token.level == 0 and token.map and is_comment(token.content):
            start, end = token.map
            while end > start and not lines[end - 1].strip():
                end -= 1  # the blank lines after it stay
            del lines[start:end]
    return "".join(lines)


def _after_block(path: Path, text: str, item: Placed) -> int | None:
    """Return the line after the block of ``item``'s region that holds its anchor (else the
    paragraph it starts in, else the region's last block), or None if the region has no block."""
    spans = block_spans(text, item.place)
    if not spans:
        return None
    texts = _texts(path, text, item.place)
    if len(texts) != len(spans):
        return spans[-1].end
    anchor, paragraph = " ".join(item.comment.anchor.split()), " ".join(item.paragraph.split())
    found = next((i for i, t in enumerate(texts) if t is not None and anchor and anchor in t and paragraph in t), None)
    found = found if found is not None else next(
        (i for i, t in enumerate(texts) if t is not None and ((anchor and anchor in t) or (paragraph and paragraph in t))),
        None)
    if found is None:
        found = max((i for i, t in enumerate(texts) if t is not None), default=len(spans) - 1)
    return spans[found].end


def _texts(path: Path, text: str, place: regions.Place) -> list[str | None]:
    """Return the text of each block (list item) of the region at ``place``; None for a picture."""
    notes = parse_notes(path, text, Problems())
    if place.kind == "list":
        return [block_text(BulletList((item,))) for item in notes.lists.get(place.heading, ())]
    if place.kind in ("intro", regions.SUMMARY):
        blocks = notes.intro
    else:
        blocks = notes.sections[place.index - 1].blocks if 0 < place.index <= len(notes.sections) else ()
    return [None if isinstance(block, Picture) else block_text(block) for block in blocks]


def removed(path: Path, text: str, placed: list[Placed]) -> list[ReviewComment]:
    """Return the comments the notes ``text`` of ``path`` keep that are not among ``placed`` (resolved
    or deleted in the DOCX)."""
    still = [(item.comment.author, item.comment.text) for item in placed]
    return [kept.comment for kept in parse_notes(path, text, Problems()).comments
            if (kept.comment.author, kept.comment.text) not in still]
