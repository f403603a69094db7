"""Fill in the placeholders of the evaluator's notes, by the one display policy.

The notes parser leaves each ``{...}`` as a run of its own; here every such run gets the value it
names (``placeholders.shown``), or the visible marker of a missing value in a draft. The run keeps
its ``source``, so the DOCX can record it and ``kompass pull`` can give the placeholder back.
"""

from __future__ import annotations

import dataclasses

from ..model import Block, BulletList, Cell, Inlines, Paragraph, Region, Table
from ..source.placeholders import Placeholder, parse, shown
from ..templates import fill
from .context import Context


def fill_placeholders(context: Context, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return ``blocks`` with the value of every placeholder run filled in."""
    return tuple(_block(context, block) for block in blocks)


def _block(context: Context, block: Block) -> Block:
    match block:
        case Paragraph():
            return dataclasses.replace(block, runs=_runs(context, block.runs))
        case BulletList():
            return dataclasses.replace(block, items=tuple(_runs(context, item) for item in block.items))
        case Region():
            return dataclasses.replace(block, blocks=fill_placeholders(context, block.blocks))
        case Table():  # e.g. a table in the notes
            header, *rows = (tuple(Cell(fill_placeholders(context, c.blocks), c.align) for c in row)
                             for row in (block.header, *block.rows))
            return dataclasses.replace(block, header=header, rows=tuple(rows))
        case _:
            return block


def _runs(context: Context, runs: Inlines) -> Inlines:
    if not any(run.source for run in runs):
        return runs
    return tuple(dataclasses.replace(run, text=_value(context, run.source)) if run.source else run for run in runs)


def _value(context: Context, source: str) -> str:
    placeholder = parse(source, context.evaluation.framework)
    if not isinstance(placeholder, Placeholder):  # reading the evaluation reported it already
        raise ValueError(placeholder)
    missing = fill(context.texts["draft"]["unset_value"], vad=placeholder.name)
    return shown(context.evaluation, placeholder, missing)
