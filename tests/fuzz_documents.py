"""Fuzz families for the documents Kompass reads besides evaluations: sheets for import-scores, PDFs for check-pdf.

``sheets()`` makes a CSV or XLSX score sheet for three draft evaluations: any cell values, headers,
delimiters, encodings and quoting, plus broken packages (truncated, bytes changed, a member
missing), zip bombs, a DTD, a forged row number, and paths that are no file (FIFO, /dev/zero, a
folder, a link out of the folder, oversize). Outcomes: ``imported`` (every scores.yaml still valid,
nothing left behind), ``refused_located`` / ``refused_unlocated`` (nothing changed, nothing left
behind); failures ``traceback``, ``hang``, ``leak`` (the secret outside the folder in a message),
``partial`` (a file changed beside a refusal, or a staged file or journal left) and ``broken`` (a
scores.yaml that no longer reads).

``pdfs()`` makes a PDF for check-pdf: the small tagged PDF with one to three hostile changes
(tests/pdf_hostile.py, smaller sizes), junk values put anywhere, bytes cut or changed, encryption,
and paths that are no file. Outcome ``checked`` (failures of known rules, ``läsbar`` included);
failures ``traceback`` and ``hang``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import traceback
from decimal import Decimal
from functools import cache
from pathlib import Path

import pikepdf
from hypothesis import strategies as st
from openpyxl import Workbook

from authoring.builder.importer import import_scores
from authoring.checkers.pdf import RULES, check_pdf
from authoring.errors import InputError, KompassError
from authoring.source.evaluation import read_evaluation
from authoring.source.framework import load_framework
from authoring.source.scaffold import create

from . import pdf_hostile
from .bombs import XLSX_SHEET, Deflated, write_zip

SECRET = "HEMLIGHET-utanfor-mappen-31337"
FOLDERS = (("Kalix", "kalix-2024"), ("Norsjö", "norsjo-2024"), ("Östersund", "ostersund-2024"))
SPECIALS = ("fifo", "devzero", "dir", "missing", "outside", "oversize")


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def _timed(action, seconds: int):
    """Return ``action()``; raise _Timeout after ``seconds``."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return action()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- sheets for import-scores --------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_VALID = {"municipality": st.sampled_from(["Kalix", "Norsjö", "Östersund"]),
          "year": st.sampled_from([2024, "2024", 2024.0]),
          "question": st.sampled_from([f"{area}.{n}" for area in range(1, 9) for n in range(1, 6)] + [1.1, 8.6]),
          "score": st.one_of(st.integers(0, 10), st.sampled_from(["5,5", 2.5, "0"]))}
_HOSTILE = {
    "municipality": st.one_of(st.sampled_from([" Kalix ", "KALIX", "Kalmar", "", None, "=HYPERLINK(\"x\")", "../kalix",
                                               "Kalix\n2024"]), _text),
    "year": st.sampled_from(["2024.0", "2024,0", 2024.5, "tjugo", "", None, -1, 10 ** 30, "1e400", "nan", True]),
    "question": st.one_of(st.sampled_from(["1.10", "9.9", "1.1.0", "", None, "x", " 1.1 "]), _text),
    "score": st.one_of(st.sampled_from([-1, 16, "1e400", "nan", "inf", "-0", "", None, True, "fem", 10 ** 30, "0x10"]),
                       st.decimals(allow_nan=True, places=2), _text),
}
CELLS = {key: st.one_of(_VALID[key], _HOSTILE[key]) for key in _VALID}
_GOOD_HEADERS = st.sampled_from([["kommun", "år", "fråga", "poäng"], ["municipality", "year", "question", "score"]])
HEADERS = st.one_of(_GOOD_HEADERS, _GOOD_HEADERS, _GOOD_HEADERS, st.sampled_from([
    ["Kommun", "År", "Fråga", "Poäng", "Kommentar"], ["kommun", "år", "poäng"], ["kommun", "kommun", "år", "fråga", "poäng"],
    [], ["", None, "x", "y"], [" KOMMUN ", "ÅR", "fråga", "poäng"]]))


