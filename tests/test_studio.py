"""Kompass Studio without a browser: its defences, and its saves (scores, text) as files on disk.

The app is driven in process (Starlette's TestClient, addressed as http://127.0.0.1:PORT like a
browser on this machine); the command itself is started as a process for what it prints, its
refusal of another host and Ctrl-C. The browser's day is ``test_studio_browser.py``.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from authoring.safeio import content_hash
from authoring.studio.app import create
from authoring.studio.guard import MAX_BODY_BYTES, Keys

from .conftest import INPUTS

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS / "kalix-2012", root / "kalix-2012")
    return root


def client_for(workspace: Path, max_body: int = MAX_BODY_BYTES) -> tuple[TestClient, Keys]:
    keys = Keys("hemlig-nyckel-" + "x" * 30, PORT)
    app = create(workspace, workspace.parent / "output", keys, max_body)
    return TestClient(app, base_url=BASE, follow_redirects=False), keys


@pytest.fixture
def signed_in(workspace: Path) -> tuple[TestClient, Keys]:
    client, keys = client_for(workspace)
    assert client.get(f"/?token={keys.token}").status_code == 303
    return client, keys


def folder_digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): content_hash(p) for p in sorted(root.rglob("*")) if p.is_file()}


# -- the token ------------------------------------------------------------------------------------

def test_a_request_without_the_token_is_refused_with_403(workspace):
    client, _ = client_for(workspace)

    for path in ("/", "/e/kalix-2012/poang", "/static/htmx.min.js", "/e/kalix-2012/fil/pdf"):
        answer = client.get(path)

        assert answer.status_code == 403, path
        assert "Nyckel saknas" in answer.text
    assert client.post("/ny", data={"kommun": "Provby", "ar": "2024"}).status_code == 403
    assert not (workspace / "provby-2024").exists()


def test_a_wrong_token_in_the_address_is_refused(workspace):
    client, _ = client_for(workspace)

    assert client.get("/?token=gissad").status_code == 403
    client.cookies.set(f"kompass-studio-{PORT}", "gissad")
    assert client.get("/").status_code == 403


def test_the_token_in_the_opening_address_becomes_an_httponly_samesite_strict_cookie(workspace):
    client, keys = client_for(workspace)

    answer = client.get(f"/e/kalix-2012/poang?token={keys.token}")

    assert answer.status_code == 303
    assert answer.headers["location"] == "/e/kalix-2012/poang"  # the token leaves the address bar
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"kompass-studio-{PORT}={keys.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/").status_code == 200


# -- where a request comes from ------------------------------------------------------------------

def test_a_host_header_of_another_name_is_refused_dns_rebinding(signed_in):
    client, _ = signed_in

    answer = client.get("/", headers={"Host": "attacker.example"})
    also = client.get("/", headers={"Host": f"attacker.example:{PORT}"})

    assert answer.status_code == 403 and also.status_code == 403
    assert "fel Host-huvud" in answer.text
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200


def test_a_cross_site_post_is_refused_and_writes_nothing(signed_in, workspace):
    client, keys = signed_in
    before = folder_digests(workspace)
    form = {"q-1.1": "9", "digest": content_hash(workspace / "kalix-2012" / "scores.yaml")}

    without_token = client.post("/e/kalix-2012/poang", data=form)
    other_origin = client.post("/e/kalix-2012/poang", data=form,
                               headers={"X-CSRF-Token": keys.csrf, "Origin": "http://attacker.example"})
    other_site = client.post("/e/kalix-2012/poang", data=form,
                             headers={"X-CSRF-Token": keys.csrf, "Sec-Fetch-Site": "cross-site"})
    wrong_token = client.post("/e/kalix-2012/poang", data=form, headers={"X-CSRF-Token": "0" * 64})

    assert [a.status_code for a in (without_token, other_origin, other_site, wrong_token)] == [403] * 4
    assert "kontrollnyckel (CSRF)" in without_token.text
    assert "annan webbplats" in other_origin.text
    assert folder_digests(workspace) == before
    same = client.post("/e/kalix-2012/poang", data=form, headers={"X-CSRF-Token": keys.csrf, "Origin": BASE})
    assert same.status_code == 200 and "Sparat" in same.text  # the same request from the studio itself


# -- paths ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/e/..%2F..%2Fetc/poang", "/e/%2E%2E/poang", "/e/../poang", "/e/kalix-2012%2F..%2F../poang",
                                  "/e/kalix-2012/text/..%2F1", "/e/kalix-2012/text/9",
                                  "/e/kalix-2012/fil/..%2F..%2Fkalix-2012%2Fscores.yaml", "/e/kalix-2012/fil/yaml",
                                  "/static/..%2F__init__.py", "/e/.hemlig/poang"])
def test_a_path_parameter_leading_outside_the_workspace_is_refused(signed_in, path):
    client, _ = signed_in

    answer = client.get(path)

    assert answer.status_code == 404, answer.text


def test_an_evaluation_folder_linked_from_outside_the_workspace_is_not_served(signed_in, workspace, tmp_path):
    outside = tmp_path / "hemlig-2020"
    shutil.copytree(INPUTS / "kalix-2012", outside)
    (workspace / "hemlig-2020").symlink_to(outside)
    client, keys = signed_in

    assert client.get("/e/hemlig-2020/poang").status_code == 404
    assert client.post("/e/hemlig-2020/poang", data={"q-1.1": "1"},
                       headers={"X-CSRF-Token": keys.csrf}).status_code == 404
    assert "hemlig-2020" not in client.get("/").text


# -- uploads ---------------------------------------------------------------------------------------

def test_an_oversized_upload_is_refused_with_a_message_before_it_is_read(signed_in, workspace):
    client, keys = signed_in
    before = folder_digests(workspace)

    answer = client.post("/e/kalix-2012/word", headers={"X-CSRF-Token": keys.csrf},
                         files={"docx": ("stor.docx", b"0" * (MAX_BODY_BYTES + 1))})

    assert answer.status_code == 413
    assert "för stor: högst 25 MB" in answer.text
    assert folder_digests(workspace) == before


def test_an_upload_without_a_declared_length_is_cut_off_at_the_limit(workspace):
    client, keys = client_for(workspace, max_body=10_000)
    client.get(f"/?token={keys.token}")

    def body():
        for _ in range(20):
            yield b"x" * 1000

    answer = client.post("/e/kalix-2012/word", content=body(), headers={
        "X-CSRF-Token": keys.csrf, "Content-Type": "multipart/form-data; boundary=grans"})

    assert answer.status_code == 413
    assert "för stor" in answer.text


def zip_bomb() -> bytes:
    """Return a DOCX-named zip whose document part unpacks to 50 MB from about 50 kB."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 50_000_000)
    return packed.getvalue()


