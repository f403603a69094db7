"""``kompass build --watch``: rebuild an evaluation's report whenever one of its input files is saved.

The process stays warm (libraries imported once) and charts come from the content-addressed cache
(``charts/cache.py``), so a rebuild after one score change draws only the charts that changed. A
save made while a build runs is never lost: a build reads the folder's inputs digest first, and
when the folder differs from that digest after the build, it builds again. Ctrl-C ends the watch;
outputs are written to temporary files and moved into place only when complete (``build.py``), so
no partial file is left.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from ..diff.compare import score_changes
from ..diff.render import shown
from ..errors import DraftError, InputError, KompassError
from ..imports import collector_paused
from .edits import EditedOutputError
from ..source.evaluation import Evaluation
from .plan import Reads, plan
from .stamps import inputs_digest, outside_files

READY = "väntar på ändringar (Ctrl-C avslutar)"
# A save is built once no further change came for STEP ms (watchfiles checks every STEP ms, so a save
# waits one to two steps). An editor's save (write, or write a copy and rename) takes well under
# that; a slower one that spans two steps is built twice, never lost (``build`` reads again).
STEP = 5


class Watcher:
    """Builds the evaluations in ``folders`` and rebuilds each one whose inputs change."""

    def __init__(self, folders: list[Path], out: Path, formats: tuple[str, ...], campaign_file: Path | None,
                 echo: Callable[[str], None], **options: bool) -> None:
        self.folders = folders
        self.options = options  # strict, final, overwrite: as for build
        self.out = out
        self.formats = formats
        self.campaign_file = campaign_file
        self.echo = echo
        self.built: dict[Path, str | None] = {}  # folder -> inputs digest of its last build
        self.evaluations: dict[Path, Evaluation] = {}
        self.reads: Reads = {}  # every evaluation read, by folder and inputs digest: unchanged ones are not read again

    def run(self, stop_event=None) -> None:
        """Build everything once, then rebuild on every save until Ctrl-C (or ``stop_event`` is set)."""
        from ..charts.draw import helper_kept
        from ..writers.kept import docx_writer_kept
        from .build import preload

        with helper_kept():  # one child, kept while watching, draws half of each rebuild's charts; the
            for folder in self.folders:  # first builds' images are the guesses of the rebuilds' (``LateMedia``)
                self.build(folder)
            preload(self.formats)  # once: each rebuild's children (DOCX, charts) start with it all loaded
            with docx_writer_kept():  # and one writes each rebuild's DOCX beside its PDF
                self._watch(stop_event)

    def _watch(self, stop_event) -> None:
        from watchfiles import watch

        outside = {folder: _outside(folder, self.campaign_file) for folder in self.folders}
        watched = [*self.folders, *sorted({p for files in outside.values() for p in files})]
        # The watcher also wakes every second: a save it missed (e.g. before it started) shows as a
        # folder whose inputs digest is no longer the one its last build read.
        watching = _Watching(stop_event, lambda: self.echo(READY))
        for changes in watch(*watched, stop_event=watching, debounce=200, step=STEP, rust_timeout=1000,
                             yield_on_timeout=True):
            changed = sorted({Path(path).resolve() for _, path in changes})
            rebuilt = False
            for folder in self.folders:
                mine = [p.relative_to(folder.resolve()) for p in changed if p.is_relative_to(folder.resolve())
                        and (p.exists() or p.suffix in (".yaml", ".md"))]  # not an editor's vanished temporary
                for path in outside[folder]:
                    if path in changed:
                        self.built.pop(folder, None)  # the campaign changes the report, not the folder
                        mine.append(path)
                if inputs_digest(folder) != self.built.get(folder):
                    self.echo(f"ändrat i {folder}" + (": " + ", ".join(str(p) for p in mine) if mine else ""))
                    with collector_paused():
                        self.build(folder)
                    rebuilt = True
            if rebuilt:
                self.echo(READY)
                gc.collect()  # once, while waiting for the next save

    def build(self, folder: Path) -> None:
        """Build ``folder`` until a build's inputs are still the folder's inputs when it ends."""
        while inputs_digest(folder) != self.built.get(folder):
            read = self._build_once(folder)
            self.built[folder] = read
            if read is None:
                return

    def _build_once(self, folder: Path) -> str | None:
        """Build ``folder`` once; return the inputs digest it was built from (None if it could not be read)."""
        from .build import build_planned

        try:
            item = plan([folder], self.campaign_file, self.reads).items[0]
        except KompassError as exc:  # e.g. the folder was deleted or renamed while watched
            for line in _messages(exc):
                self.echo(line)
            self.echo(f"{folder}: byggs igen när mappen finns och går att läsa")
            return inputs_digest(folder)
        self.echo(f"bygger {item.name} …")  # its inputs are read: a save from now on makes another build
        try:
            built = build_planned(item, self.out, self.formats, keep=True, **self.options)
        except KompassError as exc:
            for line in _messages(exc):
                self.echo(line)
            self.echo(f"{item.name}: byggdes inte; {_advice(exc, item.folder, self.out / item.name)}")
            return item.read_digest
        if item.evaluation is not None:
            self._score_changes(folder, item.evaluation)
        for path in built.paths:
            self.echo(f"skrev {path}")
        from ..compose.draft import draft_state

        self.echo(f"{item.name}: {draft_state(len(built.todo))}")
        return item.read_digest

    def _score_changes(self, folder: Path, evaluation: Evaluation) -> None:
        before = self.evaluations.get(folder)
        self.evaluations[folder] = evaluation
        if before is None:
            return
        for change in score_changes(before, evaluation):
            self.echo(f"fråga {change.question}: {shown(change.old)} → {shown(change.new)} (område "
                      f"{change.area.split()[0]}: {shown(change.area_old)} → {shown(change.area_new)}, totalt "
                      f"{shown(change.total_old)} → {shown(change.total_new)})")


class _Watching:
    """The stop event handed to watchfiles, which asks it once it watches, every step: its first
    question says the watch is ready. Said before, a save made at once could fall before the
    watching began, and be built only at the next check of the folders' digests, a second later."""

    def __init__(self, stop_event, ready: Callable[[], None]) -> None:
        self.stop_event, self.ready = stop_event, ready

    def is_set(self) -> bool:
        if self.ready is not None:
            ready, self.ready = self.ready, None
            ready()
        return self.stop_event is not None and self.stop_event.is_set()


