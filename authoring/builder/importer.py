"""``kompass import-scores``: fill evaluations' scores from a spreadsheet (xlsx or csv).

Columns (Swedish or English headers): kommun/municipality, år/year, fråga/question, poäng/score;
the header may have a title above it, and of a workbook's sheets those that have the columns are
read (or the one ``--sheet`` names). The sheet is read with limits (``sheets``). A municipality is
named by its short or official name ("Bjurholms kommun"). An empty score leaves its question
unscored. Every problem is reported with the sheet, row and column; nothing is written unless all
rows are valid, and then every ``scores.yaml`` is written or none (``replace_all``, at the end of
this module). ``plan_import`` reads and checks, with the existing scores the import would change
(for the CLI to ask); ``write_import`` writes. The files are edited line by line so their comments survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError, UsageError
from ..source.evaluation import EVALUATION_FILE, SCORES_FILE
from ..source.framework import Framework, load_framework
from ..source.municipalities import same_municipality
from ..problems import Problems
from ..safeio import remove_stale_temporaries
from ..source.scaffold import slug
from ..source.yamlsource import read_yaml
from .scoreedit import current_scores, new_text, shown, write_all
from .sheets import Table, column_letter, read_tables

COLUMNS = {"municipality": ("kommun", "municipality"), "year": ("år", "year"),
           "question": ("fråga", "question", "question id", "id"), "score": ("poäng", "score")}
EMPTY = {"municipality": "tom cell: fyll i kommunens namn", "year": "tom cell: fyll i året, t.ex. 2012",
         "question": "tom cell: fyll i frågans nummer, t.ex. 1.1"}


@dataclass(frozen=True)
class Cell:
    """Where a value came from, for messages: sheet (None for csv), row, column."""

    sheet: str | None
    row: int
    column: int
    header: str

    def where(self) -> str:
        sheet = f"bladet '{self.sheet}' " if self.sheet else ""
        return f"{sheet}rad {self.row}, kolumn {column_letter(self.column)} ({self.header})"


@dataclass(frozen=True)
class Change:
    """An existing score the import replaces."""

    folder: Path
    question: str
    old: Decimal
    new: Decimal

    def __str__(self) -> str:
        return f"{self.folder.name} fråga {self.question}: {shown(self.old)} → {shown(self.new)}"


@dataclass
class ImportPlan:
    """What an import sets: the scores per scores.yaml, the existing ones it changes, the empty score cells."""

    values: dict[Path, dict[str, Decimal]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    empty: int = 0  # score cells left empty: those questions stay unscored

    def counts(self) -> dict[Path, int]:
        return {scores_file: len(values) for scores_file, values in self.values.items()}


def import_scores(path: Path, inputs: Path, sheet: str | None = None) -> dict[Path, int]:
    """Set the scores in ``path`` into the evaluations under ``inputs``; return scores set per file."""
    planned = plan_import(path, inputs, sheet)
    write_import(planned)
    return planned.counts()


def plan_import(path: Path, inputs: Path, sheet: str | None = None) -> ImportPlan:
    """Return what importing ``path`` (its sheet ``sheet``, else every sheet with the columns) would set.

    Raise InputError with every bad row, UsageError if a scores.yaml cannot be edited safely.
    """
    for folder in _evaluation_folders(inputs):
        remove_stale_temporaries(folder)  # an import killed while it wrote is completed, or left undone
    problems = Problems()
    updates: dict[Path, dict[str, tuple[Decimal, Cell]]] = {}
    planned, evaluations = ImportPlan(), _Evaluations(inputs)
    for table, columns in _tables(path, sheet, problems):
        planned.empty += _collect(path, table, columns, evaluations, updates, problems)
    if not updates and not problems.errors and planned.empty:
        problems.error(path, "har bara tomma celler i kolumnen poäng: fyll i poängen och läs in bladet igen")
    elif not updates and not problems.errors:
        problems.error(path, "har inga rader med poäng under rubrikraden: fyll i kommun, år, fråga och poäng", 2)
    if problems.errors:
        raise InputError(problems)
    planned.values = {scores_file: {qid: value for qid, (value, _) in values.items()}
                      for scores_file, values in updates.items()}
    for scores_file, values in planned.values.items():
        new_text(scores_file, values)  # every file checked before any is written
        old = current_scores(scores_file)
        planned.changes += [Change(scores_file.parent, qid, old[qid], value) for qid, value in values.items()
                            if old.get(qid) is not None and old[qid] != value]
    return planned


def write_import(planned: ImportPlan) -> None:
    """Write every scores.yaml of ``planned`` or none, each as it is now with the planned scores set."""
    write_all({scores_file: new_text(scores_file, values) for scores_file, values in planned.values.items()})


def _tables(path: Path, name: str | None, problems: Problems) -> list[tuple[Table, dict[str, int]]]:
    """Return the sheets to read with their columns: ``name``, else those that have the columns.

    A sheet that lacks one column only is a problem (a misspelt header, not another kind of sheet),
    and so is every sheet if none has the columns.
    """
    if name is not None and path.suffix.lower() == ".csv":
        raise UsageError(f"{path}: --sheet gäller bara en arbetsbok (.xlsx); en CSV-fil har ett enda blad")
    tables = read_tables(path, _header_score)
    if name is not None:
        tables = [_named(path, tables, name)]
    found = [(table, _columns(table)) for table in tables]
    usable = [(table, columns) for table, columns in found if isinstance(columns, dict)]
    for table, missing in found:
        if isinstance(missing, list) and (not usable or len(missing) == 1):
            where = f"bladet '{table.name}' " if table.name else ""
            problems.error(path, f"{where}saknar kolumnen {', '.join(missing)}: rubrikraden behöver "
                           "kommun, år, fråga och poäng (eller municipality, year, question, score)", table.header_row)
    return usable


def _named(path: Path, tables: list[Table], name: str) -> Table:
    """Return the sheet called ``name`` (in any case), or raise UsageError naming the sheets there are."""
    for table in tables:
        if table.name is not None and table.name.strip().casefold() == name.strip().casefold():
            return table
    names = ", ".join(f"'{t.name}'" for t in tables if t.name is not None) or "inga"
    raise UsageError(f"{path}: har inget blad som heter '{name}' (bladen: {names})")


def _header_score(values: tuple) -> int:
    """Return how many of the wanted columns the row ``values`` names."""
    names = {str(v).strip().lower() for v in values if v is not None}
    return sum(any(n in names for n in wanted) for wanted in COLUMNS.values())


def _columns(table: Table) -> dict[str, int] | list[str]:
    """Return the column index of each needed field, or the Swedish names of those missing."""
    headers: dict[str, int] = {}
    for index, header in enumerate(table.header):
        headers.setdefault(header.strip().lower(), index)  # the first of two equal headers counts
    found = {key: next((headers[n] for n in names if n in headers), None) for key, names in COLUMNS.items()}
    missing = [COLUMNS[key][0] for key, index in found.items() if index is None]
    return missing or found


def _collect(path, table: Table, columns, evaluations: _Evaluations, updates, problems) -> int:
    """Add the scores of ``table`` to ``updates`` (its problems to ``problems``); return its empty score cells."""
    frameworks: dict[Path, Framework | None] = {}
    empty = 0
    for index, row in table.rows:
        def cell(key):
            value = row[columns[key]] if columns[key] < len(row) else None
            return value, Cell(table.name, index, columns[key] + 1, table.header[columns[key]])

        values = {key: cell(key) for key in COLUMNS}
        if all(_blank(value) for value, _ in values.values()):
            continue
        blank = [key for key in ("municipality", "year", "question") if _blank(values[key][0])]
        for key in blank:
            _error(problems, path, values[key][1], EMPTY[key])
        if not blank and _blank(values["score"][0]):
            empty += 1  # not scored yet: the question is left as it is
        elif not blank:
            _add(path, values, evaluations, frameworks, updates, problems)
    return empty


def _add(path, values: dict[str, tuple], evaluations: _Evaluations, frameworks: dict[Path, Framework | None],
         updates, problems) -> None:
    """Add the score of one row's ``values`` (by field: value and cell) to ``updates``, or a problem."""
    folder = _folder(path, values["municipality"], values["year"], evaluations, problems)
    if folder is None:
        return
    if folder not in frameworks:
        frameworks[folder] = _framework(folder, path, values["municipality"][1], problems)
    framework = frameworks[folder]
    if framework is None:
        return
    (qid, qid_cell), (score, score_cell) = values["question"], values["score"]
    qid_text = _question_id(qid)
    if qid_text not in framework.questions:
        _error(problems, path, qid_cell, f"okänd fråga {qid!r} i ramverket {framework.version}: rätta den")
        return
    value = _score(score, framework.questions[qid_text].max, path, score_cell, problems)
    if value is None:
        return
    target = updates.setdefault(folder / SCORES_FILE, {})
    if qid_text in target:
        _error(problems, path, qid_cell, f"fråga {qid_text} för {folder.name} finns också på rad "
               f"{target[qid_text][1].row}: behåll en")
    target[qid_text] = (value, qid_cell)


