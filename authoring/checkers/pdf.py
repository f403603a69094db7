"""``kompass check-pdf``: the machine-checkable PDF/UA-1 rules a published report relies on.

It judges any PDF, not only ours: it reads the structure tree and the page content with pikepdf.
Each rule has a short Swedish name that every failure carries. What only a person can judge
(is an alt text meaningful, is the reading order sensible, is a heading really a heading) is
listed in README.md.

A hostile file gets one failure, ``läsbar``, never a traceback or a hang: the file is read through
the safe reader, streams are measured before they are unpacked (``pdf_limits``), trees are walked
without recursion, each node once, and a value of the wrong type counts as absent.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from ..safeio import MAX_DOCUMENT_BYTES, Refused, read_bytes
from .pdf_content import PAINTING, page_marks as _page_marks  # noqa: F401 (PAINTING: part of the rules)
from .pdf_reading import Reading
from .pdf_limits import MAX_ELEMENTS, Budget, TooLarge, check_object_streams, decoded_size, qpdf_limits
from .pdf_tree import array as _array, dictionary as _dictionary, integer as _int, number_tree as _number_tree
from .pdf_tree import parent_indexes as _parent_indexes, walk as _walk

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
        data = read_bytes(path, path.resolve().parent, MAX_DOCUMENT_BYTES)  # a link to a PDF anywhere is fine
    except FileNotFoundError:
        return [Failure("läsbar", "filen finns inte")]
    except Refused as exc:
        return [Failure("läsbar", f"filen {str(exc).rsplit(': ', 1)[0]}: ange en vanlig PDF-fil")]
    try:
        with qpdf_limits(), pikepdf.open(io.BytesIO(data)) as pdf:
            check_object_streams(pdf)
            return _Checker(pdf).failures()
    except pikepdf.PasswordError:
        return [Failure("läsbar", "filen är krypterad med ett lösenord: kontrollera en kopia utan lösenord")]
    except TooLarge as exc:
        return [Failure("läsbar", f"{exc}: filen kontrolleras inte")]
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return [Failure("läsbar", "filen går inte att läsa som PDF (den är skadad eller ingen PDF): "
                                  "kontrollera att det är rätt fil")]


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.root = pdf.Root
        tree = self.root.get("/StructTreeRoot")
        self.tree = tree if isinstance(tree, Dictionary) else None
        role_map = self.tree.get("/RoleMap") if self.tree is not None else None
        self.role_map = dict(role_map.items()) if isinstance(role_map, Dictionary) else {}
        self.roles: dict[str, str] = {}
        self.parents = _number_tree(self.tree.get("/ParentTree")) if self.tree is not None else {}
        self.page_numbers = {page.obj.objgen: number for number, page in enumerate(self.pdf.pages, 1)}
        walked = list(_walk(self.tree)) if self.tree is not None else []
        self.elements = [element for element, _ in walked]
        self.parent_index = _parent_indexes(walked)

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
        start = role = str(element.get("/S", ""))
        if start in self.roles:
            return self.roles[start]
        if role.lstrip("/") in STANDARD_TYPES:
            self.roles[start] = role.lstrip("/")
            return self.roles[start]
        seen = set()
        while role in self.role_map and role not in seen:
            seen.add(role)
            role = str(self.role_map[role])
        self.roles[start] = role.lstrip("/")
        return self.roles[start]

    def _walk(self, node):
        """Yield the structure elements under ``node`` in document order."""
        return (element for element, _ in _walk(node))

    def _page_number(self, element: Dictionary) -> str:
        page = element.get("/Pg")
        number = self.page_numbers.get(page.objgen) if isinstance(page, Dictionary) else None
        return f" (sidan {number})" if number else ""

    def _content(self) -> list[Failure]:
        failures, budget = [], Budget()
        for number, page in enumerate(self.pdf.pages, 1):
            budget.spend(page, number)
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
        cells, missing = self._header_cells_below()
        tables = [i for i, e in enumerate(self.elements) if self.role(e) == "Table"]
        for index, element in enumerate(tables, 1):
            where = f"tabell {index} av {len(tables)}{self._page_number(self.elements[element])}"
            if not cells[element]:
                failures.append(Failure("tabell-th", f"{where} har inga rubrikceller (TH)"))
            if missing[element]:
                failures.append(Failure("tabell-th", f"{where}: {missing[element]} rubrikceller (TH) saknar /Scope"))
        return failures

    def _header_cells_below(self) -> tuple[list[int], list[int]]:
        """Return, per element, how many TH lie below it and how many of them lack /Scope (one pass)."""
        cells, missing = [0] * len(self.elements), [0] * len(self.elements)
        for index in reversed(range(len(self.elements))):
            parent = self.parent_index[index]
            if parent is None:
                continue
            is_th = self.role(self.elements[index]) == "TH"
            cells[parent] += cells[index] + is_th
            missing[parent] += missing[index] + (is_th and not _has_scope(self.elements[index]))
        return cells, missing

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
        preferences = _dictionary(self.root.get("/ViewerPreferences"))
        if not bool(preferences.get("/DisplayDocTitle", False)):
            failures.append(Failure("dokumenttitel", "/ViewerPreferences /DisplayDocTitle är inte true: visaren "
                                    "visar filnamnet i stället för titeln"))
        xmp = _xmp(self.root)
        if not re.search(r"<dc:title>.*?<rdf:li[^>]*>\s*[^<\s]", xmp, re.S):
            failures.append(Failure("dokumenttitel", "XMP-metadata saknar titel (dc:title)"))
        if not re.search(r"pdfuaid:part(>\s*1\s*<|\s*=\s*[\"']1[\"'])", xmp):
            failures.append(Failure("xmp-pdfua", "XMP-metadata anger inte PDF/UA-1 (pdfuaid:part 1)"))
        if not bool(_dictionary(self.root.get("/MarkInfo")).get("/Marked", False)):
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
            for annot in _array(page.obj.get("/Annots")):
                if not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link":
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


def _has_scope(cell: Dictionary) -> bool:
    attributes = cell.get("/A")
    entries = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return any(isinstance(a, Dictionary) and "/Scope" in a for a in entries)


def _xmp(root) -> str:
    metadata = root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return ""
    decoded_size(metadata, "XMP-metadata")
    return metadata.read_bytes().decode("utf-8", "replace")


def _fonts(pdf: pikepdf.Pdf) -> dict[str, Dictionary]:
    """Return every font the pages and their form XObjects use, by base font name (no recursion)."""
    found: dict[str, Dictionary] = {}
    seen: set = set()
    stack = [page.obj.get("/Resources") for page in reversed(pdf.pages)]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, Dictionary) or (resources.is_indirect and resources.objgen in seen):
            continue
        seen.add(resources.objgen)
        if len(seen) > MAX_ELEMENTS:
            raise TooLarge(f"sidorna har fler än {MAX_ELEMENTS} resurslistor, mer än check-pdf läser")
        for font in _dictionary(resources.get("/Font")).values():
            if isinstance(font, Dictionary):
                found.setdefault(str(font.get("/BaseFont", "?")).lstrip("/"), font)
        forms = [x for x in _dictionary(resources.get("/XObject")).values()
                 if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Form" and x.objgen not in seen]
        seen.update(form.objgen for form in forms)
        stack.extend(reversed([form.get("/Resources") for form in forms]))
    return found


def _font_problems(font: Dictionary) -> list[str]:
    """Return what makes ``font`` unusable in PDF/UA: not embedded, no way to Unicode."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return []
    problems = []
    descendant = (_array(font.get("/DescendantFonts")) or [None])[0] if subtype == "/Type0" else font
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
