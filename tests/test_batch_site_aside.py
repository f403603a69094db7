"""batch --site with a member that fails: the batch reports the failing member and keeps the campaign's
web page, instead of ending with 'mappen finns inte' (index.html was once named twice when set aside)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import INPUTS


def kompass(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", *args],
                          capture_output=True, text=True)


def test_a_failing_member_is_named_and_the_campaign_page_stays(tmp_path):
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    out = tmp_path / "output"
    assert kompass("batch", str(inputs), "--out", str(out), "--site").returncode == 0
    assert (out / "index.html").is_file()
    scores = inputs / "norsjo-2015" / "scores.yaml"
    scores.write_text(re.sub(r'^"1\.1":[^#\n]*', '"1.1": ', scores.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")

    done = kompass("batch", str(inputs), "--out", str(out), "--site", "--final")

    assert "mappen finns inte" not in done.stderr, done.stderr
    assert "norsjo-2015 (misslyckad)" in done.stdout and "utkast:" in done.stdout
    assert (out / "index.html").is_file() and not (out / "inaktuell" / "index.html").exists()
