"""Kampanj in the studio: kampanj.yaml in a form, checked as check reads it, only changed keys written."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from .conftest import INPUTS
from .studio_client import signed_in_client


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INPUTS, tmp_path / "inputs"))


def client_for(root: Path):
    return signed_in_client(root, 8770)


def form_of(page: str) -> dict[str, str]:
    fields = {name: html.unescape(value) for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
              if not name.startswith("medlem-")}
    fields.update({name: "1" for name in re.findall(r'name="(medlem-[^"]+)" value="1" checked', page)})
    fields["reference.kind"] = re.search(r'<option value="([^"]*)" selected>', page).group(1)
    return fields


def test_the_campaign_file_in_a_form_saved_key_by_key_and_read_by_check(root):
    client = client_for(root)
    path = root / "kampanj.yaml"
    before = path.read_text(encoding="utf-8")
    fields = form_of(client.get("/kampanj").text)
    assert fields["name"] == "Exempelkampanj" and fields["reference.kind"] == "campaign"
    assert {"medlem-kalix-2012", "medlem-norsjo-2015", "medlem-ostersund-2015"} <= set(fields)

    fields["name"] = "Kommunkompassen 2026"
    del fields["medlem-ostersund-2015"]
    answer = client.post("/kampanj", data=fields).text

    assert "Sparat i kampanj.yaml." in answer
    expected = before.replace("name: Exempelkampanj\nevaluations:\n  - kalix-2012\n  - norsjo-2015\n  - ostersund-2015\n",
                              'name: "Kommunkompassen 2026"\nevaluations: ["kalix-2012", "norsjo-2015"]\n')
    assert path.read_text(encoding="utf-8") == expected
    done = subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "check", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_reference_check_refuses_is_shown_and_not_saved(root):
    client = client_for(root)
    before = (root / "kampanj.yaml").read_bytes()
    fields = form_of(client.get("/kampanj").text)
    fields["reference.kind"] = "average"

    answer = html.unescape(client.post("/kampanj", data=fields).text)

    assert "Inte sparat" in answer
    assert "en referens av sorten average behöver count och period och scores" in answer
    assert (root / "kampanj.yaml").read_bytes() == before


def test_a_workspace_without_a_campaign_file_gets_one(root):
    (root / "kampanj.yaml").unlink()
    client = client_for(root)
    page = client.get("/kampanj").text
    assert "Arbetsmappen har ingen kampanjfil ännu" in page
    fields = form_of(page)  # every evaluation offered, checked
    fields.update({"name": "Ny kampanj", "reference.kind": "campaign"})

    answer = client.post("/kampanj", data=fields).text

    assert "Sparat i kampanj.yaml." in answer
    text = (root / "kampanj.yaml").read_text(encoding="utf-8")
    assert 'name: "Ny kampanj"\n' in text and '"kalix-2012", "norsjo-2015", "ostersund-2015"' in text
    assert 'reference:\n  kind: "campaign"\n' in text


def test_the_studios_pages_are_valid_html_for_the_nu_html_checker(root, tmp_path):
    from .html_clients import require_vnu, vnu_errors

    require_vnu()
    client = client_for(root)
    addresses = {"oversikt": "/", "kampanj": "/kampanj", "uppgifter": "/e/kalix-2012/uppgifter",
                 "poang": "/e/kalix-2012/poang", "text": "/e/kalix-2012/text/3", "word": "/e/kalix-2012/word",
                 "standardtexter": "/e/kalix-2012/standardtexter", "historik": "/e/kalix-2012/historik",
                 "bygg": "/e/kalix-2012/bygg"}
    pages = []
    for name, address in addresses.items():
        page = tmp_path / f"{name}.html"
        page.write_text(client.get(address).text, encoding="utf-8")
        pages.append(page)

    errors = vnu_errors(pages)

    assert {page.name: found for page, found in errors.items() if found} == {}


def test_a_campaign_with_its_own_logo_can_be_saved(root):
    from PIL import Image

    Image.new("RGB", (40, 20), (20, 60, 120)).save(root / "logga.png")
    path = root / "kampanj.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "publication:\n  logo: logga.png\n", encoding="utf-8")
    client = client_for(root)
    fields = form_of(client.get("/kampanj").text)
    fields["name"] = "Med logotyp"

    answer = html.unescape(client.post("/kampanj", data=fields).text)

    assert "Sparat i kampanj.yaml." in answer, answer
    assert path.read_text(encoding="utf-8").endswith("publication:\n  logo: logga.png\n")  # untouched
