"""Kompass's cache outside every repository: what is slow to make and depends only on what it is made of.

The folder is ``$KOMPASS_CACHE``, else ``$XDG_CACHE_HOME/kompass`` (``~/.cache/kompass``);
``KOMPASS_CACHE=off`` turns it off, and it may be deleted at any time. Each kind of entry has a
folder of its own (the charts' ``charts/``, the web page's ``fonts/``, the reads
that ``remembered`` keeps: ``reads/``, ``campaigns/``, ``texts/``). An entry
is the SHA-256 of its content followed by the content, written to a temporary file and moved into
place: a truncated or damaged entry is found and made again, never used, and a cache that cannot
be written only makes Kompass slower.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

ENVIRONMENT = "KOMPASS_CACHE"
OFF = {"off", "0", "no", "false"}
DIGEST = 32  # bytes of SHA-256 in front of each entry


def folder(kind: str) -> Path | None:
    """Return the cache folder of entries of ``kind`` (``charts``, ``fonts``), or None when it is turned off."""
    setting = os.environ.get(ENVIRONMENT, "")
    if setting.strip().lower() in OFF:
        return None
    if setting:
        return Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kompass" / kind


def read(path: Path) -> bytes | None:
    """Return the content stored at ``path``, or None when it is missing or damaged."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    check, data = content[:DIGEST], content[DIGEST:]
    if len(check) < DIGEST or not data or hashlib.sha256(data).digest() != check:
        return None
    return data


def write(path: Path, data: bytes) -> None:
    """Store ``data`` at ``path`` behind its hash."""
    write_file(path, hashlib.sha256(data).digest() + data)


def write_file(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass
