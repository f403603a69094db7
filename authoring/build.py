"""Build reports: read, resolve references, compose once, render charts once, run each writer.

Every output is written to a temporary file and moved into place only when complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .campaign import needs_campaign, resolve, siblings
from .chartcache import layout_hint, save_layout_hint
from .charts import media_for
from .compose import compose
from .errors import InputError
from .evaluation import Evaluation, load_evaluation
from .writers import WRITERS

FORMATS = tuple(WRITERS)


def build(folder: Path, out_root: Path, formats: tuple[str, ...] = FORMATS, strict: bool = False) -> list[Path]:
    """Build the report of the evaluation in ``folder`` into ``out_root/<folder name>/``."""
    evaluation = load_evaluation(folder, strict=strict)
    if needs_campaign(evaluation):
        evaluation, problems = resolve(evaluation, siblings(folder))
        if problems.errors:
            raise InputError(problems)
    return build_evaluation(evaluation, out_root / folder.resolve().name, formats)


def build_evaluation(evaluation: Evaluation, out_dir: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write the report of a validated, resolved ``evaluation`` into ``out_dir``; return the paths."""
    report = compose(evaluation)
    media = media_for(report)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, pages = [], {}
    for name in sorted(formats, key=FORMATS.index):
        dest = out_dir / f"{out_dir.name}.{name}"
        given = layout_hint(dest) if name == "pdf" else pages  # the PDF's is a guess it checks
        pages = write_atomically(dest, lambda tmp, write=WRITERS[name]: write(report, media, tmp, given)) or pages
        if name == "pdf":
            save_layout_hint(dest, pages)
        written.append(dest)
    return written


def write_atomically(dest: Path, write):
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
