"""Fonts and paragraph styles of the PDF, from ``templates/style.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyphen
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, makeToUnicodeCMap

from ..templates import colour, font_dir, style

FAMILY = "Kompass"
ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}


class LongWordHyphenation:
    """Reportlab's hyphenator for a table column: a word too wide for a whole line of ``width``
    points breaks where Swedish hyphenation allows (pyphen's sv dictionary), with a hyphen; any
    other word moves to the next line whole."""

    def __init__(self, width: float, font: str, size: float):
        self.width, self.font, self.size = width, font, size

    def __call__(self, word: str):
        if pdfmetrics.stringWidth(word, self.font, self.size) <= self.width:
            return ()
        return _swedish().iterate(word)


@cache
def _swedish() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="sv_SE")


def in_column(style: ParagraphStyle, width: float) -> ParagraphStyle:
    """Return ``style`` for a table column ``width`` points wide (its text width): long words
    hyphenated, and a word's own hyphen a break ("Max-/poäng") before any other."""
    return _once(("column", style, width), lambda: style.clone(
        f"{style.name}_{width:.0f}", hyphenationLang=LongWordHyphenation(width, style.fontName, style.fontSize),
        embeddedHyphenation=1))


def derived(style: ParagraphStyle, name: str, **changes) -> ParagraphStyle:
    """Return ``style.clone(name, **changes)``."""
    return _once(("derived", style, name, *sorted(changes.items())), lambda: style.clone(name, **changes))


# Each derived style is made once per process: a paragraph's lines are kept for its style object
# (``pdf_text``), so the same text in the same style finds them again, in this report and the next.
_DERIVED: dict[tuple, ParagraphStyle] = {}


def _once(key: tuple, make) -> ParagraphStyle:
    made = _DERIVED.get(key)
    if made is None:
        made = _DERIVED[key] = make()
    return made


class _Font(TTFont):
    """A TrueType font whose subsets' ToUnicode maps name only the codes in use.

    reportlab maps every code of a subset, the unused ones (and .notdef) to U+0000, which PDF/UA
    validators flag (ISO 14289-1 7.21.7)."""

    def addObjects(self, doc) -> None:
        subsets = self.state[doc].subsets if doc in self.state else []
        names = [(b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
                 for n in range(len(subsets))]
        super().addObjects(doc)
        for name, subset in zip(names, subsets):
            doc.idToObject[f"toUnicodeCMap:{name}"].content = _used_codes_cmap(name, subset)

    def splitString(self, text, doc, encoding="utf-8"):
        """Return reportlab's ``TTFont.splitString``: with one C translation where every character of
        ``text`` has a code of the first subset in ``doc`` already (nearly every line of a report),
        else reportlab's loop over the characters, after which they have."""
        state = self.state.get(doc)
        codes = getattr(state, "kompass_codes", None)
        if codes is not None and isinstance(text, str):
            try:
                return [(0, text.translate(codes).encode("latin-1"))] if text else []
            except _Unseen:
                pass
        split = super().splitString(text, doc, encoding)
        state = self.state[doc]
        if not hasattr(state, "kompass_codes"):
            state.kompass_codes = _Codes()
        _learn(state, self.face.charToGlyph, text if isinstance(text, str) else text.decode("utf-8"))
        return split


class _Unseen(Exception):
    """A character without a code of the first subset yet (not a LookupError, which ``str.translate``
    would take as "leave the character as it is")."""


class _Codes(dict):
    """Character number -> its one-byte code in the first subset, as ``str.translate`` takes them."""

    def __missing__(self, key):
        raise _Unseen


def _learn(state, glyphs, text: str) -> None:
    """Note in ``state.kompass_codes`` the code reportlab gave each character of ``text``: a no-break
    space is a space, a character the font lacks is code 0, one in a later subset is left out."""
    codes, assigned = state.kompass_codes, state.assignments
    for char in set(text):
        number = ord(char)
        looked_up = 32 if number == 0xA0 else number
        code = assigned.get(looked_up)
        if code is None and looked_up not in glyphs:
            code = 0
        if code is not None and code < 256:
            codes[number] = chr(code)


def _used_codes_cmap(name: str, subset: list[int]) -> str:
    """Return reportlab's ToUnicode CMap of ``subset`` without the codes that map to U+0000."""
    full = makeToUnicodeCMap(name, subset).split("\n")
    used = [f"<{code:02X}> <{value:04X}>" for code, value in enumerate(subset) if value]
    start = next(n for n, line in enumerate(full) if line.endswith("beginbfchar"))
    end = full.index("endbfchar")
    chunks = [used[n:n + 100] for n in range(0, len(used), 100)]  # at most 100 mappings a block
    body = [line for chunk in chunks for line in (f"{len(chunk)} beginbfchar", *chunk, "endbfchar")]
    return "\n".join(full[:start] + body + full[end + 1:])


@cache
def register_fonts() -> str:
    """Register the TrueType family (embedded, full Swedish coverage) and return its name."""
    files = style()["fonts"]
    names = {"regular": FAMILY, "bold": f"{FAMILY}-Bold", "italic": f"{FAMILY}-Italic",
             "bold_italic": f"{FAMILY}-BoldItalic"}
    for key, name in names.items():
        pdfmetrics.registerFont(_Font(name, str(font_dir() / files[key])))
    pdfmetrics.registerFontFamily(FAMILY, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return FAMILY


def rgb(name: str) -> colors.Color:
    return colors.HexColor(colour(name))


@dataclass(frozen=True)
class Page:
    size: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float

    @property
    def text_width(self) -> float:
        return self.size[0] - self.left - self.right


def page() -> Page:
    data = style()["page"]
    return Page(A4, data["margin_top"] * mm, data["margin_bottom"] * mm, data["margin_left"] * mm,
                data["margin_right"] * mm)


@cache
def paragraph_styles() -> dict[str, ParagraphStyle]:
    """Return the named paragraph styles of the PDF."""
    register_fonts()
    sizes = style()["text"]
    body = ParagraphStyle("body", fontName=FAMILY, bulletFontName=FAMILY, fontSize=sizes["body"], leading=sizes["leading"],
                          textColor=rgb("text"), spaceAfter=5, allowWidows=0, allowOrphans=0)
    bold = f"{FAMILY}-Bold"

    def derived(name, **changes):
        return ParagraphStyle(name, parent=body, **changes)

    return {
        "body": body,
        "subheading": derived("subheading", fontName=bold, keepWithNext=True, spaceAfter=2),
        "cell": derived("cell", fontSize=sizes["body"] - 1, leading=sizes["leading"] - 2, spaceAfter=0),
        "cell_bold": derived("cell_bold", fontName=bold, fontSize=sizes["body"] - 1, leading=sizes["leading"] - 2,
                             spaceAfter=0),
        "header": derived("header", fontName=bold, fontSize=sizes["body"] - 1, leading=sizes["leading"] - 2,
                          spaceAfter=0, textColor=rgb("header_text")),
        "bullet": derived("bullet", spaceAfter=2),
        "cell_bullet": derived("cell_bullet", fontSize=sizes["body"] - 1, leading=sizes["leading"] - 2, spaceAfter=1),
        "h1": derived("h1", fontName=bold, fontSize=sizes["h1"], leading=sizes["h1"] * 1.25, textColor=rgb("primary"),
                      spaceAfter=12, keepWithNext=True),
        "h2": derived("h2", fontName=bold, fontSize=sizes["h2"], leading=sizes["h2"] * 1.25, textColor=rgb("primary"),
                      spaceBefore=14, spaceAfter=6, keepWithNext=True),
        "h3": derived("h3", fontName=bold, fontSize=sizes["h3"], leading=sizes["h3"] * 1.3, spaceBefore=10,
                      spaceAfter=3, keepWithNext=True),
        "title": derived("title", fontName=bold, fontSize=sizes["title"], leading=sizes["title"] * 1.2,
                         textColor=rgb("primary"), spaceAfter=16),
        "subtitle": derived("subtitle", fontSize=sizes["subtitle"], leading=sizes["subtitle"] * 1.3,
                            textColor=rgb("primary"), spaceAfter=6),
        "title_detail": derived("title_detail", fontSize=sizes["body"] + 3, leading=(sizes["body"] + 3) * 1.35,
                                textColor=rgb("text"), spaceBefore=4, spaceAfter=2),
        "title_footer": derived("title_footer", fontSize=sizes["body"] + 1, spaceAfter=2),
        "caption": derived("caption", fontName=f"{FAMILY}-Italic", fontSize=sizes["small"], leading=sizes["small"] * 1.3,
                           textColor=rgb("muted"), spaceBefore=3, spaceAfter=10),
        "table_caption": derived("table_caption", fontName=f"{FAMILY}-Italic", fontSize=sizes["small"],
                                 leading=sizes["small"] * 1.3, textColor=rgb("muted"), spaceBefore=3, spaceAfter=4),
        "score": derived("score", fontName=bold, fontSize=26, leading=30, alignment=TA_CENTER,
                         textColor=rgb("primary")),
        "toc_title": derived("toc_title", fontName=bold, fontSize=sizes["h1"], leading=sizes["h1"] * 1.25,
                             textColor=rgb("primary"), spaceAfter=14),
        "toc1": derived("toc1", fontName=bold, spaceBefore=5, leftIndent=0, rightIndent=18),
        "toc2": derived("toc2", leftIndent=16, rightIndent=18, spaceAfter=1),
        "footer": derived("footer", fontSize=sizes["small"], textColor=rgb("muted")),
        "score_note": derived("score_note", fontSize=sizes["small"], leading=sizes["small"] * 1.25,
                              alignment=TA_CENTER, textColor=rgb("draft")),
        "draft_mark": derived("draft_mark", fontName=bold, fontSize=sizes["small"] + 1, textColor=rgb("draft")),
        "title_note": derived("title_note", fontName=bold, fontSize=sizes["body"] + 2, leading=(sizes["body"] + 2) * 1.3,
                              textColor=rgb("draft"), borderColor=rgb("draft"), borderWidth=1, borderPadding=6,
                              spaceBefore=24),
    }
