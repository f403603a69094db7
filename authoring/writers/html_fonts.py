"""The web page's font: the style's TrueType faces cut down to the characters a page uses, as WOFF2.

The family is the PDF's and the DOCX's (``templates/style.yaml`` fonts, the DejaVu files that
matplotlib ships; their licence allows embedding and subsetting under another name than Bitstream
Vera). Each face keeps a fixed Latin set (Swedish, the other Nordic and the Latin-1/Latin
Extended-A letters, punctuation) plus any other character the page holds, so one subset serves
nearly every report. Cutting takes fontTools about a second, so each face is kept in Kompass's cache
(``usercache``, under the hash of the font file, the characters and this code) and made once per
machine. The bytes depend only on the fonts and the characters (no timestamps): the page is
reproducible.
"""

from __future__ import annotations

import base64
import hashlib
import io
from functools import lru_cache
from pathlib import Path

from .. import usercache
from ..templates import font_dir, style

FAMILY = "Kompass"
FACES = (("regular", 400, "normal"), ("bold", 700, "normal"), ("italic", 400, "italic"),
         ("bold_italic", 700, "italic"))
BASE = frozenset(chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028),
                                  *range(0x2030, 0x203B), 0x20AC, 0x2122, 0x2212, 0x2190, 0x2192, 0x2264, 0x2265])


def font_faces(texts: str) -> str:
    """Return the @font-face rules of the family, each face holding the characters of ``texts``."""
    return _faces(frozenset(set(texts) - BASE))


@lru_cache(maxsize=16)
def _faces(extra: frozenset[str]) -> str:
    rules = []
    for key, weight, slant in FACES:
        data = base64.b64encode(face(style()["fonts"][key], BASE | extra)).decode("ascii")
        rules.append(f'@font-face {{ font-family: {FAMILY}; font-weight: {weight}; font-style: {slant}; '
                     f'font-display: swap; src: url(data:font/woff2;base64,{data}) format("woff2"); }}')
    return "\n".join(rules)


def face(file: str, characters: frozenset[str]) -> bytes:
    """Return the font ``file`` cut to ``characters`` as WOFF2, from the cache when it was cut before."""
    folder = usercache.folder("fonts")
    path = folder / f"{_key(file, characters)}.woff2" if folder is not None else None
    data = usercache.read(path) if path is not None else None
    if data is None:
        data = _subset(file, characters)
        if path is not None:
            usercache.write(path, data)
    return data


def _key(file: str, characters: frozenset[str]) -> str:
    """Return the hash of everything a cut face is made of: the font, the characters, the code that cuts."""
    from fontTools import version

    digest = hashlib.sha256(_file_digest(file).encode())
    digest.update(f"{version} {''.join(sorted(characters))}".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _file_digest(file: str) -> str:
    return hashlib.sha256((font_dir() / file).read_bytes()).hexdigest()


def _subset(file: str, characters: frozenset[str]) -> bytes:
    """Return the font ``file`` with only ``characters`` (those it has), as WOFF2 bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False          # browsers smooth outlines themselves; a third of the size
    options.name_IDs = ["*"]         # the copyright and licence stay with the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: said aloud if left to the subsetter
    font = TTFont(str(font_dir() / file), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()
