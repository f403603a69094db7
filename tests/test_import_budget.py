"""Each command imports only what it uses: its import budget.

Every command runs in a fresh interpreter, as ``kompass`` does, and must exit 0; then no library
outside its budget may be in ``sys.modules``. A budget names the distributions a command may load
(each with the distributions it depends on, read from their metadata, so a library's own helpers
need no listing) and the modules of the package it must not load. A library that is neither in the
standard library nor in the budget fails, whichever library it is. The builds run with every chart
in the cache: matplotlib is loaded only where a chart is drawn, and a last test shows that this
harness sees it when one is.

``batch`` is checked in its own process only: its workers are other processes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from docx import Document

from .conftest import EXAMPLES, INPUTS, ROOT

CLI = ("click",)
IMAGELESS = (*CLI, "pyyaml", "pydantic", "markdown-it-py", "linkify-it-py")  # an evaluation without images read
SOURCE = (*IMAGELESS, "pillow")  # an evaluation read and checked, its images (none in Kalix) and logo too
PDF = ("reportlab", "rl-accel", "pyphen")
DOCX = ("python-docx",)  # with lxml
HTML = ("fonttools", "brotli")  # the font faces' cache key; cutting a face (not cached) would use them
SUMMARY = ("pandas", "openpyxl", "lxml")  # openpyxl writes with lxml where it is installed
SHEETS = ("openpyxl", "lxml", "numpy")  # the criteria workbook: openpyxl without pandas (openpyxl loads numpy where installed)
WRITERS_BUT = {  # the writer modules of the formats not built
    "pdf": ("authoring.writers.docx", "authoring.writers.ooxml", "authoring.writers.html"),
    "docx": ("authoring.writers.pdf", "authoring.writers.html"),
    "html": ("authoring.writers.pdf", "authoring.writers.docx", "authoring.writers.ooxml"),
}
NOT_BUILDING = ("authoring.compose", "authoring.charts", "authoring.writers", "authoring.checkers", "authoring.diff",
                "authoring.roundtrip")
WRITING = ("authoring.builder.build", "authoring.builder.edits")  # what writes reports: a check writes none
DRAWING = "authoring.charts.plots"  # matplotlib's figures: only when a chart is drawn
NAMES_ONLY = {"authoring.builder", "authoring.builder.formats"}  # the formats' names, for the options' help

# command -> (arguments, distributions it may load, package modules it must not load, files it writes)
BUDGETS = {
    "help": (["--help"], CLI, ("authoring.source", "authoring.builder", *NOT_BUILDING), ()),
    "check": (["check", "{inputs}/kalix-2012"], IMAGELESS, (*NOT_BUILDING, *WRITING), ()),
    "build-pdf": (["build", "{inputs}/kalix-2012", "--format", "pdf", "--out", "{tmp}/pdf"], (*SOURCE, *PDF),
                  (DRAWING, *WRITERS_BUT["pdf"], "authoring.checkers", "authoring.roundtrip"), ("pdf/kalix-2012/kalix-2012.pdf",)),
    "build-docx": (["build", "{inputs}/kalix-2012", "--format", "docx", "--out", "{tmp}/docx"], (*SOURCE, *DOCX),
                   (DRAWING, *WRITERS_BUT["docx"], "authoring.checkers", "authoring.roundtrip"), ("docx/kalix-2012/kalix-2012.docx",)),
    "build-html": (["build", "{inputs}/kalix-2012", "--format", "html", "--out", "{tmp}/html"], (*SOURCE, *HTML),
                   (DRAWING, *WRITERS_BUT["html"], "authoring.checkers", "authoring.roundtrip"), ("html/kalix-2012/kalix-2012.html",)),
    "status": (["status", "{inputs}", "--out", "{tmp}/built"], (*SOURCE, "rich"), NOT_BUILDING[1:], ()),
    "diff": (["diff", "{inputs}/kalix-2012", "{tmp}/edited/kalix-2012"], (*SOURCE, "rich"),
             ("authoring.charts", "authoring.writers", "authoring.checkers", "authoring.roundtrip"), ()),
    "pull": (["pull", "{tmp}/built/kalix-2012/kalix-2012.docx", "{inputs}/kalix-2012", "--dry-run"], (*SOURCE, *DOCX),
             ("authoring.charts", "authoring.writers.pdf", "authoring.writers.html", "authoring.checkers"), ()),
    "import-scores": (["import-scores", "{tmp}/poäng.xlsx", "--inputs", "{tmp}/imported", "--yes"], (*SOURCE, *SUMMARY),
                      NOT_BUILDING, ("imported/kalix-2012/scores.yaml",)),
    "framework-check": (["framework", "check", "{root}/tests/data/frameworks/2020.yaml"], SOURCE,
                        ("openpyxl", *NOT_BUILDING), ()),
    "framework-export": (["framework", "export", "2010", "{tmp}/kriterier.xlsx", "--yes"], (*SOURCE, *SHEETS),
                         ("pandas", *NOT_BUILDING), ("kriterier.xlsx",)),
    "framework-import": (["framework", "import", "{tmp}/kriterier-2020.xlsx", "{tmp}", "--yes"], (*SOURCE, *SHEETS),
                         ("pandas", *NOT_BUILDING), ("2020.yaml",)),
    "framework-check-sheet": (["framework", "check", "{tmp}/kriterier-2020.xlsx"], (*SOURCE, *SHEETS),
                              ("pandas", *NOT_BUILDING), ()),
    "check-pdf": (["check-pdf", "{tmp}/built/kalix-2012/kalix-2012.pdf"], (*CLI, "pikepdf"),
                  ("authoring.source", "authoring.builder", "authoring.compose", "authoring.charts", "authoring.writers"), ()),
    "batch": (["batch", "{inputs}", "--out", "{tmp}/batch", "--force"], (*SOURCE, *PDF, *DOCX, *SUMMARY, "rich"),
              (DRAWING, "authoring.writers.html", "authoring.checkers", "authoring.roundtrip"),
              ("batch/sammanstallning.xlsx", *(f"batch/{name}/{name}.docx" for name in EXAMPLES))),
}

INTERPRETER = ("__main__", "__mp_main__", "_distutils_hack", "cython_runtime")

RUN = """import sys
sys.argv = ['kompass', *sys.argv[1:]]
from authoring.cli import main
try:
    main(sys.argv[1:])  # its arguments handed: it exits with SystemExit (cli/program.py), not at once
