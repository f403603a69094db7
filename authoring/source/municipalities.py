"""Sweden's 290 municipalities (``templates/kommuner.yaml``): kommunkod, short name, official name.

The official name is the one the report prints ("Falu kommun", "Stockholms stad", "Region
Gotland"); the list is looked up by short name, official name or code, in any case.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from ..templates import TEMPLATES_DIR, fast_loader

LIST_FILE = "kommuner.yaml"


@dataclass(frozen=True)
class Municipality:
    """One municipality of SCB's list."""

    code: str
    name: str
    official_name: str


@cache
def municipalities() -> dict[str, Municipality]:
    """Return every municipality by the folded forms of its short name, official name and code."""
    import yaml

    with open(TEMPLATES_DIR / LIST_FILE, encoding="utf-8") as handle:
        rows = yaml.load(handle, Loader=fast_loader())["municipalities"]
    found: dict[str, Municipality] = {}
    for row in rows:
        municipality = Municipality(str(row["code"]), str(row["name"]), str(row["official_name"]))
        for key in (municipality.name, municipality.official_name, municipality.code):
            found[_fold(key)] = municipality
    return found


SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})  # å, ä, ö after z


def in_order() -> list[Municipality]:
    """Return every municipality once, in Swedish alphabetical order of the short name (Å, Ä, Ö last)."""
    unique = {municipality.code: municipality for municipality in municipalities().values()}
    return sorted(unique.values(), key=lambda m: _fold(m.name).translate(SWEDISH_ORDER))


def lookup(name: str) -> Municipality | None:
    """Return the municipality called ``name`` (short or official name, or kommunkod), else None."""
    return municipalities().get(_fold(name))


def same_municipality(name: str, other: str) -> bool:
    """Return whether ``name`` and ``other`` name one municipality: the same name in any case, or the
    short name, official name or code of one municipality of the list ("Bjurholms kommun", "Bjurholm")."""
    if _fold(name) == _fold(other):
        return True
    found = lookup(name)
    return found is not None and found is lookup(other)


def _fold(name: str) -> str:
    """Return ``name`` as compared: NFC (macOS writes å as a + ring), case and spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def official_name(name: str) -> str:
    """Return the official name of ``name`` from the list, else the usual form ``<genitive> kommun``."""
    from ..swedish import municipality_name

    found = lookup(name)
    return found.official_name if found else municipality_name(name)


def check_names(meta, source, problems) -> None:
    """Warn about the names the report prints that the evaluator must still give.

    A municipality not in the list needs ``official_name`` (until then the report guesses it, so a
    final report refuses it); an ``official_name`` other than the list's is probably a slip; an empty
    ``inhabitants_genitive`` is never guessed ("Bjurholmbornas"): the text says "invånarnas".
    """
    found = lookup(meta.municipality)
    line = source.line_of(("municipality",))
    if found is None and not meta.official_name:
        problems.warning(source.path, f"'{meta.municipality}' finns inte i listan över Sveriges kommuner: skriv "
                         f"official_name, kommunens namn som det ska stå i rapporten (tills dess står det "
                         f"'{official_name(meta.municipality)}')", line, "official_name", fact=True)
    elif found is None:
        problems.warning(source.path, f"'{meta.municipality}' finns inte i listan över Sveriges kommuner: "
                         f"rapporten skriver official_name, '{meta.official_name}'", line, "municipality")
    elif meta.official_name and _fold(meta.official_name) != _fold(found.official_name):
        problems.warning(source.path, f"official_name '{meta.official_name}' skiljer sig från kommunens officiella "
                         f"namn '{found.official_name}' (SCB:s kommunlista, kommunkod {found.code}): rätta eller ta "
                         "bort official_name", source.line_of(("official_name",)), "official_name")
    if not meta.inhabitants_genitive:
        problems.warning(source.path, "är inte ifyllt: skriv invånarnas namn i genitiv, t.ex. Kalixbornas (tills dess "
                         "står det 'invånarnas' i texten)",
                         source.line_of(("inhabitants_genitive",)), "inhabitants_genitive")
