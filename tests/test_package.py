"""Kompass installs as a real package: the wheel holds every module and every template file.

``.ci/wheel-check`` (run by CI and ``make wheel-check``) installs that wheel in a fresh virtualenv
and runs new, check and build elsewhere; these tests check the wheel's contents quickly.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

from .conftest import ROOT


def _wheel(tmp_path) -> zipfile.ZipFile:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("kompass-*.whl")
    return zipfile.ZipFile(wheel)


def test_the_wheel_holds_every_module_and_every_template_file(tmp_path):
    names = set(_wheel(tmp_path).namelist())

    modules = {f"authoring/{p.relative_to(ROOT / 'authoring').as_posix()}" for p in (ROOT / "authoring").rglob("*.py")}
    data = {f"authoring/template_data/{p.relative_to(ROOT / 'templates').as_posix()}"
            for p in (ROOT / "templates").rglob("*") if p.is_file() and p.suffix in (".yaml", ".docx", ".html", ".css")}
    assert modules - names == set()
    assert data - names == set()
    assert "authoring/compose/__init__.py" in names and "authoring/template_data/frameworks/2010.yaml" in names
    assert "authoring/template_data/html/report.css" in names and "authoring/template_data/html/page.html" in names
    docs = {f"authoring/doc_data/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert docs and docs - names == set()  # kompass hjälp prints them where no repository is


def test_make_finds_any_python_of_at_least_3_11():
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "--eval", "print-python: ; @echo $(PYTHON)", "print-python"],
                            capture_output=True, text=True, check=True)
    python = result.stdout.strip()

    version = subprocess.run([python, "-c", "import sys; print(sys.version_info >= (3, 11))"],
                             capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "True"