@st.composite
def _rows(draw) -> list[list]:
    rows = [draw(HEADERS)]
    for _ in range(draw(st.integers(0, 6))):
        cells = CELLS if draw(st.integers(0, 5)) == 0 else _VALID  # most rows valid, so that imports happen
        row = [draw(cells[key]) for key in ("municipality", "year", "question", "score")]
        if draw(st.integers(0, 15)) == 0:
            row = row[:draw(st.integers(0, 4))] + [draw(_text)] * draw(st.integers(0, 3))
        rows.append(row)
        if draw(st.integers(0, 6)) == 0:
            rows.append([])  # a blank row
    return rows


@st.composite
def _csv(draw, rows) -> bytes:
    delimiter = draw(st.sampled_from([";", ";", ",", "\t", "|", " "]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
            [["" if v is None else str(v) for v in row] for row in rows])
    else:  # no quoting at all: separators and quotes in cells break the columns
        buffer.write("".join(delimiter.join("" if v is None else str(v) for v in row) + "\n" for row in rows))
    text = buffer.getvalue()
    choice = draw(st.integers(0, 19))
    if choice == 0:
        text = text.replace("\n", "\x00\n", 1)
    elif choice == 1:
        text += '"' + "W" * draw(st.sampled_from([10, 131_073, 200_000]))
    elif choice == 2:
        text = ';"a' * draw(st.sampled_from([100, 20_000])) + text  # csv.Sniffer's time grows with the square
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")


def _workbook(sheets: list[list[list]]) -> dict[str, bytes]:
    import zipfile

    book = Workbook()
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"Blad{index + 1}")
        for row in rows:
            row = [str(v) if isinstance(v, Decimal) else v for v in row]  # openpyxl cannot save a signaling NaN
            try:
                sheet.append(row)
            except Exception:  # openpyxl refuses control characters and some types: a plain row instead
                sheet.append(["x"] * len(row))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


@st.composite
def _xlsx(draw, rows) -> bytes | dict:
    members: dict = _workbook([rows] + [draw(_rows()) for _ in range(draw(st.integers(0, 1)))])
    change = draw(st.sampled_from(["none"] * 9 + ["bomb", "dtd", "row", "missing", "bytes", "truncate", "junk"]))
    sheet = members[XLSX_SHEET]
    if change == "bomb":
        cut = sheet.index(b"</sheetData>")
        members[XLSX_SHEET] = Deflated(sheet[:cut], draw(st.sampled_from([40_000_000, 400_000_000])), sheet[cut:])
    elif change == "dtd":
        members[XLSX_SHEET] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]>' + sheet.split(b"?>", 1)[-1]
    elif change == "row":
        row = draw(st.sampled_from([b"1048577", b"99999999999", b"-1", b"0", b"x"]))
        members[XLSX_SHEET] = sheet.replace(b"</sheetData>", b'<row r="' + row + b'"><c><v>1</v></c></row></sheetData>')
    elif change == "missing":
        del members[draw(st.sampled_from(sorted(members)))]
    elif change == "junk":
        members[draw(st.sampled_from(sorted(members)))] = draw(st.binary(max_size=200))
    return {"members": members, "cut": change == "truncate", "flip": change == "bytes"}


@st.composite
def sheets(draw) -> dict:
    """Return one generated sheet: {"suffix", "content"} with content bytes, a zip recipe, or a special kind."""
    suffix = draw(st.sampled_from(["csv", "xlsx"]))
    if draw(st.integers(0, 14)) == 0:
        return {"suffix": suffix, "content": draw(st.sampled_from(SPECIALS))}
    rows = draw(_rows())
    content = draw(_csv(rows)) if suffix == "csv" else draw(_xlsx(rows))
    return {"suffix": suffix, "content": content, "seed": draw(st.integers(0, 2 ** 32))}


