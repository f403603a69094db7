"""Results kept on disk between processes, per input file or folder: a result is used again only
while its key, Kompass's code and templates and the libraries installed are what they were.

Each kind of result has a folder in Kompass's cache (``usercache``). An entry is kept per path as
named (with the working folder: problems name their files the way they were named), holding the
last result made for it; an entry made from other input, other code or other templates is made
again, never used, and so is a damaged one (``usercache``'s hash). Results are pickled, so an
entry is loaded only if it is the user's own file that no one else may write (``_own``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from functools import cache
from pathlib import Path

from . import usercache
from .templates import TEMPLATES_ENV, package_templates_dir

PACKAGE_DIR = Path(__file__).resolve().parent  # authoring/, every module of Kompass
MAX_ENTRY = 32_000_000  # bytes: a larger result (an evaluation with large images) is made each time


def recall(kind: str, path: Path, key: str | None):
    """Return what was kept of kind ``kind`` for ``path`` (a folder or file, as named) under ``key``
    with Kompass and the libraries as they are now; None when no entry holds that."""
    entry = _entry(kind, path, key)
    data = usercache.read(entry[0]) if entry and _own(entry[0]) else None
    if data is None:
        return None
    try:
        found, result = pickle.loads(data)
    except Exception:  # noqa: BLE001 - an entry of other code: made again
        return None
    return result if found == entry[1] else None


def _own(entry: Path) -> bool:
    """Return whether ``entry`` is this user's own and no one else may have written it (where the system
    says: POSIX). A pickle runs code when it is loaded: an entry in a cache folder shared with others is
    made again instead, never loaded."""
    try:
        info = entry.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def keep(kind: str, path: Path, key: str | None, result) -> None:
    """Keep ``result`` of kind ``kind`` for ``path`` under ``key`` (None: nothing to key it by)."""
    entry = _entry(kind, path, key)
    if entry is None:
        return
    try:
        data = pickle.dumps((entry[1], result), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - something unpicklable: it is simply read each time
        return
    if len(data) <= MAX_ENTRY:
        usercache.write(entry[0], data)


def _entry(kind: str, path: Path, key: str | None) -> tuple[Path, str] | None:
    """Return the file of ``path``'s entry and the key its content must hold, or None (no cache)."""
    where = usercache.folder(kind)
    if where is None or key is None:
        return None
    try:  # a working folder that was removed, a template folder that cannot be listed: no cache
        named = f"{path}\0{os.getcwd()}\0{path.resolve()}"
        full = hashlib.sha256("\0".join((named, key, _templates(), _code())).encode())
    except (OSError, RuntimeError):
        return None
    return where / f"{hashlib.sha256(named.encode()).hexdigest()}.pickle", full.hexdigest()


def _templates() -> str:
    """Return the names, sizes and times of the template files: the package's and ``$KOMPASS_TEMPLATES``."""
    folders = [package_templates_dir()]
    if os.environ.get(TEMPLATES_ENV):
        folders.append(Path(os.environ[TEMPLATES_ENV]).resolve())
    return repr([_signatures(folder, "*") for folder in folders])


@cache
def _code() -> str:
    """Return the signature of the code this process runs: Kompass's modules, Python, the libraries
    installed (each ``.dist-info`` names its version). Once per process: it runs the code it loaded."""
    return repr((sys.version, pickle.HIGHEST_PROTOCOL, list(libraries()), _signatures(PACKAGE_DIR, "*.py")))


def library_version(name: str) -> str | None:
    """Return the version of the installed distribution ``name`` (lower case, e.g. ``matplotlib``), from
    its ``.dist-info`` folder in ``libraries()``, else from its metadata; None if it is not installed."""
    start = f"{name}-"
    for folder in libraries():
        if folder.lower().startswith(start):
            return folder[len(start):-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version  # installed elsewhere: a slower look

    try:
        return version(name)
    except PackageNotFoundError:
        return None


@cache
def libraries() -> tuple[str, ...]:
    """Return the ``.dist-info`` folders in the site-packages folders of ``sys.path``, sorted: each
    names a library installed and its version (read once per process, without importlib.metadata,
    whose import and metadata parsing take longer than a cached build's charts)."""
    return tuple(sorted(name for entry in sys.path if entry.endswith("site-packages") and os.path.isdir(entry)
                        for name in os.listdir(entry) if name.endswith(".dist-info")))


def _signatures(folder: Path, pattern: str) -> list[tuple]:
    found = []
    for path in sorted(folder.rglob(pattern)):
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return found
