"""The schema of a house style file's ``layout`` and ``numbers`` (docs/house-style.md), validated with lines.

Every entry is optional: a file gives only what differs from the one before it (``housestyle``).
The package's ``templates/report.yaml`` gives them all.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

TitleLine = Literal["subtitle", "year", "unit", "dates"]
Chapter = Literal["what_is", "summary", "areas", "appendix", "kortfakta"]
SummaryPart = Literal["notes_before", "evaluation", "results", "notes", "comparisons"]
ResultsPart = Literal["total", "area_table", "rounding_note", "bar_chart", "profile", "perspective_table",
                      "perspective_chart"]
AreaPart = Literal["score_box", "general_heading", "general", "score_sentence", "notes", "question_chart", "lists"]
Column = Literal["area", "subject", "earlier", "reference", "max"]
# Parts that hold what the evaluator wrote: leaving one out would lose their text without a word.
KEPT = {"chapters": ("summary", "areas", "kortfakta"), "summary": ("notes_before", "notes"), "area": ("notes", "lists")}


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TitlePageStyle(_Part):
    above_title: tuple[TitleLine, ...] | None = None
    lines: tuple[TitleLine, ...] | None = None
    details: tuple[TitleLine, ...] | None = None
    authors: Literal["by_organisation", "one_per_line"] | None = None


class ContentsStyle(_Part):
    show: bool | None = None
    levels: Literal[1, 2] | None = None
    entries: dict[Chapter, str] | None = None


class AreaTableStyle(_Part):
    columns: tuple[Column, ...] | None = None
    caption: bool | None = None


class CaptionStyle(_Part):
    caption: bool | None = None


class AppendixTableStyle(_Part):
    total_row: bool | None = None


class AreaWording(_Part):
    heading: str | None = Field(None, min_length=1)
    score_sentence: str | None = None


class Layout(_Part):
    title_page: TitlePageStyle | None = None
    contents: ContentsStyle | None = None
    chapters: tuple[Chapter, ...] | None = None
    closing: Literal["own_page", "after"] | None = None
    summary: tuple[SummaryPart, ...] | None = None
    evaluation: tuple[Literal["sentence", "method"], ...] | None = None
    results: tuple[ResultsPart, ...] | None = None
    area_table: AreaTableStyle | None = None
    area: tuple[AreaPart, ...] | None = None
    notes_tables: CaptionStyle | None = None
    appendix: tuple[Literal["intro", "tables", "total"], ...] | None = None
    appendix_table: AppendixTableStyle | None = None
    per_area: dict[int, AreaWording] | None = None

    @field_validator("chapters", "summary", "evaluation", "results", "area", "appendix")
    @classmethod
    def _parts(cls, parts: tuple[str, ...] | None, info: ValidationInfo) -> tuple[str, ...] | None:
        twice = sorted({p for p in parts or () if parts.count(p) > 1})
        if twice:
            raise ValueError(f"{twice[0]} står två gånger: ta bort den ena")
        missing = [p for p in KEPT.get(info.field_name, ()) if parts is not None and p not in parts]
        if missing:
            raise ValueError(f"{missing[0]} håller utvärderarens text och kan inte lämnas bort: lägg tillbaka den")
        return parts

    @field_validator("per_area")
    @classmethod
    def _areas(cls, areas: dict[int, AreaWording] | None) -> dict[int, AreaWording] | None:
        wrong = sorted(n for n in areas or {} if not 1 <= n <= 8)
        if wrong:
            raise ValueError(f"område {wrong[0]} finns inte: ange 1 till 8")
        return areas


class Numbers(_Part):
    point_decimals: Literal[0, 1] | None = None
    rounding: Literal["half_up", "half_even"] | None = None


class HouseStyleFile(BaseModel):
    """The house style sections of one report.yaml; its wording is checked name by name."""

    model_config = ConfigDict(extra="allow")
    layout: Layout | None = None
    numbers: Numbers | None = None
