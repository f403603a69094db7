"""Dump a composed Report as indented text, for golden-file tests and for reading a model."""

from __future__ import annotations

from .model import (Block, BulletList, Contents, Figure, Heading, Inlines, PageBreak, Paragraph, Picture, Region,
                    Report, ScoreBox, Table, TitlePage)


def dump(report: Report) -> str:
    """Return ``report`` as text, one line per block or row, nested blocks indented."""
    meta = report.metadata
    lines = [f"Metadata title={meta.title!r} subject={meta.subject!r} author={meta.author!r} lang={meta.language}"]
    if report.draft:
        lines.append(f"Draft watermark={report.watermark!r} todo={list(report.todo)}")
    for block in report.blocks:
        lines += _block(block, 0)
    return "\n".join(lines) + "\n"


def _inlines(runs: Inlines) -> str:
    parts = []
    for run in runs:
        text = run.text
        if run.bold:
            text = f"**{text}**"
        if run.italic:
            text = f"*{text}*"
        if run.href:
            text = f"[{text}]({run.href})"
        parts.append(text)
    return "".join(parts)


def _block(block: Block, depth: int) -> list[str]:
    pad = "  " * depth
    match block:
        case TitlePage():
            mark = f" mark={block.mark!r}" if block.mark else ""
            return [f"{pad}TitlePage {block.title!r} {list(block.lines)} details={list(block.details)} footer={list(block.footer)}{mark}"]
        case Contents():
            return [f"{pad}Contents {block.title!r} levels={block.levels}"]
        case PageBreak():
            return [f"{pad}PageBreak"]
        case Heading():
            flag = "" if block.in_contents else " (not in contents)"
            return [f"{pad}Heading{block.level} {block.title!r}{flag}"]
        case Paragraph():
            keep = "+next" if block.keep_with_next else ""
            return [f"{pad}Paragraph[{block.style}{keep}] {_inlines(block.runs)}"]
        case BulletList(ordered=True):
            return [f"{pad}{number}. {_inlines(item)}" for number, item in enumerate(block.items, block.start)]
        case BulletList():
            return [f"{pad}- {_inlines(item)}" for item in block.items]
        case Picture():
            return [f"{pad}Picture {block.key} {block.caption!r}", f"{pad}  alt={block.alt!r}"]
        case ScoreBox():
            note = f" ({block.note})" if block.note else ""
            return [f"{pad}ScoreBox {block.heading} | {block.score_heading}: {block.score}{note} caption={block.caption!r}",
                    *(f"{pad}  * {item}" for item in block.items)]
        case Figure():
            chart = block.chart
            series = "; ".join(f"{s.name}={list(s.values)}" for s in chart.series)
            return [f"{pad}Figure {chart.key} ({chart.kind}) {block.caption!r}",
                    f"{pad}  categories={list(chart.categories)}", f"{pad}  series {series}",
                    f"{pad}  alt={block.alt!r}", f"{pad}  numbers={_inlines(block.numbers)!r}"]
        case Region():
            return [f"{pad}Region {block.name}", *(line for b in block.blocks for line in _block(b, depth + 1))]
        case Table():
            named = f" caption={block.caption!r}" if block.caption else ""
            named += f" anchor={block.anchor}" if block.anchor else ""
            named += f" row_header={block.row_header}" if block.row_header is not None else ""
            lines = [f"{pad}Table widths={list(block.widths)} total={block.total}{named}"]
            for row in (block.header, *block.rows):
                cells = [" / ".join(line.strip() for b in cell.blocks for line in _block(b, 0)) for cell in row]
                lines.append(f"{pad}  | " + " | ".join(cells))
            return lines
        case _:
            raise TypeError(f"cannot dump {type(block).__name__}")
