"""Build reports: read, resolve references, compose once, render charts once, run each writer.

All or nothing per report: every format is written to a temporary file first; only when all
succeeded are they moved into place, between removing and writing the build stamp (stamps.py).
A failure leaves the previous outputs and their stamp as they were.
"""

from __future__ import annotations

import os
from pathlib import Path

from .campaign import needs_campaign, resolve, siblings
from .charts import media_for
from .compose import compose
from .errors import InputError, UsageError
from .evaluation import Evaluation, load_evaluation
from .safeio import output_errors, prepare_dir, publish, temporary
from .stamps import clear_stamp, fingerprint, inputs_digest, write_stamp
from .writers import WRITERS

FORMATS = tuple(WRITERS)


def build(folder: Path, out_root: Path, formats: tuple[str, ...] = FORMATS, strict: bool = False) -> list[Path]:
    """Build the report of the evaluation in ``folder`` into ``out_root/<folder name>/``."""
    check_out_root(out_root, [folder])
    read_digest = inputs_digest(folder) if folder.is_dir() else None
    evaluation = load_evaluation(folder, strict=strict)
    if needs_campaign(evaluation):
        evaluation, problems = resolve(evaluation, siblings(folder))
        if problems.errors:
            raise InputError(problems)
    return build_evaluation(evaluation, out_root / folder.resolve().name, formats, read_digest)


def check_out_root(out_root: Path, folders: list[Path]) -> None:
    """Raise UsageError if ``out_root`` lies inside an evaluation folder (outputs among the inputs)."""
    out = out_root.resolve()
    for folder in folders:
        if out.is_relative_to(folder.resolve()):
            raise UsageError(f"--out {out_root} ligger i utvärderingsmappen {folder}: välj en mapp utanför "
                             "indata, t.ex. --out output")


def build_evaluation(evaluation: Evaluation, out_dir: Path, formats: tuple[str, ...] = FORMATS,
                     read_digest: str | None = None) -> list[Path]:
    """Write the report of a validated, resolved ``evaluation`` into ``out_dir``; return the paths.

    ``read_digest`` is ``stamps.inputs_digest`` of the folder taken before it was read; the stamp
    is written only if the folder still has that digest (else it changed during the build).
    """
    report = compose(evaluation)
    media = media_for(report)
    prepare_dir(out_dir)
    names = sorted(formats, key=FORMATS.index)
    dests = [out_dir / f"{out_dir.name}.{name}" for name in names]
    temps: list[Path] = []
    try:
        with output_errors(out_dir):
            pages: dict[str, int] = {}
            for name in names:
                temps.append(temporary(out_dir))
                pages = WRITERS[name](report, media, temps[-1], pages) or pages
            clear_stamp(out_dir)
            for tmp, dest in zip(temps, dests):
                publish(tmp, dest)
            if read_digest is None or inputs_digest(evaluation.folder) == read_digest:
                write_stamp(out_dir, fingerprint(evaluation, formats), dests)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return dests


def write_atomically(dest: Path, write, mode: int | None = None):
    """Return ``write(tmp)`` after moving its result to ``dest``; leave nothing behind on failure."""
    with output_errors(dest):
        tmp = temporary(dest.parent)
    try:
        with output_errors(dest):
            result = write(tmp)
            publish(tmp, dest, mode)
        return result
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
