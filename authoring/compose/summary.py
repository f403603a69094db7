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
from .profiles import Profile, subject_profile


def summary_chapter(context: Context) -> list[Block]:
    """Return chapter 2."""
    texts = context.texts
    evaluation = context.evaluation
    chapter = context.chapter_heading(fill(texts["chapters"]["summary"], **context.names))
    blocks: list[Block] = [chapter]
    blocks += _evaluator_text(context, evaluation.before, regions.BEFORE, chapter.text)
    blocks += [context.heading(2, texts["headings"]["evaluation"]), *_evaluation_text(context)]
    blocks += [context.heading(2, texts["headings"]["results"]), *_results(context)]
    blocks += _evaluator_text(context, evaluation.summary, regions.SUMMARY, texts["headings"]["results"])
    blocks += [context.heading(2, texts["headings"]["comparisons"]),
               *context.standard_text(evaluation.framework.texts.comparisons)]
    return blocks


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
    return [sentence(first, _earlier_sentence(context)),
            *context.standard_text(evaluation.framework.texts.evaluation_method)]


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
    blocks: list[Block] = [sentence(total, announces=True), _area_table(context, scores, [subject, *earlier, *reference])]
    if scores.total is not None and sum(rounded_points(a.achieved) for a in scores.areas) != rounded_points(scores.total):
        blocks.append(sentence(sentences["rounding_note"]))
    incomplete = [fill(sentences["incomplete_area"], nummer=a.area.number, bedömda=a.scored, alla=len(a.questions))
                  for a in scores.areas if not a.complete]
    if incomplete:
        blocks.append(sentence(fill(sentences["incomplete_note"], områden=", ".join(incomplete))))
    blocks += _bar_chart(context, [subject, *earlier])
    blocks += _profile(context, subject)
    return blocks


def _area_table(context: Context, scores: Scorecard, profiles: list[Profile]) -> Table:
    """Return the table of area scores, with a column per earlier evaluation that has scores."""
    headings = context.texts["headings"]
    header = (text_cell(headings["area_column"]), *(text_cell(p.label, "right") for p in profiles),
              text_cell(headings["max_column"], "right"))
    rows = [(text_cell(f"{a.area.number} {a.area.title}"),
             *(text_cell(p.shown[a.area.number - 1], "right") for p in profiles),
             text_cell(number(a.max), "right")) for a in scores.areas]
    rows.append((text_cell(headings["total_row"]), *(text_cell(p.shown_total, "right") for p in profiles),
                 text_cell(number(scores.max), "right")))
    widths = (5.0, *([1.4] * len(profiles)), 1.2)
    return Table(header, tuple(rows), widths, total=True, caption=context.texts["tables"]["areas"],
                 anchor=table_anchor("areas"), row_header=0)


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
