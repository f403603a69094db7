"""Chapter 4 (the score breakdown per question) and chapter 5 (Kortfakta)."""

from __future__ import annotations

from .. import regions
from ..model import Block, Region, Table, text_cell
from ..swedish import number, percent, points
from ..templates import fill
from .context import Context, sentence, table_anchor


def appendix_chapter(context: Context) -> list[Block]:
    """Return the chapter with one table per area: id, question, achieved, max, percent."""
    evaluation = context.evaluation
    framework = evaluation.framework
    scores = evaluation.scores
    title = fill(context.texts["chapters"]["appendix"], appendix_title=framework.labels.appendix_title)
    sentences = context.texts["sentences"]
    if scores.total is None:
        total = fill(sentences["appendix_total_incomplete"], bedömda=scores.scored, alla=scores.count)
    else:
        total = fill(sentences["appendix_total"], **context.names, poäng=points(scores.total),
                     max=number(scores.max), procent=percent(scores.total * 100 / scores.max))
    parts = {"intro": lambda: context.standard_text(framework.texts.appendix_intro),
             "tables": lambda: [_area_table(context, area_score) for area_score in scores.areas],
             "total": lambda: [sentence(total)]}
    return [context.chapter_heading(title, "appendix"), *(b for name in context.layout["appendix"] for b in parts[name]())]


def _area_table(context: Context, score) -> Table:
    achieved, maximum, share = context.evaluation.framework.labels.appendix_columns
    draft = context.texts["draft"]
    missing = draft["missing"]
    area = score.area
    header = (text_cell(f"{area.number}."), text_cell(area.table_title or area.title),
              text_cell(achieved, "right"), text_cell(maximum, "right"), text_cell(share, "right"))
    rows = [(text_cell(q.question.id), text_cell(q.question.text),
             text_cell(points(shown) if shown is not None else missing, "right"),
             text_cell(number(q.question.max), "right"),
             text_cell(percent(q.percent) if q.percent is not None else missing, "right"))
            for q, shown in zip(score.questions, score.shown_questions)]
    label = context.texts["headings"]["total_row"]
    if score.achieved is None:
        label += f" ({fill(draft['score_note'], bedömda=score.scored, alla=len(score.questions))})"
    if context.layout["appendix_table"]["total_row"]:
        rows.append((text_cell(""), text_cell(label),
                     text_cell(missing if score.achieved is None else points(score.achieved), "right"),
                     text_cell(number(score.max), "right"),
                     text_cell(missing if score.percent is None else percent(score.percent), "right")))
    # The number columns hold their headings unbroken ("Max-poäng" of the 2007 framework included).
    return Table(header, tuple(rows), (0.6, 5.3, 1.2, 1.4, 1.2), total=context.layout["appendix_table"]["total_row"], caption=area_table_name(context, area),
                 anchor=table_anchor(f"area-{area.number}"), row_header=1)


def area_table_name(context: Context, area) -> str:
    """Return the name of the appendix table of ``area`` (the question scores)."""
    return fill(context.texts["tables"]["appendix"], nummer=area.number, titel=area.table_title or area.title)


def kortfakta_chapter(context: Context) -> list[Block]:
    """Return the Kortfakta chapter, or nothing when the evaluation has no Kortfakta."""
    evaluation = context.evaluation
    rows = evaluation.meta.kortfakta
    if not rows:
        return []
    headings = context.texts["headings"]
    table = Table((text_cell(headings["kortfakta_label"]), text_cell(headings["kortfakta_value"])),
                  tuple((text_cell(r.label), text_cell(r.value)) for r in rows), (1.0, 1.0),
                  caption=fill(context.texts["tables"]["kortfakta"], **context.names), row_header=0)
    title = fill(context.texts["chapters"]["kortfakta"], **context.names)
    return [context.chapter_heading(title, "kortfakta"), Region(regions.KORTFAKTA, (table,))]
