"""The campaign's web page: ``index.html`` beside the reports, with the summary as an accessible table.

The table holds the rows and numbers of ``sammanstallning.xlsx`` (``workbook.summary_table``),
shown by the reports' display policy; each municipality links to its report's web page, with the
PDF and DOCX beside it where they were built. The page shares the reports' shell, style and font
(``writers.html_page``) and links only within the folder, so a web editor can copy the folder to a
web server as it is.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape
from pathlib import Path

from ..model import Metadata
from ..swedish import points
from ..templates import fill, report_texts
from ..writers.html_page import page
from .campaign import Campaign
from .workbook import FOLDER, KEYS, summary_table

INDEX = "index.html"
LINKED = ("pdf", "docx")  # the files linked beside each report's page, where built


def write_index(campaign: Campaign, out_root: Path, write_atomically) -> Path:
    """Write ``out_root/index.html`` for ``campaign``; return its path."""
    dest = out_root / INDEX
    text = index_page(campaign, out_root)
    write_atomically(dest, lambda tmp: tmp.write_bytes(text.encode("utf-8")))
    return dest


def index_page(campaign: Campaign, out_root: Path) -> str:
    """Return the campaign's web page; links go to the reports found under ``out_root``."""
    texts = report_texts()
    words = texts["site"]
    title = fill(words["title"], kampanj=campaign.name)
    writer = _Index(texts, out_root)
    body = (f'<main class="site">\n<h1>{writer.text(title)}</h1>\n<p>{writer.text(" ".join(words["intro"].split()))}</p>\n'
            f"{writer.table(summary_table(campaign))}{writer.files()}</main>")
    metadata = Metadata(title=title, subject=title, author="", keywords="Kommunkompassen")
    return page(metadata, body, writer.seen)


class _Index:
    def __init__(self, texts: dict, out_root: Path):
        self.words = texts["site"]
        self.missing = texts["draft"]["missing"]
        self.out_root = out_root
        self.seen: list[str] = []

    def text(self, value: str) -> str:
        self.seen.append(value)
        return escape(value, quote=False)

    def table(self, frame) -> str:
        """Return the summary as a table: a row per evaluation (headed by its linked name), then the averages."""
        columns = [c for c in frame.columns if c != FOLDER and (c != "Ramverk" or frame["Ramverk"].nunique() > 1)]
        header = "".join(f'<th scope="col"{_align(c)}>{self.text(str(c))}</th>' for c in columns)
        header += f'<th scope="col">{self.text(self.words["files_column"])}</th>'
        rows = [self.row(record, columns) for record in frame.to_dict("records")]
        return (f'<div class="table" role="region" aria-labelledby="kk_caption_site" tabindex="0">\n<table>\n'
                f'<caption id="kk_caption_site">{self.text(self.words["caption"])}</caption>\n'
                f"<thead>\n<tr>{header}</tr>\n</thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>\n</div>\n")

    def row(self, record: dict, columns: list[str]) -> str:
        folder = record.get(FOLDER)
        folder = folder if isinstance(folder, str) else None
        cells = []
        for column in columns:
            value = self.text(self.shown(column, record[column]))
            if column == KEYS[0]:
                link = self.link(folder, "html")
                cells.append(f'<th scope="row"><a href="{link}">{value}</a></th>' if link else f'<th scope="row">{value}</th>')
            else:
                cells.append(f"<td{_align(column)}>{value}</td>")
        cells.append(f"<td>{self.files_of(folder, record)}</td>")
        opening = "<tr>" if folder else '<tr class="average">'
        return f"{opening}{''.join(cells)}</tr>\n"

    def shown(self, column: str, value) -> str:
        """Return a summary value as the reports show it: ``40,7``, a year as it is, a missing one as ``–``."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>":
            return "" if column in ("År", "Ramverk") else self.missing
        if isinstance(value, float):
            return points(Decimal(repr(value)))
        return str(value)

    def files_of(self, folder: str | None, record: dict) -> str:
        """Return the links to the evaluation's PDF and DOCX that exist, each naming whose it is."""
        whose = self.text(f" {record[KEYS[0]]} {self.shown('År', record[KEYS[1]])}".rstrip())
        links = [f'<a href="{link}">{self.text(self.words[kind])}<span class="visually-hidden">{whose}</span></a>'
                 for kind in LINKED if (link := self.link(folder, kind))]
        return " ".join(links)

    def link(self, folder: str | None, kind: str) -> str | None:
        """Return the relative address of the evaluation's ``kind`` file, or None if it was not built."""
        if folder is None or not (self.out_root / folder / f"{folder}.{kind}").is_file():
            return None
        return escape(f"{folder}/{folder}.{kind}")

    def files(self) -> str:
        """Return the sentence that links the summary's spreadsheet files."""
        before, _, rest = self.words["files"].partition("{xlsx}")
        middle, _, after = rest.partition("{csv}")
        xlsx, csv = (f'<a href="{name}">{self.text(name)}</a>' for name in ("sammanstallning.xlsx", "sammanstallning.csv"))
        return f"<p>{self.text(before)}{xlsx}{self.text(middle)}{csv}{self.text(after)}</p>\n"


def _align(column: str) -> str:
    return "" if column in (KEYS[0], "Ramverk") else ' class="right"'
