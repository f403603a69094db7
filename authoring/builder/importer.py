"""``kompass import-scores``: fill evaluations' scores from a spreadsheet (xlsx or csv).

Columns (Swedish or English headers): kommun/municipality, år/year, fråga/question, poäng/score.
The sheet is read with limits (``sheets``). Every problem is reported with the sheet, row and
column; nothing is written unless all rows are valid, and then every ``scores.yaml`` is written or
none (``replace_all``, at the end of this module). The files are edited line by line so their comments survive.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError, UsageError
from ..source.evaluation import EVALUATION_FILE, SCORES_FILE
from ..source.framework import Framework, load_framework
from ..problems import Problems
from ..safeio import Refused, output_errors, read_text, remove_stale_temporaries, replace_all, temporary
from ..source.scaffold import slug
from ..source.yamlsource import parse_yaml, read_yaml
from .sheets import Table, read_tables

COLUMNS = {"municipality": ("kommun", "municipality"), "year": ("år", "year"),
           "question": ("fråga", "question", "question id", "id"), "score": ("poäng", "score")}


@dataclass(frozen=True)
class Cell:
    """Where a value came from, for messages: sheet (None for csv), row, column."""

    sheet: str | None
    row: int
    column: int
    header: str

    def where(self) -> str:
        sheet = f"bladet '{self.sheet}' " if self.sheet else ""
        return f"{sheet}rad {self.row}, kolumn {_column_letter(self.column)} ({self.header})"


def import_scores(path: Path, inputs: Path) -> dict[Path, int]:
    """Set the scores in ``path`` into the evaluations under ``inputs``; return scores set per file."""
    for folder in _evaluation_folders(inputs):
        remove_stale_temporaries(folder)  # an import killed while it wrote is completed, or left undone
    problems = Problems()
    updates: dict[Path, dict[str, tuple[Decimal, Cell]]] = {}
    for table in read_tables(path):
        columns = _columns(path, table, problems)
        if columns:
            _collect(path, table, columns, inputs, updates, problems)
    if not updates and not problems.errors:
        problems.error(path, "har inga rader med poäng under rubrikraden: fyll i kommun, år, fråga och poäng", 2)
    if problems.errors:
        raise InputError(problems)
    texts = {scores_file: _new_text(scores_file, {qid: value for qid, (value, _) in values.items()})
             for scores_file, values in updates.items()}  # every file checked before any is written
    _write_all(texts)
    return {scores_file: len(values) for scores_file, values in updates.items()}


def _columns(path: Path, table: Table, problems: Problems) -> dict[str, int] | None:
    """Return the column index of each needed field, or None after adding a problem."""
    headers: dict[str, int] = {}
    for index, header in enumerate(table.header):
        headers.setdefault(header.strip().lower(), index)  # the first of two equal headers counts
    found = {key: next((headers[n] for n in names if n in headers), None) for key, names in COLUMNS.items()}
    missing = [COLUMNS[key][0] for key, index in found.items() if index is None]
    if missing:
        where = f"bladet '{table.name}' " if table.name else ""
        problems.error(path, f"{where}saknar kolumnen {', '.join(missing)}: rubrikraden behöver "
                       "kommun, år, fråga och poäng (eller municipality, year, question, score)", table.header_row)
        return None
    return found


def _collect(path, table: Table, columns, inputs, updates, problems) -> None:
    frameworks: dict[Path, Framework | None] = {}
    for index, row in table.rows:
        def cell(key):
            value = row[columns[key]] if columns[key] < len(row) else None
            return value, Cell(table.name, index, columns[key] + 1, table.header[columns[key]])

        (name, name_cell), (year, year_cell) = cell("municipality"), cell("year")
        (qid, qid_cell), (score, score_cell) = cell("question"), cell("score")
        if all(_blank(v) for v in (name, year, qid, score)):
            continue
        folder = _folder(path, name, name_cell, year, year_cell, inputs, problems)
        if folder is None:
            continue
        if folder not in frameworks:
            frameworks[folder] = _framework(folder, path, name_cell, problems)
        framework = frameworks[folder]
        if framework is None:
            continue
        qid_text = _question_id(qid)
        if qid_text not in framework.questions:
            _error(problems, path, qid_cell, f"okänd fråga {qid!r} i ramverket {framework.version}: rätta den")
            continue
        value = _score(score, framework.questions[qid_text].max, path, score_cell, problems)
        if value is None:
            continue
        target = updates.setdefault(folder / SCORES_FILE, {})
        if qid_text in target:
            _error(problems, path, qid_cell, f"fråga {qid_text} för {folder.name} finns också på rad "
                   f"{target[qid_text][1].row}: behåll en")
        target[qid_text] = (value, qid_cell)


def _error(problems: Problems, path: Path, cell: Cell, message: str) -> None:
    problems.error(path, message, None if cell.sheet else cell.row, cell.where() if cell.sheet else
                   f"kolumn {_column_letter(cell.column)} ({cell.header})")


def _column_letter(number: int) -> str:
    """Return the spreadsheet name of column ``number`` (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _folder(path, name, name_cell, year, year_cell, inputs: Path, problems) -> Path | None:
    if _blank(name):
        _error(problems, path, name_cell, "kommunen är tom: fyll i den")
        return None
    try:
        year_value = float(str(year).strip())
        if not year_value.is_integer():
            _error(problems, path, year_cell, f"året måste vara ett heltal, t.ex. 2012, men är {year!r}: rätta cellen")
            return None
        year_number = int(year_value)
    except (ValueError, OverflowError):
        _error(problems, path, year_cell, f"året måste vara ett tal (angivet: {year!r})")
        return None
    folder = inputs / slug(str(name).strip(), year_number)
    if not (folder / EVALUATION_FILE).is_file():
        _error(problems, path, name_cell, f"det finns ingen utvärdering {folder}: skapa den med "
               f"kompass new \"{str(name).strip()}\" {year_number}")
        return None
    return folder


def _framework(folder: Path, path: Path, cell: Cell, problems: Problems) -> Framework | None:
    source = read_yaml(folder / EVALUATION_FILE, Problems(), root=folder)
    data = source.data if source is not None and isinstance(source.data, dict) else {}
    try:
        return load_framework(str(data.get("framework")))
    except Exception:
        _error(problems, path, cell, f"{folder / EVALUATION_FILE} anger inget känt ramverk: kör kompass check {folder}")
        return None


def _question_id(value) -> str:
    text = str(value).strip()
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


def _new_text(scores_file: Path, values: dict[str, Decimal]) -> str:
    """Return ``scores_file`` with ``values`` set, keeping every comment and line that is not a changed score."""
    lines = _read_scores_text(scores_file).splitlines()
    remaining = dict(values)
    for index, line in enumerate(lines):
        match = re.match(r"""^(\s*["']?(\d+\.\d+)["']?\s*:)[ \t]*([^#]*?)([ \t]*#.*)?$""", line)
        if match and match.group(2) in remaining:
            value = _number(remaining.pop(match.group(2)))
            comment = match.group(4) or ""
            if comment and not comment[0].isspace():
                comment = f"  {comment}"
            lines[index] = f"{match.group(1)} {value}{comment or ''}"
    lines += [f'"{qid}": {_number(value)}' for qid, value in remaining.items()]
    text = "\n".join(lines) + "\n"
    parsed = parse_yaml(scores_file, text, Problems())
    data = parsed.data if parsed is not None else None
    if not isinstance(data, dict) or any(_decimal(data.get(qid)) != value for qid, value in values.items()):
        raise UsageError(f"{scores_file}: poängen kan inte sättas utan att filens innehåll ändras: skriv varje "
                         "poäng på samma rad som sitt frågenummer (\"1.1\": 5), utan ankare och alias, och kör "
                         "kommandot igen")
    return text


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _read_scores_text(scores_file: Path) -> str:
    """Return the text of ``scores_file`` (empty if missing); it must be a regular file in its folder."""
    try:
        return read_text(scores_file, scores_file.parent)
    except FileNotFoundError:
        return ""
    except Refused as exc:
        raise UsageError(f"{scores_file} {exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{scores_file} är inte UTF-8-text (byte {exc.start}): spara den som UTF-8") from None


def _mode(scores_file: Path) -> int | None:
    """Return the permissions of ``scores_file`` (of its target if a symlink), None if it does not exist."""
    try:
        return stat.S_IMODE(os.stat(scores_file.resolve()).st_mode)
    except FileNotFoundError:
        return None


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# -- all or nothing ------------------------------------------------------------------------------

def _evaluation_folders(inputs: Path) -> list[Path]:
    return sorted(p.parent for p in inputs.glob("*/evaluation.yaml")) if inputs.is_dir() else []


def _write_all(texts: dict[Path, str]) -> None:
    """Write every scores.yaml of ``texts`` or none (``safeio.replace_all``), each keeping its permissions."""
    moves: list[tuple[Path, Path]] = []
    modes: dict[Path, int] = {}
    try:
        for scores_file, text in texts.items():
            dest = scores_file.resolve()
            with output_errors(dest):
                tmp = temporary(dest.parent)
                moves.append((tmp, dest))
                tmp.write_text(text, encoding="utf-8")
            mode = _mode(scores_file)
            if mode is not None:
                modes[dest] = mode
        with output_errors(moves[0][1] if moves else Path(".")):
            replace_all(moves, modes=modes)
    finally:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)
