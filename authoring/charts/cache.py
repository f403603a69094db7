"""A content-addressed cache of rendered charts, so a rebuild draws only the charts that changed.

An entry's name is the SHA-256 of everything its image is made of: the chart spec, the style data,
and the code that draws it (the source of ``charts`` and ``png``, the matplotlib and numpy
versions). Its content is the SHA-256 of the image followed by the image, so a truncated or
damaged entry is detected and drawn again, never used. Entries are written to a temporary file
and moved into place. The cache lives in Kompass's cache folder (``usercache``: ``$KOMPASS_CACHE``
or else ``~/.cache/kompass``), outside every repository; ``KOMPASS_CACHE=off`` turns it off, and it
may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..model import ChartSpec
from ..templates import style
from .. import usercache
from ..remembered import library_version  # not the libraries themselves: a cached chart needs neither
from ..usercache import ENVIRONMENT, OFF  # noqa: F401  (where they were first defined)

CHARTS_DIR = Path(__file__).resolve().parent  # the drawing code: every module of charts/


def cache_dir() -> Path | None:
    """Return the folder of the chart cache, or None when it is turned off."""
    return usercache.folder("charts")


def cached(chart: ChartSpec, render: Callable[[ChartSpec], bytes]) -> bytes:
    """Return ``render(chart)``, from the cache when the same chart was rendered before."""
    image = lookup(chart)
    if image is None:
        image = render(chart)
        store(chart, image)
    return image


def lookup(chart: ChartSpec) -> bytes | None:
    """Return the cached image of ``chart``, or None when it must be drawn (or the cache is off)."""
    folder = cache_dir()
    return _read(folder / f"{chart_key(chart)}.png") if folder is not None else None


def store(chart: ChartSpec, image: bytes) -> None:
    """Remember ``image`` as the rendering of ``chart`` (nothing when the cache is off)."""
    folder = cache_dir()
    if folder is not None:
        _write(folder / f"{chart_key(chart)}.png", image)


def chart_key(chart: ChartSpec) -> str:
    """Return the hash of everything the image of ``chart`` is made of."""
    digest = hashlib.sha256(_code_version().encode())
    digest.update(json.dumps(style(), sort_keys=True, default=str).encode())
    digest.update(repr(chart).encode())
    return digest.hexdigest()


@cache
def _code_version() -> str:
    digest = hashlib.sha256(f"{library_version('matplotlib')} {library_version('numpy')}".encode())
    for path in sorted(CHARTS_DIR.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


_read = usercache.read     # an image stored behind its hash, None when missing or damaged
_write = usercache.write
