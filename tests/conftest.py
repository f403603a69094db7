from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
EXAMPLES = ("kalix-2012", "norsjo-2015", "ostersund-2015")


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory):
    """Give this test run a chart cache of its own: the first build draws, later builds reuse."""
    previous = os.environ.get("KOMPASS_CACHE")
    os.environ["KOMPASS_CACHE"] = str(tmp_path_factory.mktemp("kompass-cache"))
    yield
    if previous is None:
        os.environ.pop("KOMPASS_CACHE", None)
    else:
        os.environ["KOMPASS_CACHE"] = previous


@pytest.fixture
def kalix(tmp_path: Path) -> Path:
    """Return a private copy of the Kalix example that a test may change."""
    return Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "kalix-2012"))


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """Return the 1-based line of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
