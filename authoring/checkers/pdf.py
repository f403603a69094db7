"""``kompass check-pdf``: the machine-checkable PDF/UA-1 rules a published report relies on.

It judges any PDF, not only ours: it reads the structure tree and the page content with pikepdf.
Each rule has a short Swedish name that every failure carries. What only a person can judge
(is an alt text meaningful, is the reading order sensible, is a heading really a heading) is
listed in README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from .pdf_reading import Reading

RULES = {
    "struktur": "dokumentet har ett strukturträd (StructTreeRoot)",
    "märkt-innehåll": "allt sidinnehåll är märkt i strukturträdet eller är en artefakt",
    "figur-alt": "varje Figure har alternativtext (/Alt)",
    "tabell-th": "varje tabell har rubrikceller (TH) och varje TH har /Scope",
    "rubriknivåer": "rubrikerna börjar på H1 och hoppar inte över någon nivå",
    "språk": "katalogen anger dokumentets språk (/Lang)",
    "dokumenttitel": "visaren visar dokumentets titel (/DisplayDocTitle true) och titeln finns i XMP (dc:title)",
    "xmp-pdfua": "XMP-metadata anger PDF/UA-1 (pdfuaid:part 1)",
    "markinfo": "katalogen har /MarkInfo <</Marked true>>",
    "typsnitt": "varje typsnitt är inbäddat och har en Unicode-tabell (ToUnicode)",
    "länkar": "varje länkannotering ligger i ett Link-element och har en beskrivning (/Contents)",
    "länktext": "varje Link-element innehåller länkens text (eller /Alt), inte bara annoteringen",
    "innehåll": "varje post i innehållsförteckningen läses som rubrik och sedan sidnummer, utan utfyllnadspunkter",
    "radslut": "där en rad bryts mellan två ord finns ett mellanslag i texten: inga ihopskrivna ord",
    "rollkarta": "rollkartan (RoleMap) mappar ingen standardtyp, t.ex. Figure, till en annan typ",
}
# The standard structure types of PDF 1.7 (ISO 32000-1 14.8.4), which PDF/UA-1 forbids to remap (7.1).
STANDARD_TYPES = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
                  "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
                  "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
                  "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
                  "Formula", "Form"}

PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}
STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def check_pdf(path: Path) -> list[Failure]:
    """Return every rule ``path`` breaks, each failure once per place; [] when it passes all."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return [Failure("läsbar", f"filen går inte att läsa som PDF ({exc})")]
    with pdf:
        return _Checker(pdf).failures()


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.root = pdf.Root
        tree = self.root.get("/StructTreeRoot")
        self.tree = tree if isinstance(tree, Dictionary) else None
        self.role_map = dict(self.tree.get("/RoleMap", {}).items()) if self.tree is not None else {}
        self.parents = _number_tree(self.tree.get("/ParentTree")) if self.tree is not None else {}
        self.elements = list(self._walk(self.tree)) if self.tree is not None else []

    def failures(self) -> list[Failure]:
        found: list[Failure] = []
        if self.tree is None:
            found.append(Failure("struktur", "dokumentet saknar strukturträd (/StructTreeRoot): det är inte taggat"))
        for rule in (self._content, self._figures, self._tables, self._headings, self._catalog, self._fonts,
                     self._links, self._role_map, *self.text_rules()):
            found += rule()
        return found

    def text_rules(self) -> list:
        """Return the rules that read the text (``pdf_reading``), as rules of this checker."""
        if self.tree is None:
            return []
        reading = Reading(self.pdf, self.elements, self.role)
        return [lambda rule=rule: [Failure(*found) for found in rule()]
                for rule in (reading.link_texts, reading.contents, reading.line_ends)]

    def _role_map(self) -> list[Failure]:
        return [Failure("rollkarta", f"rollkartan mappar standardtypen {key.lstrip('/')} till {str(value).lstrip('/')}: "
                        "PDF/UA tillåter det inte, och ett program som följer kartan läser elementet som fel typ")
                for key, value in sorted(self.role_map.items()) if key.lstrip("/") in STANDARD_TYPES]

    def role(self, element: Dictionary) -> str:
        """Return the standard role of ``element``: a standard type is itself (PDF/UA-1 forbids remapping
        it, rule ``rollkarta``), another type is what the RoleMap maps it to."""
        role, seen = str(element.get("/S", "")), set()
        if role.lstrip("/") in STANDARD_TYPES:
            return role.lstrip("/")
        while role in self.role_map and role not in seen:
            seen.add(role)
            role = str(self.role_map[role])
        return role.lstrip("/")

    def _walk(self, node):
        """Yield the structure elements under ``node`` in document order."""
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR") and "/S" in kid:
                yield kid
                yield from self._walk(kid)

    def _page_number(self, element: Dictionary) -> str:
        page = element.get("/Pg")
        if page is None:
            return ""
        for number, candidate in enumerate(self.pdf.pages, 1):
            if candidate.obj.objgen == page.objgen:
                return f" (sidan {number})"
        return ""

    def _content(self) -> list[Failure]:
        failures = []
        for number, page in enumerate(self.pdf.pages, 1):
            untagged, unknown = _page_marks(page, self.parents.get(_int(page.obj.get("/StructParents"))))
            if untagged:
                failures.append(Failure("märkt-innehåll", f"sidan {number}: {untagged} ritoperationer ligger "
                                        "varken i märkt innehåll (MCID) eller i en artefakt"))
            if unknown:
                failures.append(Failure("märkt-innehåll", f"sidan {number}: märkt innehåll med MCID "
                                        f"{', '.join(map(str, unknown[:5]))} hör inte till något element i "
                                        "strukturträdet (ParentTree)"))
        return failures

    def _figures(self) -> list[Failure]:
        figures = [e for e in self.elements if self.role(e) == "Figure"]
        return [Failure("figur-alt", f"figur {index} av {len(figures)}{self._page_number(figure)} saknar "
                        "alternativtext (/Alt)")
                for index, figure in enumerate(figures, 1)
                if not str(figure.get("/Alt", "")).strip() and not str(figure.get("/ActualText", "")).strip()]

    def _tables(self) -> list[Failure]:
        failures = []
        tables = [e for e in self.elements if self.role(e) == "Table"]
        for index, table in enumerate(tables, 1):
            cells = [e for e in self._walk(table) if self.role(e) == "TH"]
            where = f"tabell {index} av {len(tables)}{self._page_number(table)}"
            if not cells:
                failures.append(Failure("tabell-th", f"{where} har inga rubrikceller (TH)"))
            missing = sum(1 for cell in cells if not _has_scope(cell))
            if missing:
                failures.append(Failure("tabell-th", f"{where}: {missing} rubrikceller (TH) saknar /Scope"))
        return failures

    def _headings(self) -> list[Failure]:
        failures, previous = [], 0
        for element in self.elements:
            match = re.fullmatch(r"H([1-6])", self.role(element))
            if not match:
                continue
            level = int(match.group(1))
            if level > previous + 1:
                after = f"närmast föregående rubrik är H{previous}" if previous else "den är dokumentets första rubrik"
                failures.append(Failure("rubriknivåer", f"en rubrik{self._page_number(element)} är H{level} men {after}"))
            previous = level
        return failures

    def _catalog(self) -> list[Failure]:
        failures = []
        if not str(self.root.get("/Lang", "")).strip():
            failures.append(Failure("språk", "katalogen saknar dokumentets språk (/Lang, t.ex. sv-SE)"))
        preferences = self.root.get("/ViewerPreferences", {})
        if not bool(preferences.get("/DisplayDocTitle", False)):
            failures.append(Failure("dokumenttitel", "/ViewerPreferences /DisplayDocTitle är inte true: visaren "
                                    "visar filnamnet i stället för titeln"))
        xmp = _xmp(self.root)
        if not re.search(r"<dc:title>.*?<rdf:li[^>]*>\s*[^<\s]", xmp, re.S):
            failures.append(Failure("dokumenttitel", "XMP-metadata saknar titel (dc:title)"))
        if not re.search(r"pdfuaid:part(>\s*1\s*<|\s*=\s*[\"']1[\"'])", xmp):
            failures.append(Failure("xmp-pdfua", "XMP-metadata anger inte PDF/UA-1 (pdfuaid:part 1)"))
        if not bool(self.root.get("/MarkInfo", {}).get("/Marked", False)):
            failures.append(Failure("markinfo", "katalogen saknar /MarkInfo <</Marked true>>"))
        return failures

    def _fonts(self) -> list[Failure]:
        failures = []
        for name, font in _fonts(self.pdf).items():
            problems = _font_problems(font)
            if problems:
                failures.append(Failure("typsnitt", f"typsnittet {name} {' och '.join(problems)}"))
        return failures

    def _links(self) -> list[Failure]:
        failures = []
        for number, page in enumerate(self.pdf.pages, 1):
            outside = undescribed = 0
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                parent = self.parents.get(_int(annot.get("/StructParent")))
                if not isinstance(parent, Dictionary) or self.role(parent) != "Link":
                    outside += 1
                elif not str(annot.get("/Contents", "")).strip() and not str(parent.get("/Alt", "")).strip():
                    undescribed += 1
            if outside:
                failures.append(Failure("länkar", f"sidan {number}: {outside} länkar ligger inte i ett Link-element "
                                        "i strukturträdet"))
            if undescribed:
                failures.append(Failure("länkar", f"sidan {number}: {undescribed} länkar saknar beskrivning "
                                        "(/Contents)"))
        return failures


