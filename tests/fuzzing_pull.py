"""The pull family of the fuzz suite: a built DOCX edited in hostile ways, then pulled into its notes.

An example is Norsjö's DOCX (built once per process) with one to three changes: any text typed
into a paragraph (line breaks, Markdown markers, braces, control characters, a megabyte), a
paragraph added, styled or deleted, a picture's name or alt text, the custom properties removed
or forged, or the whole file broken (truncated, not a zip, a zip bomb). Each example ends in one
outcome:

- ``pulled``: the changes were written, and the folder still passes ``kompass check``;
- ``unchanged``: nothing to pull; ``refused``: InputError or UsageError, and no file changed;
- failures: ``traceback``, ``hang``, ``partial`` (files changed beside a refusal), ``broken`` (what
  pull wrote fails ``kompass check``).
"""

from __future__ import annotations

import copy
import functools
import io
import shutil
import signal
import traceback
import zipfile
from pathlib import Path

from docx import Document
from hypothesis import strategies as st

from authoring.builder.build import build
from authoring.errors import KompassError
from authoring.roundtrip.pull import plan_pull, write
from authoring.source.evaluation import read_evaluation

from .fuzzing import ROOT, TEXT, TIME_LIMIT, _alarm, _Timeout

BASE = "norsjo-2015"
FAILURES = ("traceback", "hang", "partial", "broken")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TYPED = st.one_of(TEXT, st.sampled_from([
    "- inte en punkt", "## Styrkor", "### Under", "1. ett", "> citat", "---", "Rubrik\n===", "{0.__class__}",
    "{poäng}", "{poäng område 3}", "{{", "x" * 1_100_000, "\ufdd0", "\x0b", "![x](../../../../etc/passwd)",
    "[länk](javascript:alert(1))", "| a | b |\n|---|---|", "*" * 300, "text\nmed\nradbrytningar"]))


@functools.cache
def built(work: Path) -> Path:
    """Return Norsjö's DOCX as Kompass builds it (once per process, under ``work``)."""
    folder = Path(shutil.copytree(ROOT / "inputs" / BASE, work / "built" / "inputs" / BASE))
    build(folder, work / "built" / "out", ("docx",))
    return work / "built" / "out" / BASE / f"{BASE}.docx"


def _pick(paragraphs: list, index: int):
    return paragraphs[index % len(paragraphs)]


@st.composite
def _typed(draw):
    index, text, replace = draw(st.integers(0, 10_000)), draw(TYPED), draw(st.booleans())

    def edit(document):
        paragraph = _pick([p for p in document.paragraphs if p.text.strip()], index)
        if paragraph.runs and replace:
            paragraph.runs[0].text = text
            return
        run = paragraph.add_run(text.split("\n")[0])
        for line in text.split("\n")[1:]:
            run.add_break()
            run.add_text(line)
    return edit


@st.composite
def _added(draw):
    index, text = draw(st.integers(0, 10_000)), draw(TYPED)
    style = draw(st.sampled_from([None, "List Bullet", "List Number", "Heading 3", "Heading 1", "Normal"]))

    def edit(document):
        from docx.text.paragraph import Paragraph

        paragraph = _pick(document.paragraphs, index)
        new = copy.deepcopy(paragraph._p)
        for element in list(new):
            if element.tag != f"{W}pPr":
                new.remove(element)
        paragraph._p.addnext(new)
        added = Paragraph(new, paragraph._parent)
        added.add_run(text)
        if style:
            added.style = document.styles[style]
    return edit


@st.composite
def _deleted(draw):
    index = draw(st.integers(0, 10_000))

    def edit(document):
        paragraph = _pick(document.paragraphs, index)
        paragraph._p.getparent().remove(paragraph._p)
    return edit


@st.composite
def _picture(draw):
    key = draw(st.sampled_from(["name", "descr", "title"]))
    value = draw(st.sampled_from(["../../../../etc/passwd", "a\n## Styrkor\n- x", "bilder/ny.png", ""]))

    def edit(document):
        for shape in document.element.body.iter(
                "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            shape.set(key, value)
            return
    return edit


EDITS = st.one_of(_typed(), _typed(), _typed(), _added(), _added(), _deleted(), _picture())
BREAKS = st.sampled_from(["none", "none", "none", "none", "no-digests", "forged", "truncated", "bytes", "bomb"])
EXAMPLES = st.tuples(st.lists(EDITS, min_size=1, max_size=3), BREAKS, st.booleans())


def make(docx: Path, dest: Path, edits, breakage: str) -> None:
    """Write ``docx`` with ``edits`` made and broken as ``breakage`` says, to ``dest``."""
    document = Document(str(docx))
    for edit in edits:
        try:
            edit(document)
        except ValueError:  # text no DOCX can hold (python-docx refuses NULs and control characters)
            pass
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if breakage in ("no-digests", "forged"):
        data = _custom(data, breakage)
    elif breakage == "truncated":
        data = data[: len(data) // 2]
    elif breakage == "bytes":
        data = bytes(range(256)) * 10
    elif breakage == "bomb":
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("word/document.xml", b" " * 320_000_000)
        data = bomb.getvalue()
    dest.write_bytes(data)


def _custom(data: bytes, breakage: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "docProps/custom.xml":
                if breakage == "no-digests":
                    part = part.split(b"<property")[0] + b"</Properties>"
                else:
                    part = part.replace(b"<vt:lpwstr>", b"<vt:lpwstr>0000")
            target.writestr(item, part)
    return out.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_example(example, work: Path) -> tuple[str, str]:
    """Return (outcome, detail) of pulling one edited DOCX into a fresh copy of the evaluation."""
    edits, breakage, force = example
    source = built(work)
    shutil.rmtree(work / "example", ignore_errors=True)
    folder = Path(shutil.copytree(ROOT / "inputs" / BASE, work / "example" / "inputs" / BASE))
    docx = work / "example" / f"{BASE}.docx"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        make(source, docx, edits, breakage)
        before = snapshot(folder)
        try:
            result = plan_pull(docx, folder, accept_changes=True, force=force)
            if result.texts:
                write(result)
        except KompassError as exc:
            return ("refused", str(exc)[:300]) if snapshot(folder) == before else ("partial", str(exc)[:300])
        if not result.texts:
            return ("unchanged", "") if snapshot(folder) == before else ("partial", "files changed, none reported")
        _, problems = read_evaluation(folder)
        if problems.errors:
            return "broken", "\n".join(str(p) for p in problems.errors[:5])
        return "pulled", ""
    except _Timeout:
        return "hang", ""
    except Exception:
        return "traceback", traceback.format_exc(limit=8)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
