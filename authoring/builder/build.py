"""Build reports: plan (campaign, reference), compose once, render charts once, run each writer.

All or nothing per report: every format is written to a temporary file first; only when all
succeeded are they moved into place, between removing and writing the build stamp (stamps.py).
A failure leaves the previous outputs and their stamp as they were. Outputs whose own inputs
changed and that cannot be rebuilt are moved aside into ``inaktuell/``, never left looking current;
those copies are removed once the report is current again.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .early import charts_digest
from .edits import refuse_edited
from .formats import DEFAULT_FORMATS, FORMATS
from ..errors import DraftError, InputError, UsageError
from ..source.evaluation import Evaluation
from .plan import Planned, blocked_problems, plan  # blocked_problems: named here for batch and preview
from ..problems import Problem, Severity
from ..safeio import output_errors, prepare_dir, publish, replace_all, temporary
from .stamps import (clear_stamp, fingerprint, inputs_changed, inputs_digest, is_up_to_date, layout_hint,
                     stamped_formats, write_stamp)

if TYPE_CHECKING:
    from ..writers.jobs import Ahead

STALE_DIR = "inaktuell"


@dataclass(frozen=True)
class Built:
    """A report written: its files, what it still lacks (a draft if anything) and its input warnings."""

    paths: list[Path]
    todo: tuple[str, ...]
    warnings: int

    @property
    def draft(self) -> bool:
        return bool(self.todo)


def build(folder: Path, out_root: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, strict: bool = False,
          final: bool = False, campaign_file: Path | None = None, overwrite: bool = False) -> Built:
    """Build the report of the evaluation in ``folder`` into ``out_root/<folder name>/``."""
    check_out_root(out_root, [folder])
    return build_planned(plan([folder], campaign_file).items[0], out_root, formats, strict, final, overwrite)


def check_out_root(out_root: Path, folders: list[Path]) -> None:
    """Raise UsageError if a report would be written among an evaluation's inputs: ``out_root``
    inside an evaluation folder, or a report folder (``out_root/<name>``) that is one."""
    out = out_root.resolve()
    for folder in folders:
        real = folder.resolve()
        if out.is_relative_to(real):
            raise UsageError(f"--out {out_root} ligger i utvärderingsmappen {folder}: välj en mapp utanför "
                             "indata, t.ex. --out output")
        if real.is_relative_to(out / real.name):
            raise UsageError(f"--out {out_root}: rapporten skulle skrivas i utvärderingsmappen {folder} själv: "
                             "välj en mapp utanför indata, t.ex. --out output")


def build_planned(item: Planned, out_root: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, strict: bool = False,
                  final: bool = False, overwrite: bool = False, ahead: Ahead | None = None,
                  ignore_comments: bool = False, keep: bool = False, drawer=None) -> Built:
    """Build one planned evaluation; raise InputError or DraftError (after moving stale outputs aside),
    or EditedOutputError if a DOCX there was edited since it was written (unless ``overwrite``).

    ``ahead``: writers a build command started before reading its inputs (``writers.jobs.Ahead``).
    ``final`` refuses a reviewer's open comment in the notes too, unless ``ignore_comments``.
    ``keep``: leave the last outputs in place when the inputs are invalid (the watch, where a save
    with a typo is fixed by the next save): their stamp no longer matches, so status calls them
    inaktuell. ``drawer``: a chart drawer started early (``early_drawer``)."""
    out_dir = out_root / item.name
    if item.status != "ready":
        moved = [] if keep else set_aside(out_dir, item.evaluation, item.folder)
        raise InputError([*item.problems, *blocked_problems(item), *moved])
    if strict and item.problems:
        raise InputError(item.problems)
    if final:
        todo, facts = todo_of(item.evaluation), final_errors(item, ignore_comments)
        if todo:
            raise DraftError(item.folder, todo, tuple(facts))
        if facts:
            raise InputError(facts)
    paths, todo = build_evaluation(item.evaluation, out_dir, formats, item.read_digest, overwrite, ahead, drawer)
    return Built(paths, todo, len(item.problems.warnings))


def build_evaluation(evaluation: Evaluation, out_dir: Path, formats: tuple[str, ...] = DEFAULT_FORMATS,
                     read_digest: str | None = None, overwrite: bool = False,
                     ahead: Ahead | None = None, drawer=None) -> tuple[list[Path], tuple[str, ...]]:
    """Write the report of a validated, resolved ``evaluation``; return its paths and to-do list.

    ``read_digest`` is ``stamps.inputs_digest`` of the folder taken before it was read; the stamp
    is written only if the folder still has that digest (else it changed during the build).
    A DOCX in ``out_dir`` edited since Kompass wrote it is not replaced, nor set aside (as a stale
    other format would be), unless ``overwrite``.
    """
    if not overwrite:
        refuse_edited(out_dir, FORMATS, evaluation.folder)
    from ..charts.cache import chart_key
    from ..charts.drawn import save_drawn
    from ..charts.draw import media_for  # late, as the writers: a command that builds nothing needs none
    from ..compose import compose
    from ..writers.jobs import write_formats

    report = compose(evaluation)
    media = media_for(report, drawer)
    save_drawn(evaluation.folder, charts_digest(evaluation.folder), [chart_key(c) for c in report.charts])
    prepare_dir(out_dir)
    kept: list[tuple[str, ...]] = []  # the other formats a current stamp records: checked while the writers write

    def check_kept() -> None:  # only formats not written now can be kept: nothing to check if there are none
        stamped = stamped_formats(out_dir)
        kept.append(stamped if set(stamped) - set(formats) and is_up_to_date(evaluation, out_dir) else ())
    names = sorted(formats, key=FORMATS.index)
    dests = [out_dir / f"{out_dir.name}.{name}" for name in names]
    temps: list[Path] = []
    try:
        with output_errors(out_dir):
            temps = [temporary(out_dir) for _ in names]
            hint = layout_hint(out_dir)  # the last PDF's pages: a guess the PDF checks
            pages = write_formats(report, media, names, temps, hint if "pdf" in names else {}, ahead, check_kept)
            clear_stamp(out_dir)
            replace_all(list(zip(temps, dests)))  # every format or none: a lone new PDF never stays
            shutil.rmtree(out_dir / STALE_DIR, ignore_errors=True)
            current = tuple(sorted(set(formats) | set(kept[0])))
            _set_aside_others(out_dir, current)
            digest = inputs_digest(evaluation.folder)
            if read_digest is None or digest == read_digest:
                write_stamp(out_dir, fingerprint(evaluation, current),
                            [out_dir / f"{out_dir.name}.{f}" for f in current], inputs=digest,
                            pages=(pages if "pdf" in names else hint) if "pdf" in current else None)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return dests, report.todo


def preload(formats: tuple[str, ...], drawing: bool = True) -> None:
    """Import now all that building ``formats`` may need: the writers and (``drawing``) matplotlib.

    For a process that builds again and again (``--watch``) or forks workers that do (``batch``):
    the processes it forks (a DOCX child, a second chart drawer, the workers) then start with it
    all loaded, instead of each loading it anew."""
    from ..charts.draw import load_drawing
    from ..compose import compose  # noqa: F401  (loaded here to be shared)
    from ..writers import writer_module
    from ..writers.jobs import prepare_writer

    if drawing:
        load_drawing()
    for name in formats:
        writer_module(name)
        prepare_writer(name)


def todo_of(evaluation: Evaluation) -> tuple[str, ...]:
    """Return what ``evaluation`` lacks for a final report, worded as the report's Att göra list."""
    from ..compose.context import Context
    from ..compose.draft import todo_items

    return todo_items(Context(evaluation))


