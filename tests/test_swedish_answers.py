"""Everything the evaluator types and reads at the terminal is Swedish: j/ja/n/nej answers, click's
own words, YAML and PDF errors, singular and plural (issue 21, point 1)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from authoring.cli.commands import main

from .conftest import INPUTS

NAME = "kalix-2012"
REWORDED = ("Kalix arbete med information och demokratiutveckling finns inte fastslagen",
            "Kalix arbete med information och demokratiutveckling är inte fastställt")
ENGLISH = re.compile(r"\b(error|invalid|not found|integer|range|mapping|trailer|package)\b", re.IGNORECASE)


def kompass(*args: str, input: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def edited(tmp_path, kalix_reports) -> tuple[Path, Path]:
    """Return Kalix and its DOCX with one paragraph reworded, as a proofreader would."""
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    docx = out / f"{NAME}.docx"
    document = Document(str(docx))
    paragraph = next(p for p in document.paragraphs if REWORDED[0] in p.text)
    for run in paragraph.runs:
        run.text = run.text.replace(REWORDED[0], REWORDED[1])
    document.save(str(docx))
    return folder, docx


@pytest.mark.parametrize("answer", ["j", "ja", "J", "JA", "Ja", "y"])
def test_pull_takes_a_swedish_yes(edited, answer):
    folder, docx = edited

    result = kompass("pull", docx, folder, input=f"{answer}\n")

    assert result.exit_code == 0, result.output
    assert "[j/N]" in result.output and "[y/N]" not in result.output
    assert REWORDED[1] in (folder / "notes" / "area-1.md").read_text(encoding="utf-8")
    assert "invalid" not in result.output.lower()


@pytest.mark.parametrize("answer", ["n", "nej", "NEJ", ""])
def test_pull_takes_a_swedish_no_and_empty_means_no(edited, answer):
    folder, docx = edited
    before = (folder / "notes" / "area-1.md").read_bytes()

    result = kompass("pull", docx, folder, input=f"{answer}\n")

    assert result.exit_code == 0, result.output
    assert "inget skrevs" in result.output
    assert (folder / "notes" / "area-1.md").read_bytes() == before


def test_pull_asks_again_after_an_answer_it_does_not_know(edited):
    folder, docx = edited

    result = kompass("pull", docx, folder, input="kanske\nja\n")

    assert "Svara j (ja) eller n (nej)." in result.output
    assert REWORDED[1] in (folder / "notes" / "area-1.md").read_text(encoding="utf-8")


def bad_inputs(root: Path) -> list[tuple[str, ...]]:
    """Return commands with bad arguments and bad files, one per way an evaluator gets them wrong."""
    good = Path(shutil.copytree(INPUTS / NAME, root / "inputs" / NAME))
    broken = Path(shutil.copytree(INPUTS / NAME, root / "inputs" / "trasig-2012"))
    text = (broken / "evaluation.yaml").read_text(encoding="utf-8")
    (broken / "evaluation.yaml").write_text(text.replace("municipality: Kalix", "municipality: Kalix: x"),
                                            encoding="utf-8")
    (root / "skräp.pdf").write_bytes(b"%PDF-1.7\nskr\xe4p utan slut")
    (root / "skräp.docx").write_bytes(b"ingen zip")
    with zipfile.ZipFile(root / "zip.docx", "w") as package:
        package.writestr("a.txt", "inget Word-dokument")
    shutil.copy(root / "zip.docx", root / "zip.xlsx")
    (root / "blad.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (root / "tal.csv").write_text("kommun;år;fråga;poäng\nKalix;tjugo;1.1;x\n", encoding="utf-8")
    return [
        ("new", "Bjurholm", "tjugo"), ("new", "Bjurholm", "1800"), ("new",),
        ("check", broken), ("check", root / "finns-ej"), ("check",),
        ("status", root / "finns-ej"), ("build", good, "--format", "foo"), ("build", broken),
        ("build", good, "--nej"), ("batch", good, "--jobs", "0"), ("batch", good, "--jobs", "tre"),
        ("pull", root / "skräp.pdf", good), ("pull", root / "skräp.docx", good), ("pull", root / "zip.docx", good),
        ("pull", root / "finns-ej.docx", good), ("diff", good), ("diff", good, root / "finns-ej"),
        ("import-scores", root / "zip.xlsx"), ("import-scores", root / "skräp.pdf"),
        ("import-scores", root / "blad.csv"), ("import-scores", root / "tal.csv"),
        ("import-scores", root / "finns-ej.xlsx"), ("texts", "--framework", "1999"),
        ("check-pdf", root / "skräp.pdf"), ("check-pdf", root / "finns-ej.pdf"),
        ("studio", "--port", "tio"), ("studio", "--port", "70000"), ("studio", "--host", "0.0.0.0"),
        ("kommando",), ("schema", "extra"),
    ]


def test_commands_speak_swedish_to_bad_arguments_and_bad_files(tmp_path):
    root = tmp_path / "svenska"
    root.mkdir()

    printed = {" ".join(str(a) for a in args): kompass(*args, "--out", root / "ut")
               if args[0] in ("build", "batch") else kompass(*args) for args in bad_inputs(root)}

    english = {command: result.output for command, result in printed.items() if ENGLISH.search(result.output)}
    assert not english, english
    assert all(result.exit_code != 0 for result in printed.values()), {
        c: r.output for c, r in printed.items() if r.exit_code == 0}
    assert not [c for c, r in printed.items() if r.exception and not isinstance(r.exception, SystemExit)]


def test_yaml_errors_and_damaged_pdfs_are_explained_in_swedish(tmp_path):
    root = tmp_path / "svenska"
    root.mkdir()
    bad_inputs(root)

    checked = kompass("check", root / "inputs" / "trasig-2012")
    pdf = kompass("check-pdf", root / "skräp.pdf")

    assert "evaluation.yaml:" in checked.output and "är inte giltig YAML (ett kolon där inget nytt värde" in checked.output
    assert "[läsbar] filen går inte att läsa som PDF (den är skadad eller ingen PDF)" in pdf.output
    assert "_io" not in pdf.output


def test_one_warning_is_singular(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    scores = folder / "scores.yaml"
    text = scores.read_text(encoding="utf-8")
    scores.write_text(re.sub(r'^(\s*"?1\.1"?:)\s*\S+', r"\1", text, count=1, flags=re.M), encoding="utf-8")

    result = kompass("check", folder)

    assert "(0 fel, 1 varning)" in result.output, result.output


def test_one_imported_score_is_singular(tmp_path):
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    sheet = tmp_path / "poäng.csv"
    sheet.write_text("kommun;år;fråga;poäng\nKalix;2012;1.1;3\n", encoding="utf-8")

    result = kompass("import-scores", sheet, "--inputs", inputs, "--yes")  # 1.1 was 5.25: --yes, not asked

    assert result.exit_code == 0, result.output
    assert "1 poäng inläst" in result.output and "inlästa" not in result.output


def test_a_drafts_todo_names_the_evaluators_text_in_swedish(tmp_path):
    result = kompass("new", "Bjurholm", "2026", "--inputs", tmp_path)
    built = kompass("build", tmp_path / "bjurholm-2026", "--out", tmp_path / "ut", "--format", "html")

    assert result.exit_code == 0 and built.exit_code == 0, built.output
    page = (tmp_path / "ut" / "bjurholm-2026" / "bjurholm-2026.html").read_text(encoding="utf-8")
    assert "utvärderarens text saknas" in page and "evaluatorns" not in page
