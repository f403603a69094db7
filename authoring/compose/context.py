"""State shared while composing one report: numbering of chapters and figures, collected charts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from .completeness import Gap, gaps
from ..source.evaluation import Evaluation
from ..model import Block, ChartSpec, Figure, Heading, Inlines, Paragraph, Picture, Region, Run, Table, plain
from ..source.notes import parse_notes
from ..problems import Problems
from ..remembered import keep, recall
from ..swedish import genitive, month_year
from ..templates import fill
from .profiles import Profile, comparison_profiles


TEXTS = "texts"  # the kind of ``remembered`` entry that holds a report's standard texts, parsed


@dataclass
class Context:
    """Numbering and collected charts of the report being composed."""

    evaluation: Evaluation
    chapter: int = 0
    figure: int = 0
    table: int = 0
    anchors: int = 0
    charts: list[ChartSpec] = field(default_factory=list)
    parsed: dict[str, tuple[Block, ...]] = field(default_factory=dict)  # standard texts, filled, as parsed

    @cached_property
    def comparisons(self) -> list[Profile]:
        """Return the earlier evaluations with scores and the reference, computed once."""
        return comparison_profiles(self.evaluation)

    @cached_property
    def gaps(self) -> list[Gap]:
        """Return what the evaluation still lacks; any gap makes the report a draft."""
        return gaps(self.evaluation)

    @property
    def texts(self) -> dict:
        """Return the report wording: templates/report.yaml with the evaluation's own texts."""
        return self.evaluation.texts

    @property
    def layout(self) -> dict:
        """Return the house style's parts, tables and their order (``layout`` in report.yaml)."""
        return self.evaluation.texts["layout"]

    def unset(self, what: str) -> str:
        """Return the visible marker that stands where an unset value would be stated."""
        draft = self.texts["draft"]
        return fill(draft["unset_value"], vad=draft[what])

    @property
    def names(self) -> dict[str, str]:
        """Return the placeholders every standard text may use."""
        return {"kommun": self.evaluation.municipality,
                "kommun_genitiv": genitive(self.evaluation.municipality),
                "kommunnamn": self.evaluation.official_name,
                "invanare_genitiv": self.evaluation.inhabitants_genitive,
                "intervjuade": self._interviewees(),
                "antal_intervjuade": self._interviewees(bare=True),
                "månad": self._month()}

    def _interviewees(self, bare: bool = False) -> str:
        count = self.evaluation.meta.interviewees
        if count is None:
            return self.unset("unset_interviewees")
        return str(count) if bare else f"ett {count}-tal"

    def _month(self) -> str:
        """Return the month the evaluation took place (its first day's), e.g. ``januari 2016``."""
        evaluated = self.evaluation.meta.evaluated
        if evaluated is None:
            return self.unset("unset_when")
        if isinstance(evaluated, str):
            year, month = evaluated.split("-")
            return month_year(int(year), int(month))
        first = evaluated[0] if isinstance(evaluated, tuple) else evaluated
        return month_year(first.year, first.month)

    def chapter_heading(self, text: str, name: str = "") -> Heading:
        """Return the next numbered chapter heading: chapters are numbered without gaps. The contents
        word chapter ``name`` as the house style says (``layout.contents.entries``), if it does."""
        self.chapter += 1
        entry = fill(self.layout["contents"]["entries"].get(name, ""), **self.names)
        return Heading(1, text, self._anchor(), number=str(self.chapter), contents_text=entry)

    def captioned(self, table: Table, text: str) -> Table:
        """Return ``table`` with the next numbered caption printed above it (``captions.table``)."""
        self.table += 1
        return replace(table, title=fill(self.texts["captions"]["table"], nummer=self.table, text=text))

    def heading(self, level: int, text: str, in_contents: bool = True) -> Heading:
        return Heading(level, text, self._anchor(), in_contents=in_contents and level <= 2)

    def figure_block(self, chart: ChartSpec, caption: str, alt: str, table: tuple[str, str],
                     width: float = 1.0) -> list[Block]:
        """Return the figure for ``chart`` with its numbered caption, and remember the chart.

        ``table`` is the name and anchor of the table that holds the chart's numbers."""
        self.figure += 1
        self.charts.append(chart)
        caption = fill(self.texts["figures"]["caption"], nummer=self.figure, text=caption)
        return [Figure(chart, alt, caption, width, linked(self.texts["figures"]["numbers"], *table))]

    def region(self, name: str, blocks: tuple[Block, ...], heading: str) -> Region:
        """Return the region ``name`` of notes ``blocks`` under ``heading``: each picture's caption
        numbered as a figure, each table named after the heading."""
        numbered = []
        for block in blocks:
            if isinstance(block, Picture):
                self.figure += 1
                block = replace(block, caption=fill(self.texts["figures"]["caption"], nummer=self.figure,
                                                    text=block.caption))
            elif isinstance(block, Table):
                if block.caption is None:
                    block = replace(block, caption=heading)
                if self.layout["notes_tables"]["caption"]:
                    block = self.captioned(block, block.caption)
            numbered.append(block)
        return Region(name, tuple(numbered))

    def standard_text(self, markdown: str) -> list[Block]:
        """Return a framework text (Markdown with placeholders) as blocks, as parsed for the last report
        of the same evaluation where it read the same (``remembered``)."""
        text = fill(markdown, **self.names)
        if text not in self.parsed:
            kept = self._kept_texts.get(text)
            self.parsed[text] = kept if kept is not None else \
                tuple(parse_notes(self.evaluation.folder, text, Problems()).intro)
        return list(self.parsed[text])

    @cached_property
    def _kept_texts(self) -> dict[str, tuple[Block, ...]]:
        kept = recall(TEXTS, self.evaluation.folder, TEXTS)
        return kept if isinstance(kept, dict) else {}

    def keep_texts(self) -> None:
        """Keep the standard texts this report parsed for its next compose (only they: none piles up)."""
        if self.parsed.keys() != self._kept_texts.keys():
            keep(TEXTS, self.evaluation.folder, TEXTS, self.parsed)

    def _anchor(self) -> str:
        self.anchors += 1
        return f"kk_h{self.anchors}"


def table_anchor(name: str) -> str:
    """Return the anchor of the generated table ``name`` (``areas``, ``area-3``)."""
    return f"kk_table_{name}"


def linked(pattern: str, name: str, anchor: str) -> Inlines:
    """Return ``pattern`` as runs, its ``{tabell}`` the table's ``name`` linked to ``anchor``."""
    before, found, after = pattern.partition("{tabell}")
    runs = (Run(before), Run(name, href=f"#{anchor}"), Run(after)) if found else (Run(pattern),)
    return tuple(run for run in runs if run.text)


def sentence(*parts: str, announces: bool = False) -> Paragraph:
    """Return a paragraph of generated sentences joined by spaces; one that ``announces`` the
    table or chart after it stays on its page."""
    return Paragraph(plain(" ".join(p for p in parts if p)), keep_with_next=announces)
