"""The schema of ``evaluation.yaml`` and ``scores.yaml``, published by ``kompass schema``."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..swedish import municipality_name
from .textcheck import MAX_LABEL, MAX_NAME, MAX_ROWS, MAX_VALUE

MAX_REFERENCES = 6  # more profiles than this cannot be told apart in one radar chart

# Area number -> area score; None where an area has no score yet (a draft: the report says so).
AreaScores = dict[Annotated[int, Field(ge=1, le=8)], Annotated[Decimal, Field(ge=0, le=100)] | None]


class _Strict(BaseModel):
    # defer_build: a model's validator is made at its first use, so a command whose inputs are all
    # remembered (``remembered``) makes none.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class EarlierEvaluation(_Strict):
    """An earlier evaluation of the same municipality."""

    year: int = Field(ge=1990, le=2100)
    framework: str | None = Field(None, description="Framework version; default: this evaluation's")
    scores: AreaScores | None = Field(None, description="Area number -> area score, all eight")

    @model_validator(mode="after")
    def _all_areas(self) -> EarlierEvaluation:
        _check_all_areas(self.scores)
        return self


class Reference(_Strict):
    """The reference profile shown against the municipality's.

    - ``average``: an average of ``count`` municipalities evaluated in ``period``, with its ``scores``;
    - ``municipality``: another municipality, by ``name`` and ``scores``, or by ``evaluation``
      (the folder of its evaluation beside this one, e.g. forshaga-2014);
    - ``campaign``: the average of the evaluations beside this one, computed by Kompass, optionally
      only those of ``framework`` (default: this one's) evaluated in ``period``.
    """

    kind: Literal["average", "municipality", "campaign"]
    count: int | None = Field(None, ge=2, description="kind average: number of municipalities")
    period: tuple[int, int] | None = Field(None, description="kind average or campaign: first and last year")
    name: str | None = Field(None, max_length=MAX_NAME, description="kind municipality: its name")
    year: int | None = Field(None, description="kind municipality: year of its evaluation")
    evaluation: str | None = Field(None, description="kind municipality: folder of its evaluation")
    framework: str | None = Field(None, description="Framework of the reference's evaluations (kind campaign: "
                                  "only evaluations of this framework); default: this evaluation's")
    scores: AreaScores | None = None
    members: tuple[Annotated[str, Field(min_length=1, max_length=MAX_NAME)], ...] | None = Field(
        None, max_length=MAX_ROWS, description="kind average: the municipalities averaged, named in the report "
        "(Kompass names them for kind campaign when a member of the campaign is left out)")

    @model_validator(mode="after")
    def _complete(self) -> Reference:
        _check_all_areas(self.scores)
        needs = {"average": ("count", "period", "scores"), "campaign": ()}.get(
            self.kind, ("evaluation",) if self.evaluation else ("name", "scores"))
        missing = [key for key in needs if getattr(self, key) is None]
        if missing:
            raise ValueError(f"en referens av sorten {self.kind} behöver {' och '.join(missing)}: lägg till")
        if self.members is not None and self.kind != "average":
            raise ValueError("members hör till en referens av sorten average: ta bort den")
        if self.kind == "campaign" and self.scores is not None:
            raise ValueError("en referens av sorten campaign räknas ut av Kompass: ta bort dess scores")
        return self


class Author(_Strict):
    name: str = Field(min_length=1, max_length=MAX_NAME)
    organisation: str | None = Field(None, max_length=MAX_NAME)


class Publication(_Strict):
    """How the report is published: the title page's unit and logo, the back page and the closing text.

    In ``evaluation.yaml`` or in a campaign file (for all its reports); an evaluation's own keys win.
    """

    unit: str | None = Field(None, max_length=MAX_VALUE,
                             description="Publishing unit on the title page, e.g. Avdelningen för Ekonomi och styrning")
    publisher: str | None = Field(None, max_length=MAX_VALUE, description="Back page: the publisher")
    year: int | None = Field(None, ge=1990, le=2100, description="Back page: year of publication")
    contact: str | None = Field(None, max_length=MAX_VALUE, description="Back page: contact (address, e-mail, phone)")
    registration: str | None = Field(None, max_length=MAX_NAME,
                                     description="Back page: registration number or ISBN, as printed")
    closing: str | None = Field(None, max_length=MAX_VALUE,
                                description="Closing text (Markdown) after the last chapter")
    logo: str | None = Field(None, max_length=MAX_NAME, description="Title page logo: a PNG or JPEG file in "
                             "the folder of this file; default the logo of templates/style.yaml")
    logo_alt: str | None = Field(None, max_length=MAX_NAME, description="The logo's alt text")

    def logo_file(self, folder: Path) -> Path | None:
        """Return the logo's file for an evaluation in ``folder`` (a campaign's logo is absolute already)."""
        return (folder / self.logo).absolute() if self.logo else None


class KortfaktaRow(_Strict):
    label: str = Field(min_length=1, max_length=MAX_LABEL)
    value: str = Field(min_length=1, max_length=MAX_VALUE)


Month = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]


class EvaluationFile(_Strict):
    """``evaluation.yaml``: who was evaluated, when, by whom, and what to compare with."""

    framework: str = Field(pattern=r"^[0-9]{4}$", description="Framework version, e.g. \"2010\"")
    municipality: str = Field(min_length=1, max_length=MAX_NAME, description="Name without 'kommun', e.g. Kalix")
    official_name: str | None = Field(None, max_length=MAX_NAME,
                                      description="e.g. Falu kommun; default from SCB's list of municipalities (templates/kommuner.yaml)")
    inhabitants_genitive: str | None = Field(None, max_length=MAX_NAME,
                                             description="e.g. Kalixbornas; never guessed: empty, the text says 'invånarnas'")
    year: int = Field(ge=1990, le=2100)
    evaluated: Month | dt.date | tuple[dt.date, dt.date] | None = Field(
        None, description="A month YYYY-MM, a day, or [first day, last day]; empty in a draft")
    interviewees: int | None = Field(None, ge=1, description="About how many people were interviewed; empty in a draft")
    evaluation_number: int | None = Field(None, ge=1, description="Default: earlier evaluations + 1")
    earlier_evaluations: tuple[EarlierEvaluation, ...] = Field((), max_length=MAX_ROWS)
    authors: tuple[Author, ...] = Field((), max_length=MAX_ROWS)
    reference: Reference | None = Field(None, description="The one reference profile (or use references)")
    references: tuple[Reference, ...] = Field((), max_length=MAX_REFERENCES,
                                              description="Several reference profiles, shown side by side")
    kortfakta: tuple[KortfaktaRow, ...] = Field((), max_length=MAX_ROWS)
    publication: Publication | None = None
    contents_page: bool = Field(True, description="false: the report has no contents page")
    texts: dict[str, str] = Field(default_factory=dict, description=(
        "Text name -> this report's own wording, e.g. headings.evaluation or texts.what_is (kompass texts "
        "lists every name with its default); also notes/texts/<name>.md"))

    @model_validator(mode="after")
    def _consistent(self) -> EvaluationFile:
        years = [e.year for e in self.earlier_evaluations]
        if years != sorted(years) or any(y >= self.year for y in years):
            raise ValueError(f"earlier_evaluations: lista de tidigare utvärderingarna äldst först och före {self.year} "
                             f"(angivna år: {', '.join(map(str, years))})")
        if self.evaluation_number is not None and self.evaluation_number <= len(years):
            raise ValueError(f"evaluation_number {self.evaluation_number} är för litet för {len(years)} tidigare "
                             "utvärderingar: öka det eller ta bort det")
        if self.reference is not None and self.references:
            raise ValueError("ange antingen reference (en referens) eller references (en lista), inte båda: "
                             "flytta referensen in i listan references")
        if isinstance(self.evaluated, tuple) and self.evaluated[0] > self.evaluated[1]:
            raise ValueError("evaluated: första dagen kommer efter sista dagen: byt plats på dem")
        return self

    @property
    def all_references(self) -> tuple[Reference, ...]:
        """Return the references in the order given: ``reference`` alone, or ``references``."""
        return (self.reference,) if self.reference is not None else self.references

    def reference_key(self, index: int) -> tuple:
        """Return the key path of the ``index``-th reference as the evaluator wrote it."""
        return ("reference",) if self.reference is not None else ("references", index)

    @field_validator("municipality")
    @classmethod
    def _without_kommun(cls, name: str) -> str:
        return check_municipality(name)


def _check_all_areas(scores: dict | None) -> None:
    if scores is not None and sorted(scores) != list(range(1, 9)):
        given = ", ".join(map(str, sorted(scores))) or "inga"
        raise ValueError(f"scores ska ange alla åtta områden 1–8 (angivna: {given})")


def check_municipality(name: str) -> str:
    """Return ``name`` if it is a municipality's name without "kommun"; raise ValueError saying what to write."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() == "kommun":
        raise ValueError(f"skriv kommunens namn utan \"kommun\": {base_name(' '.join(words[:-1]))!r} "
                         f"(i rapporten blir det \"{name.strip()}\")")
    return name


def base_name(name: str) -> str:
    """Return the name of which ``name`` is the form before "kommun": ``Bjurholms`` -> ``Bjurholm``."""
    shorter = name[:-1]
    if name.endswith("s") and shorter and municipality_name(shorter) == f"{name} kommun":
        return shorter
    return name


QUESTION_ID = re.compile(r"^[1-8]\.[1-9][0-9]?$")

SCORES_SCHEMA = {
    "title": "scores.yaml",
    "description": "Question id -> achieved points (fractions allowed); empty or null = not yet scored.",
    "type": "object",
    "patternProperties": {QUESTION_ID.pattern: {"type": ["number", "null"], "minimum": 0}},
    "additionalProperties": False,
}


def json_schema() -> dict:
    """Return the JSON Schema of both input files, keyed by file name."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Kompass evaluation input",
        "$defs": {"evaluation.yaml": EvaluationFile.model_json_schema(), "scores.yaml": SCORES_SCHEMA},
    }
