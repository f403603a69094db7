"""Which characters and how much text an evaluation may hold, so that what check accepts both writers can write.

Rule: text may hold any Unicode character except control characters (U+0000-U+001F other than
tab, line feed and carriage return; U+007F-U+009F), surrogates and noncharacters (U+FDD0-U+FDEF
and U+xFFFE/U+xFFFF). Word and PDF cannot hold them; each is reported with file, line and
position (1-based, in characters), and the file is not used.

The limits on lengths and counts are documented in docs/input-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..problems import Problems

MAX_NAME = 100          # municipality, official name, genitive, author, organisation, reference name
MAX_LABEL = 200         # a Kortfakta label
MAX_VALUE = 2000        # a Kortfakta value
MAX_ROWS = 100          # Kortfakta rows, authors, earlier evaluations
MAX_HEADING = 200       # a '## ' or '### ' heading in the notes
MAX_ITEMS = 200         # items in one Styrkor / Förbättringsmöjligheter / Svagheter list
MAX_ITEM = 2000         # characters of one list item
MAX_YAML_DEPTH = 20     # nesting of lists and mappings in a YAML file

_NAMES = {0x00: "nolltecken", 0x07: "klocka", 0x08: "backsteg", 0x0B: "vertikal tabb", 0x0C: "sidmatning",
          0x1B: "escape", 0x7F: "delete", 0x85: "nästa rad, NEL", 0xFEFF: "byte order mark"}


# Every forbidden character, as in the rule above: one search finds them in a whole file.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                        + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17)) + "]")


def forbidden(char: str) -> bool:
    """Return True if ``char`` cannot be written into a report."""
    return _FORBIDDEN.fullmatch(char) is not None


def describe(char: str) -> str:
    """Return ``char`` as the evaluator can find it, e.g. ``U+000B, vertikal tabb``."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        name = "icke-tecken" if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF else \
            "surrogattecken" if 0xD800 <= code <= 0xDFFF else "styrtecken"
    return f"U+{code:04X}, {name}"


def positions(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (line, position, character) of every forbidden character in ``text``, all 1-based."""
    line, line_start, last = 1, 0, 0  # counted on from the last match: linear in the text, however many
    for match in _FORBIDDEN.finditer(text):
        start = match.start()
        newlines = text.count("\n", last, start)
        if newlines:
            line, line_start = line + newlines, text.rfind("\n", last, start) + 1
        last = start
        yield line, start - line_start + 1, match.group()


def check_file_text(path: Path, text: str, problems: Problems) -> bool:
    """Add a problem for each forbidden character in the file's ``text``; return True if there is none."""
    clean = True
    for line, column, char in positions(text.lstrip("\ufeff")):
        problems.error(path, f"otillåtet tecken ({describe(char)}) i position {column}: ta bort det", line)
        clean = False
    return clean


def check_values(data: Any, path: Path, line_of, problems: Problems, keys: tuple = ()) -> bool:
    """Add a problem for each forbidden character in the strings of parsed YAML ``data``.

    Catches what the file's text does not show, e.g. ``"\\v"`` written as an escape sequence.
    ``line_of(keys)`` returns the line of a key path.
    """
    clean = True
    if isinstance(data, dict):
        for key, value in data.items():
            clean &= check_values(key, path, line_of, problems, keys + (key,))
            clean &= check_values(value, path, line_of, problems, keys + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            clean &= check_values(value, path, line_of, problems, keys + (index,))
    elif isinstance(data, (bytes, bytearray)):
        problems.error(path, "binärdata (!!binary) stöds inte: skriv värdet som text", line_of(keys),
                       ".".join(str(k) for k in keys) or None)
        clean = False
    elif isinstance(data, str):
        for _line, column, char in positions(data):
            problems.error(path, f"otillåtet tecken ({describe(char)}) i tecken {column} av värdet, skrivet som "
                           "escape-sekvens: ta bort det", line_of(keys), ".".join(str(k) for k in keys) or None)
            clean = False
    return clean
