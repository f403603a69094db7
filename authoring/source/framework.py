"""A Kommunkompassen framework revision: areas, questions, max points and standard texts.

Frameworks are data files, ``templates/frameworks/<version>.yaml``; adding a revision is adding a
file. Every file is validated when loaded.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from string import Formatter

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import InputError, UsageError
from ..problems import Problems
from ..templates import TEMPLATES_DIR
from .validation import validate
from .yamlsource import read_yaml

FRAMEWORK_DIR = TEMPLATES_DIR / "frameworks"
# {månad}: the month of the evaluation ("januari 2016"); {antal_intervjuade}: the bare count ("40").
PLACEHOLDERS = frozenset({"kommun", "kommunnamn", "invanare_genitiv", "intervjuade", "månad", "antal_intervjuade"})
AREA_MAX = Decimal(100)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Frozen):
    """One scored question of an area."""

    id: str = Field(pattern=r"^[1-8]\.[1-9][0-9]?$")
    text: str = Field(min_length=1)
    max: Decimal = Field(gt=0)
    chapter_text: str | None = None  # its wording in the score box, when rubriker are not given


class Area(_Frozen):
    """One of the eight areas, worth 100 points."""

    number: int = Field(ge=1, le=8)
    title: str = Field(min_length=1)
    table_title: str | None = None
    rubriker: tuple[str, ...] = Field(min_length=1)
    general: str = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _questions_as_rubriker(cls, data: object) -> object:
        """Without ``rubriker``, the score box lists the questions (each its ``chapter_text`` or ``text``)."""
        if isinstance(data, dict) and "rubriker" not in data and isinstance(data.get("questions"), list):
            data = {**data, "rubriker": [q.get("chapter_text") or q.get("text") for q in data["questions"]
                                         if isinstance(q, dict)]}
        return data

    @property
    def max(self) -> Decimal:
        return sum((q.max for q in self.questions), Decimal(0))

    @model_validator(mode="after")
    def _check_questions(self) -> Area:
        expected = [f"{self.number}.{n}" for n in range(1, len(self.questions) + 1)]
        ids = [q.id for q in self.questions]
        if ids != expected:
            raise ValueError(f"område {self.number}: frågorna ska vara {', '.join(expected)} i ordning "
                             f"(angivna: {', '.join(ids)})")
        if self.max != AREA_MAX:
            raise ValueError(f"område {self.number}: maxpoängen summerar till {self.max}, inte {AREA_MAX}")
        return self


class Labels(_Frozen):
    """Words that differ between framework revisions."""

    area_box_heading: str
    area_box_score: str
    general_heading: str
    strengths: str  # the headings of the lists table (notes always use the reserved ## headings)
    improvements: str
    weaknesses: str
    appendix_title: str
    appendix_columns: tuple[str, str, str]


class Texts(_Frozen):
    """Standard texts of the report (Markdown with placeholders)."""

    what_is: str
    evaluation_method: str
    not_comparable: str
    comparisons: str
    appendix_intro: str


class Perspective(_Frozen):
    """A group of areas above the area level (the 2020 revision's four perspectives)."""

    name: str = Field(min_length=1)
    areas: tuple[int, ...] = Field(min_length=1)


class Framework(_Frozen):
    """A whole framework revision; ``perspectives``, if any, group every area exactly once."""

    version: str = Field(pattern=r"^[0-9]{4}$")
    name: str
    labels: Labels
    texts: Texts
    areas: tuple[Area, ...]
    perspectives: tuple[Perspective, ...] = ()

    @model_validator(mode="after")
    def _check_areas(self) -> Framework:
        numbers = [a.number for a in self.areas]
        if numbers != list(range(1, 9)):
            raise ValueError(f"områdena ska numreras 1 till 8 i ordning (angivna: {numbers})")
        grouped = sorted(n for p in self.perspectives for n in p.areas)
        if self.perspectives and grouped != numbers:
            raise ValueError("perspektiven ska tillsammans omfatta varje område 1 till 8 exakt en gång "
                             f"(angivna: {grouped})")
        for text in _all_texts(self):
            unknown = _placeholders(text) - PLACEHOLDERS
            if unknown:
                raise ValueError(f"okänd platshållare {{{sorted(unknown)[0]}}}; kända: "
                                 + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)))
        return self

    @property
    def questions(self) -> dict[str, Question]:
        """Return every question by id, in framework order."""
        return {q.id: q for area in self.areas for q in area.questions}

    def area(self, number: int) -> Area:
        return self.areas[number - 1]

    def perspective_of(self, number: int) -> Perspective | None:
        """Return the perspective that area ``number`` belongs to, or None without perspectives."""
        return next((p for p in self.perspectives if number in p.areas), None)


def _all_texts(framework: Framework) -> list[str]:
    texts = list(framework.texts.model_dump().values())
    return texts + [area.general for area in framework.areas]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def available_versions(directory: Path = FRAMEWORK_DIR) -> list[str]:
    """Return the versions of all framework files, oldest first."""
    return sorted(p.stem for p in directory.glob("*.yaml") if re.fullmatch(r"[0-9]{4}", p.stem))


@cache
def load_framework(version: str, directory: Path = FRAMEWORK_DIR) -> Framework:
    """Return the validated framework ``version``; raise UsageError if there is no such file."""
    path = directory / f"{version}.yaml"
    if not path.is_file():
        known = ", ".join(available_versions(directory))
        raise UsageError(f"det finns inget ramverk {version!r} (kända: {known})")
    return load_framework_file(path)


def load_framework_file(path: Path) -> Framework:
    """Return the framework in ``path``; raise InputError listing every problem in it."""
    problems = Problems()
    source = read_yaml(path, problems)
    framework = validate(Framework, source, problems) if source else None
    if framework and framework.version != path.stem:
        problems.error(path, f"versionen {framework.version!r} skiljer sig från filnamnet: rätta den",
                       source.line_of(("version",)), "version")
    if problems.errors or framework is None:
        raise InputError(problems)
    return framework
