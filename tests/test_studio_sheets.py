"""Excel on the studio's Poäng page: the score sheet downloaded with the scores so far, and a filled
sheet uploaded, its old → new shown before anything is written (issue 25, point 8)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from .conftest import INPUTS
from .studio_client import signed_in_client

CSV = ("Poäng för Kalix\r\nKommun;År;Fråga;Poäng\r\nKalix kommun;2012;1.1;6,5\r\nKalix kommun;2012;1.2;11\r\n"
       ).encode("cp1252")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    return root


def client_for(root: Path):
    return signed_in_client(root, 8772)


def test_the_score_sheet_downloads_with_every_question_and_the_scores_so_far(root):
    answer = client_for(root).get("/e/kalix-2012/poang/blad")

    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = {row[2]: row for row in sheet.iter_rows(min_row=5, max_col=6, values_only=True) if row[2]}
    assert rows["1.1"][:3] == ("Kalix", 2012, "1.1") and rows["1.1"][5] == 5.25
    assert rows["3.1"][5] == 12.45 and len(rows) == 45


def test_an_uploaded_swedish_csv_shows_old_and_new_then_writes_only_when_accepted(root):
    client = client_for(root)
    scores = root / "kalix-2012" / "scores.yaml"
    before = scores.read_bytes()

    shown = client.post("/e/kalix-2012/poang/blad", files={"blad": ("poäng.csv", CSV)}).text

    assert "poäng.csv: 0 nya poäng, 1 ändrade, 1 som är desamma som nu" in shown
    assert re.search(r'<th scope="row">1\.1</th><td class="tal">5,25</td><td class="tal">6,5</td>', shown)
    assert scores.read_bytes() == before  # nothing is written before the evaluator says so
    upload_id = re.search(r'name="upload" value="([0-9a-f]{32})"', shown).group(1)
    written = client.post("/e/kalix-2012/poang/blad/skriv", data={"upload": upload_id}).text
    assert "2 poäng lästes in i scores.yaml" in written
    text = scores.read_text(encoding="utf-8")
    assert re.search(r'^"1\.1": 6\.5\b', text, re.M) and re.search(r'^"1\.2": 11\b', text, re.M)


def test_a_sheet_for_another_evaluation_or_a_changed_scores_file_writes_nothing(root):
    client = client_for(root)
    other = CSV.replace("Kalix kommun;2012".encode(), "Norsjö kommun;2015".encode("cp1252"))
    refused = client.post("/e/kalix-2012/poang/blad", files={"blad": ("norsjo.csv", other)}).text
    assert "andra utvärderingar (norsjo-2015)" in refused

    shown = client.post("/e/kalix-2012/poang/blad", files={"blad": ("poäng.csv", CSV)}).text
    scores = root / "kalix-2012" / "scores.yaml"
    scores.write_text(scores.read_text(encoding="utf-8").replace('"1.3":', '"1.3": 9 #', 1), encoding="utf-8")
    edited = scores.read_bytes()
    upload_id = re.search(r'name="upload" value="([0-9a-f]{32})"', shown).group(1)
    answer = client.post("/e/kalix-2012/poang/blad/skriv", data={"upload": upload_id}).text
    assert "har ändrats sedan ändringarna visades" in answer
    assert scores.read_bytes() == edited
