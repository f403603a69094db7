from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
EXAMPLES = ("kalix-2012", "norsjo-2015", "ostersund-2015")


# The slowest modules (seconds on one worker, most first), started first. `make test` hands whole
# modules to the two workers in collection order (--dist loadfile --no-loadscope-reorder), so the
# workers end together; xdist's own order (most tests first) left the one-test fuzz module to run
# alone at the end, 28 s after the other worker had finished.
SLOWEST_FIRST = ("test_fuzz.py", "test_campaign.py", "test_libreoffice.py", "test_html_clients.py", "test_studio_browser.py", "test_pull.py", "test_kill.py",
                 "test_outputs.py", "test_campaign_truth.py", "test_references.py", "test_reproducible.py",
                 "test_tagged_pdf.py", "test_pdfua.py", "test_hostile_input.py", "test_edited_outputs.py",
                 "test_resource_limits.py", "test_check_pdf_hostile.py", "test_import_safety.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a module's own order is kept


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


@pytest.fixture(scope="session")
def kalix_reports(tmp_path_factory):
    """Return a function that copies Kalix and its reports, as one build makes them, into a test's
    folders: ``copy(folder, out_root)`` returns (folder, out_root / "kalix-2012").

    Kalix is built once per test process. A build writes the same bytes wherever the evaluation
    lies (test_reproducible.py), so the copy is what a build there would write, without the build's
    second of CPU in every test that starts from a built report."""
    from authoring.builder.build import build

    root = tmp_path_factory.mktemp("kalix-reports")
    shutil.copytree(INPUTS / "kalix-2012", root / "kalix-2012")
    build(root / "kalix-2012", root / "out")

    def copy(folder: Path, out_root: Path) -> tuple[Path, Path]:
        shutil.copytree(root / "kalix-2012", folder, dirs_exist_ok=True)
        shutil.copytree(root / "out", out_root, dirs_exist_ok=True)
        return folder, out_root / "kalix-2012"

    return copy


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
