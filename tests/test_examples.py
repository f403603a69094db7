"""The transcribed reference reports are complete, valid evaluations."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from authoring.cli.commands import main
from authoring.source.evaluation import read_evaluation

from .conftest import EXAMPLES, INPUTS


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_checks_without_any_problem(name):
    evaluation, problems = read_evaluation(INPUTS / name)

    assert [str(p) for p in problems] == []
    assert len([q for a in evaluation.scores.areas for q in a.questions]) == 45
    assert evaluation.scores.missing == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_area_has_sections_strengths_and_improvements(name):
    evaluation, _ = read_evaluation(INPUTS / name)

    for number, notes in evaluation.notes.items():
        assert notes.sections, f"area {number}"
        assert notes.lists["Styrkor"] and notes.lists["Förbättringsmöjligheter"], f"area {number}"


def test_ostersund_has_a_third_list_of_weaknesses():
    evaluation, _ = read_evaluation(INPUTS / "ostersund-2015")

    assert any(notes.lists.get("Svagheter") for notes in evaluation.notes.values())


@pytest.mark.parametrize("name", EXAMPLES)
def test_published_json_schema_accepts_the_examples(name):
    schema = json.loads(CliRunner().invoke(main, ["schema"]).output)

    for file in ("evaluation.yaml", "scores.yaml"):
        data = yaml.safe_load((INPUTS / name / file).read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))
        jsonschema.validate(data, {**schema["$defs"][file], "$defs": schema["$defs"][file].get("$defs", {})})


def test_published_json_schema_rejects_a_typo():
    schema = json.loads(CliRunner().invoke(main, ["schema"]).output)["$defs"]["evaluation.yaml"]

    with pytest.raises(jsonschema.ValidationError, match="intervewees"):
        jsonschema.validate({"framework": "2010", "municipality": "X", "year": 2020, "evaluated": "2020-01",
                             "interviewees": 3, "intervewees": 3}, schema)