def _error(problems: Problems, path: Path, cell: Cell, message: str) -> None:
    problems.error(path, message, None if cell.sheet else cell.row, cell.where() if cell.sheet else
                   f"kolumn {column_letter(cell.column)} ({cell.header})")


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _folder(path, municipality, year, evaluations: _Evaluations, problems) -> Path | None:
    """Return the evaluation folder a row names, or None after a problem: a year that no evaluation of
    the municipality has is blamed on the År cell, a municipality without evaluations on the Kommun cell."""
    (name, name_cell), (year, year_cell) = municipality, year
    year_number = _year(path, year, year_cell, problems)
    if year_number is None:
        return None
    name = str(name).strip()
    folder = evaluations.find(name, year_number)
    if folder is not None:
        return folder
    years = evaluations.years(name)
    if years:
        _error(problems, path, year_cell, f"det finns ingen utvärdering av {name} {year_number}, bara "
               f"{', '.join(map(str, years))}: rätta året (eller skapa utvärderingen med kompass new "
               f"\"{name}\" {year_number})")
    else:
        _error(problems, path, name_cell, f"det finns ingen utvärdering {evaluations.inputs / slug(name, year_number)}:"
               f" skapa den med kompass new \"{name}\" {year_number}")
    return None


def _year(path, year, year_cell, problems) -> int | None:
    try:
        year_value = float(str(year).strip())
        if not year_value.is_integer():
            _error(problems, path, year_cell, f"året måste vara ett heltal, t.ex. 2012, men är {year!r}: rätta cellen")
            return None
        return int(year_value)
    except (ValueError, OverflowError):
        _error(problems, path, year_cell, f"året måste vara ett tal (angivet: {year!r})")
        return None