def _outside(folder: Path, campaign_file: Path | None) -> list[Path]:
    """Return the files outside ``folder`` that its report is made of: the campaign file, and a campaign's
    house style and frameworks (``stamps.outside_files``)."""
    return list(dict.fromkeys([*([campaign_file.resolve()] if campaign_file else []), *outside_files(folder)]))


def _advice(exc: KompassError, folder: Path, out_dir: Path) -> str:
    """Return what to do after a build the watch could not make, and what became of the last outputs."""
    if isinstance(exc, EditedOutputError):
        return (f"hämta ändringarna med kompass pull (kommandot står ovan) eller bygg med --overwrite; {folder} "
                "byggs igen när indata sparas")
    kept = sorted(path.name for path in out_dir.glob(f"{out_dir.name}.*") if path.is_file())
    left = (f". De senaste rapporterna ({', '.join(kept)}) ligger kvar i {out_dir} men stämmer inte med indata "
            "förrän nästa lyckade bygge") if kept else ""
    if isinstance(exc, InputError) and exc.problems:
        first = exc.problems[0]
        where = first.file if first.line is None else f"{first.file}:{first.line}"
        return f"rätta {where}{' och de övriga felen' if len(exc.problems) > 1 else ''} och spara igen{left}"
    if isinstance(exc, DraftError):
        return f"fyll i det som saknas och spara igen{left}"
    return f"rätta och spara igen{left}"


def _messages(exc: KompassError) -> list[str]:
    if isinstance(exc, InputError):
        return [str(problem) for problem in exc.problems]
    return [f"kompass: {exc}"]
