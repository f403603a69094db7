"""Build reports: read, compose once, render charts once, run each writer, write atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .charts import media_for
from .compose import compose
from .evaluation import load_evaluation
from .writers import WRITERS

FORMATS = tuple(WRITERS)


def build(folder: Path, out_root: Path, formats: tuple[str, ...] = FORMATS, strict: bool = False) -> list[Path]:
    """Build the report of the evaluation in ``folder`` into ``out_root/<folder name>/``."""
    evaluation = load_evaluation(folder, strict=strict)
    report = compose(evaluation)
    media = media_for(report)
    out_dir = out_root / folder.resolve().name
    out_dir.mkdir(parents=True, exist_ok=True)
    written, pages = [], {}
    for name in sorted(formats, key=FORMATS.index):
        dest = out_dir / f"{folder.resolve().name}.{name}"
        pages = _write_atomically(dest, lambda tmp, write=WRITERS[name]: write(report, media, tmp, pages)) or pages
        written.append(dest)
    return written


def _write_atomically(dest: Path, write):
    """Return ``write(tmp)`` after moving its result to ``dest``; leave nothing behind on failure."""
    handle, tmp = tempfile.mkstemp(prefix=f".{dest.stem}-", suffix=dest.suffix, dir=dest.parent)
    os.close(handle)
    try:
        result = write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; a report is not
        os.replace(tmp, dest)
        return result
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
