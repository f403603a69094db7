"""``kompass import-scores``: fill evaluations' scores from a spreadsheet (xlsx or csv).

Columns (Swedish or English headers): kommun/municipality, år/year, fråga/question, poäng/score.
The sheet is read with limits (``sheets``). Every problem is reported with the sheet, row and
column; nothing is written unless all rows are valid, and then every ``scores.yaml`` is written or
none (``replace_all``, at the end of this module). The files are edited line by line so their comments survive.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError, UsageError
from ..source.evaluation import EVALUATION_FILE, SCORES_FILE
from ..source.framework import Framework, load_framework
from ..problems import Problems
from ..safeio import Refused, output_errors, read_bytes, read_text
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
    recover(inputs)  # an import killed while it replaced files is completed first
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
    replace_all({scores_file.resolve(): (text, _mode(scores_file)) for scores_file, text in texts.items()},
                inputs)
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
# SEAM: a stand-in for the general all-or-nothing helper that authoring/safeio.py gets in issue 20.
# At merge, ``replace_all`` and ``recover`` (and everything below them) give way to that helper and
# its recovery; ``import_scores`` calls each once and passes (destination -> (text, mode)).

JOURNAL = ".kompass-import.json"
_STAGED = re.compile(r"^\.kompass-import-\d+-[A-Za-z0-9_-]+\.new$")


def replace_all(files: dict[Path, tuple[str, int | None]], journal_dir: Path) -> None:
    """Write every file of ``files`` (destination -> (text, mode; None: as a new file)) or none.

    A journal in ``journal_dir`` names the staged files before they exist ("staging"), then says
    that all are complete ("replacing"); only then are they moved into place. An error puts back
    what was already replaced; after a kill, ``recover`` removes the staged files or completes the
    moves, as the journal says.
    """
    journal = journal_dir / JOURNAL
    staged = {dest: dest.parent / f".kompass-import-{os.getpid()}-{secrets.token_urlsafe(6)}.new" for dest in files}
    old: dict[Path, bytes | None] = {}
    _write_journal(journal, "staging", staged, exclusive=True)
    try:
        for dest, (text, mode) in files.items():
            with output_errors(dest):
                old[dest] = _current(dest)
                _stage(staged[dest], text, mode)
        _write_journal(journal, "replacing", staged)
        _replace(staged, old, files)
    except BaseException:
        for tmp in staged.values():
            _unlink(tmp)
        _unlink(journal)
        raise
    _unlink(journal)


def recover(journal_dir: Path) -> None:
    """Finish what a killed ``replace_all`` left in ``journal_dir``: undo its staging or complete its moves."""
    journal = journal_dir / JOURNAL
    if not journal_dir.is_dir():
        return
    for half_written in journal_dir.glob(f"{JOURNAL}.*.tmp"):  # killed while writing the journal
        if not _alive(int(half_written.name.split(".")[-2]) if half_written.name.split(".")[-2].isdigit() else 0):
            _unlink(half_written)
    try:
        state = json.loads(read_text(journal, journal_dir))
        pid, phase, entries = state["pid"], state["phase"], [(Path(d), Path(t)) for d, t in state["files"]]
    except FileNotFoundError:
        return
    except (Refused, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{journal} (en avbruten import) kan inte läsas ({exc}): kontrollera poängfilerna som "
                         "importen gällde och ta bort filen") from None
    if _alive(pid):
        raise UsageError(f"{journal}: en annan import (process {pid}) pågår: vänta tills den är klar")
    with output_errors(journal):
        for dest, tmp in entries:
            if not (dest.is_absolute() and tmp.parent == dest.parent and _STAGED.match(tmp.name)):
                raise UsageError(f"{journal} nämner {tmp} för {dest}, vilket en import aldrig gör: ta bort filen")
            if phase == "replacing" and tmp.exists():
                os.replace(tmp, dest)
            _unlink(tmp)
        journal.unlink()


def _replace(staged: dict[Path, Path], old: dict[Path, bytes | None], files) -> None:
    """Move every staged file onto its destination; on an error, put back those already moved."""
    done: list[Path] = []
    try:
        for dest, tmp in staged.items():
            with output_errors(dest):
                os.replace(tmp, dest)
            done.append(dest)
    except BaseException:
        for dest in done:
            if old[dest] is None:
                _unlink(dest)
            else:
                _stage(staged[dest], old[dest].decode("utf-8"), files[dest][1])
                os.replace(staged[dest], dest)
        raise


def _current(dest: Path) -> bytes | None:
    try:
        return read_bytes(dest, dest.parent)
    except FileNotFoundError:
        return None
    except Refused as exc:
        raise UsageError(f"{dest} {exc}") from None


def _stage(tmp: Path, text: str, mode: int | None) -> None:
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(text.encode("utf-8"))
        os.fchmod(handle.fileno(), mode)


def _write_journal(journal: Path, phase: str, staged: dict[Path, Path], exclusive: bool = False) -> None:
    """Write the journal atomically; ``exclusive``: refuse if one exists (another import is running)."""
    text = json.dumps({"pid": os.getpid(), "phase": phase, "files": [[str(d), str(t)] for d, t in staged.items()]})
    tmp = journal.with_name(f"{JOURNAL}.{os.getpid()}.tmp")
    with output_errors(journal):
        if exclusive and journal.exists():
            raise UsageError(f"{journal}: en annan import pågår: vänta tills den är klar")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, journal)


def _alive(pid) -> bool:
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
