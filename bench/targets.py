"""Measure issue 23's speed targets, optionally side by side with a baseline checkout. Asserts nothing.

    .venv/bin/python bench/targets.py [--rounds N] [--campaign-rounds N] [--watch-rounds N] [--baseline REV|DIR]

Every measure runs in fresh processes with the Python of the tree it measures; with a baseline the
two trees alternate round by round, so a busy machine slows both alike. LibreOffice is measured
process against process: in each round, after each tree's whole `kompass build EV --format pdf`
(a fresh process, every chart in the cache), the whole `soffice --headless --convert-to pdf` of
that tree's DOCX of the same report; the ratio is the median of the rounds' ratios. Printed: the
median of each target, the core count and the load (before, during each round, after, and the
other processes using a core). A baseline REV is checked out once under bench/results/ with its
own .venv (``make .venv/.installed``); a DIR must be a checkout that has one. The output is also
saved in bench/results/.

Python runs as it does for an installed Kompass: from bytecode (pip compiles a wheel's modules when
it installs them; an editable install writes them at its first run). Each tree's commands keep
their bytecode under the bench's temporary folder (``PYTHONPYCACHEPREFIX``), made by one warm-up
run of every command before measuring, so no tree is written to; ``--no-bytecode`` measures the
way a session with ``PYTHONDONTWRITEBYTECODE`` set runs: every module of Kompass compiled anew at
each start.

Every measured command must exit 0 and write the files it is run for, or the bench stops with
its message: a timing of a refusal is no timing. Each tree writes into output folders of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHILD = ROOT / "bench" / "report_child.py"
EXAMPLE = "inputs/kalix-2012"
CAMPAIGN_SIZE = 30
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


@dataclass
class Tree:
    name: str
    root: Path
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.root / ".venv" / "bin" / "python"

    @property
    def kompass(self) -> Path:
        return self.root / ".venv" / "bin" / "kompass"

    def out(self, tmp: Path) -> Path:
        """Return this tree's own output folder under ``tmp`` (two trees never share outputs)."""
        return tmp / f"out-{self.name}"

    def add(self, measure: str, value: float) -> None:
        self.samples.setdefault(measure, []).append(value)

    def median(self, measure: str) -> float | None:
        values = self.samples.get(measure)
        return statistics.median(values) if values else None


@dataclass(frozen=True)
class Target:
    measure: str
    label: str
    goal: float | None  # None: shown for information
    unit: str
    higher_is_better: bool = False

    def met(self, value: float | None) -> str:
        if value is None or self.goal is None:
            return ""
        return "met" if (value >= self.goal if self.higher_is_better else value <= self.goal) else "NOT met"


TARGETS = (
    Target("pdf.wall", "`kompass build EV --format pdf`, fresh process, charts cached, wall", 0.45, "s"),
    Target("office.wall", "  `soffice --headless --convert-to pdf` of its DOCX, same rounds, wall", None, "s"),
    Target("office.ratio", "  LibreOffice's time over Kompass's, median of the rounds' ratios", 4, "x", True),
    Target("pdf.rss", "  peak memory", None, "MB"),
    Target("fresh_cached.wall", "fresh `kompass build` (PDF + DOCX), charts cached, wall", 0.7, "s"),
    Target("fresh_cached.cpu", "  the same, CPU (both processes)", None, "s"),
    Target("fresh.wall", "fresh `kompass build`, empty chart cache, wall", 1.1, "s"),
    Target("fresh.cpu", "  the same, CPU (all processes)", None, "s"),
    Target("watch.drawn", "rebuild after one score edit, `--watch`, from the save: its charts drawn", 0.3, "s"),
    Target("watch.cached", "  the same, the edit's charts in the cache", None, "s"),
    Target("rebuild.total", "  build() after one score edit in a warm process, charts drawn", None, "s"),
    Target("check.wall", "`kompass check`, fresh process, wall", 0.2, "s"),
    Target("batch.rate", f"`kompass batch --force`, {CAMPAIGN_SIZE} evaluations, charts cached", 400, "reports/min",
           True),
    Target("batch.cpu_rate", "  the same from its CPU time: the rate on 2 otherwise idle cores", None, "reports/min",
           True),
    Target("batch_cold.rate", "  the same, first build with an empty chart cache", None, "reports/min", True),
    Target("fresh.rss", "peak memory, fresh build (empty chart cache; its largest process)", 150, "MB"),
    Target("fresh_cached.rss", "  the same, charts cached", None, "MB"),
    Target("batch.rss", "  one batch worker", None, "MB"),
    Target("warm.total", "for information: one report in a warm process, charts drawn (no chart cache)", None, "s"),
    Target("cached.total", "  the same, charts cached", None, "s"),
    Target("warm.pdf", "  the PDF writer alone", None, "s"),
    Target("warm.docx", "  the DOCX writer alone", None, "s"),
)


