"""The rules of ``kompass check-pdf`` that read the text as a screen reader gets it from the structure tree.

An element's text is the text of its marked content and of its children's, in the order of its
``/K`` (``pdf_text`` reads the pages). Each rule returns (rule, message) pairs.
"""

from __future__ import annotations

import re
from typing import Callable

import pikepdf
from pikepdf import Dictionary

from .pdf_text import PageText, page_text

MAX_DEPTH = 100  # structure levels read for an element's text: reports use fewer than ten

LEADERS = re.compile(r"(?:\.\s*){4,}")  # leader dots read as text
GLUED_SHARE = 10  # rule radslut fails when more than one wrap in this many glues two words


class Reading:
    """The text of a PDF's structure elements, for the rules that read it."""

    def __init__(self, pdf: pikepdf.Pdf, elements: list[Dictionary], role: Callable[[Dictionary], str]):
        self.pdf, self.elements, self.role = pdf, elements, role
        self.pages: dict[tuple, tuple[int, PageText]] = {
            page.obj.objgen: (number, page_text(page)) for number, page in enumerate(pdf.pages, 1)}

    def text(self, element: Dictionary, page=None, depth: int = 0) -> str:
        """Return the text ``element`` reads as: its /ActualText, else its marked content's and its children's
        (at most ``MAX_DEPTH`` levels down, so a cycle or a hostile depth ends)."""
        if "/ActualText" in element:
            return str(element.ActualText)
        if depth > MAX_DEPTH:
            return ""
        page = element.get("/Pg", page)
        kids = element.get("/K", [])
        parts = []
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                parts.append(self._marked(page, kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR" and isinstance(kid.get("/MCID"), int):
                parts.append(self._marked(kid.get("/Pg", page), int(kid.MCID)))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                parts.append(self.text(kid, page, depth + 1))
        return "".join(parts)

    def _marked(self, page, mcid: int) -> str:
        found = self.pages.get(page.objgen) if isinstance(page, Dictionary) else None
        return found[1].texts.get(mcid, "") if found else ""

    def where(self, element: Dictionary, depth: int = 0) -> str:
        """Return " (sidan N)": the page of ``element``'s content, or of its first child's that has one."""
        page = element.get("/Pg")
        found = self.pages.get(page.objgen) if isinstance(page, Dictionary) else None
        if found:
            return f" (sidan {found[0]})"
        kids = element.get("/K", [])
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if depth <= MAX_DEPTH else ():
            if isinstance(kid, Dictionary) and "/S" in kid:
                below = self.where(kid, depth + 1)
                if below:
                    return below
        return ""

    def link_texts(self) -> list[tuple[str, str]]:
        """Rule ``länktext``: every Link element holds the text of its link, or has /Alt."""
        links = [e for e in self.elements if self.role(e) == "Link"]
        empty = [e for e in links if not self.text(e).strip() and not str(e.get("/Alt", "")).strip()]
        if not empty:
            return []
        return [("länktext", f"{len(empty)} av {len(links)} Link-element saknar text{self.where(empty[0])}: bara "
                 "annoteringen ligger i dem, så en skärmläsare läser upp en tom länk (länkens text ska ligga i "
                 "Link-elementet)")]

    def contents(self) -> list[tuple[str, str]]:
        """Rule ``innehåll``: each contents entry reads without leader dots, its page number after its title."""
        entries = [e for e in self.elements if self.role(e) == "TOCI"]
        numbered = "/PageLabels" not in self.pdf.Root  # else a page's number is its label, not its place
        leaders, late = [], []
        for index, entry in enumerate(entries, 1):
            text = re.sub(r"\s+", " ", self.text(entry)).strip()
            page = self._destination(entry) if numbered else None
            if LEADERS.search(text):
                leaders.append((index, text))
            elif page and re.search(rf"(?<!\d){page}(?!\d)", text) and not re.search(rf"(?<!\d){page}$", text):
                late.append((index, text))
        where = f" i innehållsförteckningen{self.where(entries[0])}" if entries else ""
        found = []
        if leaders:
            found.append(("innehåll", f"{len(leaders)} av {len(entries)} poster{where} läses med utfyllnadspunkterna, "
                          f"t.ex. post {leaders[0][0]}: '{leaders[0][1][:70]}': punkterna ska vara artefakter"))
        if late:
            found.append(("innehåll", f"{len(late)} av {len(entries)} poster{where} läses med sidnumret före "
                          f"rubriken, t.ex. post {late[0][0]}: '{late[0][1][:70]}': rubriken ska läsas först"))
        return found

    def _destination(self, entry: Dictionary) -> int | None:
        """Return the page number a link in ``entry`` leads to, if it leads into the document."""
        for annotation in _annotations(entry):
            target = annotation.get("/Dest")
            action = annotation.get("/A")
            if target is None and isinstance(action, Dictionary) and action.get("/S") == "/GoTo":
                target = action.get("/D")
            target = self._named(target) if isinstance(target, (pikepdf.String, pikepdf.Name)) else target
            if isinstance(target, Dictionary):
                target = target.get("/D")
            if isinstance(target, pikepdf.Array) and len(target) and isinstance(target[0], Dictionary):
                found = self.pages.get(target[0].objgen)
                if found:
                    return found[0]
        return None

    def _named(self, name):
        """Return the destination called ``name`` (the catalog's /Names /Dests, else its /Dests)."""
        key = str(name).lstrip("/")
        names = self.pdf.Root.get("/Names", {}).get("/Dests")
        if names is not None:
            tree = pikepdf.NameTree(names)
            if key in tree:
                return tree[key]
        return self.pdf.Root.get("/Dests", {}).get(f"/{key}")

    def line_ends(self) -> list[tuple[str, str]]:
        """Rule ``radslut``: where a line wraps between two words, the text has a space.

        A word broken across two lines without a hyphen (a word too long for its column) looks the
        same in the file as two words glued together, so the rule judges the producer: it fails when
        more than a tenth of the wraps glue two letters or digits together, as a producer that
        leaves out the space does at nearly every wrap."""
        pages = sorted(self.pages.values(), key=lambda item: item[0])
        wraps = sum(text.wraps for _number, text in pages)
        glued = [(number, example) for number, text in pages for example in text.glued]
        if not glued or len(glued) * GLUED_SHARE <= wraps:
            return []
        examples = ", ".join(f"'{example}' (sidan {number})" for number, example in glued[:3])
        return [("radslut", f"{len(glued)} av {wraps} radbrytningar skriver ihop två ord utan mellanslag, t.ex. "
                 f"{examples}: den som kopierar texten eller lyssnar på den får ihopskrivna ord")]


def _annotations(element: Dictionary):
    """Yield the annotations (OBJR) in the subtree of ``element``."""
    kids = element.get("/K", [])
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
            yield kid.Obj
        elif isinstance(kid, Dictionary) and "/S" in kid:
            yield from _annotations(kid)
