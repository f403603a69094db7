"""Build reports: plan (campaign, reference), compose once, render charts once, run each writer.

Every output is written to a temporary file and moved into place only when complete. Outputs
that no longer match their inputs and cannot be rebuilt are moved aside, never left looking
current.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DraftError, InputError
from .evaluation import Evaluation
from .plan import Planned, plan
from .problems import Problem, Severity
from .stamps import fingerprint, is_current, read_stamp, remove_stamp, write_stamp

FORMATS = ("pdf", "docx")  # the PDF first: the DOCX caches its contents' page numbers from it
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


def build(folder: Path, out_root: Path, formats: tuple[str, ...] = FORMATS, strict: bool = False,
          final: bool = False, campaign_file: Path | None = None) -> Built:
    """Build the report of the evaluation in ``folder`` into ``out_root/<folder name>/``."""
    return build_planned(plan([folder], campaign_file).items[0], out_root, formats, strict, final)


def build_planned(item: Planned, out_root: Path, formats: tuple[str, ...] = FORMATS, strict: bool = False,
                  final: bool = False) -> Built:
    """Build one planned evaluation; raise InputError or DraftError (after moving stale outputs aside)."""
    out_dir = out_root / item.name
    if item.status != "ready":
        raise InputError([*item.problems, *blocked_problems(item), *set_aside(out_dir, item.evaluation, formats)])
    if strict and item.problems:
        raise InputError(item.problems)
    if final:
        todo = todo_of(item.evaluation)
        if todo:
            raise DraftError(item.folder, todo)
    paths, todo = build_evaluation(item.evaluation, out_dir, formats)
    return Built(paths, todo, len(item.problems.warnings))


def build_evaluation(evaluation: Evaluation, out_dir: Path, formats: tuple[str, ...] = FORMATS
                     ) -> tuple[list[Path], tuple[str, ...]]:
    """Write and stamp the report of a validated, resolved ``evaluation``; return its paths and to-do list."""
    from .chartcache import layout_hint, save_layout_hint
    from .charts import media_for  # late: matplotlib and the writers are for building only
    from .compose import compose
    from .writers import WRITERS

    report = compose(evaluation)
    media = media_for(report)
    out_dir.mkdir(parents=True, exist_ok=True)
    kept = tuple((read_stamp(out_dir) or {}).get("formats") or ()) if is_current(evaluation, out_dir) else ()
    remove_stamp(out_dir)  # until every output is written, nothing here is current
    written, pages = [], {}
    for name in sorted(formats, key=FORMATS.index):
        dest = out_dir / f"{out_dir.name}.{name}"
        given = layout_hint(dest) if name == "pdf" else pages  # the PDF's is a guess it checks
        pages = write_atomically(dest, lambda tmp, write=WRITERS[name]: write(report, media, tmp, given)) or pages
        if name == "pdf":
            save_layout_hint(dest, pages)
        written.append(dest)
    shutil.rmtree(out_dir / STALE_DIR, ignore_errors=True)
    current = tuple(sorted(set(formats) | set(kept)))
    _set_aside_others(out_dir, current)
    write_stamp(out_dir, fingerprint(evaluation, current), current)
    return written, report.todo


def _set_aside_others(out_dir: Path, current: tuple[str, ...]) -> None:
    """Move outputs of formats not built from the current inputs into ``inaktuell/``."""
    for name in FORMATS:
        path = out_dir / f"{out_dir.name}.{name}"
        if name not in current and path.is_file():
            (out_dir / STALE_DIR).mkdir(exist_ok=True)
            os.replace(path, out_dir / STALE_DIR / path.name)


def todo_of(evaluation: Evaluation) -> tuple[str, ...]:
    """Return what ``evaluation`` lacks for a final report, worded as the report's Att göra list."""
    from .compose.context import Context
    from .compose.draft import todo_items

    return todo_items(Context(evaluation))


def blocked_problems(item: Planned) -> list[Problem]:
    """Return the message that says why a blocked evaluation is not built."""
    if item.status != "blocked":
        return []
    names = ", ".join(item.blocked_by)
    return [Problem(item.folder, f"byggs inte: referensen eller tidigare poäng räknas fram ur {names}, som har fel. "
                    f"Rätta {names} först, så att alla rapporter i kampanjen jämförs med samma värden")]


def set_aside(out_dir: Path, evaluation: Evaluation | None, formats: tuple[str, ...]) -> list[Problem]:
    """Move the outputs in ``out_dir`` into ``inaktuell/`` unless they are current; return a note if moved."""
    outputs = [p for p in (out_dir / f"{out_dir.name}.{f}" for f in FORMATS) if p.is_file()]
    if not outputs or (evaluation is not None and is_current(evaluation, out_dir)):
        return []
    stale = out_dir / STALE_DIR
    stale.mkdir(exist_ok=True)
    for path in outputs:
        os.replace(path, stale / path.name)
    remove_stamp(out_dir)
    return [Problem(out_dir, f"den tidigare rapporten stämmer inte längre med indata och har flyttats till {stale}",
                    severity=Severity.WARNING)]


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
