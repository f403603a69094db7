"""No data destroyed: what the probe of issue 20 found changed or deleted, each now refused or correct.

Families (the issue's names): *destroys* (a command changed or deleted data it should not touch),
*injection* (a value reached git as an option), *pull trust* (a DOCX without digests or of another
evaluation), *all or nothing* (a command that writes several files leaves all or none).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from authoring import safeio
from authoring.cli.commands import main

from .conftest import INPUTS, replace_in

NAME = "kalix-2012"


def kompass(*args: str, input: str | None = None):
    return CliRunner().invoke(main, [*args], input=input)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- destroys: the report's folder comes from the evaluation folder itself, never from the path typed --

def test_destroys_a_build_of_dotdot_writes_into_out_and_touches_nothing_beside_it(tmp_path, monkeypatch):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / "ev" / NAME))
    parent = tmp_path / "hem"
    (parent / "inaktuell").mkdir(parents=True)
    (parent / "inaktuell" / "brev.txt").write_text("användarens egen fil", encoding="utf-8")
    monkeypatch.chdir(folder / "notes")

    result = kompass("build", "..", "--out", os.path.relpath(parent / "rapporter"), "--format", "pdf")

    assert result.exit_code == 0, result.output
    assert (parent / "rapporter" / NAME / f"{NAME}.pdf").is_file()
    assert sorted(p.name for p in parent.iterdir()) == ["inaktuell", "rapporter"]
    assert (parent / "inaktuell" / "brev.txt").read_text(encoding="utf-8") == "användarens egen fil"


def test_destroys_a_build_of_dot_names_the_report_after_the_evaluation_folder(tmp_path, monkeypatch):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    monkeypatch.chdir(folder)

    result = kompass("build", ".", "--out", str(tmp_path / "rapporter"), "--format", "pdf")

    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "rapporter").iterdir()] == [NAME]
    assert (tmp_path / "rapporter" / NAME / f"{NAME}.pdf").is_file()


@pytest.mark.parametrize("out", ["parent", "campaign"])
def test_destroys_out_at_the_evaluations_parent_is_refused_and_nothing_is_written_among_the_inputs(tmp_path, out):
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    before = snapshot(inputs)
    target = inputs / "kampanj.yaml" if out == "campaign" else inputs / NAME

    result = kompass("build", str(target), "--out", str(inputs), "--format", "pdf")

    assert result.exit_code == 2
    assert "utvärderingsmappen" in result.output and "--out output" in result.output
    assert snapshot(inputs) == before


# -- injection: a revision reaches git as a revision, never as an option ---------------------------

@pytest.fixture
def repository(tmp_path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(INPUTS / NAME, repo / "inputs" / NAME)
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


@pytest.mark.parametrize("revision", ["--output={victim}", "-o{victim}", "--output", "-"])
def test_injection_a_revision_that_reads_as_a_git_option_is_refused_and_truncates_nothing(repository, tmp_path,
                                                                                          revision):
    victim = tmp_path / "viktig.txt"
    victim.write_text("innehåll som inte får försvinna", encoding="utf-8")

    result = kompass("diff", str(repository / "inputs" / NAME), f"--rev={revision.format(victim=victim)}")

    assert result.exit_code == 2
    assert "är ingen revision" in result.output
    assert victim.read_text(encoding="utf-8") == "innehåll som inte får försvinna"


def test_injection_a_revision_holding_a_symlink_out_of_the_tree_is_compared_without_a_traceback(repository):
    (repository / "inputs" / "utanför").symlink_to("/etc/passwd")
    subprocess.run(["git", "add", "."], cwd=repository, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "länk"], cwd=repository,
                   check=True)

    result = kompass("diff", str(repository / "inputs" / NAME), "--rev", "HEAD")

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output


# -- pull trust: a DOCX that cannot show what changed since the build is refused -------------------

def without_custom_properties(docx: Path, dest: Path) -> Path:
    """Write ``docx`` to ``dest`` without its custom properties part (and the references to it)."""
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/custom.xml":
                continue
            if item.filename in ("_rels/.rels", "[Content_Types].xml"):
                text = data.decode()
                text = re.sub(r'<Relationship [^>]*Target="docProps/custom.xml"/>', "", text)
                text = re.sub(r'<Override [^>]*PartName="/docProps/custom.xml"[^>]*/>', "", text)
                assert "custom.xml" not in text
                data = text.encode()
            target.writestr(item, data)
    return dest


@pytest.fixture
def built(tmp_path, kalix_reports) -> tuple[Path, Path]:
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    return folder, out / f"{NAME}.docx"


def test_pull_trust_a_docx_without_digests_is_refused_and_the_notes_stay(built, tmp_path):
    folder, docx = built
    bare = without_custom_properties(docx, tmp_path / f"{NAME}.docx")
    replace_in(folder / "notes" / "area-1.md", "Kalix", "Kalix (ändrat efter bygget)")
    before = snapshot(folder)

    result = kompass("pull", str(bare), str(folder), "--yes")

    assert result.exit_code == 2
    assert "saknar de kontrollsummor" in result.output and "--force" in result.output
    assert snapshot(folder) == before


def test_pull_trust_forced_without_digests_every_changed_region_is_asked_for(built, tmp_path):
    folder, docx = built
    replace_in(folder / "notes" / "area-1.md", "Kalix", "Kalix (ändrat efter bygget)")
    bare = without_custom_properties(docx, tmp_path / f"{NAME}.docx")
    before = snapshot(folder)

    result = kompass("pull", str(bare), str(folder), "--force", input="n\n" * 20)

    assert result.exit_code == 0, result.output
    assert "saknar kontrollsummor" in result.output and "0 av 1 avsnitt skrevs" in result.output
    assert snapshot(folder) == before


def test_pull_trust_the_docx_of_another_evaluation_is_refused(tmp_path, kalix_reports):
    kalix, _ = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    norsjo = Path(shutil.copytree(INPUTS / "norsjo-2015", tmp_path / "inputs" / "norsjo-2015"))
    assert kompass("build", str(norsjo), "--out", str(tmp_path / "out"), "--format", "docx").exit_code == 0
    before = snapshot(kalix)

    result = kompass("pull", str(tmp_path / "out" / "norsjo-2015" / "norsjo-2015.docx"), str(kalix), "--yes")

    assert result.exit_code == 2
    assert "Norsjö" in result.output and "inte" in result.output and "Kalix" in result.output
    assert snapshot(kalix) == before


# -- all or nothing ---------------------------------------------------------------------------------

def test_all_or_nothing_a_pull_that_fails_on_one_file_writes_none(built, monkeypatch):
    folder, docx = built
    document = Document(str(docx))
    for paragraph in document.paragraphs:
        if "Kalix" in paragraph.text and paragraph.style.name == "Normal":
            paragraph.runs[0].text = "Korrekturläst: " + paragraph.runs[0].text
    table = document.tables[-1]  # Kortfakta, pulled into evaluation.yaml
    table.rows[1].cells[1].paragraphs[0].runs[0].text = "4711"
    document.save(str(docx))
    before = snapshot(folder)
    real, moved = os.replace, []

    def failing(src, dst):
        if os.path.basename(dst).startswith(".kompass-") or len(moved) > 1 \
                or str(dst).startswith(os.environ["KOMPASS_CACHE"]):  # journals, the rollback, the cache
            return real(src, dst)
        if len(moved) == 1:
            moved.append("failed")
            raise OSError(28, "No space left on device")
        moved.append(dst)
        real(src, dst)

    monkeypatch.setattr(safeio.os, "replace", failing)

    result = kompass("pull", str(docx), str(folder), "--yes")

    assert len(moved) == 2 and result.exit_code == 2, result.output
    assert "disken är full" in result.output
    monkeypatch.setattr(safeio.os, "replace", real)
    assert snapshot(folder) == before


KILLED = """
import os, sys
from pathlib import Path
from authoring import safeio
moves = [(Path(a), Path(b)) for a, b in zip(sys.argv[1::2], sys.argv[2::2])]
real, count = os.replace, []
def dying(src, dst):
    if os.path.basename(dst).startswith(".kompass-journal-"):
        return real(src, dst)
    if len(count) == 1:
        os._exit(9)  # killed after the first move: no finally, no cleanup
    count.append(dst)
    real(src, dst)
