"""Turn model inlines into reportlab Paragraph markup, escaping the text so it stays text."""

from __future__ import annotations

from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from ..model import Inlines


def markup(runs: Inlines) -> str:
    """Return ``runs`` as reportlab markup; ``R&D < 5 %`` and ``&nbsp;`` come out literally. Neighbouring
    runs with the same link are one ``<a>``: one link, however its text is formatted."""
    parts = []
    for href, group in groupby(runs, key=lambda run: run.href):
        inner = "".join(_run(run) for run in group)
        parts.append(f'<a href={quoteattr(href)} underline="1">{inner}</a>' if href else inner)
    return "".join(parts)


def links(runs: Inlines) -> list[str]:
    """Return where each link of ``runs`` leads, in the order ``markup`` writes them."""
    return [href for href, _group in groupby(runs, key=lambda run: run.href) if href]


def text(value: str) -> str:
    """Return plain ``value`` escaped for reportlab markup."""
    return escape(value).replace("\n", "<br/>")


def _run(run) -> str:
    result = text(run.text)
    if run.bold:
        result = f"<b>{result}</b>"
    if run.italic:
        result = f"<i>{result}</i>"
    return result
