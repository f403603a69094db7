"""The score model computes every total and percentage from the question scores."""

from __future__ import annotations

from decimal import Decimal

from authoring import load_evaluation
from authoring.rounding import rounded_points
from authoring.swedish import percent, points

from .conftest import INPUTS


def test_percent_comes_from_the_exact_value_not_the_printed_one():
    kalix = load_evaluation(INPUTS / "kalix-2012").scores

    question = kalix.area(1).questions[0]

    assert question.achieved == Decimal("5.25")
    assert points(question.achieved) == "5,3"
    assert percent(question.percent) == "35\u00a0%"


def test_ostersund_area_1_is_computed_from_its_questions_not_the_appendix_total():
    # The reference report prints 70 in the chapter's score box but 68 (68 %) in the appendix
    # total row. Its question scores 12 + 14 + 14 + 22 + 8 sum to 70: the tool computes from
    # the question scores, so it uses 70 everywhere.
    ostersund = load_evaluation(INPUTS / "ostersund-2015").scores

    area = ostersund.area(1)

    assert [q.achieved for q in area.questions] == [12, 14, 14, 22, 8]
    assert area.achieved == 70
    assert percent(area.percent) == "70\u00a0%"


def test_ostersund_totals_differ_from_the_printed_ones_only_where_the_report_contradicts_itself():
    printed_appendix_totals = {1: 68, 2: 66, 3: 66, 4: 71, 5: 67, 6: 77, 7: 61, 8: 74}
    ostersund = load_evaluation(INPUTS / "ostersund-2015").scores

    computed = {a.area.number: a.achieved for a in ostersund.areas}
    differing = {n for n in computed if computed[n] != printed_appendix_totals[n]}

    assert differing == {1}
    assert ostersund.total == 552


def test_kalix_total_is_the_sum_of_its_question_scores():
    # The report prints "415 totalpoäng" over area totals that sum to 413; the tool computes.
    kalix = load_evaluation(INPUTS / "kalix-2012").scores

    by_questions = sum(q.achieved for a in kalix.areas for q in a.questions)

    assert kalix.total == by_questions == Decimal("415.65")
    assert points(kalix.total) == "415,7"
    assert kalix.max == 800


def test_display_policy_rounds_half_up_and_drops_a_zero_decimal():
    assert [points(Decimal(v)) for v in ("4.5", "4.25", "4.249", "41.0", "1234.5")] == [
        "4,5", "4,3", "4,2", "41", "1\u00a0234,5"]
    assert [percent(Decimal(v)) for v in ("34.5", "77", "0")] == ["35\u00a0%", "77\u00a0%", "0\u00a0%"]


def test_unscored_questions_leave_their_area_and_the_total_without_a_score(kalix):
    text = (kalix / "scores.yaml").read_text(encoding="utf-8").replace('"1.2": 11', '"1.2":')
    (kalix / "scores.yaml").write_text(text, encoding="utf-8")

    scores = load_evaluation(kalix).scores

    assert scores.missing == ["1.2"]
    assert scores.area(1).achieved is None and scores.area(1).percent is None
    assert scores.area(1).scored == 4 and scores.area(1).unscored == ("1.2",)
    assert not scores.area(1).complete and not scores.complete
    assert scores.total is None
    assert scores.area(2).achieved == Decimal("40.7")


def test_shown_question_scores_add_up_to_the_shown_area_total():
    from authoring.rounding import shown_parts
    parts = (Decimal("9.15"), Decimal("9.75"), Decimal("7.5"), Decimal("5.85"), Decimal("6.45"))

    shown = shown_parts(parts)

    assert sum(shown) == Decimal("38.7") == rounded_points(sum(parts))
    assert all(abs(s - p) < Decimal("0.1") for s, p in zip(shown, parts))
    assert shown_parts((Decimal("49.84"), Decimal("0"))) == (Decimal("49.8"), Decimal("0.0"))


def test_questions_rounded_alone_would_miss_the_area_total_but_shown_parts_do_not():
    from authoring.rounding import shown_parts
    parts = (Decimal("10.25"), Decimal("10.25"), Decimal("10.25"), Decimal("9.55"), Decimal("9.55"))

    shown = shown_parts(parts)

    assert sum(parts) == Decimal("49.85") and rounded_points(sum(parts)) == Decimal("49.9")
    assert sum(shown) == Decimal("49.9")
    assert sum(rounded_points(p) for p in parts) == Decimal("50.1")  # rounding each alone misses
