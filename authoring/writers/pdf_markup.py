"""Turn model inlines into reportlab Paragraph markup, escaping the text so it stays text."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..model import Inlines


def markup(runs: Inlines) -> str:
    """Return ``runs`` as reportlab markup; ``R&D < 5 %`` and ``&nbsp;`` come out literally."""
    return "".join(_run(run) for run in runs)


def text(value: str) -> str:
    """Return plain ``value`` escaped for reportlab markup."""
    return escape(value).replace("\n", "<br/>")


def _run(run) -> str:
    result = text(run.text)
    if run.bold:
        result = f"<b>{result}</b>"
    if run.italic:
        result = f"<i>{result}</i>"
    if run.href:
        result = f'<a href={quoteattr(run.href)} underline="1">{result}</a>'
    return result