def run(tree: Tree, args: list, env: dict | None = None, cwd: Path | None = None,
        writes: tuple[Path, ...] = ()) -> tuple[float, float, float, str]:
    """Return wall seconds, CPU seconds (with children), peak RSS in MB and stdout of one command.

    Stop the bench (SystemExit with the command's own message) unless the command exits 0 and
    has written every file in ``writes`` while it ran."""
    before = {path: _signature(path) for path in writes}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([str(a) for a in args], cwd=cwd or tree.root, stdout=out, stderr=err,
                                   env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    unwritten = [str(path) for path in writes if _signature(path) in (None, before[path])]
    if process.returncode != 0 or unwritten:
        what = f"exit {process.returncode}" if process.returncode else f"did not write {', '.join(unwritten)}"
        message = "\n".join((errors.strip() or text.strip()).splitlines()[-20:])
        raise SystemExit(f"bench stopped: {tree.name}: {' '.join(map(str, args))}: {what}\n{message}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def _signature(path: Path) -> tuple[int, int, int] | None:
    """Return what changes when ``path`` is written (inode, size, mtime), or None if it is no non-empty file."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns) if info.st_size > 0 else None


def measure_reports(tree: Tree, rounds: int, tmp: Path) -> None:
    """Warm-process builds (no cache, then cached charts), a rebuild after an edit, fresh commands."""
    for mode, measure, cache in (("warm", "warm", "off"), ("warm", "cached", str(tmp / f"cache-{tree.name}")),
                                 ("rebuild", "rebuild", str(tmp / f"cache-{tree.name}-rebuild"))):
        if mode == "rebuild":  # empty, so the edited report's charts were never drawn before
            shutil.rmtree(cache, ignore_errors=True)
        _, _, _, text = run(tree, [tree.python, CHILD, mode, tree.root / EXAMPLE, rounds], {"KOMPASS_CACHE": cache})
        for line in text.splitlines():
            for stage, seconds in json.loads(line).items():
                tree.add(f"{measure}.{stage}", seconds)
    out = tree.out(tmp)
    report = out / Path(EXAMPLE).name
    written = (report / f"{report.name}.pdf", report / f"{report.name}.docx")
    empty, cached = tmp / f"empty-{tree.name}", {"KOMPASS_CACHE": str(tmp / f"filled-{tree.name}")}
    command = [tree.kompass, "build", EXAMPLE, "--out", out]
    for _ in range(rounds):
        shutil.rmtree(empty, ignore_errors=True)
        wall, cpu, rss, _ = run(tree, command, {"KOMPASS_CACHE": empty}, writes=written)
        tree.add("fresh.wall", wall), tree.add("fresh.cpu", cpu), tree.add("fresh.rss", rss)
        run(tree, command, cached, writes=written)  # fills the cache (and the layout) at the first round
        wall, cpu, rss, _ = run(tree, command, cached, writes=written)
        tree.add("fresh_cached.wall", wall), tree.add("fresh_cached.cpu", cpu), tree.add("fresh_cached.rss", rss)
        wall, _, _, _ = run(tree, [tree.kompass, "check", EXAMPLE])
        tree.add("check.wall", wall)


def measure_pdf_against_office(tree: Tree, tmp: Path, soffice: str | None) -> None:
    """Time the whole `kompass build EV --format pdf` (charts cached), then, where LibreOffice is
    installed, the whole `soffice --convert-to pdf` of this tree's DOCX of the same report."""
    out = tree.out(tmp)
    report = out / Path(EXAMPLE).name
    pdf = report / f"{report.name}.pdf"
    wall, _, rss, _ = run(tree, [tree.kompass, "build", EXAMPLE, "--out", out, "--format", "pdf"],
                          {"KOMPASS_CACHE": str(tmp / f"filled-{tree.name}")}, writes=(pdf,))
    tree.add("pdf.wall", wall), tree.add("pdf.rss", rss)
    if soffice is None:
        return
    docx = tmp / f"docx-{tree.name}" / f"{report.name}.docx"
    if not docx.is_file():  # this tree's own DOCX of the report, kept where no build replaces it
        docx.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report / f"{report.name}.docx", docx)
        run(tree, _office(soffice, docx, tmp), writes=(tmp / "lo" / f"{docx.stem}.pdf",))  # its first run makes its profile
    office, _, _, _ = run(tree, _office(soffice, docx, tmp), writes=(tmp / "lo" / f"{docx.stem}.pdf",))
    tree.add("office.wall", office)
    tree.add("office.ratio", office / wall)


def _office(soffice: str, docx: Path, tmp: Path) -> list:
    profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
    return [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp / "lo", docx]


def measure_watch(tree: Tree, rounds: int) -> None:
    """Time the rebuilds of a `kompass build --watch` after score edits (bench/watch_rebuild.py)."""
    from watch_rebuild import rebuild_seconds

    _, drawn, cached = rebuild_seconds(tree.python, rounds)
    for seconds in drawn:
        tree.add("watch.drawn", seconds)
    for seconds in cached:
        tree.add("watch.cached", seconds)


def measure_batch(tree: Tree, inputs: Path, tmp: Path) -> None:
    """Time a campaign: a first build with an empty chart cache, then ``--force``."""
    out, cache = tmp / f"batch-{tree.name}", tmp / f"batch-cache-{tree.name}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    command = [tree.kompass, "batch", inputs, "--out", out]
    written = tuple(out / folder.name / f"{folder.name}.{kind}" for folder in sorted(inputs.iterdir())
                    if (folder / "evaluation.yaml").is_file() for kind in ("pdf", "docx"))
    wall, _, _, _ = run(tree, command, {"KOMPASS_CACHE": cache}, writes=written)
    tree.add("batch_cold.rate", CAMPAIGN_SIZE * 60 / wall)
    wall, cpu, rss, _ = run(tree, [*command, "--force"], {"KOMPASS_CACHE": cache}, writes=written)
    tree.add("batch.rate", CAMPAIGN_SIZE * 60 / wall)
    tree.add("batch.cpu_rate", CAMPAIGN_SIZE * 60 * min(2, os.cpu_count() or 1) / cpu)
    tree.add("batch.rss", rss)


WATCH_IMPORTS = """import watchfiles
try:
    import authoring.builder.watch
except ModuleNotFoundError:  # a baseline from before the wings
    import authoring.watch
"""


def warm_up(tree: Tree, tmp: Path) -> None:
    """Run each measured command of ``tree`` once, unmeasured, so that its bytecode is written."""
    out, cache = tmp / f"warm-{tree.name}", {"KOMPASS_CACHE": str(tmp / f"warm-cache-{tree.name}")}
    run(tree, [tree.kompass, "batch", "inputs/kampanj.yaml", "--out", out], cache)
    run(tree, [tree.kompass, "check", EXAMPLE])
    run(tree, [tree.python, CHILD, "warm", tree.root / EXAMPLE, 1], cache)
    run(tree, [tree.python, "-c", WATCH_IMPORTS])


def baseline_tree(spec: str) -> Tree:
    """Return the baseline checkout named by ``spec`` (a folder, or a git revision checked out once)."""
    if Path(spec).is_dir():
        return Tree("before", Path(spec).resolve())
    sha = subprocess.run(["git", "-C", ROOT, "rev-parse", spec], check=True, capture_output=True,
                         text=True).stdout.strip()
    folder = RESULTS / f"baseline-{sha[:10]}"
    if not folder.exists():
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", folder, sha], check=True)
    subprocess.run(["make", "-C", folder, ".venv/.installed"], check=True)
    return Tree("before", folder)


def report(trees: list[Tree], rounds: int, started: str, loads: list[tuple]) -> str:
    busy = _busy_processes()
    during = [load[0] for load in loads[1:]]
    lines = [f"bench/targets.py  {started}  rounds: {rounds}  cores: {os.cpu_count()} "
             f"(usable {len(os.sched_getaffinity(0))})  load before: {' '.join(f'{x:.2f}' for x in loads[0])}  "
             f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
             f"  1-minute load at each measuring round: {' '.join(f'{x:.2f}' for x in during)} "
             f"(median {statistics.median(during):.2f})" if during else None]
    if busy:
        lines.append(f"  other processes using CPU at the end: {busy}")
    for tree in trees:
        commit = subprocess.run(["git", "-C", tree.root, "log", "-1", "--format=%h %s"], capture_output=True,
                                text=True).stdout.strip()
        lines.append(f"  {tree.name:<7} {tree.root}  ({commit[:70]})")
    header = f"{'target':<78}{'goal':>8}" + "".join(f"{t.name:>10}" for t in trees) + "  medians"
    lines += ["", header, "-" * len(header)]
    for target in TARGETS:
        values = [tree.median(target.measure) for tree in trees]
        goal = "" if target.goal is None else f"{'≥' if target.higher_is_better else '≤'}{target.goal:g}"
        shown = "".join(f"{v:>10.2f}" if v is not None else f"{'-':>10}" for v in values)
        lines.append(f"{target.label:<78}{goal:>8}{shown}  {target.unit} {target.met(values[-1])}")
    if not any(tree.samples.get("office.wall") for tree in trees):
        lines += ["", "LibreOffice (soffice) not installed: no comparison"]
    return "\n".join(line for line in lines if line is not None)


def _busy_processes() -> str:
    """Return the other processes that were using a core, which the timings share the machine with."""
    result = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"], capture_output=True,
                            text=True)
    busy = [line.split(None, 1) for line in result.stdout.splitlines()[:5]]
    return ", ".join(f"{name.strip()} {cpu}%" for cpu, name in busy if float(cpu) >= 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--campaign-rounds", type=int, default=2)
    parser.add_argument("--watch-rounds", type=int, default=6)
    parser.add_argument("--baseline", help="git revision or checkout folder to measure side by side")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile Kompass's modules at every start, as with PYTHONDONTWRITEBYTECODE set")
    args = parser.parse_args()
    started, loads = time.strftime("%Y-%m-%d %H:%M:%S %Z"), [os.getloadavg()]
    trees = ([baseline_tree(args.baseline)] if args.baseline else []) + [Tree("after" if args.baseline else "now", ROOT)]
    soffice = shutil.which("soffice")
    from tests.campaign_factory import make_campaign

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        make_campaign(tmp / "campaign", CAMPAIGN_SIZE)
        if not args.no_bytecode:
            os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # for every command run from here on
            os.environ["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
            for tree in trees:
                warm_up(tree, tmp)
        for _ in range(args.campaign_rounds):
            for tree in trees:
                measure_batch(tree, tmp / "campaign", tmp)
            loads.append(os.getloadavg())
        for _ in range(args.rounds):
            for tree in trees:
                measure_reports(tree, 1, tmp)
            for tree in trees:
                measure_pdf_against_office(tree, tmp, soffice)
            loads.append(os.getloadavg())
        for _ in range(2):  # in two turns each, alternating
            for tree in trees:
                measure_watch(tree, max(1, args.watch_rounds // 2))
            loads.append(os.getloadavg())
    text = report(trees, args.rounds, started, loads)
    text += ("\n\nKompass compiled at every start (--no-bytecode)" if args.no_bytecode else
             "\n\nPython from bytecode, as an installed Kompass (--no-bytecode: compiled at every start)")
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"targets-{time.strftime('%Y%m%d-%H%M%S')}.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