def _int(value) -> int | None:
    return int(value) if value is not None else None


def _number_tree(node, found: dict | None = None) -> dict:
    """Return the number tree ``node`` (e.g. the ParentTree) as a dict."""
    found = {} if found is None else found
    if not isinstance(node, Dictionary):
        return found
    numbers = node.get("/Nums", [])
    for index in range(0, len(numbers) - 1, 2):
        found[int(numbers[index])] = numbers[index + 1]
    for kid in node.get("/Kids", []):
        _number_tree(kid, found)
    return found


def _page_marks(page, parents) -> tuple[int, list[int]]:
    """Return how many painting operators of ``page`` are neither marked content nor an artifact, and
    the MCIDs that no structure element claims."""
    untagged, unknown, stack = 0, [], []  # stack: is each open sequence tagged content or an artifact
    claimed = parents if isinstance(parents, pikepdf.Array) else []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            if mcid is not None and (int(mcid) >= len(claimed) or not isinstance(claimed[int(mcid)], Dictionary)):
                unknown.append(int(mcid))
            stack.append(tag == "/Artifact" or mcid is not None or (stack and stack[-1]))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in PAINTING and not (stack and stack[-1]):
            untagged += 1
    return untagged, unknown


def _has_scope(cell: Dictionary) -> bool:
    attributes = cell.get("/A")
    entries = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return any(isinstance(a, Dictionary) and "/Scope" in a for a in entries)


