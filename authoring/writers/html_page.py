"""The web page around a report's body (or a campaign's): the document shell and its style sheet.

The shell (``templates/html/page.html``) and the style sheet (``templates/html/report.css``) are
data. In front of the sheet go the values of ``templates/style.yaml`` as CSS: the colours and the
text sizes as custom properties, the printed page (A4, its margins, the page number, a draft's
mark), and the font's faces (``html_fonts``). Text sizes are relative to the body text, so the
screen follows the reader's own size while print keeps the PDF's points.
"""

from __future__ import annotations

from functools import cache
from html import escape
from string import Template

from ..model import Metadata
from ..templates import TEMPLATES_DIR, style
from .html_fonts import font_faces

SIZES = ("title", "subtitle", "h1", "h2", "h3", "small")


def page(metadata: Metadata, body: str, seen: list[str], watermark: str = "", classes: str = "") -> str:
    """Return the complete HTML document of ``body`` (whose shown texts are ``seen``), titled and
    described by ``metadata``; a draft's ``watermark`` is printed at the top of every page."""
    head = [metadata.title, metadata.author, metadata.subject, metadata.keywords]
    meta = "\n".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in
                     (("author", metadata.author), ("description", metadata.subject),
                      ("keywords", metadata.keywords), ("generator", "Kompass")) if value)
    css = "\n".join((font_faces("".join(seen + head)), _root(), _print_pages(watermark), _sheet()))
    names = " ".join(c for c in ("draft" if watermark else "", classes) if c)
    return _shell().substitute(lang=escape(metadata.language.split("-")[0]), title=escape(metadata.title), meta=meta,
                               style=css, body_class=f' class="{names}"' if names else "", body=body.rstrip("\n"))


@cache
def _root() -> str:
    """Return the style data as custom properties: ``--primary``, ``--size-h1`` (times the body text)."""
    data = style()
    text = data["text"]
    body = text["body"]
    colours = [f"--{name.replace('_', '-')}: {value};" for name, value in data["colours"].items()]
    sizes = [f"--size-{name}: {text[name] / body:.4g};" for name in SIZES]
    rest = [f"--leading: {text['leading'] / body:.4g};", f"--print-size: {body}pt;"]
    return ":root {\n  " + "\n  ".join(colours + sizes + rest) + "\n}"


def _print_pages(watermark: str) -> str:
    """Return the @page rules: the style's size and margins, the page number at the foot, a draft's
    mark at the top; the cover printed to the edges without either."""
    data = style()
    geometry = data["page"]
    margins = " ".join(f"{geometry[f'margin_{side}']}mm" for side in ("top", "right", "bottom", "left"))
    small = data["text"]["small"]
    mark = (f' @top-center {{ content: "{_css_string(watermark)}"; color: var(--draft); font-weight: bold; '
            f'font-size: {small + 1}pt; }}') if watermark else ""
    return (f"@page {{ size: {geometry['size']}; margin: {margins};{mark} @bottom-center {{ content: counter(page); "
            f"color: var(--muted); font-size: {small}pt; }} }}\n"
            "@page :first { margin: 0; @top-center { content: none; } @bottom-center { content: none; } }")


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


@cache
def _sheet() -> str:
    return (TEMPLATES_DIR / "html" / "report.css").read_text(encoding="utf-8").strip()


@cache
def _shell() -> Template:
    return Template((TEMPLATES_DIR / "html" / "page.html").read_text(encoding="utf-8"))
