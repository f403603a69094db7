"""Read an evaluator's Markdown notes into sections of model blocks."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from . import comments as review
from .notes_images import load_images
from .notes_parser import markdown
from .parsecache import ParseCache
from ..model import Block, BulletList, Cell, Inlines, Paragraph, Picture, Run, Table
from .placeholders import split_placeholders
from ..problems import Problems
from ..safeio import Refused, read_text
from .textcheck import MAX_HEADING, MAX_ITEM, MAX_ITEMS, check_file_text

if TYPE_CHECKING:
    from markdown_it.token import Token

LIST_HEADINGS = ("Styrkor", "Förbättringsmöjligheter", "Svagheter")
_PARSED = ParseCache(64)  # the latest parses: files of a few evaluations (``parsecache``)
# Other names a framework gives a reserved list (the 2007 reports say "Förbättringsområden").
LIST_ALIASES = {"Förbättringsområden": "Förbättringsmöjligheter"}
# Markdown constructs that notes cannot hold, as the evaluator knows them.
UNSUPPORTED = {"blockquote": "citatblock ('> ')", "code_block": "indragen kod (fyra blanksteg först)",
               "fence": "kodblock (```)", "hr": "en linje ('---')", "html_block": "HTML",
               "heading": "rubrik", "table": "tabell", "bullet_list": "en lista", "ordered_list": "en lista"}
UNSAFE_SCHEMES = ("javascript", "vbscript", "file", "data")
MAX_COLUMNS = 12  # a table wider than this cannot be read on an A4 page
FOOTNOTE = "fotnoter ('[^1]') stöds inte: skriv texten i ett stycke eller inom parentes"


def web_address(text: str) -> str | None:
    """Return where ``text`` leads when all of it is an address that the notes make a link of, else None."""
    matches = markdown().linkify.match(text) or []
    if len(matches) == 1 and matches[0].index == 0 and matches[0].last_index == len(text):
        return markdown().normalizeLink(matches[0].url)
    return None


def list_key(heading: str) -> str:
    """Return the reserved list a ``## `` heading names (an alias gives its list), or the heading."""
    return LIST_ALIASES.get(heading, heading)


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Notes:
    """The notes of one file: text before any heading, sections, and the reserved lists."""

    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    lists: dict[str, tuple[Inlines, ...]] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)  # Picture key -> the checked image
    comments: tuple[review.Kept, ...] = ()  # reviewers' open comments (source/comments.py)


@dataclass
class _Builder:
    path: Path
    problems: Problems
    intro: list[Block] = field(default_factory=list)
    sections: list[tuple[str, list[Block], int]] = field(default_factory=list)
    lists: dict[str, tuple[Inlines, ...]] = field(default_factory=dict)
    pictures: list[tuple[str, int | None]] = field(default_factory=list)  # (src as written, line)
    current: str | None = None
    current_line: int = 0
    comments: list[review.Kept] = field(default_factory=list)
    lists_allowed: bool = True

    def error(self, message: str, line: int | None) -> None:
        self.problems.error(self.path, message, line)

    def add(self, block: Block, line: int) -> None:
        if self.current in LIST_HEADINGS:
            if not isinstance(block, BulletList) or block.ordered:
                self.problems.error(self.path, f"under '## {self.current}' skriver du bara en punktlista ('- punkt')", line)
                return
            self.lists[self.current] = self.lists.get(self.current, ()) + block.items
            _check_items(self.current, self.lists[self.current], block.items, line, self)
        elif self.current is None:
            self.intro.append(block)
        else:
            self.sections[-1][1].append(block)

    def comment(self, content: str, line: int | None) -> None:
        """Keep the reviewer's comment ``content`` and mark it on the block before it in its section."""
        try:
            comment = review.parse(content)
        except ValueError:
            self.problems.warning(self.path, f"kommentaren kan inte läsas och kommer inte med i DOCX-filen: skriv "
                                  f"den som {review.FORMAT}", line)
            return
        if self.current in LIST_HEADINGS and self.lists.get(self.current):
            self.lists[self.current] = review.attach_items(self.lists[self.current], comment)
        else:
            blocks = self.intro if self.current is None else self.sections[-1][1] if self.sections else []
            marked = review.attach(blocks[-1], comment) if blocks else None
            if marked is None:
                self.problems.warning(self.path, "kommentaren står inte direkt efter ett stycke, en lista eller "
                                      "en tabell och kommer inte med i DOCX-filen: flytta den till raden efter "
                                      "texten den gäller", line)
                return
            blocks[-1] = marked
        self.comments.append(review.Kept(self.path, line, comment))


