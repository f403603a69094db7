"""Frameworks are validated data files; a new revision is a new file."""

from __future__ import annotations

import shutil

import pytest

from authoring.errors import InputError
from authoring.source.framework import FRAMEWORK_DIR, available_versions, load_framework, load_framework_file

from .conftest import line_of, replace_in


def test_both_frameworks_load_with_eight_areas_of_100_points():
    for version, questions in (("2007", 37), ("2010", 45)):
        framework = load_framework(version)

        assert [a.number for a in framework.areas] == list(range(1, 9))
        assert all(a.max == 100 for a in framework.areas)
        assert len(framework.questions) == questions


def test_2010_framework_holds_the_standard_texts_with_placeholders():
    framework = load_framework("2010")

    assert "{invanare_genitiv} åsikter" in framework.area(1).general
    assert framework.area(2).rubriker[0] == "Strategi för brukarorientering"
    assert framework.questions["1.1"].max == 15
    assert framework.texts.what_is.startswith("Kommunkompassen är ett verktyg")


def test_a_new_revision_is_only_a_data_file(tmp_path):
    copy = tmp_path / "2019.yaml"
    shutil.copy(FRAMEWORK_DIR / "2010.yaml", copy)
    replace_in(copy, "version: '2010'", "version: '2019'")

    framework = load_framework("2019", tmp_path)

    assert framework.version == "2019"
    assert available_versions(tmp_path) == ["2019"]


def test_area_max_points_must_sum_to_100(tmp_path):
    broken = tmp_path / "2010.yaml"
    shutil.copy(FRAMEWORK_DIR / "2010.yaml", broken)
    replace_in(broken, "    max: 15\n", "    max: 16\n")

    with pytest.raises(InputError, match="område 1: maxpoängen summerar till 101, inte 100") as caught:
        load_framework_file(broken)

    assert caught.value.problems[0].line == line_of(broken, "- number: 1")


def test_duplicate_question_ids_are_rejected(tmp_path):
    broken = tmp_path / "2010.yaml"
    shutil.copy(FRAMEWORK_DIR / "2010.yaml", broken)
    replace_in(broken, "id: '1.2'", "id: '1.1'")

    with pytest.raises(InputError, match=r"område 1: frågorna ska vara 1.1, 1.2"):
        load_framework_file(broken)


def test_unknown_placeholder_is_rejected(tmp_path):
    broken = tmp_path / "2010.yaml"
    shutil.copy(FRAMEWORK_DIR / "2010.yaml", broken)
    replace_in(broken, "{invanare_genitiv} åsikter", "{invånare} åsikter")

    with pytest.raises(InputError, match=r"okänd platshållare \{invånare\}"):
        load_framework_file(broken)


def test_without_rubriker_the_score_box_lists_each_questions_chapter_text():
    framework = load_framework("2007")
    area = framework.areas[0]

    assert area.rubriker == tuple(q.chapter_text or q.text for q in area.questions)
    assert area.rubriker[0] == "Hur informeras invånarna?"
    assert all(q.chapter_text for a in framework.areas for q in a.questions)
