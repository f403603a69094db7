"""Chapter 2: the evaluation, the summary of results with charts, and comparisons."""

from __future__ import annotations

from .. import regions
from ..model import Block, ChartSeries, ChartSpec, Table, text_cell
from ..source.notes import Notes
from ..rounding import rounded_points
from ..source.scores import Scorecard
from ..swedish import number, ordinal, percent, points, word_list, year_list
from ..templates import fill
from .context import Context, sentence, table_anchor
from .front import when
from .perspectives import perspective_chart, perspective_table
from .profiles import Profile, subject_profile


def summary_chapter(context: Context) -> list[Block]:
    """Return chapter 2."""
    texts = context.texts
    evaluation = context.evaluation
    chapter = context.chapter_heading(fill(texts["chapters"]["summary"], **context.names), "summary")
    headings = texts["headings"]
    parts = {
        "notes_before": lambda: _evaluator_text(context, evaluation.before, regions.BEFORE, chapter.text),
        "evaluation": lambda: [context.heading(2, headings["evaluation"]), *_evaluation_text(context)],
        "results": lambda: [context.heading(2, headings["results"]), *_results(context)],
        "notes": lambda: _evaluator_text(context, evaluation.summary, regions.SUMMARY, headings["results"]),
        "comparisons": lambda: [context.heading(2, headings["comparisons"]),
                                *context.standard_text(evaluation.framework.texts.comparisons)],
    }
    return [chapter, *(block for name in context.layout["summary"] for block in parts[name]())]


def _evaluator_text(context: Context, notes: Notes, stem: str, heading: str) -> list[Block]:
    """Return a summary notes file: its text before the first heading (under ``heading``), then each
    ``## `` section under its own heading (summary-before.md before "Utvärderingen", summary.md after
    the results)."""
    blocks: list[Block] = []
    if notes.intro:
        blocks.append(context.region(regions.summary_part(stem), notes.intro, heading))
    for index, section in enumerate(notes.sections, 1):
        blocks += [context.heading(2, section.heading), context.region(regions.summary_part(stem, index),
                                                                        section.blocks, section.heading)]
    return blocks


def _evaluation_text(context: Context) -> list[Block]:
    evaluation = context.evaluation
    sentences = context.texts["sentences"]
    evaluated = evaluation.meta.evaluated
    first = fill(sentences["evaluation"], **context.names, ordning=ordinal(evaluation.number),
                 när=context.unset("unset_when") if evaluated is None else when(evaluated))
    parts = {"sentence": lambda: [sentence(first, _earlier_sentence(context))],
             "method": lambda: context.standard_text(evaluation.framework.texts.evaluation_method)}
    return [block for name in context.layout["evaluation"] for block in parts[name]()]


def _earlier_sentence(context: Context) -> str:
    """Return the sentence about earlier evaluations, or "" for a first evaluation."""
    evaluation = context.evaluation
    years = [e.year for e in evaluation.meta.earlier_evaluations]
    sentences = context.texts["sentences"]
    if not years:
        return ""
    if evaluation.number > len(years) + 1:
        return fill(sentences["earlier_last"], år=years[-1])
    key = "earlier_first" if len(years) == 1 else "earlier_all"
    return fill(sentences[key], år=year_list(years))


def _results(context: Context) -> list[Block]:
    evaluation = context.evaluation
    scores = evaluation.scores
    sentences = context.texts["sentences"]
    subject = subject_profile(evaluation)
    earlier = [p for p in context.comparisons if p.role == "earlier"]
    reference = [p for p in context.comparisons if p.role == "reference"]
    if scores.total is None:
        total = fill(sentences["total_incomplete"], bedömda=scores.scored, alla=scores.count)
    else:
        total = fill(sentences["total"], **context.names, poäng=points(scores.total), max=number(scores.max),
                     procent=percent(scores.total * 100 / scores.max))
    columns = {"subject": [subject], "earlier": earlier, "reference": reference}
    incomplete = [fill(sentences["incomplete_area"], nummer=a.area.number, bedömda=a.scored, alla=len(a.questions))
                  for a in scores.areas if not a.complete]
    parts = {
        "total": lambda: [sentence(total, announces=True)],
        "area_table": lambda: [_area_table(context, scores, columns), *(
            [sentence(fill(sentences["incomplete_note"], områden=", ".join(incomplete)))] if incomplete else [])],
        "rounding_note": lambda: [sentence(fill(sentences["rounding_note"], avrundning=sentences[
            f"rounding_{context.texts['numbers']['point_decimals']}"]))] if scores.total is not None and sum(
            rounded_points(a.achieved) for a in scores.areas) != rounded_points(scores.total) else [],
        "bar_chart": lambda: _bar_chart(context, [subject, *earlier]),
        "profile": lambda: _profile(context, subject),
        "perspective_table": lambda: perspective_table(context, columns),
        "perspective_chart": lambda: perspective_chart(context, subject),
    }
    return [block for name in context.layout["results"] for block in parts[name]()]


