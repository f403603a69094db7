"""The ``kompass`` program ends as soon as its command is done: its output whole, its exit status kept."""

from __future__ import annotations

import subprocess
import sys

from .conftest import INPUTS

PROGRAM = "import atexit; atexit.register(print, 'Python ended as usual'); from authoring.cli import main; main()"


def _kompass(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, encoding="utf-8")


def test_a_command_run_as_the_program_ends_at_once_with_its_output_and_status(tmp_path):
    checked = _kompass("check", str(INPUTS / "kalix-2012"), str(INPUTS / "norsjo-2015"))
    invalid = _kompass("check", str(tmp_path / "saknas"))
    usage = _kompass("build", "--format", "odt", str(INPUTS / "kalix-2012"))
    helped = _kompass("--help")

    assert checked.returncode == 0
    assert checked.stdout.splitlines() == [f"{INPUTS / 'kalix-2012'}: ok (0 fel, 0 varningar)",
                                           f"{INPUTS / 'norsjo-2015'}: ok (0 fel, 0 varningar)"]
    assert invalid.returncode == 1 and "saknas" in invalid.stderr
    assert usage.returncode == 2 and "'odt' är inget format" in usage.stderr
    assert helped.returncode == 0 and "Användning: " in helped.stdout and "KOMMANDO" in helped.stdout
    for done in (checked, invalid, usage, helped):
        assert "Python ended as usual" not in done.stdout  # no interpreter ending: no atexit handler ran


def test_a_caller_that_hands_its_arguments_gets_systemexit():
    from click.testing import CliRunner

    from authoring.cli import main

    result = CliRunner().invoke(main, ["check", str(INPUTS / "kalix-2012")])

    assert result.exit_code == 0 and "ok (0 fel" in result.output