safeio.os.replace = dying
safeio.replace_all(moves)
"""


def test_all_or_nothing_a_kill_between_two_moves_is_completed_by_the_next_run(tmp_path):
    moves = []
    for folder, name in (("inputs/a", "scores.yaml"), ("inputs/b", "scores.yaml"), ("inputs/b/notes", "area-1.md")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / name).write_text("gammal", encoding="utf-8")
        tmp = tmp_path / folder / f".kompass-999999-{len(moves)}.tmp"
        tmp.write_text("ny", encoding="utf-8")
        moves.append((tmp, tmp_path / folder / name))

    killed = subprocess.run([sys.executable, "-c", KILLED, *[str(p) for move in moves for p in move]])
    texts = [dest.read_text(encoding="utf-8") for _, dest in moves]
    safeio.recover(tmp_path / "inputs" / "b" / "notes")

    assert killed.returncode == 9 and texts == ["ny", "gammal", "gammal"]
    assert [dest.read_text(encoding="utf-8") for _, dest in moves] == ["ny", "ny", "ny"]
    assert [p.name for p in tmp_path.rglob(".kompass-*")] == []


def test_all_or_nothing_a_docx_that_cannot_be_written_leaves_no_lone_new_pdf(tmp_path, kalix_reports):
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    pdf_before = (out / f"{NAME}.pdf").read_bytes()
    (out / f"{NAME}.docx").unlink()
    (out / f"{NAME}.docx").mkdir()
    replace_in(folder / "scores.yaml", '"1.3": 5', '"1.3": 4')

    result = kompass("build", str(folder), "--out", str(tmp_path / "out"))

    assert result.exit_code == 2, result.output
    assert (out / f"{NAME}.pdf").read_bytes() == pdf_before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".kompass-")) == []


def test_all_or_nothing_a_name_too_long_for_the_docx_leaves_no_pdf(tmp_path):
    long_name = "k" * 251  # the PDF's name (255 characters) fits, the DOCX's (256) does not
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / long_name))

    result = kompass("build", str(folder), "--out", str(tmp_path / "out"))

    assert result.exit_code == 2, result.output
    assert "namnet är för långt" in result.output
    assert [p.name for p in (tmp_path / "out" / long_name).iterdir()] == []
