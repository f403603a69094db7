"""A framework found beside the evaluation or its campaign is used like one of Kompass's own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from authoring.cli import main
from authoring.source.evaluation import read_evaluation
from authoring.source.framework import FRAMEWORK_DIR, find_framework, load_framework
from authoring.source.framework_lookup import framework_folders

from .conftest import ROOT, replace_in
from .pdftext import page_texts

TEST_2020 = ROOT / "tests" / "data" / "frameworks" / "2020.yaml"  # invented questions: test data only
AREAS_2020 = ("Samspel mellan förtroendevalda och medborgare", "Samhällsutveckling", "Styrning och kontroll",
              "Effektivitet", "Brukarens fokus", "Kvalitetsutveckling", "Arbetsliv",
              "Chefs- och ledarskap samt medarbetarskap")


def campaign(tmp_path: Path, framework: Path | None = TEST_2020) -> Path:
    """Return a campaign folder with kampanj.yaml, the 2020 test framework beside it and a new
    evaluation of Kalix 2024 made by ``kompass new --framework 2020``."""
    inputs = tmp_path / "kampanj"
    inputs.mkdir()
    (inputs / "kampanj.yaml").write_text("name: Testkampanj 2020\nevaluations:\n  - kalix-2024\n", encoding="utf-8")
    shutil.copy(TEST_2020, inputs / "2020.yaml")
    created = CliRunner().invoke(main, ["new", "Kalix", "2024", "--framework", "2020", "--inputs", str(inputs)])
    assert created.exit_code == 0, created.output
    if framework is None:
        (inputs / "2020.yaml").unlink()
    return inputs


def test_an_evaluation_beside_a_campaign_builds_with_its_framework_and_shows_the_2020_areas(tmp_path):
    inputs = campaign(tmp_path)
    scores = inputs / "kalix-2024" / "scores.yaml"
    replace_in(scores, '"1.1":', '"1.1": 20 #')

    built = CliRunner().invoke(main, ["build", str(inputs / "kalix-2024"), "--format", "pdf", "--out",
                                      str(tmp_path / "out")])

    assert built.exit_code == 0, built.output
    text = " ".join(page_texts(PdfReader(tmp_path / "out" / "kalix-2024" / "kalix-2024.pdf")))
    flat = re.sub(r"\s+", "", text.replace("\u00ad", ""))
    for title in AREAS_2020:
        assert re.sub(r"\s+", "", title) in flat, title
    assert "Påhittadtestfråga1.1" in flat  # the questions are the test framework's


def test_the_evaluations_own_folder_comes_before_its_campaigns_and_the_templates(tmp_path):
    inputs = campaign(tmp_path)
    folder = inputs / "kalix-2024"
    own = folder / "2020.yaml"
    shutil.copy(TEST_2020, own)
    replace_in(own, "name: Kommunkompassen 2020 (testdata", "name: Eget ramverk 2020 (testdata")

    evaluation, problems = read_evaluation(folder)

    assert not problems.errors, [str(p) for p in problems.errors]
    assert evaluation.framework.name.startswith("Eget ramverk 2020")
    assert framework_folders(folder)[:2] == [folder.resolve(), inputs.resolve()]
    assert find_framework("2010", folder) == FRAMEWORK_DIR.resolve() / "2010.yaml"


def test_a_missing_framework_is_a_swedish_error_naming_the_folders_searched(tmp_path):
    inputs = campaign(tmp_path, framework=None)
    folder = inputs / "kalix-2024"

    checked = CliRunner().invoke(main, ["check", str(folder)])

    assert checked.exit_code == 1
    assert f"sökte efter 2020.yaml i {folder.resolve()}, {inputs.resolve()}, {FRAMEWORK_DIR.resolve()}" in checked.output
    assert "rätta 'framework'" in checked.output
    assert not re.search(r"\b(Error|Traceback)\b", checked.output)


def test_a_broken_framework_beside_the_campaign_is_reported_at_its_line(tmp_path):
    inputs = campaign(tmp_path)
    replace_in(inputs / "2020.yaml", "    max: 30\n", "    max: 31\n")

    _, problems = read_evaluation(inputs / "kalix-2024")

    messages = [str(p) for p in problems.errors]
    assert any(m.startswith(f"{inputs / '2020.yaml'}:") and "område 4: maxpoängen summerar till 101" in m
               for m in messages), messages
    assert any("ramverket '2020' har fel" in m for m in messages)


def test_a_changed_framework_file_is_read_again(tmp_path):
    copy = tmp_path / "2020.yaml"
    shutil.copy(TEST_2020, copy)
    first = load_framework("2020", tmp_path)
    replace_in(copy, "name: Kommunkompassen 2020 (testdata", "name: Ett ändrat ramverk (testdata")

    second = load_framework("2020", tmp_path)

    assert first.name.startswith("Kommunkompassen") and second.name.startswith("Ett ändrat ramverk")
