"""Batch builds of a campaign: all cores, a progress bar, skipping what has not changed.

One bad evaluation never stops the others, and never lets them state an average or rank over
fewer members as if it were the campaign's: the others are built as drafts whose Att göra names
the failing member and its error, the average names the members it is over (``plan``), the
summary lists the failing member as "fel i indata", and ``--final`` refuses until it is fixed or
left out on purpose (``exclude``). Outputs are set aside into ``inaktuell/`` only when their own
inputs changed, and old set-aside copies go once their report is current again. The caller gets an
outcome per evaluation.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from . import summary
from .build import (DEFAULT_FORMATS, blocked_problems, build_evaluation, check_out_root, drop_set_aside, final_errors,
                    preload, set_aside, todo_of)
from ..errors import KompassError
from ..imports import collector_paused
from ..orphans import exit_with_parent
from ..portable import pool_context
from .plan import Plan, Planned, plan
from ..problems import Problem
from ..safeio import prepare_dir, remove_stale_temporaries
from .stamps import fingerprint, is_current

MAX_WORKERS = 61  # the most a process pool may have on Windows


@dataclass
class Outcome:
    name: str
    status: str  # built | skipped | failed | blocked | excluded
    message: str = ""
    paths: list[Path] = field(default_factory=list)
    todo: int = 0       # what the report still lacks: a draft if more than 0
    warnings: int = 0   # input warnings (kompass check lists them)


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    summary: list[Path]
    summary_built: bool

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("failed", "blocked")]


def batch(paths: list[Path], out_root: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, force: bool = False,
          jobs: int | None = None, console: Console | None = None, final: bool = False,
          campaign_file: Path | None = None, overwrite: bool = False,
          exclude: tuple[str, ...] = (), ignore_comments: bool = False) -> BatchResult:
    """Build every evaluation named by ``paths`` into ``out_root`` and write the campaign summary.

    A DOCX edited since it was written is not replaced unless ``overwrite``: its evaluation fails.
    ``exclude`` names evaluation folders left out of the campaign on purpose: not built, not averaged.
    """
    console = console or Console(stderr=True)
    ahead = summary.Ahead.start(formats)  # loads the summary's libraries while the evaluations are read
    try:
        planned = plan(paths, campaign_file, exclude=exclude)
        check_out_root(out_root, [item.folder for item in planned.items])
        prepare_dir(out_root)
        outcomes: dict[str, Outcome] = {}
        pending = _plan(planned, out_root, formats, force, final, outcomes, ignore_comments)
        site = "html" in formats  # its web page links the reports' files: decided once they are built
        paths, job = ([], None) if site else summary.decide(planned, out_root, force, outcomes)
        # written while the workers build; handed once they do: pickling the campaign takes a core's 40 ms
        handed = (lambda: ahead.hand(job)) if ahead is not None else (lambda: None)
        _run(pending, out_root, formats, jobs, console, outcomes, overwrite, handed)
        if site:
            paths, job = summary.decide(planned, out_root, force, outcomes, site=True)
        if job is not None:
            paths = ahead.written() if ahead is not None else summary.write(job)
        return BatchResult([outcomes[item.name] for item in planned.items], paths, job is not None)
    finally:
        if ahead is not None:
            ahead.close()


def _plan(planned: Plan, out_root: Path, formats, force: bool, final: bool,
          outcomes: dict, ignore_comments: bool = False) -> list[tuple[Planned, str]]:
    """Return the evaluations to build with their fingerprints; record the skipped, failed and blocked."""
    pending = []
    for item in planned.items:
        name, out_dir = item.name, out_root / item.name
        warnings = len(item.problems.warnings)
        remove_stale_temporaries(out_dir)  # of killed builds, also where nothing is rebuilt
        if item.excluded:
            outcomes[name] = Outcome(name, "excluded", "lämnas utanför kampanjen (exclude)")
            continue
        if item.status != "ready":
            problems = [*item.problems.errors, *blocked_problems(item),
                        *set_aside(out_dir, item.evaluation, item.folder)]
            outcomes[name] = Outcome(name, item.status, _lines(problems), warnings=warnings)
            continue
        todo = todo_of(item.evaluation)
        errors = final_errors(item, ignore_comments) if final else []
        if final and (todo or errors):
            message = "\n".join([*(str(p) for p in errors), *(["utkast: " + "; ".join(todo)] if todo else [])])
            outcomes[name] = Outcome(name, "failed", message, todo=len(todo), warnings=warnings)
            continue
        stamp = fingerprint(item.evaluation, formats)
        outputs = [out_dir / f"{name}.{f}" for f in formats]
        if not force and is_current(out_dir, stamp, outputs):
            drop_set_aside(out_dir, outputs)
            outcomes[name] = Outcome(name, "skipped", "", outputs, len(todo), warnings)
        else:
            pending.append((item, stamp))
    return pending


def _run(pending, out_root: Path, formats, jobs: int | None, console: Console, outcomes: dict,
         overwrite: bool = False, meanwhile=lambda: None) -> None:
    """Build ``pending`` in worker processes, doing ``meanwhile`` once they build (at once if none is pending)."""
    if not pending:
        meanwhile()
        return
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TextColumn("tid"),
               TimeElapsedColumn(), TextColumn("kvar"), TimeRemainingColumn())
    workers = jobs or os.cpu_count() or 1
    preload(formats, drawing=False)  # once here, not in every worker; matplotlib only where a chart is missing
    gc.collect()
    gc.freeze()  # what the workers inherit is left out of their collections (and so never copied by them)
    try:
        _build_all(pending, out_root, formats, workers, console, columns, outcomes, overwrite, meanwhile)
    finally:
        gc.unfreeze()


def _build_all(pending, out_root: Path, formats, workers: int, console: Console, columns, outcomes: dict,
               overwrite: bool, meanwhile) -> None:
    with Progress(*columns, console=console, transient=False) as progress, \
            ProcessPoolExecutor(max_workers=min(workers, len(pending), MAX_WORKERS), mp_context=pool_context(),
                                initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        task = progress.add_task("Bygger rapporter", total=len(pending))
        futures = {pool.submit(_build_one, item.evaluation, out_root / item.name, formats, item.read_digest,
                               overwrite): item for item, _ in pending}
        meanwhile()
        for future in as_completed(futures):
            item = futures[future]
            warnings = len(item.problems.warnings)
            try:
                paths, todo = future.result()
                outcomes[item.name] = Outcome(item.name, "built", "", paths, len(todo), warnings)
            except Exception as exc:  # one bad evaluation never stops the batch
                outcomes[item.name] = Outcome(item.name, "failed", _error_text(exc), warnings=warnings)
            evaluation = item.evaluation
            progress.update(task, advance=1, description=f"{evaluation.municipality} {evaluation.meta.year}")


def _build_one(*args):
    """Build one report in a worker (``build_evaluation``), collecting cyclic garbage once, after it."""
    try:
        with collector_paused():
            return build_evaluation(*args)
    finally:
        gc.collect()


def _lines(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems) or "ogiltig indata"


def _error_text(exc: Exception) -> str:
    if isinstance(exc, KompassError):
        return str(exc)
    return f"internt fel ({type(exc).__name__}): {exc}"
