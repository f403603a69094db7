"""Read an evaluator's Markdown notes into sections of model blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import Block, BulletList, Inlines, Paragraph, Run
from .placeholders import split_placeholders
from .problems import Problems
from .safeio import Refused, read_text
from .textcheck import MAX_HEADING, MAX_ITEM, MAX_ITEMS, check_file_text

LIST_HEADINGS = ("Styrkor", "Förbättringsmöjligheter", "Svagheter")
# Markdown constructs that notes cannot hold, as the evaluator knows them.
UNSUPPORTED = {"blockquote": "citatblock ('> ')", "code_block": "indragen kod (fyra blanksteg först)",
               "fence": "kodblock (```)", "hr": "en linje ('---')", "html_block": "HTML",
               "table": "tabell", "heading": "rubrik"}
_md = MarkdownIt("commonmark").disable(["image", "entity"])  # evaluator text is text: "&nbsp;" stays literal


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


@dataclass
class _Builder:
    path: Path
    problems: Problems
    intro: list[Block] = field(default_factory=list)
    sections: list[tuple[str, list[Block], int]] = field(default_factory=list)
    lists: dict[str, tuple[Inlines, ...]] = field(default_factory=dict)
    current: str | None = None
    current_line: int = 0

    def add(self, block: Block, line: int) -> None:
        if self.current in LIST_HEADINGS:
            if not isinstance(block, BulletList):
                self.problems.error(self.path, f"under '## {self.current}' skriver du bara en punktlista ('- punkt')", line)
                return
            self.lists[self.current] = self.lists.get(self.current, ()) + block.items
            _check_items(self.current, self.lists[self.current], block.items, line, self)
        elif self.current is None:
            self.intro.append(block)
        else:
            self.sections[-1][1].append(block)


def read_notes(path: Path, problems: Problems, required: bool = True, root: Path | None = None) -> Notes:
    """Return the notes in ``path``; add a problem for each thing that cannot be used.

    The file must be a regular file inside ``root`` (default: its own folder); see safeio.
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
    return parse_notes(path, text, problems)


def parse_notes(path: Path, text: str, problems: Problems) -> Notes:
    """Return ``text`` parsed as notes Markdown."""
    if not check_file_text(path, text, problems):
        return Notes()
    builder = _Builder(path, problems)
    tokens = _md.parse(text)
    index = 0
    while index < len(tokens):
        index = _take_block(tokens, index, builder)
    for heading, blocks, line in builder.sections:
        if not blocks:
            problems.error(path, f"avsnittet '## {heading}' har ingen text: skriv den eller ta bort rubriken", line)
    sections = tuple(Section(h, tuple(b), line) for h, b, line in builder.sections)
    return Notes(tuple(builder.intro), sections, builder.lists)


def _take_block(tokens: list[Token], index: int, builder: _Builder) -> int:
    """Consume the block starting at ``tokens[index]``; return the index after it."""
    token = tokens[index]
    line = token.map[0] + 1 if token.map else None
    match token.type:
        case "heading_open":
            _start_section(tokens[index + 1].content.strip(), token.tag, line, builder)
            return index + 3
        case "paragraph_open":
            builder.add(Paragraph(_inlines(tokens[index + 1])), line)
            return index + 3
        case "bullet_list_open" | "ordered_list_open":
            end = _closing(tokens, index)
            builder.add(BulletList(_list_items(tokens[index:end], builder, line)), line)
            return end + 1
        case "html_block" if token.content.lstrip().startswith("<!--"):
            return index + 1
        case _:
            kind = UNSUPPORTED.get(token.type.replace("_open", ""), token.type.replace("_open", ""))
            builder.problems.error(builder.path, f"{kind} stöds inte: skriv stycken, punktlistor ('- ') "
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
        builder.current = heading
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
    items = []
    for token in tokens:
        if token.type == "inline":
            items.append(_inlines(token))
        elif token.type in ("bullet_list_open", "ordered_list_open") and token is not tokens[0]:
            builder.problems.error(builder.path, "listor i listor stöds inte: använd en nivå av '- '", line)
    return tuple(items)


def _inlines(token: Token) -> Inlines:
    """Return the inline children of ``token`` as runs; each placeholder is a run of its own."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    line = token.map[0] + 1 if token.map else None
    for child in token.children or []:
        match child.type:
            case "text" | "html_inline":
                runs += split_placeholders(Run(child.content, bold > 0, italic > 0, href, line=line))
            case "code_inline":  # `{poäng}` in backticks stays literal text
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
            case "link_close":
                href = None
    return _merge(runs)


def _merge(runs: list[Run]) -> Inlines:
    """Return ``runs`` with neighbours of equal formatting joined."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (run.bold, run.italic, run.href) \
                and merged[-1].source is None and run.source is None:
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return tuple(merged)
