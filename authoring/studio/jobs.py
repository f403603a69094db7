"""Work that would hold the server up, done in a worker process: the preview and the builds.

A build draws charts and lays out a PDF for a second or more, and forks children of its own; in a
worker process (started fresh, ``spawn``, and kept warm for the next job) it neither blocks the
pages nor forks the server. The workers run what the commands run: ``builder.preview.preview``
and, as ``kompass build`` does, ``plan``, ``check_out_root`` and ``build_planned``.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


def preview_job(folder: str) -> dict:
    """Return the preview of the evaluation in ``folder`` as plain data (run in a worker)."""
    from ..builder.preview import preview

    result = preview(Path(folder))
    return {"html": result.html, "problems": [(str(p), p.severity.value) for p in result.problems],
            "todo": [(text, gap.kind, gap.area, gap.items[0] if gap.items else None) for text, gap in result.todo]}


def build_job(folder: str, out: str, final: bool, overwrite: bool) -> dict:
    """Build the report of ``folder`` into ``out`` in every format (PDF, DOCX and the web page), as
    ``kompass build --format pdf,docx,html`` does (run in a worker)."""
    from ..builder.build import build_planned, check_out_root
    from ..builder.formats import FORMATS
    from ..builder.plan import plan
    from ..errors import DraftError, InputError, KompassError

    try:
        check_out_root(Path(out), [Path(folder)])
        item = plan([Path(folder)]).items[0]
        built = build_planned(item, Path(out), FORMATS, final=final, overwrite=overwrite)
    except DraftError as exc:
        return {"error": "draft", "todo": list(exc.todo), "facts": [str(p) for p in exc.facts]}
    except InputError as exc:
        return {"error": "input", "messages": [str(p) for p in exc.problems]}
    except KompassError as exc:
        return {"error": "other", "messages": [str(exc)], "edited": type(exc).__name__ == "EditedOutputError"}
    except OSError as exc:
        return {"error": "other", "messages": [f"kan inte skriva rapporten: {exc}"]}
    from .history import keep_built_inputs

    keep_built_inputs(Path(folder))  # for Historik: what changed since this build
    return {"paths": [str(p) for p in built.paths], "todo": list(built.todo), "warnings": built.warnings}


def batch_job(root: str, out: str, final: bool) -> dict:
    """Build every evaluation of the workspace ``root`` and the campaign summary into ``out``, as
    ``kompass batch`` does (PDF, DOCX and the web pages with the campaign's index); run in a worker."""
    import io

    from rich.console import Console

    from ..builder.batch import batch
    from ..builder.formats import FORMATS
    from ..errors import InputError, KompassError

    try:
        result = batch([Path(root)], Path(out), FORMATS, final=final, console=Console(file=io.StringIO()))
    except InputError as exc:
        return {"error": "input", "messages": [str(p) for p in exc.problems]}
    except KompassError as exc:
        return {"error": "other", "messages": [str(exc)]}
    except OSError as exc:
        return {"error": "other", "messages": [f"kan inte skriva rapporterna: {exc}"]}
    return {"outcomes": [{"name": o.name, "status": o.status, "message": o.message, "todo": o.todo}
                         for o in result.outcomes],
            "summary": [p.name for p in result.summary]}


CAMPAIGN = "__kampanj__"  # the key of the whole workspace's build among the builds (never a folder name)


@dataclass
class Build:
    """A build started from the studio: its future and whether a final version was asked for."""

    future: Future
    final: bool
    started: float = field(default_factory=time.monotonic)


class Jobs:
    """The worker processes (two: a preview need not wait for a build) and the builds under way."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self.builds: dict[str, Build] = {}

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def preview(self, folder: Path) -> Future:
        return self.pool.submit(preview_job, str(folder))

    def build(self, name: str, folder: Path, out: Path, final: bool, overwrite: bool) -> Build:
        """Start building ``name`` unless a build of it is under way; return its build."""
        running = self.builds.get(name)
        if running is None or running.future.done():
            future = self.pool.submit(build_job, str(folder), str(out), final, overwrite)
            self.builds[name] = running = Build(future, final)
        return running

    def batch(self, root: Path, out: Path, final: bool) -> Build:
        """Start building the whole workspace unless that is under way; return its build."""
        running = self.builds.get(CAMPAIGN)
        if running is None or running.future.done():
            self.builds[CAMPAIGN] = running = Build(self.pool.submit(batch_job, str(root), str(out), final), final)
        return running

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
