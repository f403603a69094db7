"""Kompass builds where the system lacks what Linux has: Windows and macOS.

Windows has no ``fork`` start method, no ``os.O_NONBLOCK`` or ``os.O_NOCTTY`` and no load average;
these tests take them away (``no_fork``) and build as a Windows laptop would: the files are the bytes
of the normal build, drawn and written in this process, and a batch runs its workers started anew
(``spawn``). macOS hands file names over decomposed (NFD): an evaluation folder so named builds, and
its report names the municipality composed.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import os
import shutil
import sys
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from authoring import portable, safeio
from authoring.cli.commands import main

from .conftest import INPUTS


def take_away_fork(monkeypatch) -> list[str]:
    """Take away what Windows lacks (fork, the open flags, the load average) on a machine with four
    idle cores, so that every parallel path would be tried; return the start method of each child
    process started, as it is started."""
    real_context = multiprocessing.get_context

    def get_context(method=None):
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return real_context(method)

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_NOFOLLOW", "getloadavg"):
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    started: list[str] = []
    real_start = multiprocessing.process.BaseProcess.start
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start",
                        lambda self: started.append(self._start_method) or real_start(self))
    return started


@pytest.fixture
def no_fork(monkeypatch):
    return take_away_fork(monkeypatch)


@pytest.fixture
def idle_cores(monkeypatch):
    """Four idle cores with fork, as Linux has them: every child a build can start is started."""
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "cpu_count", lambda: 4)


def _files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def _build(tmp_path, out):
    return CliRunner().invoke(main, ["build", str(INPUTS / "kalix-2012"), "--out", str(tmp_path / out),
                                     "--format", "pdf,docx,html"])


def test_a_build_without_fork_or_open_flags_writes_the_bytes_of_the_normal_build(tmp_path, monkeypatch, idle_cores):
    monkeypatch.setenv("KOMPASS_CACHE", "off")  # every chart drawn: by two processes where they can be
    normal = _build(tmp_path, "normal")

    with pytest.MonkeyPatch.context() as patch:
        started = take_away_fork(patch)
        windows = _build(tmp_path, "windows")

    assert normal.exit_code == 0, normal.output
    assert windows.exit_code == 0, windows.output
    assert started == []  # drawn and written here, in order
    built = _files(tmp_path / "windows")
    assert {"kalix-2012/kalix-2012.pdf", "kalix-2012/kalix-2012.docx", "kalix-2012/kalix-2012.html"} <= set(built)
    assert built == _files(tmp_path / "normal")


def test_a_batch_without_fork_runs_spawned_workers_and_writes_the_same_bytes(tmp_path, idle_cores):
    args = ["batch", str(INPUTS), "--format", "pdf,docx,html", "--jobs", "2"]
    normal = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "normal")])

    with pytest.MonkeyPatch.context() as patch:
        started = take_away_fork(patch)
        windows = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "windows")])

    assert normal.exit_code == 0, normal.output
    assert windows.exit_code == 0, windows.output
    assert started and set(started) == {"spawn"}  # workers started anew, as Windows starts them
    built = _files(tmp_path / "windows")
    assert len([name for name in built if name.endswith(".pdf")]) == 3 and "sammanstallning.xlsx" in built
    assert built == _files(tmp_path / "normal")


def test_inputs_are_read_without_the_open_flags_windows_lacks(tmp_path, no_fork):
    (tmp_path / "a.yaml").write_bytes(b"namn: \xc3\xb6\r\n")

    assert safeio.read_bytes(tmp_path / "a.yaml", tmp_path) == b"namn: \xc3\xb6\r\n"  # binary: CRLF kept
    assert safeio.content_hash(tmp_path / "a.yaml") is not None
    with pytest.raises(safeio.Refused, match="inte en vanlig fil"):
        safeio.read_bytes(tmp_path, tmp_path)


def test_on_windows_a_process_is_never_asked_with_kill(monkeypatch):
    def kill(pid, signal):  # os.kill(pid, 0) ends the process on Windows
        raise AssertionError("os.kill on Windows")

    monkeypatch.setattr(portable, "_windows_process_runs", lambda pid: False)
    monkeypatch.setattr(os, "kill", kill)
    monkeypatch.setattr(os, "name", "nt")

    assert portable.process_runs(4242) is False


def test_on_macos_nothing_is_forked(monkeypatch):
    monkeypatch.setattr(portable.sys, "platform", "darwin")

    assert portable.fork_context() is None
    assert portable.pool_context().get_start_method() == "spawn"


def test_output_in_a_windows_code_page_replaces_what_it_lacks_instead_of_failing(monkeypatch):
    import io

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stream)

    portable.tolerant_output()
    print("fråga 1.2: 11 → 12")
    stream.flush()

    assert raw.getvalue() == "fråga 1.2: 11 ? 12\n".encode("cp1252").replace(b"\n", os.linesep.encode())


# -- macOS: decomposed file names -----------------------------------------------------------------------

def test_an_evaluation_folder_named_in_decomposed_unicode_builds_with_composed_names(tmp_path):
    composed = "östersund-2015"
    decomposed = unicodedata.normalize("NFD", composed)
    folder = tmp_path / "inputs" / decomposed
    shutil.copytree(INPUTS / "ostersund-2015", folder)
    yaml = folder / "evaluation.yaml"  # the name typed where it came decomposed, e.g. copied from Finder
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Östersund", unicodedata.normalize("NFD", "Östersund")),
                    encoding="utf-8")
    assert decomposed != composed and unicodedata.normalize("NFD", "Östersund") in yaml.read_text(encoding="utf-8")

    checked = CliRunner().invoke(main, ["check", str(folder)])
    built = CliRunner().invoke(main, ["batch", str(tmp_path / "inputs"), "--out", str(tmp_path / "out"),
                                      "--format", "pdf,docx,html"])

    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output
    names = [p.name for p in (tmp_path / "out").rglob("*")]
    assert f"{composed}.pdf" in names and all(unicodedata.is_normalized("NFC", name) for name in names), names
    report = tmp_path / "out" / composed
    html = (report / f"{composed}.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(report / f"{composed}.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    csv = (tmp_path / "out" / "sammanstallning.csv").read_text(encoding="utf-8-sig")
    for text in (html, xml, csv):
        assert "Östersund" in text and unicodedata.is_normalized("NFC", text)
    index = unquote((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))  # links each report's folder
    assert f"{composed}/{composed}.pdf" in index and unicodedata.is_normalized("NFC", index)


def test_a_campaign_file_typed_composed_finds_its_member_folder_made_decomposed(tmp_path):
    composed = "östersund-2015"
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs", ignore=shutil.ignore_patterns("ostersund-2015")))
    shutil.copytree(INPUTS / "ostersund-2015", inputs / unicodedata.normalize("NFD", composed))
    campaign = inputs / "kampanj.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("- ostersund-2015", f"- {composed}"),
                        encoding="utf-8")

    checked = CliRunner().invoke(main, ["check", str(campaign)])
    built = CliRunner().invoke(main, ["build", str(inputs / composed), "--out", str(tmp_path / "out"),
                                      "--format", "html"])

    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output
    html = (tmp_path / "out" / composed / f"{composed}.html").read_text(encoding="utf-8")
    assert "Medelvärde 3 kommuner" in html  # the campaign's reference: the member was found


@pytest.mark.parametrize("queue, expected", [("3.10 2.00 1.50 1/120 4242", 0.0),  # the machine is idle now
                                             ("3.10 2.00 1.50 3/120 4242", 2.0),
                                             ("0.20 0.50 1.50 5/120 4242", 0.2),  # busy a moment only
                                             (None, 3.1)])  # no run queue: the average
def test_the_load_is_the_lower_of_the_average_and_the_processes_running_now(tmp_path, monkeypatch, queue, expected):
    from authoring import portable

    monkeypatch.setattr(os, "getloadavg", lambda: (float((queue or "3.1").split()[0]), 0.0, 0.0))
    path = tmp_path / "loadavg"
    if queue is not None:
        path.write_text(queue + "\n", encoding="ascii")
    monkeypatch.setattr(portable, "RUN_QUEUE", str(path))
    assert portable.load_average() == expected
