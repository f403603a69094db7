"""A spreadsheet handed to ``kompass import-scores`` (.xlsx or .csv), read with limits into rows.

The file is read through the safe reader (a regular file in its folder, capped, never blocking);
an XLSX is refused before it is parsed if it would unpack to more than a scores sheet needs or
declares a DTD (entity bombs), and no sheet may hold more rows or cells than the limits below.
Each row keeps its number in the sheet (its first line in a CSV), for messages. A CSV is UTF-8 (with
or without a BOM) or else Windows-1252, which Swedish Excel's "CSV (semikolonavgränsad)" writes. The
header is the row among the first few that names the most wanted columns, so a title above it is
skipped. A sheet that cannot be read is invalid input (InputError, exit 1, naming the file); only a
missing file or another kind of file is a usage error.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import InputError, UsageError
from ..problems import Problems
from ..safeio import Refused, read_archive, read_bytes

MAX_CSV_BYTES = 20_000_000  # a CSV; 2,000 municipalities times 100 questions is about 5 MB
MAX_XLSX_UNPACKED = 32_000_000  # what an XLSX's parts unpack to, together (that sheet as XLSX: about 15 MB)
MAX_ROWS = 1_048_576  # Excel's last row
MAX_CELLS = 2_000_000  # cells read, empty ones within a row included
DELIMITERS = ";,\t|"
SNIFFED = 4_096  # characters of the header line that csv.Sniffer sees: its time grows with the square
TITLE_ROWS = 10  # filled rows above the header (a title, a date, an explanation) that are looked past
HEADER_WORDS = ("kommun", "fråga", "poäng", "municipality", "question", "score")  # how a header line is told
LEGACY = "cp1252"  # what Excel in a Swedish Windows writes as "CSV (semikolonavgränsad)"


@dataclass(frozen=True)
class Table:
    """One sheet: its name (None for a CSV), its header row and the rows below it, each with its number."""

    name: str | None
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple], ...]


HeaderScore = Callable[[tuple], int]  # how many wanted column names a row holds


@dataclass(frozen=True)
class Kind:
    """What a sheet is for, in the words of the messages that refuse one too large."""

    name: str     # "poängblad": what the limit on unpacking is for
    rows: str     # why so many rows are not needed
    columns: str  # why so many cells are not needed


SCORES = Kind("ett poängblad", "ett poängblad har en rad per kommun och fråga",
              "ett poängblad behöver fyra kolumner (kommun, år, fråga, poäng)")


def read_tables(path: Path, header_score: HeaderScore | None = None, kind: Kind = SCORES) -> list[Table]:
    """Return the sheets of ``path`` (.xlsx, .xlsm or .csv), a ``kind`` of sheet (its limits' words).

    The header of each is the first filled row, or with ``header_score`` the row among the first
    ``TITLE_ROWS`` filled ones that scores highest (the earliest on a tie).
    Raise InputError if the sheet cannot be read, UsageError if it is missing or no spreadsheet.
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise UsageError(f"{path}: ange en .xlsx- eller .csv-fil")
    score = header_score or (lambda values: 0)
    try:
        if suffix == ".csv":
            return [_csv_table(path, read_bytes(path, path.parent, MAX_CSV_BYTES), score, kind)]
        return _xlsx_tables(path, read_archive(path, "XLSX"), score, kind)
    except FileNotFoundError:
        raise UsageError(f"{path} finns inte") from None
    except Refused as exc:
        raise refused(path, str(exc)) from None


def refused(path: Path, message: str, line: int | None = None) -> InputError:
    """Return the error that refuses the sheet ``path`` (at ``line``) with ``message``."""
    problems = Problems()
    problems.error(path, message, line)
    return InputError(problems)


def _csv_table(path: Path, data: bytes, score: HeaderScore, kind: Kind) -> Table:
    text = _decoded(path, data)
    try:
        delimiter = csv.Sniffer().sniff(_header_line(text), delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ";"  # one column at most: the header check names what is missing
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    counter = _Counter(path, kind)
    rows, line = [], 1
    try:
        for record in reader:
            counter.add(len(record))
            rows.append((line, tuple(record)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise refused(path, f"raden är ingen giltig CSV ({_csv_reason(exc)}): rätta den eller spara filen på "
                      "nytt som CSV", reader.line_num) from None
    return _table(None, rows, score)


def _decoded(path: Path, data: bytes) -> str:
    """Return the text of a CSV: UTF-8 (a BOM dropped) if it is valid UTF-8, else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(LEGACY)
    except UnicodeDecodeError as exc:  # five bytes mean nothing in Windows-1252
        line = data[:exc.start].count(b"\n") + 1
        raise refused(path, f"är varken UTF-8- eller Windows-1252-text (byte {exc.start + 1}): spara den i Excel som "
                      "\"CSV UTF-8\" eller \"CSV (semikolonavgränsad)\"", line) from None


def _header_line(text: str) -> str:
    """Return the start of the line the delimiter is guessed from: of the first lines, the one that
    names the most wanted columns (a title above the header may have no delimiter), else the first."""
    lines = text[:SNIFFED * TITLE_ROWS].splitlines()[:TITLE_ROWS] or [""]
    named = [sum(word in line.casefold() for word in HEADER_WORDS) for line in lines]
    return lines[named.index(max(named))][:SNIFFED]


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"en cell är längre än {csv.field_size_limit()} tecken"
    if "NUL" in text:
        return "raden innehåller en NUL-byte"
    return "citattecknen går inte ihop"


def _xlsx_tables(path: Path, data: bytes, score: HeaderScore, kind: Kind) -> list[Table]:
    _check_parts(path, data, kind)
    from openpyxl import load_workbook  # late: only an XLSX needs it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            return [_sheet_table(path, sheet, score, kind) for sheet in book.worksheets if hasattr(sheet, "iter_rows")]
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged package: say so, no traceback
        raise refused(path, "kan inte läsas som kalkylblad (filen är skadad eller inget Excel-dokument): "
                      "spara det som .xlsx eller .csv") from None


def _check_parts(path: Path, data: bytes, kind: Kind) -> None:
    """Refuse an XLSX whose parts unpack beyond ``MAX_XLSX_UNPACKED`` or declare a DTD."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
        total = sum(member.file_size for member in members)
        if total > MAX_XLSX_UNPACKED:
            raise refused(path, f"packas upp till {total} byte (högst {MAX_XLSX_UNPACKED} för {kind.name}): "
                          "dela upp bladet i flera filer")
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels")) and b"<!DOCTYPE" in _read(path, package, member):
                raise refused(path, f"delen {member.filename!r} innehåller en DTD (<!DOCTYPE>), vilket ett kalkylblad "
                              "från Excel eller LibreOffice aldrig gör: spara bladet på nytt")


def _read(path: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        return package.read(member)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise refused(path, f"delen {member.filename!r} kan inte packas upp ({exc}): spara bladet på nytt") from None


def _sheet_table(path: Path, sheet, score: HeaderScore, kind: Kind) -> Table:
    sheet.reset_dimensions()  # a stated size could pad every row to 16,384 columns
    counter, rows = _Counter(path, kind, sheet.title), []
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        counter.add(len(values))
        if any(value is not None for value in values):
            rows.append((number, tuple(_value(value) for value in values)))
    return _table(sheet.title, rows, score)


def _value(value):
    """Return a cell value as pandas gave it before: whole numbers as int."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _table(name: str | None, rows: list[tuple[int, tuple]], score: HeaderScore) -> Table:
    filled = [(number, values) for number, values in rows if not all(_blank(v) for v in values)]
    if not filled:
        return Table(name, (), 1, ())
    scores = [score(values) for _, values in filled[:TITLE_ROWS]]
    at = scores.index(max(scores))
    (header_row, header), body = filled[at], filled[at + 1:]
    return Table(name, tuple("" if h is None else str(h) for h in header), header_row, tuple(body))


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


class _Counter:
    """Counts rows and cells read; refuses the sheet beyond ``MAX_ROWS`` or ``MAX_CELLS``."""

    def __init__(self, path: Path, kind: Kind, sheet: str | None = None):
        self.path, self.kind, self.where = path, kind, f"bladet '{sheet}' " if sheet else ""
        self.rows = self.cells = 0

    def add(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise refused(self.path, f"{self.where}har fler än {MAX_ROWS} rader: {self.kind.rows}; ta bort tomma rader "
                          "längst ned eller dela upp bladet")
        if self.cells > MAX_CELLS:
            raise refused(self.path, f"{self.where}har fler än {MAX_CELLS} celler: {self.kind.columns}; ta bort "
                          "övriga kolumner eller dela upp bladet")


def column_letter(number: int) -> str:
    """Return the spreadsheet name of column ``number`` (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
