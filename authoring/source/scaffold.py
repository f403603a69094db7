"""Create a draft evaluation folder for ``kompass new``: every value to supply left empty, every option shown,
and the score sheet ``poäng.xlsx`` (``scoresheet``) for those who would rather score in Excel.

The scaffold invents nothing: what the evaluator must supply is empty, so ``check`` warns and a
report built at once is an unmistakable draft. Its comments are Swedish (the evaluator reads them).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import UsageError
from .evaluation import EVALUATION_FILE, NOTES_DIR, SCORES_FILE
from .framework import Area, Framework
from .inputschema import check_municipality
from .municipalities import lookup, official_name
from .scoresheet import SHEET_FILE, score_sheet
from ..swedish import genitive, municipality_name


def slug(municipality: str, year: int) -> str:
    """Return the folder name of an evaluation, e.g. ``ostersund-2015``."""
    ascii_name = unicodedata.normalize("NFKD", municipality).encode("ascii", "ignore").decode()
    return f"{re.sub(r'[^a-z0-9]+', '-', ascii_name.lower()).strip('-')}-{year}"


def framework_of_year(year: int, versions: list[str]) -> str:
    """Return the newest framework version in use in ``year`` (the oldest one before any existed)."""
    ordered = sorted(versions, key=int)
    return next((v for v in reversed(ordered) if int(v) <= year), ordered[0])


def create(inputs: Path, municipality: str, year: int, framework: Framework) -> Path:
    """Write a draft evaluation folder under ``inputs`` and return its path."""
    municipality = municipality.strip()
    hidden = next((ch for ch in municipality if unicodedata.category(ch).startswith("C")), None)
    if hidden is not None:
        raise UsageError(f"kommunens namn innehåller ett osynligt tecken (U+{ord(hidden):04X}): skriv namnet med "
                         "vanliga bokstäver")
    try:
        check_municipality(municipality)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    folder = inputs / slug(municipality, year)
    if folder.exists():
        raise UsageError(f"{folder} finns redan: välj ett annat namn eller ta bort mappen")
    sheet = score_sheet(municipality, official_name(municipality), year, framework, folder.name)
    (folder / NOTES_DIR).mkdir(parents=True)
    (folder / EVALUATION_FILE).write_text(_evaluation_yaml(municipality, year, framework), encoding="utf-8")
    (folder / SCORES_FILE).write_text(_scores_yaml(framework), encoding="utf-8")
    for area in framework.areas:
        (folder / NOTES_DIR / f"area-{area.number}.md").write_text(_area_notes(area, framework), encoding="utf-8")
    (folder / NOTES_DIR / "summary.md").write_text(SUMMARY_NOTES, encoding="utf-8")
    (folder / SHEET_FILE).write_bytes(sheet)
    return folder


def _names(municipality: str) -> str:
    """Return the scaffold's lines for the names the report prints: the official name from SCB's
    list (or to be filled in), and the inhabitants' genitive, which is never guessed."""
    found = lookup(municipality)
    if found:
        official = (f"# Namnet i rapporten: {found.official_name} (SCB:s kommunlista, kommunkod {found.code}).\n"
                    f"# official_name: {found.official_name}")
    else:
        official = (f"# {municipality} finns inte i listan över Sveriges kommuner: skriv namnet som det ska stå i\n"
                    f"# rapporten, t.ex. {municipality_name(municipality)}.\nofficial_name:")
    return (f"{official}\n# Invånarna i genitiv, som standardtexten för område 1 använder (t.ex. Kalixbornas);\n"
            "# tomt: texten säger \"invånarnas\".\ninhabitants_genitive:\n")


