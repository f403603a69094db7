"""Empty means absent (issue 26, point 2): an empty sentence or standard text leaves its paragraph out,
and an empty heading, label or title is an error with its file and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx

from authoring.builder.plan import ready
from authoring.compose import compose
from authoring.model import Paragraph
from authoring.source.evaluation import read_evaluation

from .conftest import INPUTS, line_of


def with_texts(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "kalix-2012"))
    lines = "".join(f'  {name}: "{value}"\n' for name, value in texts.items())
    with open(folder / "evaluation.yaml", "a", encoding="utf-8") as file:
        file.write("texts:\n" + lines)
    return folder


def empty_paragraphs(report) -> int:
    return sum(isinstance(b, Paragraph) and not "".join(r.text for r in b.runs).strip() for b in report.blocks)


def test_an_empty_sentence_or_standard_text_leaves_no_empty_paragraph(tmp_path):
    folder = with_texts(tmp_path, {"sentences.total": "", "texts.evaluation_method": "", "sentences.area_score": ""})
    default = compose(ready(INPUTS / "kalix-2012"))

    report = compose(ready(folder))

    assert empty_paragraphs(report) == 0
    texts = [" ".join(r.text for r in b.runs) for b in report.blocks if isinstance(b, Paragraph)]
    assert not any("uppnår" in text and "möjliga poäng" in text for text in texts)  # sentences.total is gone
    assert len(report.blocks) < len(default.blocks)


def blank_paragraphs(path: Path) -> int:
    """Count the body's paragraphs with no text, no picture and no break (a blank line on the page)."""
    document = docx.Document(str(path))
    return sum(1 for p in document.paragraphs if not p.text.strip() and p._p.getparent() is document.element.body
               and not p._p.xpath(".//w:drawing|.//w:br|.//w:sectPr"))


def test_the_docx_has_no_blank_line_where_a_text_was_emptied(tmp_path):
    folder = with_texts(tmp_path, {"texts.evaluation_method": "", "sentences.area_score": ""})
    for source, out in ((INPUTS / "kalix-2012", tmp_path / "default"), (folder, tmp_path / "emptied")):
        done = subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "build", str(source),
                               "--out", str(out), "--format", "docx"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    assert blank_paragraphs(tmp_path / "emptied" / "kalix-2012" / "kalix-2012.docx") == \
        blank_paragraphs(tmp_path / "default" / "kalix-2012" / "kalix-2012.docx")


def test_an_empty_heading_is_an_error_with_its_file_and_line(tmp_path):
    folder = with_texts(tmp_path, {"headings.comparisons": "", "areas.3.title": " "})

    _, problems = read_evaluation(folder)

    messages = [(Path(p.file).name, p.line, p.message) for p in problems.errors]
    yaml = folder / "evaluation.yaml"
    assert ("evaluation.yaml", line_of(yaml, "headings.comparisons"),
            "headings.comparisons: en rubrik, etikett eller titel kan inte vara tom: ta bort raden (då gäller förvalet) "
            "eller skriv en text, eller lämna bort delen den är rubrik för (summary.comparisons i report.yaml)") \
        in messages
    assert any(m.startswith("areas.3.title: en rubrik") for _, _, m in messages)
