"""What a build command starts before it imports and reads anything: a chart drawer, where one is needed.

Light on purpose (the standard library, ``safeio`` and ``charts.drawn``): the sooner the drawer is
forked, the sooner matplotlib is loaded, and the build reads and composes meanwhile. Also home of
``inputs_digest``, which the prediction and the build stamps (``stamps``) share.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..safeio import content_hash, regular_files

if TYPE_CHECKING:
    from ..charts.drawn import Drawer


def inputs_digest(folder: Path) -> str:
    """Return a hash of the files in an evaluation ``folder`` (names and contents).

    Taken before the folder is read and again after the report is written: if they differ, the
    folder changed during the build and no stamp is written, so the next batch rebuilds.
    """
    digest = hashlib.sha256()
    for path in regular_files(folder):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update((content_hash(path) or "").encode())
    return digest.hexdigest()


CHART_INPUTS = ("evaluation.yaml", "scores.yaml")  # what an evaluation's charts are drawn from (with its campaign's)


def charts_digest(folder: Path) -> str:
    """Return a hash of the files of ``folder`` that its charts are drawn from: a notes edit leaves it
    as it was, so the next build is not expected to draw (the campaign's other members are not
    hashed: an edit of theirs is a chart drawn without the early drawer, as before it)."""
    digest = hashlib.sha256()
    for name in CHART_INPUTS:
        digest.update(f"{name} {content_hash(folder / name)}".encode())
    return digest.hexdigest()


def early_drawer(paths: list[Path]) -> Drawer | None:
    """Return a chart drawer started now for a build of the one evaluation folder ``paths`` names,
    when that build will likely draw a chart (``charts.drawn.likely_drawn``); else None."""
    from ..charts.drawn import Drawer, likely_drawn  # late: ``stamps`` (and a check) need only the digest

    if len(paths) != 1 or not (paths[0] / "evaluation.yaml").is_file():
        return None
    return Drawer.start() if likely_drawn(paths[0], charts_digest(paths[0])) else None