def test_a_docx_bomb_upload_is_refused_and_nothing_is_written(signed_in, workspace):
    client, keys = signed_in
    before = folder_digests(workspace)
    bomb = zip_bomb()
    assert len(bomb) < 200_000

    answer = client.post("/e/kalix-2012/word", headers={"X-CSRF-Token": keys.csrf},
                         files={"docx": ("kalix-2012.docx", bomb)})

    assert answer.status_code == 200
    assert "Inget skrevs" in answer.text and "zip-bomb" in answer.text
    assert folder_digests(workspace) == before
    assert not (workspace.parent / "output").exists()


def test_pages_carry_a_strict_content_security_policy(signed_in):
    client, _ = signed_in

    page = client.get("/e/kalix-2012/poang")
    preview = client.get("/e/kalix-2012/forhandsvisning/rapport")

    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe" not in policy
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["x-frame-options"] == "DENY"
    assert "sandbox" in preview.headers["content-security-policy"]
    assert "script-src" not in preview.headers["content-security-policy"]  # default-src 'none': no script at all
    assert "Kalix" in preview.text
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?:""", page.text)  # nothing from elsewhere


# -- saves ------------------------------------------------------------------------------------------

def posted(client, keys, path, data):
    return client.post(path, data=data, headers={"X-CSRF-Token": keys.csrf})


def digest_on_page(client, path: str) -> str:
    return re.search(r'name="digest"[^>]*value="([^"]+)"', client.get(path).text).group(1)


def test_a_saved_score_changes_its_value_alone_and_keeps_every_comment(signed_in, workspace):
    client, keys = signed_in
    scores = workspace / "kalix-2012" / "scores.yaml"
    before = scores.read_text(encoding="utf-8")

    answer = posted(client, keys, "/e/kalix-2012/poang", {"q-1.1": "6,5", "q-1.2": "11",
                                                          "digest": digest_on_page(client, "/e/kalix-2012/poang")})

    assert "Sparat: 1 ändrad fråga" in answer.text
    after = scores.read_text(encoding="utf-8")
    assert after == before.replace('"1.1": 5.25   # printed 5', '"1.1": 6.5   # printed 5')
    assert subprocess.run([kompass(), "check", str(scores.parent)], capture_output=True).returncode == 0


def test_a_score_over_the_maximum_is_not_saved_and_check_says_why_beside_the_field(signed_in, workspace):
    client, keys = signed_in
    scores = workspace / "kalix-2012" / "scores.yaml"
    before = scores.read_text(encoding="utf-8")

    answer = posted(client, keys, "/e/kalix-2012/poang", {"q-1.1": "16", "digest": content_hash(scores)})
    typed = posted(client, keys, "/e/kalix-2012/poang/kontroll", {"q-1.1": "tre"})

    assert re.search(r'id="fel-1-1"[^>]*>16 är mer än maxpoängen 15<', answer.text)
    assert "Inte sparat" in answer.text
    assert re.search(r"""id="fel-1-1"[^>]*>poängen måste vara ett tal \(angivet: 'tre'\)<""", html.unescape(typed.text))
    assert scores.read_text(encoding="utf-8") == before


def test_a_cleared_score_is_missing_never_zero(signed_in, workspace):
    client, keys = signed_in
    scores = workspace / "kalix-2012" / "scores.yaml"

    typed = posted(client, keys, "/e/kalix-2012/poang/kontroll", {"q-1.1": ""})
    answer = posted(client, keys, "/e/kalix-2012/poang", {"q-1.1": " ", "digest": content_hash(scores)})

    assert re.search(r'id="pct-1-1"[^>]*>saknas<', typed.text)
    assert re.search(r'id="summa-1"[^>]*>saknas: 1 av 5 frågor', typed.text)
    assert "Sparat" in answer.text
    assert re.search(r'^"1\.1": +# printed 5', scores.read_text(encoding="utf-8"), re.M)


def test_a_scores_file_changed_on_disk_since_the_page_loaded_is_a_conflict_not_an_overwrite(signed_in, workspace):
    client, keys = signed_in
    scores = workspace / "kalix-2012" / "scores.yaml"
    seen = digest_on_page(client, "/e/kalix-2012/poang")
    scores.write_text(scores.read_text(encoding="utf-8").replace('"1.2": 11', '"1.2": 12'), encoding="utf-8")
    edited = scores.read_text(encoding="utf-8")

    answer = posted(client, keys, "/e/kalix-2012/poang", {"q-1.1": "6", "digest": seen})

    assert "har ändrats på disken sedan sidan laddades" in answer.text and "Inget sparades" in answer.text
    assert scores.read_text(encoding="utf-8") == edited


def test_the_second_of_two_tabs_saving_gets_the_conflict(signed_in, workspace):
    client, keys = signed_in
    scores = workspace / "kalix-2012" / "scores.yaml"
    first_tab = second_tab = digest_on_page(client, "/e/kalix-2012/poang")

    first = posted(client, keys, "/e/kalix-2012/poang", {"q-1.1": "6", "digest": first_tab})
    second = posted(client, keys, "/e/kalix-2012/poang", {"q-1.1": "7", "digest": second_tab})

    assert "Sparat" in first.text and "har ändrats på disken" in second.text
    assert '"1.1": 6 ' in scores.read_text(encoding="utf-8")


def test_a_list_edited_as_text_writes_only_its_changed_items(signed_in, workspace):
    client, keys = signed_in
    notes = workspace / "kalix-2012" / "notes" / "area-1.md"
    before = notes.read_text(encoding="utf-8")
    page = client.get("/e/kalix-2012/text/1").text
    items = re.search(r'name="del-area-1.styrkor"[^>]*>([^<]*)<', page).group(1)

    answer = posted(client, keys, "/e/kalix-2012/text/1", {
        "del-area-1.styrkor": items.replace("Webbsända KF möten", "Webbsända möten i fullmäktige") + "\nEn ny styrka",
        "digest": digest_on_page(client, "/e/kalix-2012/text/1")})

    assert "Sparat i notes/area-1.md" in answer.text
    expected = before.replace("- Webbsända KF möten\n", "- Webbsända möten i fullmäktige\n").replace(
        "- Riktlinjer för representation, mutor och jäv\n", "- Riktlinjer för representation, mutor och jäv\n- En ny styrka\n")
    assert notes.read_text(encoding="utf-8") == expected


def test_text_that_check_refuses_is_not_saved(signed_in, workspace):
    client, keys = signed_in
    notes = workspace / "kalix-2012" / "notes" / "area-1.md"
    before = notes.read_text(encoding="utf-8")

    answer = posted(client, keys, "/e/kalix-2012/text/1", {
        "del-area-1.intro": "> ett citat", "digest": content_hash(notes)})

    assert "Inte sparat" in answer.text and "citatblock" in answer.text
    assert notes.read_text(encoding="utf-8") == before


def test_a_new_evaluation_is_made_as_kompass_new_makes_it(signed_in, workspace, tmp_path):
    client, keys = signed_in

    answer = posted(client, keys, "/ny", {"kommun": "Provby", "ar": "2024", "ramverk": ""})
    twice = posted(client, keys, "/ny", {"kommun": "Provby", "ar": "2024", "ramverk": ""})
    subprocess.run([shutil.which("kompass") or str(Path(sys.executable).parent / "kompass"), "new", "Provby", "2024",
                    "--inputs", str(tmp_path / "cli")], check=True, capture_output=True)

    assert answer.status_code == 204 and answer.headers["hx-redirect"] == "/e/provby-2024/poang"
    assert "finns redan" in twice.text
    assert folder_digests(workspace / "provby-2024") == folder_digests(tmp_path / "cli" / "provby-2024")


def test_the_municipality_is_chosen_from_the_official_list_in_swedish_order(signed_in, workspace):
    client, keys = signed_in

    page = client.get("/").text
    options = re.findall(r'<option value="([^"]+)" label="([^"]+)"></option>', page)
    answer = posted(client, keys, "/ny", {"kommun": "Falun", "ar": "2026", "ramverk": ""})

    assert 'list="kommuner"' in page and len(options) == 290
    assert ("Falun", "Falu kommun") in options and ("Gotland", "Region Gotland") in options
    names = [name for name, _ in options]
    assert names[0] == "Ale" and names.index("Åre") < names.index("Älvdalen") < names.index("Örebro")
    assert names.index("Västerås") < names.index("Åre")
    assert answer.headers["hx-redirect"] == "/e/falun-2026/poang"
    assert "Falu kommun" in (workspace / "falun-2026" / "evaluation.yaml").read_text(encoding="utf-8")


# -- the command -------------------------------------------------------------------------------------

def children_of(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def test_sigterm_stops_the_studio_with_its_worker_processes(workspace):
    import http.cookiejar
    import time
    import urllib.request

    process = subprocess.Popen([kompass(), "studio", str(workspace), "--no-browser"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        address = process.stdout.readline().strip()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.open(address, timeout=60).read()
        opener.open(address.split("/?")[0] + "/e/kalix-2012/forhandsvisning", timeout=300).read()  # starts the workers
        workers = children_of(process.pid)
        assert workers, "the preview runs in a worker process"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "a worker outlived the studio"


def kompass() -> str:
    return str(Path(sys.executable).parent / "kompass")


def test_another_host_than_loopback_is_refused_with_a_swedish_message(workspace):
    done = subprocess.run([kompass(), "studio", str(workspace), "--host", "0.0.0.0", "--no-browser"],
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 2
    assert "bara på den här datorn (127.0.0.1)" in done.stderr
    assert done.stdout == ""


def test_no_browser_prints_only_the_address_and_ctrl_c_stops_it(workspace):
    import urllib.request

    process = subprocess.Popen([kompass(), "studio", str(workspace), "--no-browser"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{40,}", line), line
        with urllib.request.urlopen(line, timeout=30) as answer:  # the redirect sets the cookie: urllib keeps none
            assert answer.status == 403 or answer.status == 200
    except urllib.error.HTTPError as exc:
        assert exc.code == 403  # the redirected request has no cookie: refused, as it must be
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out == ""
    assert "avslutats" in err
