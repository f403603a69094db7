"""Model blocks back to notes Markdown: the mirror of ``source/notes.py``, for pulling DOCX edits.

``parse_notes(markdown(blocks))`` gives ``blocks`` again for everything notes can hold:
paragraphs with bold, italic and links, bullet and numbered lists, tables, pictures and ``### ``
sub-headings. A placeholder run is written as its source (``{poäng område 3}``), whatever value
compose filled in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

import posixpath

from ..model import Block, BulletList, Inlines, Paragraph, Picture, Run, Table, inline_text
from ..source.notes import merge_runs, web_address

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^([ \t]*)([#+\-=>|]|\d+[.)])", re.M)  # a block marker at any line's start


def units(blocks: tuple[Block, ...], items: bool = False) -> list[str]:
    """Return the Markdown of each block (of each list item if ``items``), without blank lines between."""
    found = []
    for block in blocks:
        match block:
            case Paragraph(style="subheading"):
                found.append(f"### {_escape(inline_text(block.runs)).strip()}")
            case Paragraph():
                found.append(inlines(block.runs))
            case BulletList() if items:
                found += _items(block)
            case BulletList():
                found.append("\n".join(_items(block)))
            case Table():
                found.append(_table(block))
            case Picture():
                alt = _escape(" ".join(block.alt.split()))  # a line break in it would start a block
                found.append(f"![{alt}]({_destination(posixpath.relpath(block.key, 'notes'))})")
            case _:
                raise TypeError(f"notes cannot hold {type(block).__name__}")
    return found


def _items(block: BulletList) -> list[str]:
    if block.ordered:
        return [f"{number}. {inlines(item)}" for number, item in enumerate(block.items, block.start)]
    return [f"- {inlines(item)}" for item in block.items]


def _table(table: Table) -> str:
    """Return ``table`` as a Markdown table: a header row, the alignment row, the body rows."""
    def row(cells) -> str:
        texts = [" ".join(inlines(b.runs) for b in cell.blocks if isinstance(b, Paragraph)).replace("|", "\\|")
                 for cell in cells]
        return "| " + " | ".join(texts) + " |"

    rule = {"left": "---", "right": "--:", "center": ":-:"}
    lines = [row(table.header), "| " + " | ".join(rule[cell.align] for cell in table.header) + " |"]
    return "\n".join(lines + [row(cells) for cells in table.rows])


def _destination(path: str) -> str:
    """Return ``path`` (or a link target) as a Markdown destination: white space and angle brackets
    percent-encoded, so a line break can never end the link and start a block of its own."""
    path = re.sub(r"[\s<>]", lambda m: "%" + "%".join(f"{b:02X}" for b in m.group().encode()), path)
    return f"<{path}>" if any(ch in path for ch in "()") else path


def markdown(blocks: tuple[Block, ...]) -> str:
    """Return ``blocks`` as notes Markdown, blocks separated by a blank line."""
    return "\n\n".join(units(blocks))


def digest(blocks: tuple[Block, ...]) -> str:
    """Return a short hash of ``blocks`` as notes Markdown (what pull compares)."""
    return hashlib.sha256(markdown(blocks).encode()).hexdigest()[:32]


def inlines(runs: Inlines) -> str:
    """Return ``runs`` as Markdown inline text (a run split where a reviewer's comment begins or ends
    is written as one)."""
    if any(run.comments for run in runs):
        runs = merge_runs([dataclasses.replace(run, comments=()) for run in runs])
    text = "".join(_run(run) for run in runs)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)


def _run(run: Run) -> str:
    text = run.source or _escape(run.text).replace("\n", "\\\n")  # a placeholder as the evaluator wrote it
    if not text.strip():
        return text
    lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.S).groups()
    if run.italic:
        core = f"*{core}*"
    if run.bold:
        core = f"**{core}**"
    if run.href and core == run.text != run.href and web_address(core) == run.href:
        pass  # an address written out without its scheme ("www.skl.se"): the notes make it this link again
    elif run.href:
        plain = run.text == run.href and not (run.bold or run.italic) and _destination(run.href) == run.href
        core = f"<{run.href}>" if plain else f"[{core}]({_destination(run.href)})"
    return lead + core + trail


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)
