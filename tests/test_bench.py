"""The bench times only commands that did their work: it stops at one that fails or writes nothing.

A bench that timed a refusal (a build that would not overwrite another version's DOCX in a shared
output folder) reported it as a fast build; ``bench/targets.py`` now stops with the command's own
message instead, and gives each measured tree an output folder of its own.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT


def _targets():
    spec = importlib.util.spec_from_file_location("bench_targets", ROOT / "bench" / "targets.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


targets = _targets()
TREE = targets.Tree("now", ROOT)


def test_the_bench_stops_with_the_message_of_a_command_that_fails():
    refusing = "import sys; print('skrev ingenting'); sys.exit('kalix-2012.docx har ändrats efter bygget: kör med --overwrite')"

    with pytest.raises(SystemExit) as stopped:
        targets.run(TREE, [sys.executable, "-c", refusing])

    message = str(stopped.value)
    assert message.startswith("bench stopped: now: ")
    assert "exit 1" in message
    assert "kalix-2012.docx har ändrats efter bygget: kör med --overwrite" in message


def test_the_bench_stops_at_a_command_that_exits_0_without_writing_its_file(tmp_path):
    report = tmp_path / "kalix-2012.pdf"
    report.write_bytes(b"%PDF from an earlier run")  # there, but not written by this command

    with pytest.raises(SystemExit) as stopped:
        targets.run(TREE, [sys.executable, "-c", "pass"], writes=(report, tmp_path / "kalix-2012.docx"))

    assert f"did not write {report}, {tmp_path / 'kalix-2012.docx'}" in str(stopped.value)


def test_a_command_that_exits_0_and_writes_its_file_is_timed(tmp_path):
    report = tmp_path / "kalix-2012.pdf"
    writing = f"import pathlib; pathlib.Path({str(report)!r}).write_bytes(b'%PDF'); print('skrev')"

    wall, cpu, rss, out = targets.run(TREE, [sys.executable, "-c", writing], writes=(report,))

    assert out == "skrev\n"
    assert wall > 0 and cpu > 0 and rss > 0


def test_each_tree_writes_into_its_own_output_folder(tmp_path):
    before, after = targets.Tree("before", ROOT / "bench" / "results" / "baseline"), targets.Tree("after", ROOT)

    assert before.out(tmp_path) != after.out(tmp_path)
    assert before.out(tmp_path).parent == after.out(tmp_path).parent == tmp_path
