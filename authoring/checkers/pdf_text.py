"""The text of a PDF's marked content, as a reader gets it: for the rules that read text (a link's
text, a contents entry's reading order, a space where a line wraps).

Each page's content stream is read once: every shown string is decoded through its font's
ToUnicode map (or, for a simple font without one, as WinAnsi) and added to the innermost
marked-content sequence with an MCID. Where a sequence's text moves to a new line, the last
character before the break and the first after it are noted: two letters or digits there, with
no space between, are two words glued together for anyone who copies or listens to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Dictionary

from .pdf_limits import TooLarge, decoded_size
from .pdf_tree import dictionary

SHOW = {"Tj", "TJ", "'", '"'}
TEXT_LIMIT = 4_000_000  # decoded content of one page read for its text; beyond it (no report comes near) not judged
CMAP_LIMIT = 1_000_000  # a ToUnicode map's decoded size
RANGE_LIMIT = 65_536  # codes in one bfrange
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


@dataclass
class PageText:
    """The text of every marked-content sequence of one page (by MCID) and its glued line ends."""

    texts: dict[int, str] = field(default_factory=dict)
    glued: list[str] = field(default_factory=list)  # e.g. "sig|Kalixbornas"
    wraps: int = 0  # line wraps inside a sequence, between two words or in one


def page_text(page: pikepdf.Page) -> PageText:
    """Return the marked-content text of ``page``."""
    found = PageText()
    if not _readable(page):
        return found
    fonts = dictionary(dictionary(page.obj.get("/Resources")).get("/Font"))
    decoders: dict[str, _Decoder] = {}
    stack: list[int | None] = []  # the MCID each open sequence adds its text to
    decoder, line_y, last_y, leading = None, 0.0, {}, 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        try:
            decoder, line_y, leading = _operate(found, str(operator), operands, decoders, fonts, stack, last_y,
                                                decoder, line_y, leading)
        except (ValueError, TypeError, IndexError, AttributeError, KeyError, OverflowError):
            continue  # an operator with operands of the wrong kind shows nothing
    return found


def _readable(page: pikepdf.Page) -> bool:
    """Return True if ``page``'s content decodes to at most ``TEXT_LIMIT`` bytes (measured, not unpacked)."""
    contents = page.obj.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    try:
        return sum(decoded_size(s, "sidan") for s in streams if isinstance(s, pikepdf.Stream)) <= TEXT_LIMIT
    except TooLarge:
        return False


def _operate(found: PageText, op: str, operands, decoders: dict, fonts, stack: list, last_y: dict, decoder,
             line_y: float, leading: float):
    """Apply one operator to the reading state; return the new (decoder, line_y, leading)."""
    if op in ("BDC", "BMC"):
        properties = operands[1] if len(operands) > 1 else None
        mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
        if str(operands[0]) == "/Artifact":
            stack.append(None)
        else:
            stack.append(int(mcid) if mcid is not None else (stack[-1] if stack else None))
    elif op == "EMC" and stack:
        stack.pop()
    elif op == "Tf":
        name = str(operands[0])
        if name not in decoders:
            decoders[name] = _Decoder(fonts.get(name))
        decoder = decoders[name]
    elif op == "BT":
        line_y = 0.0
    elif op == "TL":
        leading = float(operands[0])
    elif op == "Tm":
        line_y = float(operands[5])
    elif op in ("Td", "TD"):
        line_y += float(operands[1])
        leading = -float(operands[1]) if op == "TD" else leading
    elif op in ("T*", "'", '"'):
        line_y -= leading
    if op in SHOW and stack and stack[-1] is not None and decoder is not None:
        mcid = stack[-1]
        shown = _shown(operands, op, decoder)
        before = found.texts.get(mcid, "")
        if mcid in last_y and abs(last_y[mcid] - line_y) > 0.01 and before and shown:
            found.wraps += 1
            if _glued(before[-1], shown[0]):
                found.glued.append(f"{before.split()[-1] if before.split() else before}|{shown.split()[0]}")
        found.texts[mcid] = before + shown
        if shown:
            last_y[mcid] = line_y
    return decoder, line_y, leading


def _glued(left: str, right: str) -> bool:
    return left.isalnum() and right.isalnum()


def _shown(operands, op: str, decoder: "_Decoder") -> str:
    """Return the text a text-showing operator shows."""
    if op == "TJ":
        return "".join(decoder.decode(bytes(item)) for item in operands[0] if isinstance(item, pikepdf.String))
    return decoder.decode(bytes(operands[-1]))


class _Decoder:
    """A font's way from the codes of a shown string to Unicode."""

    def __init__(self, font):
        self.width, self.map = 1, {}
        self.simple = True
        if not isinstance(font, Dictionary):
            return
        self.simple = font.get("/Subtype") != "/Type0"
        self.width = 1 if self.simple else 2
        cmap = font.get("/ToUnicode")
        try:
            if isinstance(cmap, pikepdf.Stream) and decoded_size(cmap, "ToUnicode") <= CMAP_LIMIT:
                self._read(cmap.read_bytes())
        except (TooLarge, ValueError, pikepdf.PdfError):
            self.map = {}

    def decode(self, data: bytes) -> str:
        if not self.map:
            return data.decode("cp1252", "replace") if self.simple else "\ufffd" * (len(data) // 2)
        step = self.width
        return "".join(self.map.get(int.from_bytes(data[i:i + step], "big"), "\ufffd")
                       for i in range(0, len(data) - step + 1, step))

    def _read(self, cmap: bytes) -> None:
        """Read the codespace, bfchar and bfrange sections of a ToUnicode CMap."""
        space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", cmap)
        if space:
            self.width = max(1, len(space.group(1)) // 2)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            codes = _HEX.findall(block)
            for code, value in zip(codes[::2], codes[1::2]):
                self.map[_int(code)] = _unicode(value)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                                block):
                values = _HEX.findall(target)
                for offset, code in enumerate(range(_int(low), min(_int(high), _int(low) + RANGE_LIMIT) + 1)):
                    if target.startswith(b"["):
                        if offset < len(values):
                            self.map[code] = _unicode(values[offset])
                    else:
                        start = _unicode(values[0])
                        self.map[code] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""


def _int(hex_digits: bytes) -> int:
    return int(re.sub(rb"\s", b"", hex_digits) or b"0", 16)


def _unicode(hex_digits: bytes) -> str:
    raw = bytes.fromhex(re.sub(rb"\s", b"", hex_digits).decode())
    return raw.decode("utf-16-be", "replace")
