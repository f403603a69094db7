"""Uppgifter in the studio: evaluation.yaml's facts in a form, saved key by key with the file's comments,
checked by ``kompass check`` first, and a file changed on disk a conflict (``studio/metadata.py``,
``source/yamlsplice.py``)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from authoring.source.evaluation import read_evaluation
from authoring.source.yamlsplice import with_values
from .conftest import INPUTS
from .studio_client import signed_in_client


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))


@pytest.fixture
def client(folder: Path):
    return signed_in_client(folder.parent, 8767)


def form_of(page: str) -> dict[str, str]:
    """Return the Uppgifter form's fields as the browser would post them unchanged."""
    fields = {name: html.unescape(value) for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)}
    fields["framework"] = re.search(r'<option value="([^"]+)" selected>', page).group(1)
    return fields


def field_message(page: str, ident: str) -> str:
    return html.unescape(re.search(rf'<span id="{ident}-fel" class="fel">([^<]*)</span>', page).group(1))


def kompass_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "check", str(folder)],
                          capture_output=True, text=True)


def test_the_form_shows_the_file_and_a_save_changes_only_the_changed_lines(client, folder):
    path = folder / "evaluation.yaml"
    before = path.read_text(encoding="utf-8")
    fields = form_of(client.get("/e/kalix-2012/uppgifter").text)
    assert fields["municipality"] == "Kalix" and fields["evaluated"] == "2012-11" and fields["interviewees"] == "40"
    assert fields["kortfakta-2-label"] == "Folkmängd 2011" and fields["kortfakta-2-value"] == "16 591"
    assert fields["authors-1-name"] == ""  # the report names no evaluators: an empty row to fill

    fields.update({"interviewees": "45", "kortfakta-2-value": "16 600", "authors-1-name": "Anna Berg",
                   "authors-1-organisation": "SKL", "authors-2-name": "Per Ek"})
    answer = client.post("/e/kalix-2012/uppgifter", data=fields).text

    assert "Sparat i evaluation.yaml: intervjuade, utvärderare, Kortfakta." in answer
    expected = (before.replace('interviewees: 40                    #', 'interviewees: 45                    #')
                .replace('value: "16 591"', 'value: "16 600"')
                + 'authors:\n  - name: "Anna Berg"\n    organisation: "SKL"\n  - name: "Per Ek"\n')
    assert path.read_text(encoding="utf-8") == expected
    evaluation, problems = read_evaluation(folder)
    assert not problems.errors
    assert [(a.name, a.organisation) for a in evaluation.meta.authors] == [("Anna Berg", "SKL"), ("Per Ek", None)]
    assert kompass_check(folder).returncode == 0


def test_an_unchanged_form_writes_nothing(client, folder):
    before = (folder / "evaluation.yaml").read_bytes()
    answer = client.post("/e/kalix-2012/uppgifter", data=form_of(client.get("/e/kalix-2012/uppgifter").text)).text
    assert "Inga ändringar att spara." in answer
    assert (folder / "evaluation.yaml").read_bytes() == before


def test_what_check_refuses_is_shown_beside_its_field_and_nothing_is_written(client, folder):
    before = (folder / "evaluation.yaml").read_bytes()
    fields = form_of(client.get("/e/kalix-2012/uppgifter").text)
    fields.update({"year": "tjugo", "kortfakta-3-label": ""})

    answer = client.post("/e/kalix-2012/uppgifter", data=fields).text

    assert "Inte sparat: rätta det som står vid fälten först." in answer
    assert "måste vara ett heltal" in field_message(answer, "year")
    assert "kortfakta nr 3 › label: får inte vara tom" in field_message(answer, "kortfakta")
    assert 'value="tjugo"' in answer  # what was typed stays in the form
    assert (folder / "evaluation.yaml").read_bytes() == before


def test_a_file_changed_on_disk_since_the_page_loaded_is_a_conflict(client, folder):
    fields = form_of(client.get("/e/kalix-2012/uppgifter").text)
    path = folder / "evaluation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("interviewees: 40", "interviewees: 41"), encoding="utf-8")
    edited = path.read_bytes()
    fields["interviewees"] = "45"

    answer = client.post("/e/kalix-2012/uppgifter", data=fields).text

    assert "har ändrats på disken sedan sidan laddades" in answer and 'role="alert"' in answer
    assert path.read_bytes() == edited


def test_a_span_of_days_and_the_publication_are_written_as_the_schema_reads_them(client, folder):
    fields = form_of(client.get("/e/kalix-2012/uppgifter").text)
    fields.update({"evaluated": "2012-11-05 – 2012-11-20", "publication.unit": "Avdelningen för ekonomi och styrning",
                   "publication.year": "2013"})

    answer = client.post("/e/kalix-2012/uppgifter", data=fields).text

    assert "Sparat" in answer
    text = (folder / "evaluation.yaml").read_text(encoding="utf-8")
    assert 'evaluated: ["2012-11-05", "2012-11-20"]\n' in text
    assert 'publication:\n  unit: "Avdelningen för ekonomi och styrning"\n  year: 2013\n' in text
    evaluation, problems = read_evaluation(folder)
    assert not problems.errors and evaluation.meta.publication.year == 2013
    assert form_of(answer)["evaluated"] == "2012-11-05 – 2012-11-20"


