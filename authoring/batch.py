"""Batch builds of a campaign: all cores, a progress bar, skipping what has not changed.

One bad evaluation never stops the others; the caller gets an outcome per evaluation.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from .build import FORMATS, build_evaluation, write_atomically
from .campaign import Campaign, discover, resolve
from .errors import KompassError
from .evaluation import Evaluation, read_evaluation
from .framework import FRAMEWORK_DIR
from .problems import Problems
from .templates import TEMPLATES_DIR

STAMP = ".kompass-build.json"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class Outcome:
    name: str
    status: str  # built | skipped | failed
    message: str = ""
    paths: list[Path] = field(default_factory=list)


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    summary: list[Path]
    summary_built: bool

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def batch(paths: list[Path], out_root: Path, formats: tuple[str, ...] = FORMATS, force: bool = False,
          jobs: int | None = None, console: Console | None = None) -> BatchResult:
    """Build every evaluation named by ``paths`` into ``out_root`` and write the campaign summary."""
    console = console or Console(stderr=True)
    problems = Problems()
    folders, campaign_file = discover(paths, problems)
    if problems.errors:
        raise KompassError("\n".join(str(p) for p in problems.errors))
    outcomes: dict[str, Outcome] = {}
    valid: list[Evaluation] = []
    for folder in folders:
        evaluation, found = read_evaluation(folder)
        if evaluation is None:
            outcomes[folder.name] = Outcome(folder.name, "failed", _message(found))
        else:
            valid.append(evaluation)
    campaign = Campaign(tuple(valid))
    if campaign_file:
        campaign = Campaign(tuple(valid), campaign_file.name, campaign_file.reference)
    pending = _plan(campaign, out_root, formats, force, outcomes)
    _run(pending, out_root, formats, jobs, console, outcomes)
    summary, summary_built = _summary(campaign, out_root, force)
    return BatchResult([outcomes[f.name] for f in folders], summary, summary_built)


def _plan(campaign: Campaign, out_root: Path, formats, force: bool, outcomes: dict) -> list[tuple[Evaluation, str]]:
    """Return the evaluations to build with their fingerprints; record the skipped and the failed."""
    pending = []
    for evaluation in campaign.evaluations:
        name = evaluation.folder.name
        resolved, problems = resolve(evaluation, campaign)
        if problems.errors:
            outcomes[name] = Outcome(name, "failed", _message(problems))
            continue
        stamp = fingerprint(resolved, formats)
        out_dir = out_root / name
        outputs = [out_dir / f"{name}.{f}" for f in formats]
        if not force and _stamp(out_dir) == stamp and all(p.exists() for p in outputs):
            outcomes[name] = Outcome(name, "skipped", "", outputs)
        else:
            pending.append((resolved, stamp))
    return pending


def _run(pending, out_root: Path, formats, jobs: int | None, console: Console, outcomes: dict) -> None:
    if not pending:
        return
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TextColumn("tid"),
               TimeElapsedColumn(), TextColumn("kvar"), TimeRemainingColumn())
    workers = jobs or os.cpu_count() or 1
    with Progress(*columns, console=console, transient=False) as progress, \
            ProcessPoolExecutor(max_workers=min(workers, len(pending))) as pool:
        task = progress.add_task("Bygger rapporter", total=len(pending))
        futures = {pool.submit(_build_one, evaluation, out_root / evaluation.folder.name, formats): (evaluation, stamp)
                   for evaluation, stamp in pending}
        for future in as_completed(futures):
            evaluation, stamp = futures[future]
            name = evaluation.folder.name
            try:
                paths = future.result()
                _write_stamp(out_root / name, stamp)
                outcomes[name] = Outcome(name, "built", "", paths)
            except Exception as exc:  # one bad evaluation never stops the batch
                outcomes[name] = Outcome(name, "failed", _error_text(exc))
            progress.update(task, advance=1, description=f"{evaluation.municipality} {evaluation.meta.year}")


def _build_one(evaluation: Evaluation, out_dir: Path, formats) -> list[Path]:
    return build_evaluation(evaluation, out_dir, formats)


def _summary(campaign: Campaign, out_root: Path, force: bool) -> tuple[list[Path], bool]:
    """Write the campaign summary unless the data it is made of has not changed."""
    if not campaign.evaluations:
        return [], False
    digest = hashlib.sha256()
    for evaluation in campaign.evaluations:
        digest.update(fingerprint(evaluation, ("summary",)).encode())
    stamp = digest.hexdigest()
    paths = [out_root / "sammanstallning.xlsx", out_root / "sammanstallning.csv"]
    stamp_dir = out_root / ".kompass-summary"
    if not force and _stamp(stamp_dir) == stamp and all(p.exists() for p in paths):
        return paths, False
    from .summary import write_summary  # pandas: imported after the workers were forked, not in each of them

    written = write_summary(campaign, out_root, write_atomically)
    _write_stamp(stamp_dir, stamp)
    return written, True


def fingerprint(evaluation: Evaluation, formats) -> str:
    """Return a hash of everything a report is made of: input files, framework, templates, code."""
    digest = hashlib.sha256()
    files = sorted(p for p in evaluation.folder.rglob("*") if p.is_file())
    files += [FRAMEWORK_DIR / f"{evaluation.framework.version}.yaml"]
    files += sorted(p for p in TEMPLATES_DIR.iterdir() if p.is_file() and p.suffix != ".py")
    files += sorted(PACKAGE_DIR.rglob("*.py"))
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    resolved = {"reference": evaluation.meta.reference, "earlier": evaluation.meta.earlier_evaluations}
    digest.update(json.dumps(resolved, default=lambda o: o.model_dump(mode="json") if hasattr(o, "model_dump")
                             else str(o), sort_keys=True).encode())
    digest.update(json.dumps([_version(), list(formats)]).encode())
    return digest.hexdigest()


def _version() -> str:
    try:
        return version("kompass")
    except PackageNotFoundError:
        return "unknown"


def _stamp(out_dir: Path) -> str | None:
    try:
        return json.loads((out_dir / STAMP).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def _write_stamp(out_dir: Path, stamp: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / STAMP).write_text(json.dumps({"fingerprint": stamp, "built": time.strftime("%Y-%m-%dT%H:%M:%S")}),
                                 encoding="utf-8")


def _message(problems: Problems) -> str:
    return "\n".join(str(p) for p in problems.errors) or "invalid input"


def _error_text(exc: Exception) -> str:
    if isinstance(exc, KompassError):
        return str(exc)
    return f"internal error ({type(exc).__name__}): {exc}"
