"""Embed the report's font family in the DOCX, so Word and LibreOffice show it without it installed.

The family is the PDF's (``templates/style.yaml`` fonts, TrueType files shipped with matplotlib;
DejaVu's licence allows embedding). Word keeps embedded fonts obfuscated (ECMA-376 part 1,
17.8.1): the first 32 bytes XORed with the font key, a GUID read backwards.

The four faces are most of a DOCX's bytes, and the same in every report: deflating them was most of
the time it took to save one. They are deflated once per machine and kept in Kompass's cache
(``usercache``, ``docx-fonts/``, under the hash of the font, the level and zlib's version); a process
that writes report after report takes each face from there once (``reproducible.FixedZip``).
"""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib
from functools import cache

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from .. import usercache
from ..reproducible import FAST, deflate, prepack
from ..templates import font_dir, style

OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBED = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic", "bold_italic": "embedBoldItalic"}


def family_name() -> str:
    """Return the family name of the style's regular font, as Word and LibreOffice know it."""
    return _family(style()["fonts"]["regular"])


@cache
def _family(file: str) -> str:
    return family_of((font_dir() / file).read_bytes())


FAMILY_IDS = (16, 1)  # the typographic family, else the family: as FreeType names a face's family
WINDOWS_ENGLISH, MAC_ROMAN = (3, 1, 0x409), (1, 0, 0)


def family_of(font: bytes) -> str:
    """Return the family name of the TrueType ``font``, read from its naming table (``name``)."""
    tables = {font[at:at + 4]: struct.unpack(">II", font[at + 8:at + 16])
              for at in range(12, 12 + 16 * struct.unpack(">H", font[4:6])[0], 16)}
    start = tables[b"name"][0]
    count, strings = struct.unpack(">2xHH", font[start:start + 6])
    names = {}
    for at in range(start + 6, start + 6 + 12 * count, 12):
        platform, encoding, language, name_id, length, offset = struct.unpack(">6H", font[at:at + 12])
        names[(platform, encoding, language, name_id)] = font[start + strings + offset:][:length]
    for name_id in FAMILY_IDS:
        if (*WINDOWS_ENGLISH, name_id) in names:
            return names[(*WINDOWS_ENGLISH, name_id)].decode("utf-16-be")
        if (*MAC_ROMAN, name_id) in names:
            return names[(*MAC_ROMAN, name_id)].decode("mac-roman")
    raise ValueError("the font has no family name")


@cache
def _obfuscated(file: str) -> tuple[str, bytes]:
    """Return the font key (a GUID fixed by the file name: reproducible) and the obfuscated bytes."""
    key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"kompass-font:{file}")).upper() + "}"
    data = bytearray((font_dir() / file).read_bytes())
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    for index in range(32):
        data[index] ^= mask[index % 16]
    return key, bytes(data)


def prepare() -> None:
    """Deflate the four faces now, as a DOCX's zip takes them (``reproducible.prepack``): a DOCX
    writer child does it while it waits for its report, which an empty cache's charts keep it doing."""
    for number, face in enumerate(EMBED, 1):
        prepack(_member(number), _obfuscated(style()["fonts"][face])[1], deflated)


def _member(number: int) -> str:
    return f"word/fonts/font{number}.odttf"


def embed_fonts(document) -> None:
    """Add the four faces of the family to the font table and tell Word to keep them embedded."""
    package = document.part.package
    table = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(table.blob)
    name = family_name()
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) == name:
            root.remove(old)
    font = parse_xml(f'<w:font {nsdecls("w", "r")} w:name="{name}"><w:charset w:val="00"/>'
                     '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>')
    for number, (face, tag) in enumerate(EMBED.items(), 1):
        key, blob = _obfuscated(style()["fonts"][face])
        part = Part(PackURI(f"/{_member(number)}"), OBFUSCATED, blob, package)
        rid = table.relate_to(part, RT.FONT)
        font.append(parse_xml(f'<w:{tag} {nsdecls("w", "r")} r:id="{rid}" w:fontKey="{key}"/>'))
    root.append(font)
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        zoom = settings.find(qn("w:zoom"))
        element = parse_xml(f'<w:embedTrueTypeFonts {nsdecls("w")}/>')
        if zoom is None:
            settings.insert(0, element)
        else:
            zoom.addnext(element)


def deflated(name: str, data: bytes, level: int) -> bytes | None:
    """Return the deflated bytes of the zip entry ``name`` when it is an embedded font (from the
    cache, or deflated and kept there), else None (``reproducible.FixedZip`` deflates it)."""
    if not name.endswith(FAST):
        return None
    key = hashlib.sha256(f"{zlib.ZLIB_RUNTIME_VERSION} {level} ".encode() + hashlib.sha256(data).digest()).hexdigest()
    folder = usercache.folder("docx-fonts")
    packed = usercache.read(folder / key) if folder is not None else None
    if packed is None:
        packed = deflate(data, level)
        if folder is not None:
            usercache.write(folder / key, packed)
    return packed
