"""kompass build --watch: rebuilds on save, loses no save made during a build, ends cleanly on Ctrl-C."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import multiprocessing
import threading
import time
from pathlib import Path

from pypdf import PdfReader

from authoring.builder.watch import READY

from .conftest import INPUTS, replace_in
from .pdftext import page_texts

TIMEOUT = 180  # seconds for one build on a busy machine; nothing is timed, only waited for


def _ctrl_c_as_in_a_terminal() -> None:
    """Give the watch the default Ctrl-C, as in a terminal: a test run started in the background
    (``make test &``) ignores SIGINT, and Python never turns an ignored SIGINT into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watch:
    """A running ``kompass build --watch`` whose output lines are read as they come."""

    def __init__(self, folder: Path, out: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from authoring.cli import main; main()", "build", "--watch", str(folder),
             "--out", str(out), "--format", "pdf"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            preexec_fn=_ctrl_c_as_in_a_terminal)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> list[str]:
        """Return the lines up to and including the next one that contains ``text``."""
        got = []
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, f"watch ended: {self.seen}"
                continue
            self.seen.append(line)
            got.append(line)
            if text in line:
                return got
        raise AssertionError(f"no {text!r} within {TIMEOUT} s: {self.seen}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=TIMEOUT)
        time.sleep(0.2)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def area_3_sentence(pdf: Path) -> str:
    text = " ".join(" ".join(page_texts(PdfReader(pdf))).split())
    start = text.index("Inom området politisk styrning och kontroll uppnår kommunen")
    return text[start:text.index(".", start)]


def test_watch_rebuilds_on_save_keeps_a_save_made_during_a_build_and_stops_cleanly(tmp_path):
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    out = tmp_path / "out"
    pdf = out / "kalix-2012" / "kalix-2012.pdf"
    watch = Watch(folder, out)
    try:
        watch.wait_for(READY)
        assert "65,6 av 100" in area_3_sentence(pdf)

        replace_in(folder / "scores.yaml", '"3.1": 12.45', '"3.1": 14')
        watch.wait_for("ändrat i")
        watch.wait_for("bygger kalix-2012")  # the inputs are read, the PDF is being written
        replace_in(folder / "scores.yaml", '"3.1": 14', '"3.1": 15')  # saved during that build
        watch.wait_for("fråga 3.1: 14 → 15 (område 3: 67,1 → 68,1, totalt 417,2 → 418,2)")
        lines = watch.wait_for(READY)
    finally:
        code = watch.stop()

    assert code == 0, watch.seen
    assert "fråga 3.1: 12,5 → 14 (område 3: 65,6 → 67,1, totalt 415,7 → 417,2)" in watch.seen
    assert f"skrev {pdf}" in lines
    assert "avslutar: inga halvfärdiga filer finns kvar" in watch.seen
    assert "68,1 av 100" in area_3_sentence(pdf)  # the final output matches the final input: 65,55 - 12,45 + 15
    assert sorted(p.name for p in pdf.parent.iterdir()) == [".kompass-build.json", "kalix-2012.pdf"]


def test_ctrl_c_during_a_build_leaves_no_partial_file(tmp_path):
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    out = tmp_path / "out"
    watch = Watch(folder, out)
    try:
        watch.wait_for(READY)
        replace_in(folder / "scores.yaml", '"3.1": 12.45', '"3.1": 14')
        watch.wait_for("bygger kalix-2012")
    finally:
        code = watch.stop()  # while the PDF is being written

    assert code == 0, watch.seen
    assert "Traceback" not in "\n".join(watch.seen)
    names = sorted(p.name for p in (out / "kalix-2012").iterdir())
    assert names in ([".kompass-build.json", "kalix-2012.pdf"], ["kalix-2012.pdf"]), names


def test_a_watch_reads_again_only_the_campaign_members_whose_files_changed(tmp_path, monkeypatch):
    import authoring.builder.plan as planning

    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    read = []
    real = planning.read_evaluation
    monkeypatch.setattr(planning, "read_evaluation", lambda folder: read.append(folder.name) or real(folder))
    reads: planning.Reads = {}
    kalix, norsjo = inputs / "kalix-2012", inputs / "norsjo-2015"
    first = planning.plan([kalix], None, reads).items[0]
    read.clear()

    again = planning.plan([kalix], None, reads).items[0]
    assert read == []
    assert again.problems == first.problems and again.evaluation == first.evaluation
    again.problems.warning(kalix / "scores.yaml", "tillagd av en plan")  # a plan adds to the problems it reads...
    assert planning.plan([kalix], None, reads).items[0].problems == first.problems  # ...not to those kept

    replace_in(norsjo / "scores.yaml", '"1.1": ', '"1.1": 1 #')
    changed = planning.plan([kalix], None, reads).items[0]
    assert read == ["norsjo-2015"]
    assert changed.evaluation.meta.reference != first.evaluation.meta.reference  # the campaign's average moved

    replace_in(norsjo / "scores.yaml", '"1.1": 1 #', '"1.1": ')
    read.clear()
    assert planning.plan([kalix], None, reads).items[0].evaluation == first.evaluation
    assert read == []


def _watcher(folder: Path, out: Path, formats: tuple[str, ...], lines: list[str]):
    from authoring.builder.watch import Watcher

    return Watcher([folder], out, formats, None, lines.append, strict=False, final=False, overwrite=False)


def test_a_save_that_fails_validation_keeps_the_last_outputs_reported_as_stale_and_says_what_to_fix(tmp_path):
    from click.testing import CliRunner

    from authoring.cli.commands import main

    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    out = tmp_path / "out"
    pdf = out / "kalix-2012" / "kalix-2012.pdf"
    lines: list[str] = []
    watcher = _watcher(folder, out, ("pdf",), lines)
    watcher.build(folder)
    good = pdf.read_bytes()
    line = next(n for n, text in enumerate((folder / "scores.yaml").read_text().splitlines(), 1) if '"1.2": 11' in text)
    replace_in(folder / "scores.yaml", '"1.2": 11', '"1.2": 99')
    del lines[:]

    watcher.build(folder)
    status = CliRunner().invoke(main, ["status", str(folder), "--out", str(out)], terminal_width=200)

    assert pdf.read_bytes() == good and not (out / "kalix-2012" / "inaktuell").exists()
    assert any(f"scores.yaml:{line}" in text and "99" in text for text in lines), lines
    assert lines[-1].startswith(f"kalix-2012: byggdes inte; rätta {folder / 'scores.yaml'}:{line} och spara igen")
    assert "(kalix-2012.pdf) ligger kvar" in lines[-1] and "stämmer inte med indata" in lines[-1]
    assert "inaktuell" in status.output and "ogiltig" in status.output


def test_the_watch_refusing_an_edited_docx_says_pull_or_overwrite(tmp_path):
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    out = tmp_path / "out"
    docx = out / "kalix-2012" / "kalix-2012.docx"
    lines: list[str] = []
    watcher = _watcher(folder, out, ("docx",), lines)
    watcher.build(folder)
    docx.write_bytes(docx.read_bytes() + b"\0")  # saved elsewhere since Kompass wrote it
    replace_in(folder / "scores.yaml", '"1.2": 11', '"1.2": 12')
    del lines[:]

    watcher.build(folder)

    assert any("har ändrats efter att Kompass skrev den" in text for text in lines), lines
    assert "kompass pull" in lines[-1] and "--overwrite" in lines[-1]
    assert "rätta och spara igen" not in "\n".join(lines)


def test_a_saved_campaign_house_style_rebuilds_its_members(tmp_path):
    """report.yaml beside kampanj.yaml is outside the evaluation folder, yet the watch sees its save."""
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    style = inputs / "report.yaml"
    style.write_text("numbers:\n  point_decimals: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    pdf = out / "kalix-2012" / "kalix-2012.pdf"
    watch = Watch(inputs / "kalix-2012", out)
    try:
        watch.wait_for(READY)
        assert "65,6 av 100" in area_3_sentence(pdf)
        style.write_text("numbers:\n  point_decimals: 0\n", encoding="utf-8")
        watch.wait_for(f"ändrat i {inputs / 'kalix-2012'}")
        watch.wait_for(READY)
    finally:
        code = watch.stop()
    assert code == 0, watch.seen
    assert "66 av 100" in area_3_sentence(pdf)


def test_a_save_made_the_moment_the_watch_says_it_is_ready_is_seen_as_that_save(tmp_path):
    """The watch says it is ready only once it watches: a save at that moment is seen at once, as a
    change of its file (not a second later by the check of the folders' digests, which names none)."""
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    lines: list[str] = []
    stop = threading.Event()

    def echo(line: str) -> None:
        lines.append(line)
        if line == READY and lines.count(READY) == 1:
            replace_in(folder / "scores.yaml", '"1.2": 11', '"1.2": 12')  # saved as soon as it is said
        elif line == READY:
            stop.set()

    watcher = _watcher(folder, tmp_path / "out", ("pdf",), [])
    watcher.echo = echo
    others = set(multiprocessing.active_children())  # of tests before this one in the same process
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    thread.join(TIMEOUT)

    assert not thread.is_alive(), lines
    assert f"ändrat i {folder}: scores.yaml" in lines, lines
    assert set(multiprocessing.active_children()) - others == set()  # the rebuild's chart helper ended with the watch
