"""The rich test evaluation: Kalix 2012 with every feature of per-report wording and richer notes.

Text overrides (in evaluation.yaml and in notes/texts/), no contents page, summary sections
before "Utvärderingen" and after the results, a Markdown table, a numbered list and an image.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import INPUTS

EVALUATED_HEADING = "Om utvärderingen"
COMPARISONS = "Jämför gärna med Forshaga kommun, som har liknande förutsättningar."
WHAT_IS = "Kommunkompassen är ett verktyg för att utvärdera hur en kommun leds, med egen text för Kalix."
IMPROVEMENTS = "Förbättringsområden"
ALT = "Organisationsschema för Kalix kommun"
PARTIES = (("Socialdemokraterna", "24"), ("Moderaterna", "5"), ("Vänsterpartiet", "4"))
STEPS = ("Ta fram en plan för medborgardialogen", "Följ upp planen varje år")

EVALUATION_TEXTS = f"""
contents_page: false
texts:
  headings.evaluation: {EVALUATED_HEADING}
  texts.comparisons: {COMPARISONS}
  labels.improvements: {IMPROVEMENTS}
"""

BEFORE = """Kalix ligger vid Kalixälvens mynning.

## Allmänt om Kalix

Kalix har drygt 16 000 invånare.

## Kommunorganisationen

Mandatfördelningen i kommunfullmäktige:

| Parti | Mandat |
|---|--:|
""" + "".join(f"| {party} | {seats} |\n" for party, seats in PARTIES) + f"""
![{ALT}](bilder/organisation.png)
"""

SUMMARY = """Text efter resultaten, före utvärderarens egna rubriker.

## Fortsatt arbete

Kommunen bör arbeta vidare i två steg:

""" + "".join(f"{number}. {step}\n" for number, step in enumerate(STEPS, 1))


def make_rich(tmp_path: Path) -> Path:
    """Return a new rich evaluation folder under ``tmp_path``."""
    from PIL import Image, ImageDraw

    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "kalix-2012"))
    with open(folder / "evaluation.yaml", "a", encoding="utf-8") as handle:
        handle.write(EVALUATION_TEXTS)
    notes = folder / "notes"
    (notes / "texts").mkdir()
    (notes / "texts" / "texts.what_is.md").write_text(WHAT_IS + "\n", encoding="utf-8")
    (notes / "summary-before.md").write_text(BEFORE, encoding="utf-8")
    (notes / "summary.md").write_text(SUMMARY, encoding="utf-8")
    (notes / "bilder").mkdir()
    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for box in ((225, 20, 375, 80), (50, 200, 200, 260), (400, 200, 550, 260)):
        draw.rectangle(box, outline="navy", width=3)
    draw.line((300, 80, 300, 140, 125, 140, 125, 200), fill="navy", width=3)
    draw.line((300, 140, 475, 140, 475, 200), fill="navy", width=3)
    image.save(notes / "bilder" / "organisation.png")
    return folder
