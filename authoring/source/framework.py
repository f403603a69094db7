"""A Kommunkompassen framework revision: areas, questions, max points and standard texts.

Frameworks are data files, ``<version>.yaml``; adding a revision is adding a file. Every file is
validated when loaded, every problem reported with its line (``framework_checks``). An evaluation
finds its framework first beside itself, then beside its campaign, then in the templates
(``framework_lookup``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from string import Formatter

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError, UsageError
from ..problems import Problems, key_path
from .framework_checks import AREA_MAX, PLACEHOLDERS, check_framework_data
from .framework_lookup import FRAMEWORK_DIR, VERSION, framework_folders, versions_in
from .validation import describe
from .yamlsource import YamlSource, read_yaml



class _Frozen(BaseModel):
    # defer_build: a model's validator is made at its first use, so a command whose inputs are all
    # remembered (``remembered``) makes none.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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




def available_versions(directory: Path | None = None, near: Path | None = None) -> list[str]:
    """Return the versions of all framework files found (in ``directory``, else as ``near`` finds them), oldest first."""
    folders = [directory] if directory is not None else framework_folders(near)
    return sorted({version for folder in folders for version in versions_in(folder)})


def find_framework(version: str, near: Path | None = None) -> Path:
    """Return the file of framework ``version`` as the evaluation folder ``near`` finds it (framework_lookup).

    Raise UsageError naming the folders searched if there is none.
    """
    folders = framework_folders(near)
    if VERSION.fullmatch(version):
        for folder in folders:
            if (folder / f"{version}.yaml").is_file():
                return folder / f"{version}.yaml"
    searched = ", ".join(str(folder) for folder in folders)
    known = ", ".join(available_versions(near=near)) or "inga"
    raise UsageError(f"det finns inget ramverk {version!r} (kända: {known}): sökte efter {version}.yaml i {searched}. "
                     "Lägg ramverkets fil bredvid kampanj.yaml eller evaluation.yaml (kompass framework import)")


def load_framework(version: str, directory: Path | None = None, near: Path | None = None) -> Framework:
    """Return the validated framework ``version`` from ``directory``, else as the evaluation folder ``near``
    finds it; raise UsageError if there is no such file, InputError listing the problems of a broken one."""
    if directory is None:
        path = find_framework(version, near)
    else:
        path = directory / f"{version}.yaml"
        if not VERSION.fullmatch(version) or not path.is_file():
            known = ", ".join(available_versions(directory)) or "inga"
            raise UsageError(f"det finns inget ramverk {version!r} i {directory} (kända: {known})")
    stat = path.stat()
    return _load_once(path.resolve(), stat.st_mtime_ns, stat.st_size)


def named_framework(name: str, near: Path | None = None) -> Framework:
    """Return the framework ``name`` names: a version as the folder ``near`` finds it, or a framework
    file (a path ending in .yaml)."""
    return load_framework_file(Path(name)) if name.endswith(".yaml") else load_framework(name, near=near)


@lru_cache(maxsize=32)
def _load_once(path: Path, _mtime: int, _size: int) -> Framework:
    """Return the framework in ``path``, read again only when the file changed (a watch, the studio)."""
    return load_framework_file(path)


def load_framework_file(path: Path) -> Framework:
    """Return the framework in ``path``; raise InputError listing every problem in it."""
    problems = Problems()
    source = read_yaml(path, problems)
    framework = framework_from_data(source, problems) if source else None
    if framework and framework.version != path.stem:
        problems.error(path, f"versionen {framework.version!r} skiljer sig från filnamnet: rätta den",
                       source.line_of(("version",)), "version")
    if problems.errors or framework is None:
        raise InputError(problems)
    return framework


def framework_from_data(source: YamlSource, problems: Problems) -> Framework | None:
    """Return ``source.data`` as a Framework, or None after adding every problem, each at its line."""

    def report(keys: tuple, message: str) -> None:
        found = _nearest(source, keys)
        problems.error(source.path, message, source.line_of(found), key_path(found) or None)

    return validated(source.data, report)


def validated(data: object, report) -> Framework | None:
    """Return ``data`` as a Framework, or None after ``report(keys, message)`` of every problem.

    The rules are checked over the data first (each break at its key); the model's own checks,
    which stop at the first, are reported only when those found nothing.
    """
    ruled = []
    check_framework_data(data, lambda keys, message: (ruled.append(keys), report(keys, message)))
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        reported: set[tuple] = set()
        for error in exc.errors():
            keys = tuple(error["loc"])
            if keys in reported or (ruled and error["type"] == "value_error"):
                continue
            reported.add(keys)
            report(keys, describe(error, keys))
        return None
    return None if ruled else framework


def _nearest(source: YamlSource, keys: tuple) -> tuple:
    """Return ``keys`` or its nearest ancestor that the file holds (a rule may name a key it lacks)."""
    path = tuple(str(k) for k in keys)
    while path and path not in source.lines:
        path = path[:-1]
    return tuple(int(k) if k.isdigit() else k for k in path)
