"""Turn model inlines into reportlab Paragraph markup, escaping the text so it stays text.

``escape``, ``unescape`` and ``quoteattr`` are those of ``xml.sax.saxutils``, which imports
urllib.request, http.client, email and ssl with it (15 ms of every fresh PDF build).
"""

from __future__ import annotations

from itertools import groupby

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


def escape(data: str, entities: dict[str, str] | None = None) -> str:
    """Return ``data`` with ``&``, ``<`` and ``>`` (and the keys of ``entities``) escaped, as saxutils does."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def unescape(data: str, entities: dict[str, str] | None = None) -> str:
    """Return ``data`` with ``&lt;``, ``&gt;``, ``&amp;`` (and the keys of ``entities``) unescaped, as saxutils does."""
    data = data.replace("&lt;", "<").replace("&gt;", ">")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data.replace("&amp;", "&")


def quoteattr(data: str) -> str:
    """Return ``data`` escaped and quoted as an XML attribute value, as saxutils does."""
    data = escape(data, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
    if '"' in data:
        return f"'{data}'" if "'" not in data else '"{}"'.format(data.replace('"', "&quot;"))
    return f'"{data}"'