class _Evaluations:
    """The evaluations under ``inputs``, found by municipality (short or official name) and year."""

    def __init__(self, inputs: Path):
        self.inputs = inputs
        self._known: list[tuple[str, str | None, int | None, Path]] | None = None

    def known(self) -> list[tuple[str, str | None, int | None, Path]]:
        """Return (municipality, official name, year, folder) of every readable evaluation.yaml."""
        if self._known is None:
            self._known = []
            for folder in _evaluation_folders(self.inputs):
                source = read_yaml(folder / EVALUATION_FILE, Problems(), root=folder)
                data = source.data if source is not None and isinstance(source.data, dict) else {}
                year = data.get("year")
                self._known.append((str(data.get("municipality") or ""), data.get("official_name"),
                                    year if isinstance(year, int) else None, folder))
        return self._known

    def _named(self, name: str) -> list[tuple[int | None, Path]]:
        return [(year, folder) for municipality, official, year, folder in self.known()
                if municipality and (same_municipality(name, municipality) or
                                     (official and same_municipality(name, str(official))))]

    def find(self, name: str, year: int) -> Path | None:
        """Return the folder of ``name``'s evaluation of ``year`` (its usual folder name if none says so)."""
        found = [folder for known, folder in self._named(name) if known == year]
        usual = self.inputs / slug(name, year)
        if found:
            return usual if usual in found else found[0]
        return usual if (usual / EVALUATION_FILE).is_file() else None

    def years(self, name: str) -> list[int]:
        """Return the years of ``name``'s evaluations."""
        return sorted({year for year, _ in self._named(name) if year is not None})


def _framework(folder: Path, path: Path, cell: Cell, problems: Problems) -> Framework | None:
    source = read_yaml(folder / EVALUATION_FILE, Problems(), root=folder)
    data = source.data if source is not None and isinstance(source.data, dict) else {}
    try:
        return load_framework(str(data.get("framework")), near=folder)
    except Exception:
        _error(problems, path, cell, f"{folder / EVALUATION_FILE} anger inget känt ramverk: kör kompass check {folder}")
        return None


def _question_id(value) -> str:
    text = str(value).strip()
    if re.fullmatch(r"\d,\d+", text):
        text = text.replace(",", ".")  # typed as a number with a decimal comma
    return text[:-2] if re.fullmatch(r"\d\.\d+\.0", text) else text


def _score(value, maximum: Decimal, path, cell: Cell, problems) -> Decimal | None:
    try:
        score = Decimal(str(value).strip().replace(",", "."))
        if not score.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        _error(problems, path, cell, f"poängen måste vara ett tal (angivet: {value!r})")
        return None
    if score < 0 or score > maximum:
        _error(problems, path, cell, f"{value} ligger utanför 0 till maxpoängen {maximum}")
        return None
    return score


def _evaluation_folders(inputs: Path) -> list[Path]:
    return sorted(p.parent for p in inputs.glob("*/evaluation.yaml")) if inputs.is_dir() else []
