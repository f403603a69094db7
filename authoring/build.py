"""Build reports: read, compose once, render charts once, run each writer, write atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .charts import render_all
from .compose import compose
from .evaluation import load_evaluation
from .writers import WRITERS

FORMATS = tuple(WRITERS)


def build(folder: Path, out_root: Path, formats: tuple[str, ...] = FORMATS, strict: bool = False) -> list[Path]:
    """Build the report of the evaluation in ``folder`` into ``out_root/<folder name>/``."""
    evaluation = load_evaluation(folder, strict=strict)
    report = compose(evaluation)
    media = render_all(report.charts)
    out_dir = out_root / folder.resolve().name
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        dest = out_dir / f"{folder.resolve().name}.{name}"
        _write_atomically(dest, lambda tmp, write=WRITERS[name]: write(report, media, tmp))
        written.append(dest)
    return written


def _write_atomically(dest: Path, write) -> None:
    """Run ``write(tmp)`` and move the result to ``dest`` only if it succeeded."""
    handle, tmp = tempfile.mkstemp(prefix=f".{dest.stem}-", suffix=dest.suffix, dir=dest.parent)
    os.close(handle)
    try:
        write(Path(tmp))
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
