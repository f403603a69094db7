"""Review marks in an edited DOCX: unresolved tracked changes and comments, with their authors.

``pull`` must not take a colleague's suggestion as decided, nor lose a comment: tracked changes
are listed per region (and that region is not pulled unless they are taken as accepted), and
every comment is listed with its author and the text it is anchored to.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

W_P, W_T, W_DEL_TEXT = qn("w:p"), qn("w:t"), qn("w:delText")
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
# Tracked changes, by their element, as the evaluator reads them.
KINDS = {qn("w:ins"): "infogad text", qn("w:del"): "borttagen text", qn("w:moveTo"): "flyttad text",
         qn("w:moveFrom"): "flyttad text (ursprunglig plats)", qn("w:rPrChange"): "ändrad teckenformatering",
         qn("w:pPrChange"): "ändrad styckeformatering", qn("w:tblPrChange"): "ändrad tabellformatering",
         qn("w:trPrChange"): "ändrad tabellrad", qn("w:tcPrChange"): "ändrad tabellcell"}


@dataclass(frozen=True)
class Tracked:
    kind: str  # from KINDS
    author: str
    text: str  # the text inserted or deleted ("" for a formatting change)
    region: str | None  # the bookmark of the region it lies in, if any


@dataclass(frozen=True)
class Comment:
    author: str
    anchor: str  # the text the comment is attached to
    text: str  # its paragraphs separated by "\n"
    region: str | None
    date: str = ""  # YYYY-MM-DD
    paragraph: str = ""  # the whole text of the paragraph where its anchor starts
    done: bool = False  # resolved (marked done) in Word or LibreOffice


def tracked_changes(body, owner: dict) -> tuple[Tracked, ...]:
    """Return every unresolved tracked change in ``body``; ``owner`` maps a w:p to its region."""
    found = []
    for element in body.iter(*KINDS):
        if any(ancestor.tag in KINDS for ancestor in element.iterancestors()):
            continue  # e.g. a deletion inside an insertion: reported once, with the outer change
        tags = (W_DEL_TEXT,) if element.tag in (qn("w:del"), qn("w:moveFrom")) else (W_T,)
        text = "".join(t.text or "" for t in element.iter(*tags))
        found.append(Tracked(KINDS[element.tag], element.get(qn("w:author")) or "okänd", " ".join(text.split()),
                             _region_of(element, owner)))
    return tuple(found)


def comments(package, body, owner: dict) -> tuple[Comment, ...]:
    """Return every comment of a DOCX (its path or a file object of its bytes) with its anchor text and region."""
    try:
        with zipfile.ZipFile(package) as archive:
            xml = archive.read("word/comments.xml")
            extended = archive.read("word/commentsExtended.xml") if "word/commentsExtended.xml" in \
                archive.namelist() else None
    except (KeyError, OSError, zipfile.BadZipFile):
        return ()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    done = _done(etree.fromstring(extended, parser)) if extended else set()
    anchors = _anchors(body)
    found = []
    for comment in root.iter(qn("w:comment")):
        ident = comment.get(qn("w:id"))
        paragraphs = list(comment.iter(W_P))
        text = "\n".join(" ".join("".join(t.text or "" for t in p.iter(W_T)).split()) for p in paragraphs).strip()
        anchor, paragraph = anchors.get(ident, ("", None))
        whole = " ".join("".join(t.text or "" for t in paragraph.iter(W_T)).split()) if paragraph is not None else ""
        resolved = bool(paragraphs) and paragraphs[-1].get(W14_PARA_ID) in done
        found.append(Comment(comment.get(qn("w:author")) or "okänd", anchor, text,
                             owner.get(paragraph) if paragraph is not None else None,
                             (comment.get(qn("w:date")) or "")[:10], whole, resolved))
    return tuple(found)


def _done(extended) -> set[str]:
    """Return the paraIds of the comments that commentsExtended.xml marks resolved (w15:done="1")."""
    return {ex.get(f"{{{W15}}}paraId") for ex in extended.iter(f"{{{W15}}}commentEx")
            if ex.get(f"{{{W15}}}done") in ("1", "true")}


def _anchors(body) -> dict[str, tuple[str, object]]:
    """Return comment id -> (the text between its range start and end, the w:p where it starts)."""
    open_ranges: dict[str, list] = {}
    found: dict[str, tuple[str, object]] = {}
    current = None
    for element in body.iter():
        if element.tag == W_P:
            current = element
        elif element.tag == qn("w:commentRangeStart"):
            open_ranges[element.get(qn("w:id"))] = [[], current]
        elif element.tag == qn("w:commentRangeEnd"):
            ident = element.get(qn("w:id"))
            if ident in open_ranges:
                texts, paragraph = open_ranges.pop(ident)
                found[ident] = (" ".join("".join(texts).split()), paragraph)
        elif element.tag == W_T:
            for texts, _ in open_ranges.values():
                texts.append(element.text or "")
        elif element.tag == qn("w:commentReference"):
            ident = element.get(qn("w:id"))
            found.setdefault(ident, ("", current))
    return found


def _region_of(element, owner: dict) -> str | None:
    paragraph = element if element.tag == W_P else next(element.iterancestors(W_P), None)
    if paragraph is None:  # a table-level change: the region of the table's first paragraph
        paragraph = next(element.iter(W_P), None) or next(
            (p for a in element.iterancestors(qn("w:tbl")) for p in a.iter(W_P)), None)
    return owner.get(paragraph)
