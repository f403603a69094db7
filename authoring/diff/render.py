"""Lay out a ``Diff`` (``compare.py``) as Markdown, for an e-mail, or for a terminal with rich.

Everything here is Swedish: the evaluator sends it to the municipality.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .compare import Diff, ScoreChange, TextChange
from ..swedish import points

KINDS = {"added": "Nytt", "removed": "Borttaget", "reworded": "Omformulerat"}
TITLES = ("Poäng", "Genererade meningar", "Text", "Uppgifter och referens")


def shown(value: Decimal | None) -> str:
    return "–" if value is None else points(value)


def score_line(change: ScoreChange) -> tuple[str, str, str, str, str]:
    """Return the cells of a score change: question, before, after, area effect, total effect."""
    text = change.text if len(change.text) <= 70 else change.text[:69] + "…"
    return (f"{change.question} {text}", shown(change.old), shown(change.new),
            f"område {change.area.split()[0]}: {shown(change.area_old)} → {shown(change.area_new)}",
            f"{shown(change.total_old)} → {shown(change.total_new)}")


def markdown(diff: Diff) -> str:
    """Return ``diff`` as Markdown."""
    lines = [f"# Ändringar från {diff.old_name} till {diff.new_name}", ""]
    if diff.empty:
        return "\n".join(lines + ["Inga ändringar.", ""])
    if diff.scores:
        lines += [f"## {TITLES[0]}", "", "| Fråga | Före | Efter | Området | Totalt |", "|---|---:|---:|---|---|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in score_line(c)) + " |" for c in diff.scores]
        lines.append("")
    for title, changes in zip(TITLES[1:], (diff.sentences, diff.prose)):
        if changes:
            lines += [f"## {title}", ""]
            lines += _markdown_changes(changes)
    if diff.metadata:
        lines += [f"## {TITLES[3]}", ""]
        lines += [f"- {c.where}: {_md_words(c, whole=True)}" for c in diff.metadata]
        lines.append("")
    return "\n".join(lines)


def _markdown_changes(changes: list[TextChange]) -> list[str]:
    lines: list[str] = []
    place = None
    for change in changes:
        if change.where != place:
            place = change.where
            lines += [*([""] if lines else []), f"### {place or 'Inledning'}", ""]
        lines.append(f"- {KINDS[change.kind]}: {_md_words(change)}")
    return lines + [""]


def _md_words(change: TextChange, whole: bool = False) -> str:
    """Return the change as Markdown: a word diff, or (``whole``) the old value struck and the new one."""
    if change.kind == "added":
        return f"**{_escape(change.new)}**"
    if change.kind == "removed":
        return f"~~{_escape(change.old)}~~"
    if whole:
        return f"~~{_escape(change.old)}~~ **{_escape(change.new)}**"
    return "".join(_escape(text) if op == "equal" else f"~~{_escape(text)}~~" if op == "delete"
                   else f"**{_escape(text)}**" for op, text in condensed(change.words()))


CONTEXT = 6  # words of unchanged text kept on each side of a change


def condensed(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return word-diff ``pieces`` with spaces outside the changed words, and long unchanged stretches
    shortened (also used by ``kompass pull``)."""
    out: list[tuple[str, str]] = []
    for index, (op, text) in enumerate(pieces):
        if op == "equal":
            out.append((op, _shortened(text, index > 0, index < len(pieces) - 1)))
            continue
        lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.S).groups()
        if next((o for o, t in reversed(out) if t), "equal") != "equal" and not lead:
            lead = " "
        out += [("equal", lead), (op, core), ("equal", trail)]
    return [(op, text) for op, text in out if text]


def _shortened(text: str, before: bool, after: bool) -> str:
    """Return unchanged ``text`` with only CONTEXT words next to the changes (``before``/``after`` it)."""
    words = re.findall(r"\S+\s*", text)
    lead = re.match(r"\s*", text).group(0)
    keep = CONTEXT * (before + after)
    if len(words) <= keep + 2:
        return text
    head = lead + "".join(words[:CONTEXT]) if before else ""
    tail = "".join(words[-CONTEXT:]) if after else ""
    return f"{head}… {tail}" if head and tail else f"{head}…" if head else f"… {tail}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("~", "\\~").replace("_", "\\_")


def print_rich(diff: Diff) -> None:
    """Print ``diff`` to the terminal: tables and a coloured word diff."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    console.print(Text(f"Ändringar från {diff.old_name} till {diff.new_name}", style="bold"))
    if diff.empty:
        console.print("Inga ändringar.")
        return
    if diff.scores:
        table = Table(title=TITLES[0], title_justify="left", title_style="bold")
        for name, justify in (("Fråga", "left"), ("Före", "right"), ("Efter", "right"), ("Området", "left"),
                              ("Totalt", "left")):
            table.add_column(name, justify=justify)
        for change in diff.scores:
            table.add_row(*score_line(change))
        console.print(table)
    for title, changes in zip(TITLES[1:], (diff.sentences, diff.prose, diff.metadata)):
        if not changes:
            continue
        console.print(Text(title, style="bold"))
        place = None
        for change in changes:
            if change.where != place and title != TITLES[3]:
                place = change.where
                console.print(Text(f"  {place or 'Inledning'}", style="underline"))
            label = change.where if title == TITLES[3] else KINDS[change.kind]
            console.print(Text("    ") + Text(f"{label}: ", style="dim") + _rich_words(change, Text,
                                                                                      title == TITLES[3]))


def _rich_words(change: TextChange, Text, whole: bool = False):
    if change.kind == "added":
        return Text(change.new, style="green")
    if change.kind == "removed":
        return Text(change.old, style="red strike")
    if whole:
        return Text(change.old, style="red strike") + Text(" ") + Text(change.new, style="green")
    text = Text()
    for op, piece in condensed(change.words()):
        text.append(piece, style={"equal": "", "delete": "red strike", "insert": "green"}[op])
    return text