def _evaluation_yaml(municipality: str, year: int, framework: Framework) -> str:
    earlier = year - 4
    return f'''# Utvärderingen av {official_name(municipality)} {year}. Formatet beskrivs av kompass hjälp format.
# Fyll i det som är tomt. Så länge något saknas blir rapporten ett utkast, märkt UTKAST
# på varje sida, med en lista "Att göra" sist. kompass status visar vad som återstår.
framework: "{framework.version}"
municipality: {municipality}            # kommunens namn utan "kommun"
year: {year}

# När utvärderingen genomfördes: en månad "ÅÅÅÅ-MM", en dag ÅÅÅÅ-MM-DD
# eller två dagar [ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DD].
evaluated:
# Ungefär hur många som intervjuades (i rapporten: "ett 40-tal").
interviewees:

{_names(municipality)}
# Valfritt. Ta bort "# " framför det som ska gälla.
#
# Tidigare utvärderingar, äldst först. Poängen per område (1–8) behövs bara om de inte finns
# som en utvärderingsmapp bredvid den här (t.ex. {slug(municipality, earlier)}).
# earlier_evaluations:
#   - year: {earlier}
#     scores: {{1: 50, 2: 45, 3: 60, 4: 55, 5: 48, 6: 52, 7: 40, 8: 58}}
#
# Utvärderarna, med organisation:
# authors:
#   - name: Förnamn Efternamn
#     organisation: Sveriges Kommuner och Regioner
#
# Referensprofilen som {genitive(municipality)} profil jämförs med. En av:
# reference:                        # medelvärdet av kampanjens utvärderingar, uträknat av Kompass
#   kind: campaign
#   period: [{year - 2}, {year}]            # valfritt: bara utvärderingar mellan dessa år
# reference:                        # en annan kommun vars utvärdering ligger bredvid den här
#   kind: municipality
#   evaluation: forshaga-{year - 1}
# reference:                        # ett medelvärde som uppgifter
#   kind: average
#   count: 33
#   period: [{year - 2}, {year}]
#   scores: {{1: 55, 2: 48, 3: 60, 4: 57, 5: 50, 6: 52, 7: 49, 8: 58}}
# Flera referenser samtidigt: en lista under references i stället för reference, t.ex.
# references:
#   - {{kind: municipality, name: Vindeln, year: {year - 1}, scores: {{1: 55, 2: 48, 3: 60, 4: 57, 5: 50, 6: 52, 7: 49, 8: 58}}}}
#   - {{kind: municipality, evaluation: forshaga-{year - 1}}}
# (Står kommunen i en kampanj.yaml, gäller kampanjens referens om ingen anges här.)
#
# Utgivningen: titelsidans enhet och logotyp, en avslutande text och baksidans uppgifter
# (kan också stå i kampanj.yaml och gäller då alla dess rapporter).
# publication:
#   unit: Avdelningen för Ekonomi och styrning
#   logo: logo.png                  # en PNG- eller JPEG-fil i den här mappen
#   logo_alt: Logotyp
#   closing: Text som avslutar rapporten.
#   publisher: Sveriges Kommuner och Regioner
#   year: {year}
#   contact: "118 82 Stockholm, tfn 08-452 70 00"
#   registration: ISBN 978-91-0000-000-0
#
# Kortfakta, i den ordning de ska stå:
# kortfakta:
#   - label: Folkmängd {year - 1}
#     value: "12 345"
'''


def _scores_yaml(framework: Framework) -> str:
    lines = ["# Poäng per fråga (decimaler går bra, t.ex. 7.5). Lämna tomt så länge frågan inte är bedömd.",
             "# Områdenas poäng och totalpoängen räknas ut: skriv aldrig in dem."]
    for area in framework.areas:
        lines.append(f"\n# Område {area.number} {area.title}")
        lines += [f"\"{q.id}\":   # max {q.max}: {q.text}" for q in area.questions]
    return "\n".join(lines) + "\n"


def _area_notes(area: Area, framework: Framework) -> str:
    rubriker = "\n".join(f"     - {r}" for r in area.rubriker)
    labels = framework.labels
    lists = "\n\n".join(f"## {h}\n" for h in (labels.strengths, labels.improvements))
    return (f"<!-- Område {area.number} {area.title}.\n"
            f"     Skriv ett avsnitt per ämne, med en rubrik som börjar med '## ', t.ex. efter Rubrikerna:\n"
            f"{rubriker}\n"
            "     Underrubriker börjar med '### '. **fetstil**, *kursiv* och [länkar](https://exempel.se) går bra,\n"
            "     liksom numrerade listor ('1. '), tabeller ('| a | b |') och bilder ('![Alt-text](bild.png)').\n"
            f"     Poäng i texten: skriv {{poäng område {area.number}}}, {{procent område {area.number}}}, "
            "{poäng} (totalt) osv.\n     i stället för siffror, så följer texten poängen (kompass hjälp format).\n"
            "     Skriv sist styrkorna och förbättringsmöjligheterna som punkter ('- ') under rubrikerna nedan;\n"
            "     en lista '## Svagheter' kan läggas till. -->\n\n"
            f"{lists}")


SUMMARY_NOTES = """<!-- Valfritt: utvärderarens egen text i kapitel 2, efter resultaten.
     Skriv stycken som vanlig text; den här kommentaren syns inte i rapporten. Avsnitt med en
     rubrik ('## Fortsatt arbete') kommer efter resultaten, vart och ett under sin rubrik.
     Text om kommunen som ska stå före "Utvärderingen" (t.ex. '## Allmänt om kommunen')
     skriver du i notes/summary-before.md.
     Poäng i texten: skriv {poäng}, {procent}, {rang} eller {poäng område 3} i stället för siffror. -->
"""
