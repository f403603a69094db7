"""Chapter 3: one section per area with score box, standard text, notes, chart and lists."""

from __future__ import annotations

from ..model import (Block, BulletList, Cell, ChartSeries, ChartSpec, PageBreak, Paragraph, Region, Run, ScoreBox,
                     Table, text_cell)
from .. import regions
from ..source.notes import Notes
from ..rounding import rounded_points
from ..source.scores import AreaScore
from ..swedish import number, percent, points, word_list
from ..templates import fill
from .appendix import area_table_name
from .context import Context, sentence, table_anchor

LIST_KEYS = (("Styrkor", "strengths", "styrkor"),
             ("Förbättringsmöjligheter", "improvements", "forbattringar"),
             ("Svagheter", "weaknesses", "svagheter"))


def areas_chapter(context: Context) -> list[Block]:
    """Return chapter 3 with every area."""
    blocks: list[Block] = [context.chapter_heading(context.texts["chapters"]["areas"], "areas")]
    for index, area_score in enumerate(context.evaluation.scores.areas):
        if index:
            blocks.append(PageBreak())
        blocks += _area(context, area_score, context.evaluation.notes[area_score.area.number])
    return blocks


def _area(context: Context, score: AreaScore, notes: Notes) -> list[Block]:
    area = score.area
    labels = context.evaluation.framework.labels
    own = _own_wording(context, area.number)
    title = fill(own.get("heading") or context.texts["headings"]["area"], nummer=area.number, titel=area.title)
    parts = {
        "score_box": lambda: [_score_box(context, score)],
        "general_heading": lambda: [context.heading(3, labels.general_heading)],
        "general": lambda: context.standard_text(area.general),
        "score_sentence": lambda: [_score_sentence(context, score)],
        "notes": lambda: _notes(context, area.number, notes, title),
        "question_chart": lambda: _question_chart(context, score),
        "lists": lambda: [table] if (table := _lists_table(context, area.number, notes)) else [],
    }
    return [context.heading(2, title), *(block for name in context.layout["area"] for block in parts[name]())]


def _own_wording(context: Context, number_: int) -> dict[str, str]:
    """Return the house style's own heading and score sentence of area ``number_`` (``layout.per_area``)."""
    return {key: value for key, value in (context.layout["per_area"].get(number_) or {}).items() if value is not None}


def _notes(context: Context, number_: int, notes: Notes, title: str) -> list[Block]:
    """Return the evaluator's text of an area: before its first heading, then each section."""
    blocks: list[Block] = []
    if notes.intro:
        blocks.append(context.region(regions.intro(number_), notes.intro, title))
    for index, section in enumerate(notes.sections, 1):
        blocks += [context.heading(3, section.heading),
                   context.region(regions.section(number_, index), section.blocks, section.heading)]
    return blocks


def _score_box(context: Context, score: AreaScore) -> ScoreBox:
    """Return the box with the Rubriker and the area score, or the state of an incomplete area."""
    labels = context.evaluation.framework.labels
    draft = context.texts["draft"]
    caption = fill(context.texts["tables"]["score_box"], rubriker=labels.area_box_heading,
                   poäng=labels.area_box_score.lower(), nummer=score.area.number)
    if score.achieved is None:
        note = fill(draft["score_note"], bedömda=score.scored, alla=len(score.questions))
        return ScoreBox(labels.area_box_heading, labels.area_box_score, score.area.rubriker, draft["missing"], note,
                        caption)
    return ScoreBox(labels.area_box_heading, labels.area_box_score, score.area.rubriker, points(score.achieved),
                    caption=caption)


def _score_sentence(context: Context, score: AreaScore) -> Paragraph:
    """Return the sentence that states the area score and any change since an earlier evaluation.

    An incomplete area gets no score and no comparison, only how far its scoring has come.
    """
    sentences = context.texts["sentences"]
    area = score.area
    if score.achieved is None:
        return sentence(fill(sentences["area_incomplete"], bedömda=score.scored, alla=len(score.questions)))
    pattern = _own_wording(context, area.number).get("score_sentence", sentences["area_score"])
    parts = [fill(pattern, område=area.title.lower(), poäng=points(score.achieved),
                  max=number(score.max), procent=percent(score.percent))]
    earlier = [p for p in context.comparisons
               if p.role == "earlier" and p.framework == context.evaluation.framework.version]
    if earlier and earlier[-1].scores[area.number - 1] is not None:
        last = earlier[-1]
        # The change between the two values as shown, so the sentence agrees with the tables.
        change = rounded_points(score.achieved) - rounded_points(last.scores[area.number - 1])
        key = "area_change_up" if change > 0 else "area_change_down" if change < 0 else "area_change_none"
        parts.append(fill(sentences[key], skillnad=points(abs(change)), år=last.year))
    return sentence(*parts)


def _question_chart(context: Context, score: AreaScore) -> list[Block]:
    figures = context.texts["figures"]
    area = score.area
    shown = tuple(percent(q.percent) if q.percent is not None else figures["not_scored"] for q in score.questions)
    chart = ChartSpec(
        key=f"area-{area.number}", kind="hbars",
        categories=tuple(fill(figures["question"], id=q.question.id) for q in score.questions),
        series=(ChartSeries(area.title, tuple(None if q.percent is None else float(q.percent)
                                              for q in score.questions), "subject"),),
        value_max=100.0, value_labels=shown, axis_label=figures["axis_share"],
        missing_label=figures["not_scored_legend"],
    )
    values = "; ".join(fill(figures["alt_value"], namn=c.lower(), värde=v) for c, v in zip(chart.categories, shown))
    appendix = fill(context.texts["chapters"]["appendix"],
                    appendix_title=context.evaluation.framework.labels.appendix_title)
    table = fill(figures["alt_area_table"], nummer=area.number, kapitel=appendix)
    return context.figure_block(chart, fill(figures["area"], nummer=area.number),
                                fill(figures["alt_area"], nummer=area.number, värden=values, tabell=table),
                                (area_table_name(context, area), table_anchor(f"area-{area.number}")), width=0.75)


def _lists_table(context: Context, number_: int, notes: Notes) -> Table | None:
    """Return the Styrkor | Förbättringsmöjligheter (| Svagheter) table, or None if all are empty."""
    labels = dict(context.evaluation.framework.labels)  # its fields (a model_dump builds pydantic's serializer)
    present = [(key, label_key, slug) for key, label_key, slug in LIST_KEYS
               if notes.lists.get(key) or key != "Svagheter"]
    if not any(notes.lists.get(key) for key, _, _ in present):
        return None
    names = [labels[label_key] for _, label_key, _ in present]
    header = tuple(text_cell(name) for name in names)
    missing = {gap.items[0] for gap in context.gaps if gap.kind == "no_list" and gap.area == number_}
    row = tuple(_list_cell(context, number_, key, notes, key in missing) for key, _, _ in present)
    caption = fill(context.texts["tables"]["lists"], nummer=number_,
                   listor=word_list([names[0], *(name.lower() for name in names[1:])]))
    return Table(header, (row,), tuple(1.0 for _ in present), keep_together=False, caption=caption)


def _list_cell(context: Context, number_: int, key: str, notes: Notes, missing: bool) -> Cell:
    """Return the cell of list ``key``: its region, after a draft's note where the list is still missing
    (the note stays out of the region, which holds only what the evaluator writes)."""
    region = Region(regions.area_list(number_, key), (BulletList(notes.lists.get(key, ())),))
    if not missing:
        return Cell((region,))
    return Cell((Paragraph((Run(context.texts["draft"]["empty_list"], italic=True),)), region))