def final_errors(item: Planned, ignore_comments: bool = False) -> list[Problem]:
    """Return the warnings about facts the report prints (a stated figure the scores contradict) as
    the errors they are in a final report, and each reviewer's comment still open in the notes
    (unless ``ignore_comments``); style warnings stay warnings and are not returned."""
    facts = [replace(p, severity=Severity.ERROR, fact=False,
                     message=f"{p.message} (ett fel i en slutlig rapport, som bara får skriva det som stämmer)")
             for p in item.problems.warnings if p.fact]
    return facts + ([] if ignore_comments else open_comments(item.evaluation))


def open_comments(evaluation: Evaluation) -> list[Problem]:
    """Return a problem per reviewer's comment the notes of ``evaluation`` keep open."""
    return [Problem(kept.file, f"öppen kommentar från {kept.comment.author}"
                    f"{f' ({kept.comment.date})' if kept.comment.date else ''}: '{_short(kept.comment.text)}'. "
                    "Lös eller ta bort den i Word och kör kompass pull, eller ta bort raden; --ignore-comments "
                    "bygger ändå", kept.line)
            for kept in evaluation.comments]


def _short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


def set_aside(out_dir: Path, evaluation: Evaluation | None, folder: Path | None = None) -> list[Problem]:
    """Move the outputs in ``out_dir`` into ``inaktuell/`` unless they are current or (given the
    evaluation's ``folder``) their own inputs are unchanged; return a note if moved.

    A report whose inputs are as they were still says what they say: a failing member of its
    campaign (the reference it needs) does not set it aside, it only stops its rebuild."""
    outputs = [p for p in (out_dir / f"{out_dir.name}.{f}" for f in FORMATS) if p.is_file()]
    if not outputs or (evaluation is not None and is_up_to_date(evaluation, out_dir)):
        return []
    if folder is not None and folder.is_dir() and not inputs_changed(out_dir, folder):
        return []
    stale = out_dir / STALE_DIR
    with output_errors(out_dir):
        stale.mkdir(exist_ok=True)
        for path in outputs:
            os.replace(path, stale / path.name)
        clear_stamp(out_dir)
    return [Problem(out_dir, f"den tidigare rapporten stämmer inte längre med indata och har flyttats till {stale}",
                    severity=Severity.WARNING)]


def drop_set_aside(out_dir: Path, outputs: list[Path]) -> None:
    """Remove from ``inaktuell/`` in ``out_dir`` the old copies of ``outputs``, which are current
    again; remove the folder if nothing else is left in it."""
    stale = out_dir / STALE_DIR
    if not stale.is_dir():
        return
    with output_errors(stale):
        for path in outputs:
            (stale / path.name).unlink(missing_ok=True)
        if not any(stale.iterdir()):
            stale.rmdir()


def _set_aside_others(out_dir: Path, current: tuple[str, ...]) -> None:
    """Move outputs of formats not built from the current inputs into ``inaktuell/``."""
    for name in FORMATS:
        path = out_dir / f"{out_dir.name}.{name}"
        if name not in current and path.is_file():
            (out_dir / STALE_DIR).mkdir(exist_ok=True)
            os.replace(path, out_dir / STALE_DIR / path.name)


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
