"""The stale-figure check: prose that states a score other than the computed one is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from authoring.cli.commands import main

from .conftest import EXAMPLES, INPUTS, line_of, replace_in

FIRST = "Kalix har ett styr- och ledningssystem"  # area 3 (65,6 of 100, 66 %); question 3.1 is 12,5 of 15
EARLIER_2008 = """  - year: 2008
    scores: {1: 40, 2: 40, 3: 50, 4: 50, 5: 50, 6: 40, 7: 50, 8: 60}
"""


def check(folder: Path):
    return CliRunner().invoke(main, ["check", str(folder)])


def with_sentence(folder: Path, sentence: str) -> Path:
    path = folder / "notes" / "area-3.md"
    replace_in(path, FIRST, f"{sentence}\n{FIRST}")
    return path


def test_a_stale_area_score_is_flagged_with_file_line_values_and_placeholder(kalix):
    path = with_sentence(kalix, "Sedan förra året uppnår kommunen 70 poäng inom området.")

    result = check(kalix)

    assert result.exit_code == 0  # a warning, not an error
    line = line_of(path, "uppnår kommunen 70 poäng")
    assert (f"{path}:{line}: varning: 'uppnår kommunen 70 poäng' anger 70, men beräknat är 65,6: "
            "skriv {poäng område 3} så följer texten poängen") in result.output
    assert "(0 fel, 1 varning)" in result.output
    assert check_strict(kalix).exit_code == 1


def check_strict(folder: Path):
    return CliRunner().invoke(main, ["check", "--strict", str(folder)])


@pytest.mark.parametrize(("sentence", "quote", "computed", "placeholder"), [
    ("Nedan visas 415 totalpoäng.", "415 totalpoäng", "415,7", "{poäng}"),
    ("Området har 60 av 100 poäng.", "60 av 100", "65,6", "{poäng område 3}"),
    ("På fråga 3.1 har kommunen 9 av 15 poäng.", "9 av 15", "12,5", "{poäng fråga 3.1}"),
    ("Kommunen uppnår 70 % av maxpoängen.", "uppnår 70 %", "66\u00a0%", "{procent område 3}"),
    ("Resultatet motsvarar 70 % av maxpoängen.", "70 % av maxpoängen", "66\u00a0%", "{procent område 3}"),
    ("Området har 60 av maximala 100 poäng.", "60 av maximala 100", "65,6", "{poäng område 3}"),
    ("Totalt uppnår kommunen 400 poäng.", "uppnår kommunen 400 poäng", "415,7", "{poäng}"),
    ("Med 54 poäng är området starkt.", "Med 54 poäng", "65,6", "{poäng område 3}"),
])
def test_each_form_of_a_stated_score_is_checked(kalix, sentence, quote, computed, placeholder):
    with_sentence(kalix, sentence)

    result = check(kalix)

    assert f"'{quote}' anger" in result.output
    assert f"men beräknat är {computed}: skriv {placeholder} så" in result.output


def test_a_stale_change_since_the_earlier_evaluation_is_flagged(kalix):
    replace_in(kalix / "evaluation.yaml", "# authors: the report names", EARLIER_2008 + "# authors: the report names")
    with_sentence(kalix, "Det är en förbättring med 18 poäng jämfört med 2008. Med 65,6 poäng är det bra.")

    result = check(kalix)

    assert ("'förbättring med 18 poäng' anger 18, men beräknat är 15,6: skriv {förändring område 3}"
            in result.output)
    assert "(0 fel, 1 varning)" in result.output


def test_the_issues_example_sentence_is_checked_twice(kalix):
    replace_in(kalix / "evaluation.yaml", "# authors: the report names", EARLIER_2008 + "# authors: the report names")
    with_sentence(kalix, "Med 54 poäng förbättrar kommunen resultatet med hela 25 poäng.")

    result = check(kalix)

    assert "'Med 54 poäng' anger 54, men beräknat är 65,6: skriv {poäng område 3}" in result.output
    assert ("'förbättrar kommunen resultatet med hela 25 poäng' anger 25, men beräknat är 15,6: "
            "skriv {förändring område 3}") in result.output


@pytest.mark.parametrize("sentence", [
    "Kommunen uppnår 65,6 poäng inom området, 66 % av maxpoängen.",
    "Kommunen uppnår 66 poäng.",  # 65,55 rounded to whole points
    "Totalt uppnår kommunen 415,7 poäng, och området har 65,6 av 100 poäng.",
    "Folkmängden 2011 var 16 591 och ett 40-tal personer intervjuades.",
    "Omkring 85 % av medarbetarna svarade, 120 anställda deltog och 4 av 6 frågor besvarades.",
    "Kommunen har en hög andel av personer (88%) som trivs.",
    "Vid utvärderingen 2008 hade kommunen 40 poäng inom området.",
    "Varje fråga ger högst 15 poäng. Skriv `70 poäng` om du vill.",
    "<!-- uppnår kommunen 70 poäng -->Inom området uppnår kommunen {poäng område 3} poäng.",
])
def test_numbers_that_are_not_the_scores_stay_silent(kalix, sentence):
    with_sentence(kalix, sentence)

    result = check(kalix)

    assert "varning:" not in result.output, result.output


def test_the_three_examples_give_no_warning():
    result = CliRunner().invoke(main, ["check", "--strict", *(str(INPUTS / name) for name in EXAMPLES)])

    assert result.exit_code == 0, result.output
    assert "varning:" not in result.output