def _area_table(context: Context, scores: Scorecard, profiles: dict[str, list[Profile]]) -> Table:
    """Return the table of area scores in the house style's columns (``layout.area_table``): the area,
    the evaluation's scores, a column per earlier evaluation with scores and per reference, the max."""
    headings = context.texts["headings"]
    style = context.layout["area_table"]
    columns: list[tuple[str, str, object, object, float]] = []  # heading, align, area cell, total cell, width
    row_header = None
    for name in style["columns"]:
        if name == "area":
            row_header = len(columns)
            columns.append((headings["area_column"], "left", lambda a: fill(headings["area_row"], nummer=a.area.number,
                                                                                titel=a.area.title),
                            headings["total_row"], 5.0))
        elif name == "max":
            columns.append((headings["max_column"], "right", lambda a: number(a.max), number(scores.max), 1.2))
        else:
            columns += [(p.label, "right", lambda a, p=p: p.shown[a.area.number - 1], p.shown_total, 1.4)
                        for p in profiles[name]]
    header = tuple(text_cell(heading, align) for heading, align, _, _, _ in columns)
    rows = [tuple(text_cell(cell(a), align) for _, align, cell, _, _ in columns) for a in scores.areas]
    rows.append(tuple(text_cell(total, align) for _, align, _, total, _ in columns))
    table = Table(header, tuple(rows), tuple(width for *_, width in columns), total=True,
                  caption=context.texts["tables"]["areas"], anchor=table_anchor("areas"), row_header=row_header)
    return context.captioned(table, context.texts["captions"]["area_table"]) if style["caption"] else table


def _bar_chart(context: Context, profiles: list[Profile]) -> list[Block]:
    figures = context.texts["figures"]
    evaluation = context.evaluation
    year = evaluation.meta.year
    subject = profiles[0]
    chart = ChartSpec(
        key="summary-bars", kind="bars",
        categories=tuple(str(a.number) for a in evaluation.framework.areas),
        series=tuple(ChartSeries(p.label, p.values, p.role) for p in profiles),
        value_max=100.0, value_labels=subject.shown, axis_label=figures["axis_points"],
        category_label=figures["axis_area"], missing_label=figures["not_scored_legend"],
    )
    alt = fill(figures["alt_bars"], värden=_alt_series(context, profiles), tabell=_alt_table(context))
    return context.figure_block(chart, fill(figures["bars"], år=year), alt, _summary_table(context))


def _profile(context: Context, subject: Profile) -> list[Block]:
    """Return the sentences that say what the reference is, and the radar chart."""
    evaluation = context.evaluation
    sentences = context.texts["sentences"]
    figures = context.texts["figures"]
    others = context.comparisons
    parts = [fill(sentences["profile"], **context.names)]
    parts += [p.sentence for p in others]
    if any(p.framework != evaluation.framework.version for p in others) or _older_framework(evaluation):
        parts.append(evaluation.framework.texts.not_comparable.strip())
    profiles = [subject, *others]
    chart = ChartSpec(
        key="summary-radar", kind="radar",
        categories=tuple(a.title for a in evaluation.framework.areas),
        series=tuple(ChartSeries(p.label, p.values, p.role) for p in profiles),
        value_max=100.0, missing_label=figures["not_scored_legend"],
    )
    if others:
        caption = fill(figures["radar"], **context.names, referens=word_list([p.in_text for p in others]))
    else:
        caption = fill(figures["radar_alone"], **context.names)
    alt = fill(figures["alt_radar"], serier=", ".join(p.label for p in profiles), värden=_alt_series(context, profiles),
               tabell=_alt_table(context))
    return [sentence(*parts, announces=True), *context.figure_block(chart, caption, alt, _summary_table(context))]


def _summary_table(context: Context) -> tuple[str, str]:
    """Return the name and anchor of the area table, which holds the numbers of both summary charts."""
    return context.texts["tables"]["areas"], table_anchor("areas")


def _alt_series(context: Context, profiles: list[Profile]) -> str:
    """Return each profile's area scores as an alt text says them: "Kalix 2012: område 1: 41 poäng; ..."."""
    figures = context.texts["figures"]
    numbers = [a.number for a in context.evaluation.framework.areas]
    return " ".join(fill(figures["alt_series"], serie=p.label, värden="; ".join(
        fill(figures["alt_value"], namn=fill(figures["alt_area_name"], nummer=n), värde=_alt_points(context, v))
        for n, v in zip(numbers, p.shown))) for p in profiles)


def _alt_points(context: Context, shown: str) -> str:
    """Return a shown score as an alt text says it: a missing one as "ej bedömd", never as 0."""
    figures = context.texts["figures"]
    if shown == context.texts["draft"]["missing"]:
        return figures["not_scored"]
    return fill(figures["alt_points"], poäng=shown)


def _alt_table(context: Context) -> str:
    """Return the sentence naming the area table, which holds the numbers of both summary charts."""
    return fill(context.texts["figures"]["alt_summary_table"], rubrik=context.texts["headings"]["results"])


def _older_framework(evaluation) -> bool:
    """Return True if an earlier evaluation used another framework revision."""
    return any((e.framework or evaluation.framework.version) != evaluation.framework.version
               for e in evaluation.meta.earlier_evaluations)