def test_the_splice_keeps_comments_adds_missing_keys_and_empties_to_no_value():
    text = 'framework: "2010"   # the revision\nyear: 2012\nauthors:\n  - name: A   # first\n# after\nkortfakta: []\n'
    new = with_values(text, {"year": 2013, "framework": None, "interviewees": 40,
                             "authors": [{"name": "B", "organisation": "SKL"}], "kortfakta": [{"label": "L", "value": "V"}]})
    assert new == ('framework:    # the revision\nyear: 2013\nauthors:\n  - name: "B"\n    organisation: "SKL"\n# after\n'
                   'kortfakta:\n  - label: "L"\n    value: "V"\ninterviewees: 40\n')
    assert yaml.safe_load(new)["framework"] is None


SCORES = ["51,2", "40", "65,5", "38", "44", "47,25", "52", "50"]


def test_earlier_scores_and_a_reference_are_written_as_numbers_from_decimal_commas(client, folder):
    fields = form_of(client.get("/e/kalix-2012/uppgifter").text)
    assert fields["earlier-1-year"] == "2003" and fields["earlier-1-framework"] == "2007"
    fields.update({f"earlier-1-{area}": score for area, score in enumerate(SCORES, start=1)})
    fields.update({"reference.kind": "average", "reference.count": "33", "reference.period": "2010–2012"})
    fields.update({f"reference.{area}": score for area, score in enumerate(SCORES, start=1)})

    answer = client.post("/e/kalix-2012/uppgifter", data=fields).text

    assert "Sparat i evaluation.yaml: referens, tidigare utvärderingar." in answer
    text = (folder / "evaluation.yaml").read_text(encoding="utf-8")
    scores = "{1: 51.2, 2: 40, 3: 65.5, 4: 38, 5: 44, 6: 47.25, 7: 52, 8: 50}"
    assert f'earlier_evaluations:\n  - year: 2003\n    framework: "2007"\n    scores: {scores}\n' in text
    assert f'reference:\n  kind: "average"\n  count: 33\n  period: [2010, 2012]\n  scores: {scores}\n' in text
    assert text.startswith("# Kalix kommun, Kommunkompassen 2012")  # the comments before stay
    evaluation, problems = read_evaluation(folder)
    assert not problems.errors, [str(p) for p in problems]
    assert str(evaluation.meta.earlier_evaluations[0].scores[6]) == "47.25"
    shown = form_of(answer)
    assert shown["earlier-1-6"] == "47,25" and shown["reference.period"] == "2010–2012"
    assert kompass_check(folder).returncode == 0


def test_earlier_scores_for_some_areas_only_are_refused_beside_the_table(client, folder):
    before = (folder / "evaluation.yaml").read_bytes()
    fields = form_of(client.get("/e/kalix-2012/uppgifter").text)
    fields.update({"earlier-1-1": "51,2", "earlier-1-2": "40"})

    answer = client.post("/e/kalix-2012/uppgifter", data=fields).text

    assert "Inte sparat" in answer and field_message(answer, "earlier_evaluations")
    assert 'value="51,2"' in answer
    assert (folder / "evaluation.yaml").read_bytes() == before


def png(width: int = 40, height: int = 20) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 80, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_logo_uploaded_is_kept_in_the_folder_and_named_in_evaluation_yaml(client, folder):
    digest = re.search(r'name="digest" value="([^"]+)"', client.get("/e/kalix-2012/uppgifter").text).group(1)

    answer = client.post("/e/kalix-2012/uppgifter/logotyp", files={"logotyp": ("vår logga.png", png())},
                         data={"digest": digest}).text

    assert "Logotypen sparad som logotyp.png" in answer
    assert (folder / "logotyp.png").read_bytes() == png()
    assert 'publication:\n  logo: "logotyp.png"\n' in (folder / "evaluation.yaml").read_text(encoding="utf-8")
    assert kompass_check(folder).returncode == 0


def test_a_file_that_is_no_image_is_refused_and_nothing_is_written(client, folder):
    before = (folder / "evaluation.yaml").read_bytes()
    digest = re.search(r'name="digest" value="([^"]+)"', client.get("/e/kalix-2012/uppgifter").text).group(1)

    answer = client.post("/e/kalix-2012/uppgifter/logotyp", files={"logotyp": ("logga.png", b"<svg>inte en bild</svg>")},
                         data={"digest": digest}).text

    assert "Inte sparat: logotypen" in answer
    assert (folder / "evaluation.yaml").read_bytes() == before and not list(folder.glob("logotyp.*"))
