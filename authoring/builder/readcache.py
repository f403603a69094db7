"""Remembered reads on disk: an evaluation folder is parsed and validated again only once something
it is read from has changed.

Every command reads each evaluation it names, and every member of its campaign (their average is
the reference, their totals the rank): YAML parsed, validated, the notes parsed as Markdown, names
and placeholders checked. A fresh process spends more time on that than on laying out the PDF.
What ``read_evaluation`` returns (the evaluation and every problem found) depends only on:

- the folder's files (``inputs_digest``) and the files of its campaign that it reads (its house
  style and frameworks: ``stamps.outside_digest``);
- the folder as named (the problems name their files that way) and the working folder;
- Kompass's code and templates, ``$KOMPASS_TEMPLATES``, and the libraries installed;

so that is the entry's key (``remembered``: ``reads/`` in Kompass's cache, the last read of each
folder). An entry is written only when the folder did not change while it was read. A campaign
file's parse is kept the same way (``campaigns/``), keyed by the file itself.
"""

from __future__ import annotations

from pathlib import Path

from ..remembered import keep, recall
from .stamps import outside_digest


def remembered(folder: Path, digest: str | None):
    """Return what ``read_evaluation(folder)`` returned when the folder had ``digest`` and its
    campaign, Kompass and the libraries were as they are now; None when no entry holds that."""
    return recall("reads", folder, evaluation_key(folder, digest))


def remember(folder: Path, digest: str | None, result) -> None:
    """Keep ``result``, what ``read_evaluation(folder)`` returned for the folder at ``digest``."""
    keep("reads", folder, evaluation_key(folder, digest), result)


def evaluation_key(folder: Path, digest: str | None) -> str | None:
    """Return what the folder's read depends on beside Kompass itself: its files (``digest``) and its
    campaign's house style and frameworks; None without a digest (nothing to key it by)."""
    return None if digest is None else f"{digest}:{outside_digest(folder)}"