except SystemExit as exc:
    code = exc.code
print(code, ' '.join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> dict[str, Path]:
    """Return the examples, their reports (every chart and font face now in the cache), an edited
    copy of Kalix, a DOCX with an edit to pull and a score sheet to import."""
    from authoring.builder.build import build

    tmp = tmp_path_factory.mktemp("budget")
    inputs = Path(shutil.copytree(INPUTS, tmp / "inputs"))
    for name in EXAMPLES:
        build(inputs / name, tmp / "built", ("pdf", "docx", "html"))
    edited = Path(shutil.copytree(inputs / "kalix-2012", tmp / "edited" / "kalix-2012"))
    scores = edited / "scores.yaml"
    scores.write_text(scores.read_text(encoding="utf-8").replace('"1.3": 5', '"1.3": 4', 1), encoding="utf-8")
    docx = tmp / "built" / "kalix-2012" / "kalix-2012.docx"
    document = Document(str(docx))
    paragraph = next(p for p in document.paragraphs if "Via information på hemsida" in p.text)
    paragraph.add_run(" Tillagt i Word.")
    document.save(str(docx))
    shutil.copytree(inputs / "kalix-2012", tmp / "imported" / "kalix-2012")
    _score_sheet(tmp / "poäng.xlsx")
    _criteria_sheet(tmp / "kriterier-2020.xlsx")
    return {"tmp": tmp, "inputs": inputs, "root": ROOT}


def _score_sheet(path: Path) -> None:
    import pandas as pd

    pd.DataFrame({"kommun": ["Kalix"], "år": [2012], "fråga": ["1.1"], "poäng": [4]}).to_excel(path, index=False)


def _criteria_sheet(path: Path) -> None:
    from authoring.builder.criteria_export import criteria_workbook
    from authoring.source.framework import load_framework_file

    path.write_bytes(criteria_workbook(load_framework_file(ROOT / "tests" / "data" / "frameworks" / "2020.yaml")))


def loaded_by(args: list[str]) -> tuple[int, set[str]]:
    """Return the exit code of ``kompass ARGS`` in a fresh interpreter and the modules it had loaded."""
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, cwd=ROOT)
    last = done.stderr.strip().splitlines()[-1].split()
    return int(last[0]) if last[0].isdigit() else 1, set(last[1:])


def outside_budget(modules: set[str], distributions: tuple[str, ...]) -> dict[str, str]:
    """Return each library among ``modules`` that neither the standard library nor ``distributions``
    (with what they depend on) provide, with the distribution it comes from."""
    allowed = dependencies(distributions)
    provided = metadata.packages_distributions()
    found = {}
    for module in {m.split(".")[0] for m in modules}:
        if module in sys.stdlib_module_names or module in sys.builtin_module_names or module == "authoring":
            continue
        if module.startswith(("__editable__", "_sysconfigdata_", "_cython_", "_cyutility")) or module in INTERPRETER:
            continue  # how Python and the package are installed, not what a command imports
        owners = {_normal(d) for d in provided.get(module, [module])}
        if not owners & allowed:
            found[module] = ", ".join(sorted(owners))
    return found