def _xmp(root) -> str:
    metadata = root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return ""
    return metadata.read_bytes().decode("utf-8", "replace")


def _fonts(pdf: pikepdf.Pdf) -> dict[str, Dictionary]:
    """Return every font the pages and their form XObjects use, by base font name."""
    found: dict[str, Dictionary] = {}
    seen: set = set()

    def visit(resources):
        if not isinstance(resources, Dictionary) or resources.objgen in seen and resources.objgen != (0, 0):
            return
        seen.add(resources.objgen)
        for font in resources.get("/Font", {}).values():
            found.setdefault(str(font.get("/BaseFont", "?")).lstrip("/"), font)
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return found


def _font_problems(font: Dictionary) -> list[str]:
    """Return what makes ``font`` unusable in PDF/UA: not embedded, no way to Unicode."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return []
    problems = []
    descendant = font.get("/DescendantFonts", [None])[0] if subtype == "/Type0" else font
    descriptor = descendant.get("/FontDescriptor") if isinstance(descendant, Dictionary) else None
    if not isinstance(descriptor, Dictionary) or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        problems.append("är inte inbäddat")
    encoding = font.get("/Encoding")
    standard = str(encoding) in STANDARD_ENCODINGS and subtype != "/Type0"
    if "/ToUnicode" not in font and not standard:
        problems.append("saknar Unicode-tabell (/ToUnicode)")
    return problems


def report_lines(path: Path, failures: list[Failure]) -> list[str]:
    """Return what ``kompass check-pdf`` prints for one file."""
    if not failures:
        return [f"{path}: uppfyller alla {len(RULES)} regler"]
    return [f"{path}: {failure}" for failure in failures]
