"""Earlier evaluations and a reference profile add columns, chart series and sentences."""

from __future__ import annotations

from authoring import load_evaluation
from authoring.compose import compose
from authoring.model import Figure, Paragraph, Table, inline_text

from .conftest import replace_in

EARLIER = """earlier_evaluations:
  - year: 2003
    framework: "2007"
  - year: 2008
    scores: {1: 36.5, 2: 41, 3: 60, 4: 58.3, 5: 50, 6: 40, 7: 50, 8: 61.1}
reference:
  kind: average
  count: 33
  period: [2010, 2012]
  scores: {1: 50, 2: 48, 3: 60, 4: 57, 5: 51, 6: 52, 7: 49, 8: 58}
"""


def compose_with_comparisons(kalix):
    text = (kalix / "evaluation.yaml").read_text(encoding="utf-8")
    start = text.index("earlier_evaluations:")
    end = text.index("kortfakta:")
    (kalix / "evaluation.yaml").write_text(text[:start] + EARLIER + text[end:], encoding="utf-8")
    replace_in(kalix / "evaluation.yaml", "framework: \"2010\"", "framework: \"2010\"\nevaluation_number: 3")
    return compose(load_evaluation(kalix))


def paragraphs(report) -> list[str]:
    return [inline_text(b.runs) for b in report.blocks if isinstance(b, Paragraph)]


def test_summary_table_has_a_column_per_earlier_evaluation_and_the_reference(kalix):
    report = compose_with_comparisons(kalix)

    table = next(b for b in report.blocks if isinstance(b, Table))
    header = [inline_text(c.blocks[0].runs) for c in table.header]
    first = [inline_text(c.blocks[0].runs) for c in table.rows[0]]

    assert header == ["Område", "Kalix 2012", "Kalix 2008", "Medelvärde 33 kommuner", "Max"]
    assert first == ["1 Offentlighet och demokrati", "41", "36,5", "50", "100"]


def test_radar_and_bars_carry_the_reference_and_earlier_series(kalix):
    report = compose_with_comparisons(kalix)

    figures = {b.chart.key: b.chart for b in report.blocks if isinstance(b, Figure)}

    assert [s.name for s in figures["summary-radar"].series] == ["Kalix 2012", "Kalix 2008", "Medelvärde 33 kommuner"]
    assert figures["summary-radar"].series[2].values == (50, 48, 60, 57, 51, 52, 49, 58)
    assert [s.name for s in figures["summary-bars"].series] == ["Kalix 2012", "Kalix 2008"]
    captions = [b.caption for b in report.blocks if isinstance(b, Figure)]
    assert "Figur 2. Kalix profil jämfört med Kalix 2008 och medelvärdet av 33 kommuner" in captions


def test_sentences_state_the_reference_and_each_area_change(kalix):
    text = "\n".join(paragraphs(compose_with_comparisons(kalix)))

    assert "Som referens visas ett medelvärde av 33 kommuner som utvärderats enligt Kommunkompassen mellan 2010–2012." in text
    assert "Även poängen från 2008 då kommunen utvärderades tidigare finns med." in text
    assert "Observera att kommunens resultat inte är direkt jämförbart" in text
    assert "var kommunens tredje utvärdering" in text and "Tidigare utvärderingar genomfördes 2003 och 2008." in text
    assert "uppnår kommunen 41 av 100 poäng (41\u00a0%). Det är en förbättring med 4,5 poäng jämfört med utvärderingen 2008." in text
    assert "uppnår kommunen 61,1 av 100 poäng (61\u00a0%). Det är samma poäng som vid utvärderingen 2008." in text
    assert "Det är en försämring med 0,8 poäng jämfört med utvärderingen 2008." in text  # area 5: 49,2 vs 50
