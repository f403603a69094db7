"""Compose: the one document model of a report built from an evaluation (``compose``), and the facts it decides.

Every number, every generated sentence, the chapter numbering and every chart specification is
decided here; writers only lay the result out. Other wings also use what a draft lacks
(``completeness``, ``draft``), the score profiles (``profiles``) and the shared state (``context``).
"""

from __future__ import annotations

from ..source.evaluation import Evaluation
from ..model import Block, Metadata, PageBreak, Paragraph, Report
from ..reproducible import document_date
from ..rounding import display_policy
from ..templates import fill
from .context import Context
from .front import closing_matter, front_matter, what_is
from .summary import summary_chapter
from .areas import areas_chapter
from .appendix import appendix_chapter, kortfakta_chapter
from .draft import todo_chapter, todo_items
from .placeholders import fill_placeholders

# The chapters a house style can order (``layout.chapters`` in report.yaml), by name.
CHAPTERS = {"what_is": what_is, "summary": summary_chapter, "areas": areas_chapter, "appendix": appendix_chapter,
            "kortfakta": kortfakta_chapter}

__all__ = ["compose", "completeness", "context", "draft", "profiles"]


def compose(evaluation: Evaluation) -> Report:
    """Return the complete report of ``evaluation`` as a document model."""
    context = Context(evaluation)
    with display_policy(context.texts["numbers"]):
        blocks = _blocks(context)
        todo = todo_items(context)
    context.keep_texts()
    watermark = context.texts["draft"]["mark"] if todo else ""
    return Report(_metadata(context), tuple(blocks), tuple(context.charts), todo, watermark, context.evaluation.images)


def _blocks(context: Context) -> list[Block]:
    """Return the report's blocks: the front matter, the house style's chapters, the closing matter and
    a draft's Att göra, each chapter from a new page."""
    layout = context.layout
    blocks: list[Block] = list(front_matter(context))
    for name in layout["chapters"]:
        content = CHAPTERS[name](context)
        if content:
            blocks += [PageBreak(), *content]
    closing = closing_matter(context)
    if closing:
        blocks += [PageBreak(), *closing] if layout["closing"] == "own_page" else closing
    content = todo_chapter(context)
    if content:
        blocks += [PageBreak(), *content]
    return [block for block in fill_placeholders(context, tuple(blocks)) if not _empty(block)]


def _empty(block: Block) -> bool:
    """Return True for a paragraph with no text: a sentence or text whose own wording is empty is absent."""
    return isinstance(block, Paragraph) and not "".join(run.text for run in block.runs).strip()


def _metadata(context: Context) -> Metadata:
    texts = context.texts
    evaluation = context.evaluation
    authors = ", ".join(a.name for a in evaluation.meta.authors) or "Kompass"
    return Metadata(
        title=f"{texts['title']}: {fill(texts['subtitle'], **context.names)} {evaluation.meta.year}",
        subject=f"Kommunkompassen {evaluation.meta.year}, {evaluation.official_name}",
        author=authors,
        date=document_date(evaluation.meta.evaluated, evaluation.meta.year),
    )
