"""Standardtexter in the studio: a standard text in this report's own wording (notes/texts/<name>.md),
checked as check reads it, removed again when it is the default."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from authoring.builder.preview import preview
from authoring.source.framework import load_framework
from authoring.source.overrides import text_names
from .conftest import INPUTS
from .studio_client import signed_in_client

NAME = "areas.3.general"
OWN = "Politisk styrning handlar i {kommunnamn} om hur fullmäktige styr."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))


@pytest.fixture
def client(folder: Path):
    return signed_in_client(folder.parent, 8769)


def form_of(page: str, name: str) -> dict[str, str]:
    ident = name.replace(".", "-")
    part = re.search(rf'<form id="{ident}".*?</form>', page, re.S).group(0)
    return {"digest": re.search(r'name="digest" value="([^"]+)"', part).group(1),
            "text": html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", part, re.S).group(1))}


def test_a_standard_text_saved_in_the_reports_own_wording_reaches_the_report(client, folder):
    page = client.get("/e/kalix-2012/standardtexter").text
    assert "Område 3: Allmänt" in page and "Vad är Kommunkompassen?" in page
    fields = form_of(page, NAME)
    assert fields["text"] == text_names(load_framework("2010"))[NAME]  # the framework's default, as no file overrides it

    answer = client.post(f"/e/kalix-2012/standardtexter/{NAME}", data={**fields, "text": OWN}).text

    assert "Sparat som rapportens egen formulering i notes/texts/areas.3.general.md" in answer
    assert (folder / "notes" / "texts" / f"{NAME}.md").read_text(encoding="utf-8") == OWN + "\n"
    assert "<p>Politisk styrning handlar i Kalix kommun om hur fullmäktige styr.</p>" in preview(folder).html
    done = subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "check", str(folder)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_default_again_removes_the_own_wording(client, folder):
    fields = form_of(client.get("/e/kalix-2012/standardtexter").text, NAME)
    default = fields["text"]
    client.post(f"/e/kalix-2012/standardtexter/{NAME}", data={**fields, "text": OWN})
    fields = form_of(client.get("/e/kalix-2012/standardtexter").text, NAME)
    assert fields["text"] == OWN + "\n"

    answer = client.post(f"/e/kalix-2012/standardtexter/{NAME}", data={**fields, "forval": "1"}).text

    assert "Förvalstexten gäller igen." in answer
    assert not (folder / "notes" / "texts" / f"{NAME}.md").exists()
    assert form_of(client.get("/e/kalix-2012/standardtexter").text, NAME)["text"] == default


def test_a_text_check_refuses_is_not_saved(client, folder):
    fields = form_of(client.get("/e/kalix-2012/standardtexter").text, NAME)

    answer = client.post(f"/e/kalix-2012/standardtexter/{NAME}", data={**fields, "text": "Poängen är {okänd}."}).text

    assert "Inte sparat" in answer and "okänd" in html.unescape(answer)
    assert not (folder / "notes" / "texts").exists()


@pytest.mark.parametrize("name", ["areas.3.title", "..%2F..%2Fevaluation", "texts.finns_inte"])
def test_only_the_standard_texts_can_be_written(client, folder, name):
    answer = client.post(f"/e/kalix-2012/standardtexter/{name}", data={"digest": "saknas", "text": "x"})
    assert answer.status_code == 404
    assert not (folder / "notes" / "texts").exists()


def test_a_texts_folder_linked_out_of_the_evaluation_is_never_written_through(client, folder, tmp_path):
    elsewhere = tmp_path / "annan-plats"
    elsewhere.mkdir()
    kept = elsewhere / "areas.4.general.md"
    kept.write_text("en annans fil\n", encoding="utf-8")
    (folder / "notes" / "texts").symlink_to(elsewhere, target_is_directory=True)

    answer = html.unescape(client.post(f"/e/kalix-2012/standardtexter/{NAME}", data={"digest": "saknas",
                                                                                    "text": OWN}).text)

    assert "är en länk ut ur utvärderingsmappen" in answer
    assert kept.read_text(encoding="utf-8") == "en annans fil\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == [kept.name]  # nothing written there, not even to check


@pytest.mark.parametrize(("path", "what"), [("poang", "Poängen"), ("standardtexter", "Texterna"), ("text/1", "Texten")])
def test_a_page_of_an_evaluation_whose_files_do_not_read_says_so(folder, client, path, what):
    (folder / "evaluation.yaml").write_text("framework: [\n", encoding="utf-8")  # not YAML
    response = client.get(f"/e/{folder.name}/{path}")
    assert response.status_code == 409
    assert f"{what} kan inte visas förrän filerna går att läsa:" in html.unescape(response.text)
    assert "evaluation.yaml" in response.text