def read_notes(path: Path, problems: Problems, required: bool = True, root: Path | None = None,
               lists: bool = True) -> Notes:
    """Return the notes in ``path``; add a problem for each thing that cannot be used.

    The file must be a regular file inside ``root`` (default: its own folder); see safeio. Without
    ``lists`` the reserved list headings (Styrkor, ...) are errors: such a file has no lists table.
    """
    try:
        text = read_text(path, path.parent if root is None else root)
    except Refused as exc:
        problems.error(path, str(exc))
        return Notes()
    except FileNotFoundError:
        if required:
            problems.error(path, "filen saknas: skapa den (kompass new skriver en mall)")
        return Notes()
    except UnicodeDecodeError as exc:
        problems.error(path, f"är inte UTF-8-text (byte {exc.start + 1}): spara filen som UTF-8",
                       exc.object[:exc.start].count(b"\n") + 1)
        return Notes()
    builder = _PARSED.parsed((str(path), text, lists), problems, lambda own: _parse(path, text, own, lists))
    if builder is None:
        return Notes()
    images = load_images(path, path.parent if root is None else root, builder.pictures, problems)
    return _notes(builder, images)


def parse_notes(path: Path, text: str, problems: Problems) -> Notes:
    """Return ``text`` parsed as notes Markdown (images are named, not read: see ``read_notes``)."""
    builder = _parse(path, text, problems)
    return Notes() if builder is None else _notes(builder, {})


def _parse(path: Path, text: str, problems: Problems, lists: bool = True) -> _Builder | None:
    if not check_file_text(path, text, problems):
        return None
    builder = _Builder(path, problems, lists_allowed=lists)
    env: dict = {}
    tokens = markdown().parse(text, env)
    index = 0
    while index < len(tokens):
        index = _take_block(tokens, index, builder)
    for label, reference in env.get("references", {}).items():
        line = reference["map"][0] + 1 if reference.get("map") else None
        if label.startswith("^"):
            builder.error(FOOTNOTE, line)
        else:
            builder.error("länkdefinitioner ('[namn]: adress') stöds inte: skriv länken i texten, "
                          "[text](https://adress)", line)
    for heading, blocks, line in builder.sections:
        if not blocks:
            problems.error(path, f"avsnittet '## {heading}' har ingen text: skriv den eller ta bort rubriken", line)
    return builder


def _notes(builder: _Builder, images: dict[str, bytes]) -> Notes:
    sections = tuple(Section(h, tuple(b), line) for h, b, line in builder.sections)
    return Notes(tuple(builder.intro), sections, dict(builder.lists), images, tuple(builder.comments))


def _take_block(tokens: list[Token], index: int, builder: _Builder) -> int:
    """Consume the block starting at ``tokens[index]``; return the index after it."""
    token = tokens[index]
    line = token.map[0] + 1 if token.map else None
    match token.type:
        case "heading_open":
            _start_section(tokens[index + 1].content.strip(), token.tag, line, builder)
            return index + 3
        case "paragraph_open":
            builder.add(_paragraph(tokens[index + 1], builder, line), line)
            return index + 3
        case "bullet_list_open" | "ordered_list_open":
            end = _closing(tokens, index)
            start = int(token.attrs.get("start", 1)) if token.type == "ordered_list_open" else 1
            items = _list_items(tokens[index:end], builder, line)
            builder.add(BulletList(items, token.type == "ordered_list_open", start), line)
            return end + 1
        case "table_open":
            end = _closing(tokens, index)
            builder.add(_table(tokens[index:end], builder, line), line)
            return end + 1
        case "html_block" if token.content.lstrip().startswith("<!--"):
            if review.is_comment(token.content):
                builder.comment(token.content, line)
            return index + 1
        case _:
            kind = UNSUPPORTED.get(token.type.replace("_open", ""), token.type.replace("_open", ""))
            builder.problems.error(builder.path, f"{kind} stöds inte: skriv stycken, listor, tabeller, bilder "
                                   "och rubriker ('## ')", line)
            return _closing(tokens, index) + 1