@cache
def _template(root: Path) -> Path:
    inputs = root / "mall" / "inputs"
    for name, _ in FOLDERS:
        create(inputs, name, 2024, load_framework("2010"))
    return inputs


def _write_sheet(example: dict, work: Path) -> Path:
    path = work / f"poäng.{example['suffix']}"
    content = example["content"]
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        write_zip(path, content["members"])
        data = bytearray(path.read_bytes())
        seed = example["seed"]
        if content["cut"]:
            data = data[:seed % max(len(data), 1)]
        if content["flip"]:
            for step in range(1 + seed % 8):
                data[(seed * (step + 7)) % len(data)] ^= 0xFF
        path.write_bytes(bytes(data))
    elif content == "fifo":
        os.mkfifo(path)
    elif content == "devzero":
        path.symlink_to("/dev/zero")
    elif content == "dir":
        path.mkdir()
    elif content == "outside":
        path.symlink_to(work.parent / "secret.csv")
    elif content == "oversize":
        with open(path, "wb") as handle:
            handle.truncate(101_000_000)
    return path


def run_sheet_example(example: dict, work: Path, time_limit: int) -> tuple[str, str]:
    """Return (outcome, detail) of importing the sheet ``example`` into three fresh drafts in ``work``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work.parent / "secret.csv").write_text(f"kommun;år;fråga;poäng\n{SECRET};2024;1.1;5\n", encoding="utf-8")
    inputs = work / "inputs"
    shutil.copytree(_template(work.parent), inputs)
    before = {folder: (inputs / folder / "scores.yaml").read_bytes() for _, folder in FOLDERS}
    sheet = _write_sheet(example, work)
    try:
        _timed(lambda: import_scores(sheet, inputs), time_limit)
    except _Timeout:
        return "hang", ""
    except KompassError as exc:
        return _sheet_refused(exc, sheet, inputs, before)
    except Exception:
        return "traceback", traceback.format_exc(limit=8)
    return _imported(inputs)


def _sheet_refused(exc: KompassError, sheet: Path, inputs: Path, before: dict) -> tuple[str, str]:
    message = str(exc)
    if SECRET in message:
        return "leak", message
    after = {folder: (inputs / folder / "scores.yaml").read_bytes() for _, folder in FOLDERS}
    if after != before:
        return "partial", f"a scores.yaml changed beside a refusal: {message}"
    if list(inputs.rglob(".kompass*")):
        return "partial", f"left behind: {sorted(p.name for p in inputs.rglob('.kompass*'))}"
    if isinstance(exc, InputError):
        located = all(p.file is not None for p in exc.problems)
    else:
        located = str(sheet) in message or str(inputs) in message
    return ("refused_located" if located else "refused_unlocated"), message


def _imported(inputs: Path) -> tuple[str, str]:
    if list(inputs.rglob(".kompass*")):
        return "partial", f"left behind: {sorted(p.name for p in inputs.rglob('.kompass*'))}"
    for _, folder in FOLDERS:
        evaluation, problems = read_evaluation(inputs / folder)
        if evaluation is None or problems.errors:
            return "broken", "; ".join(str(p) for p in problems.errors)
    return "imported", ""


# -- PDFs for check-pdf --------------------------------------------------------------------------

SIZES = {"deep_tree": {"depth": 2_000}, "deep_parent_tree": {"depth": 2_000}, "deep_forms": {"depth": 1_000},
         "long_role_map": {"length": 2_000}, "many_operators": {"count": 20_000},
         "shared_content": {"pages": 50}, "metadata_bomb": {"unpacked": 100_000_000},
         "content_bomb": {"unpacked": 100_000_000}, "lzw_content_bomb": {"unpacked": 100_000_000}}
JUNK = st.sampled_from([0, -1, 2 ** 40, 1.5, True, None, "text", "/Name", "[]", "{}", "self"])
KEYS = st.sampled_from(["/K", "/S", "/P", "/Pg", "/A", "/Alt", "/Nums", "/Kids", "/ParentTree", "/RoleMap",
                        "/StructParents", "/StructParent", "/Annots", "/Resources", "/Font", "/XObject", "/Contents",
                        "/MarkInfo", "/Lang", "/Metadata", "/ViewerPreferences", "/Subtype", "/BaseFont",
                        "/DescendantFonts", "/FontDescriptor", "/ToUnicode", "/Encoding", "/Filter", "/Length"])


@st.composite
def pdfs(draw) -> dict:
    """Return one generated PDF recipe: hostile changes, junk values, byte changes, encryption, or a special path."""
    if draw(st.integers(0, 14)) == 0:
        return {"special": draw(st.sampled_from(SPECIALS))}
    return {"changes": draw(st.lists(st.sampled_from(sorted(pdf_hostile.HOSTILE)), max_size=2)),
            "junk": draw(st.lists(st.tuples(st.integers(0, 40), KEYS, JUNK), max_size=4)),
            "encrypt": draw(st.sampled_from([None, None, None, "", "hemligt"])),
            "cut": draw(st.one_of(st.none(), st.floats(0, 1))), "flip": draw(st.lists(st.floats(0, 1), max_size=3))}


def _junk(pdf: pikepdf.Pdf, target, value):
    return {"self": target, "[]": pikepdf.Array([]), "{}": pikepdf.Dictionary(), "/Name": pikepdf.Name("/Junk"),
            "text": pikepdf.String("x")}.get(value, value) if isinstance(value, str) else value


def _write_pdf(recipe: dict, path: Path) -> Path:
    if "special" in recipe:
        kind = recipe["special"]
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "devzero":
            path.symlink_to("/dev/zero")
        elif kind == "dir":
            path.mkdir()
        elif kind == "outside":
            path.symlink_to(path.parent.parent / "secret.pdf")
        elif kind == "oversize":
            with open(path, "wb") as handle:
                handle.truncate(101_000_000)
        return path
    pdf = pdf_hostile.tagged()
    for name in recipe["changes"]:
        pdf_hostile.HOSTILE[name](pdf, **SIZES.get(name, {}))
    objects = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) or isinstance(o, pikepdf.Stream)]
    for index, key, value in recipe["junk"]:
        target = objects[index % len(objects)]
        target[key] = _junk(pdf, target, value) if value is not None else pikepdf.Object.parse(b"null")
    if recipe["encrypt"] is not None:
        pdf.save(path, encryption=pikepdf.Encryption(user=recipe["encrypt"], owner="ägare", R=6),
                 fix_metadata_version=False)
    else:
        pdf_hostile.write(pdf, path)
    data = bytearray(path.read_bytes())
    for where in recipe["flip"]:
        data[int(where * (len(data) - 1))] ^= 0x5A
    if recipe["cut"] is not None:
        data = data[:int(recipe["cut"] * len(data))]
    path.write_bytes(bytes(data))
    return path


def run_pdf_example(recipe: dict, work: Path, time_limit: int) -> tuple[str, str]:
    """Return (outcome, detail) of checking the PDF ``recipe`` in ``work``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pdf_hostile.write(pdf_hostile.tagged(), work.parent / "secret.pdf")
    try:
        path = _write_pdf(recipe, work / "rapport.pdf")
    except Exception:  # making the example failed (two changes that do not combine): not the checker's fault
        return "checked", "not made"
    try:
        failures = _timed(lambda: check_pdf(path), time_limit)
    except _Timeout:
        return "hang", ""
    except Exception:
        return "traceback", traceback.format_exc(limit=8)
    if any(failure.rule not in RULES and failure.rule != "läsbar" for failure in failures):
        return "traceback", f"unknown rule in {failures}"
    return "checked", ""
