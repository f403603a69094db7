"""The studio driven in process as a browser on this machine: signed in with the token, the CSRF
token sent with every request (Starlette's TestClient)."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from authoring.studio.app import create
from authoring.studio.guard import Keys


def signed_in_client(root: Path, port: int, out: Path | None = None) -> TestClient:
    """Return a client of the studio for the workspace ``root`` (reports into ``out``, else beside it)."""
    keys = Keys("hemlig-nyckel-" + "x" * 30, port)
    client = TestClient(create(root, out or root.parent / "output", keys), base_url=f"http://127.0.0.1:{port}",
                        follow_redirects=False, headers={"X-CSRF-Token": keys.csrf})
    assert client.get(f"/?token={keys.token}").status_code == 303
    return client