def _check_items(heading: str, items: tuple[Inlines, ...], added: tuple[Inlines, ...], line: int | None,
                 builder: _Builder) -> None:
    """Report a list with more than MAX_ITEMS items or an item longer than MAX_ITEM characters."""
    if len(items) > MAX_ITEMS and len(items) - len(added) <= MAX_ITEMS:
        builder.problems.error(builder.path, f"listan under '## {heading}' har {len(items)} punkter, högst "
                               f"{MAX_ITEMS} tillåts: korta listan", line)
    for number, item in enumerate(added, 1):
        length = sum(len(run.text) for run in item)
        if length > MAX_ITEM:
            builder.problems.error(builder.path, f"punkt {number} under '## {heading}' har {length} tecken, "
                                   f"högst {MAX_ITEM} tillåts: korta den", line)


def _start_section(heading: str, tag: str, line: int | None, builder: _Builder) -> None:
    if len(heading) > MAX_HEADING:
        builder.problems.error(builder.path, f"rubriken har {len(heading)} tecken, högst {MAX_HEADING} tillåts: "
                               "korta den", line)
        heading = heading[:MAX_HEADING]
    if tag == "h2":
        heading = list_key(heading)
        builder.current = heading
        if heading in LIST_HEADINGS and not builder.lists_allowed:
            builder.error(f"'## {heading}' hör hemma i notes/area-N.md (listtabellen i områdets kapitel); här "
                          "skulle listan inte skrivas ut: flytta den, eller byt rubrik", line)
        if heading in LIST_HEADINGS:
            if heading in builder.lists:
                builder.problems.error(builder.path, f"'## {heading}' finns två gånger: slå ihop listorna", line)
            builder.lists.setdefault(heading, ())
        else:
            builder.sections.append((heading, [], line or 0))
    elif tag == "h3" and builder.current not in (None, *LIST_HEADINGS):
        builder.sections[-1][1].append(Paragraph((Run(heading, bold=True),), style="subheading"))
    else:
        builder.problems.error(builder.path, f"rubriken '{heading}' ska börja med '## ' (ett avsnitt) "
                               "eller '### ' (en underrubrik i ett avsnitt)", line)


