"""The criteria workbook's layout: its sheets, their columns and the framework keys they hold.

A coordinator keeps a framework revision (the 2020 revision's areas, perspectives, questions and
texts) in a workbook, ``kompass framework import`` makes ``<version>.yaml`` of it and
``kompass framework export`` writes a framework as one (docs/framework-format.md). Sheets and
columns are found by name (any case, spaces around ignored), so columns may be moved and others
added; every name the coordinator reads is Swedish.
"""

from __future__ import annotations

FRAMEWORK, TEXTS, PERSPECTIVES, AREAS, RUBRIKER, QUESTIONS = (
    "Ramverk", "Texter", "Perspektiv", "Områden", "Rubriker", "Frågor")
GUIDE = "Anvisningar"  # the export's first sheet; the import passes it over

# sheet -> its columns (the header row's names), the required ones marked
COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    FRAMEWORK: (("Uppgift", True), ("Värde", True)),
    TEXTS: (("Text", True), ("Innehåll", True), ("Beskrivning", False)),
    PERSPECTIVES: (("Perspektiv", True),),
    AREAS: (("Område", True), ("Rubrik", True), ("Tabellrubrik", False), ("Perspektiv", False), ("Allmänt", True)),
    RUBRIKER: (("Område", True), ("Rubrik", True)),
    QUESTIONS: (("Område", True), ("Fråga", True), ("Frågetext", True), ("Max", True), ("Text i poängrutan", False)),
}
REQUIRED_SHEETS = (FRAMEWORK, TEXTS, AREAS, QUESTIONS)

# Ramverk: the Uppgift of each row -> the framework key (labels.* inside labels)
FACTS = {
    "Version": ("version",),
    "Namn": ("name",),
    "Poängrutans rubrik": ("labels", "area_box_heading"),
    "Poängrutans poängkolumn": ("labels", "area_box_score"),
    "Rubrik för allmän text": ("labels", "general_heading"),
    "Rubrik för styrkor": ("labels", "strengths"),
    "Rubrik för förbättringar": ("labels", "improvements"),
    "Rubrik för svagheter": ("labels", "weaknesses"),
    "Bilagans rubrik": ("labels", "appendix_title"),
    "Bilagans kolumn 1": ("labels", "appendix_columns", 0),
    "Bilagans kolumn 2": ("labels", "appendix_columns", 1),
    "Bilagans kolumn 3": ("labels", "appendix_columns", 2),
}

# Texter: the Text of each row -> (the key under texts, what it is, for the coordinator)
TEXT_NAMES = {
    "Vad är Kommunkompassen": ("what_is", "kapitel 1, Vad är Kommunkompassen?"),
    "Utvärderingsmetod": ("evaluation_method", "meningarna efter ”Utvärderingen av …” i sammanfattningen"),
    "Ej jämförbart": ("not_comparable", "anmärkningen när resultat jämförs över olika ramverk"),
    "Jämförelser": ("comparisons", "avsnittet Jämförelser"),
    "Bilagans inledning": ("appendix_intro", "första stycket i bilagan Översikt av poängfördelning"),
}

GUIDE_LINES = (
    "Kriterier för ett ramverk i Kommunkompassen: områden, perspektiv, frågor, maxpoäng och standardtexter.",
    "",
    "Ramverk: versionen (fyra siffror, t.ex. 2020), namnet och orden som skiljer sig mellan ramverk.",
    "Texter: rapportens standardtexter (Markdown: stycken åtskilda av en tom rad, punkter med ”- ”).",
    "Perspektiv: perspektivens namn i ordning (kan lämnas tomt: då har ramverket inga perspektiv).",
    "Områden: de åtta områdena 1–8 med rubrik, ev. tabellrubrik, perspektiv och den allmänna texten.",
    "Rubriker: poängrutans punkter per område (utan rader listar poängrutan områdets frågor).",
    "Frågor: varje fråga med område, nummer (t.ex. 3.2, skrivet som text), frågetext och maxpoäng "
    "(decimaler med komma); varje områdes maxpoäng ska bli 100 tillsammans.",
    "",
    "Platshållare i texterna: {kommun}, {kommunnamn}, {invanare_genitiv}, {intervjuade}.",
    "Kontrollera bladet med: kompass framework check FIL.xlsx",
    "Gör ramverkets fil av det med: kompass framework import FIL.xlsx MAPP (mappen med kampanj.yaml).",
)


def key(name: object) -> str:
    """Return a sheet, column or row name as it is compared: trimmed, any case."""
    return " ".join(str(name).split()).casefold() if name is not None else ""