@cache
def dependencies(distributions: tuple[str, ...]) -> frozenset[str]:
    """Return ``distributions`` and every distribution they require (extras left out), normalised."""
    seen: set[str] = set()
    todo = [_normal(d) for d in distributions]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            required = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [_normal(re.match(r"[A-Za-z0-9._-]+", r)[0]) for r in required if "extra ==" not in r]
    return frozenset(seen)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("command", BUDGETS)
def test_a_command_loads_nothing_outside_its_import_budget(workspace, command):
    args, distributions, own_forbidden, writes = BUDGETS[command]
    args = [a.format(**workspace) for a in args]

    code, modules = loaded_by(args)

    assert code == 0, f"kompass {' '.join(args)} exited {code}"
    assert all((workspace["tmp"] / path).is_file() for path in writes), args
    outside = outside_budget(modules, distributions)
    assert not outside, f"{command} loads libraries outside its budget: {', '.join(sorted(set(outside.values())))}"
    unused = sorted(m for m in modules if m.startswith(own_forbidden) and m not in NAMES_ONLY)
    assert not unused, f"{command} loads modules of the package it does not use: {', '.join(unused)}"


def _edited_copy(workspace, name: str) -> Path:
    """Return a copy of Kalix with one score changed, so that its build draws charts not in the cache."""
    folder = Path(shutil.copytree(workspace["inputs"] / "kalix-2012", workspace["tmp"] / name / "kalix-2012"))
    scores = folder / "scores.yaml"
    scores.write_text(scores.read_text(encoding="utf-8").replace('"1.4": ', '"1.4": 0 #', 1), encoding="utf-8")
    return folder


def test_a_build_that_draws_a_chart_loads_matplotlib_and_the_harness_sees_it(workspace):
    folder = _edited_copy(workspace, "drawing")  # built with another: no early drawer, the build draws itself

    code, modules = loaded_by(["build", str(folder), str(workspace["inputs"] / "norsjo-2015"), "--format", "pdf",
                               "--out", str(workspace["tmp"] / "drawn")])

    assert code == 0
    assert "matplotlib" in outside_budget(modules, (*SOURCE, *PDF))
    assert DRAWING in modules
    assert not [m for m in modules if m.startswith("mpl_toolkits.mplot3d")]  # no chart is 3D


def test_drawing_leaves_the_3d_toolkit_unloaded_without_a_warning_and_importable_after():
    code = ("import sys, authoring.charts.plots; assert 'mpl_toolkits.mplot3d' not in sys.modules; "
            "import mpl_toolkits.mplot3d")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert not done.stderr


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the early drawer is a forked child (Linux and BSD)")
def test_a_build_that_will_draw_leaves_matplotlib_to_its_early_drawer(workspace):
    folder = _edited_copy(workspace, "drawing-early")
    out = workspace["tmp"] / "drawn-early"

    code, modules = loaded_by(["build", str(folder), "--format", "pdf", "--out", str(out)])

    assert code == 0
    assert (out / "kalix-2012" / "kalix-2012.pdf").is_file()
    assert not outside_budget(modules, (*SOURCE, *PDF))
    assert DRAWING not in modules


# Standard modules that take longer to import than a cached build's charts: importlib.metadata (with
# email, for the packages' metadata), xml.sax.saxutils (urllib.request, http.client, ssl).
SLOW_STANDARD = ("importlib.metadata", "email", "urllib.request", "http.client", "ssl", "xml.sax")


@pytest.mark.parametrize("command", ["check", "build-pdf", "build-docx", "build-html"])
def test_a_command_whose_inputs_are_remembered_loads_no_slow_standard_module(workspace, command):
    args = [a.format(**workspace) for a in BUDGETS[command][0]]
    loaded_by(args)  # once, so that what it reads is remembered with the code as it is now

    code, modules = loaded_by(args)

    assert code == 0
    slow = sorted(m for m in modules if m.startswith(SLOW_STANDARD))
    assert not slow, f"{command} loads slow standard modules: {', '.join(slow)}"


def test_a_check_whose_inputs_are_remembered_imports_no_parser(workspace):
    args = [a.format(**workspace) for a in BUDGETS["check"][0]]
    loaded_by(args)

    code, modules = loaded_by(args)

    assert code == 0
    parsers = sorted(m for m in modules if m.split(".")[0] in ("yaml", "markdown_it", "linkify_it"))
    assert not parsers, f"check parses what it remembers: {', '.join(parsers)}"