def _closing(tokens: list[Token], index: int) -> int:
    """Return the index of the token that closes ``tokens[index]``."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth <= 0:
            return position
    return len(tokens) - 1


def _list_items(tokens: list[Token], builder: _Builder, line: int | None) -> tuple[Inlines, ...]:
    """Return the text of each item; anything but one paragraph in an item is an error, never dropped."""
    items = []
    paragraphs = 0
    for token in tokens[1:]:
        where = token.map[0] + 1 if token.map else line
        if token.type == "list_item_open":
            paragraphs = 0
        elif token.type == "paragraph_open" and token.level == tokens[0].level + 2:
            paragraphs += 1
            if paragraphs == 2:
                builder.error("en punkt i en lista har flera stycken: skriv punkten som ett stycke", where)
        elif token.type == "inline" and token.level == tokens[0].level + 3:
            if paragraphs == 1:
                items.append(_inlines(token, builder, where))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            builder.error("listor i listor stöds inte: använd en nivå av '- '", where)
        elif token.nesting >= 0 and token.level == tokens[0].level + 2 and token.type != "paragraph_close":
            kind = UNSUPPORTED.get(token.type.replace("_open", ""), token.type.replace("_open", ""))
            builder.error(f"{kind} i en lista stöds inte: skriv punkten som ett stycke", where)
    return tuple(items)


def _paragraph(token: Token, builder: _Builder, line: int | None) -> Block:
    """Return a paragraph, or the picture it holds when it holds only an image."""
    children = [c for c in token.children or [] if not (c.type in ("text", "softbreak") and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        image = children[0]
        alt = "".join(c.content for c in image.children or []).strip() or image.content.strip()
        if not alt:
            builder.error("bilden saknar alternativtext: skriv den mellan hakparenteserna, ![Organisationsschema](fil.png)",
                          line)
        src = unquote(str(image.attrs.get("src", "")))  # markdown-it encodes the path as a URL
        builder.pictures.append((src, line))
        return Picture(picture_key(builder.path, src), alt, alt)
    return Paragraph(_inlines(token, builder, line))


def _table(tokens: list[Token], builder: _Builder, line: int | None) -> Table:
    """Return a Markdown table as a table with a header row."""
    rows: list[list[Cell]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrs.get("style", ""))
            align = "right" if "right" in style else "center" if "center" in style else "left"
            rows[-1].append(Cell((), align))
        elif token.type == "inline":
            cell = rows[-1][-1]
            rows[-1][-1] = Cell((Paragraph(_inlines(token, builder, line)),), cell.align)
    header, *body = [tuple(row) for row in rows]
    if len(header) > MAX_COLUMNS:
        builder.error(f"tabellen har {len(header)} kolumner; högst {MAX_COLUMNS} ryms på sidans bredd: dela upp den", line)
    return Table(header, tuple(body), _widths(rows), keep_together=len(body) <= 25)


def _widths(rows: list[list[Cell]]) -> tuple[float, ...]:
    """Return relative column widths from the longest text of each column (within 4 to 40 characters)."""
    def length(cell: Cell) -> int:
        return sum(len(run.text) for block in cell.blocks if isinstance(block, Paragraph) for run in block.runs)

    return tuple(float(min(40, max(4, *(length(row[i]) for row in rows if i < len(row))))) for i in range(len(rows[0])))


def picture_key(path: Path, src: str) -> str:
    """Return the media key of the image ``src`` named in the notes file ``path``: its path inside the
    evaluation folder (notes files lie one folder down, in ``notes/``)."""
    return posixpath.normpath(f"{path.parent.name}/{src}") if src else ""


def _inlines(token: Token, builder: _Builder | None = None, line: int | None = None) -> Inlines:
    """Return the inline children of ``token`` as runs (an image among text is an error); each
    placeholder is a run of its own."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    line = token.map[0] + 1 if token.map else line
    for child in token.children or []:
        match child.type:
            case "html_inline" if child.content.startswith("<!--"):
                continue  # a comment, as between blocks
            case "code_inline" if builder is not None:
                builder.error("kod ('`text`') stöds inte: skriv texten utan grava accenter (`)", line)
            case "s_open" if builder is not None:
                builder.error("genomstruken text ('~~text~~') stöds inte: skriv texten utan ~~", line)
            case "text" | "html_inline":
                runs += split_placeholders(Run(child.content, bold > 0, italic > 0, href, line=line))
            case "code_inline":
                runs.append(Run(child.content, bold > 0, italic > 0, href))
            case "softbreak":
                runs.append(Run(" ", bold > 0, italic > 0, href))
                line = line + 1 if line else line
            case "hardbreak":
                runs.append(Run("\n", bold > 0, italic > 0, href))
                line = line + 1 if line else line
            case "strong_open" | "strong_close":
                bold += child.nesting
            case "em_open" | "em_close":
                italic += child.nesting
            case "link_open":
                href = str(child.attrs.get("href", ""))
                if builder is not None and href.split(":", 1)[0].strip().lower() in UNSAFE_SCHEMES:
                    builder.error(f"länken '{href}' kan inte öppnas av den som läser rapporten: skriv en "
                                  "webbadress (https://...) eller en e-postadress (mailto:...)", line)
            case "link_close":
                href = None
            case "image" if builder is not None:
                builder.error("en bild ska stå ensam i ett eget stycke, ![text](fil.png), inte i en mening, "
                              "lista eller tabell", line)
    if builder is not None and "[^" in token.content:
        builder.error(FOOTNOTE, line)
    return merge_runs(runs)


def merge_runs(runs: list[Run]) -> Inlines:
    """Return ``runs`` with neighbours of equal formatting joined."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (run.bold, run.italic, run.href) \
                and merged[-1].source is None and run.source is None and merged[-1].comments == run.comments:
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.href, comments=run.comments)
        else:
            merged.append(run)
    return tuple(merged)
