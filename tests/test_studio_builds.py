"""A build from the studio (every format, each a download) and Historik: what changed since that
build, or since a git revision, as a page and as Markdown for an e-mail (``kompass diff``'s comparison)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from authoring.studio.app import create
from authoring.studio.guard import Keys
from authoring.studio.jobs import build_job

from .conftest import INPUTS, replace_in
from .studio_client import signed_in_client

BASE = "http://127.0.0.1:8766"
SCORE = ('"3.1": 12.45', '"3.1": 14')
SENTENCE = ("Kalix webb-sänder sina KF möten", "Kalix webbsänder sina fullmäktigemöten")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root, ignore=shutil.ignore_patterns("ostersund-2015"))
    (root / "kampanj.yaml").write_text(
        (INPUTS / "kampanj.yaml").read_text(encoding="utf-8").replace("  - ostersund-2015\n", ""), encoding="utf-8")
    return root


def signed_in(workspace: Path):
    return signed_in_client(workspace, 8766)


def shown_text(page: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities read)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def markdown_of(page: str) -> str:
    return html.unescape(re.search(r'<textarea id="markdown"[^>]*>(.*?)</textarea>', page, re.S).group(1))


def test_changes_since_the_last_build_from_the_studio_show_scores_with_their_totals_and_words(workspace):
    folder = workspace / "kalix-2012"
    result = build_job(str(folder), str(workspace.parent / "output"), False, False)
    assert "error" not in result, result
    replace_in(folder / "scores.yaml", *SCORE)
    replace_in(folder / "notes" / "area-1.md", *SENTENCE)

    page = signed_in(workspace).get("/e/kalix-2012/historik").text

    text = shown_text(page)
    assert "Ändringar från kalix-2012 (senaste bygget) till kalix-2012 (nu)" in text
    assert re.search(r"<th scope=\"row\">3\.1 Genomsyras[^<]*</th><td class=\"tal\">12,5</td><td class=\"tal\">14</td>"
                     r"<td>område 3: 65,6 → 67,1</td><td>415,7 → 417,2</td>", page)
    assert ("Kalix <del>webb-sänder</del> <ins>webbsänder</ins> sina <del>KF möten,</del> "
            "<ins>fullmäktigemöten,</ins> som allt fler tar del av.") in page
    assert "uppnår kommunen <del>65,6</del> <ins>67,1</ins> av 100 poäng" in page
    markdown = markdown_of(page)
    assert markdown.startswith("# Ändringar från kalix-2012 (senaste bygget) till kalix-2012 (nu)")
    assert "| 12,5 | 14 | område 3: 65,6 → 67,1 | 415,7 → 417,2 |" in markdown
    assert "Kalix ~~webb-sänder~~ **webbsänder** sina ~~KF möten,~~ **fullmäktigemöten,**" in markdown


def test_a_member_scored_anew_is_not_shown_as_a_change_of_this_evaluation(workspace):
    folder = workspace / "kalix-2012"
    assert "error" not in build_job(str(folder), str(workspace.parent / "output"), False, False)
    replace_in(workspace / "norsjo-2015" / "scores.yaml", '"1.1": ', '"1.1": 1 #')  # moves the campaign's average

    text = shown_text(signed_in(workspace).get("/e/kalix-2012/historik").text)

    assert "Inga ändringar." in text


def test_without_a_build_from_the_studio_the_page_says_so_and_offers_git(workspace):
    text = shown_text(signed_in(workspace).get("/e/kalix-2012/historik").text)

    assert "Det finns inget bygge från studion att jämföra med" in text
    assert "en git-revision" in text


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_changes_since_a_git_revision_and_a_revision_that_is_an_option_refused(workspace):
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "före")
    replace_in(workspace / "kalix-2012" / "scores.yaml", *SCORE)
    client = signed_in(workspace)

    text = shown_text(client.get("/e/kalix-2012/historik", params={"mot": "git", "rev": "HEAD"}).text)
    assert "Ändringar från kalix-2012 (HEAD) till kalix-2012 (nu)" in text
    assert "område 3: 65,6 → 67,1" in text

    victim = workspace.parent / "offer.txt"
    victim.write_text("behålls", encoding="utf-8")
    text = shown_text(client.get("/e/kalix-2012/historik", params={"mot": "git", "rev": f"--output={victim}"}).text)
    assert "är ingen revision" in text
    assert victim.read_text(encoding="utf-8") == "behålls"
    text = shown_text(client.get("/e/kalix-2012/historik", params={"mot": "git", "rev": "finns-inte"}).text)
    assert "revisionen 'finns-inte' finns inte" in text and "Traceback" not in text


def test_a_build_from_the_studio_writes_the_web_page_too_and_it_is_a_download(workspace):
    folder = workspace / "kalix-2012"
    result = build_job(str(folder), str(workspace.parent / "output"), False, False)

    assert sorted(Path(p).suffix for p in result["paths"]) == [".docx", ".html", ".pdf"]
    answer = signed_in(workspace).get("/e/kalix-2012/fil/html")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-disposition"].startswith("attachment")
    assert '<html lang="sv"' in answer.text


def test_the_whole_campaign_is_built_from_the_overview_with_its_summary_to_download(workspace):
    import io
    import time

    import openpyxl

    keys = Keys("hemlig-nyckel-" + "u" * 30, 8766)
    app = create(workspace, workspace.parent / "output", keys)
    client = TestClient(app, base_url=BASE, follow_redirects=False, headers={"X-CSRF-Token": keys.csrf})
    client.get(f"/?token={keys.token}")
    try:
        assert "Bygg alla rapporter" in client.get("/").text
        answer = client.post("/kampanj/bygg", data={}).text
        deadline = time.monotonic() + 600
        while "Bygger" in answer and time.monotonic() < deadline:
            assert "kalix-2012:" in answer  # each member's report as it is now
            time.sleep(0.5)
            answer = client.get("/kampanj/lage").text
        text = shown_text(answer)
        assert "kalix-2012 byggd" in text and "norsjo-2015 byggd" in text
        assert 'href="/kampanj/fil/sammanstallning.xlsx"' in answer
        workbook = client.get("/kampanj/fil/sammanstallning.xlsx")
        assert workbook.headers["content-disposition"].startswith("attachment")
        sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).worksheets[0]
        assert {"Kalix", "Norsjö"} <= {str(cell.value) for row in sheet.iter_rows() for cell in row}
        assert client.get("/kampanj/fil/..%2Fkalix-2012%2Fscores.yaml").status_code == 404
        assert client.get("/kampanj/fil/kalix-2012").status_code == 404

        scores = workspace / "norsjo-2015" / "scores.yaml"
        scores.write_text(re.sub(r'^"1\.1":[^#\n]*', '"1.1": ', scores.read_text(encoding="utf-8"), flags=re.M),
                          encoding="utf-8")  # norsjö becomes a draft
        again = client.post("/kampanj/bygg", data={"slutlig": "1"}).text
        while "Bygger" in again:
            time.sleep(0.5)
            again = client.get("/kampanj/lage").text
        text = shown_text(again)
        assert "norsjo-2015 misslyckades" in text and "utkast:" in text  # a draft is no final version
        assert "kalix-2012 misslyckades" in text  # its reference, the campaign's average, lacks norsjö's area 1
    finally:
        app.app.state.studio.jobs.close()


def test_after_a_save_the_preview_opens_at_the_edited_area(workspace):
    from authoring.studio.reports import PLACE, with_places
    from authoring.builder.preview import preview

    client = signed_in(workspace)
    page = client.get("/e/kalix-2012/forhandsvisning", params={"omrade": "3"}).text
    assert re.search(r'src="/e/kalix-2012/forhandsvisning/rapport\?v=[0-9a-f]+#studio-omrade-3"', page)
    assert "#studio-omrade-9" not in client.get("/e/kalix-2012/forhandsvisning", params={"omrade": "9"}).text

    html = with_places(preview(workspace / "kalix-2012").html)
    for area in range(1, 9):
        assert html.count(f'id="{PLACE}{area}"') == 1
    first = html.index(f'id="{PLACE}3"')
    assert html.index("Område 3 Politisk styrning och kontroll", html.index("<main")) < first < html.index(
        "Område 4 Ledarskap", html.index("<main"))


def test_an_error_in_the_revision_is_named_as_git_names_the_file_not_a_temporary_folder(workspace):
    git(workspace, "init", "-q")
    replace_in(workspace / "kalix-2012" / "scores.yaml", '"3.1": 12.45', '"3.1": 99')
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "fel")
    replace_in(workspace / "kalix-2012" / "scores.yaml", '"3.1": 99', '"3.1": 12.45')

    text = shown_text(signed_in(workspace).get("/e/kalix-2012/historik", params={"mot": "git", "rev": "HEAD"}).text)

    assert "HEAD:kalix-2012/scores.yaml" in text and "kompass-historik-" not in text
