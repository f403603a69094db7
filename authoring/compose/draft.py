"""What a draft shows: the list of what is missing, worded from the evaluation's gaps."""

from __future__ import annotations

from .completeness import Gap
from ..model import Block, BulletList, Paragraph, plain
from ..templates import fill
from .areas import LIST_KEYS
from .context import Context


def todo_items(context: Context) -> tuple[str, ...]:
    """Return one sentence per gap of the evaluation, in report order."""
    return tuple(_item(context, gap) for gap in context.gaps)


def todo_chapter(context: Context) -> list[Block]:
    """Return the closing "Att göra" page of a draft, or nothing for a final report."""
    items = todo_items(context)
    if not items:
        return []
    draft = context.texts["draft"]
    return [context.heading(1, draft["todo_heading"]), Paragraph(plain(" ".join(draft["todo_intro"].split()))),
            BulletList(tuple(plain(item) for item in items))]


def _item(context: Context, gap: Gap) -> str:
    draft = context.texts["draft"]
    pattern = draft[gap.kind]
    match gap.kind:
        case "unscored":
            area = context.evaluation.scores.area(gap.area)
            return fill(pattern, nummer=gap.area, frågor=", ".join(gap.items), antal=len(gap.items),
                        alla=len(area.questions))
        case "no_text":
            return fill(pattern, nummer=gap.area)
        case "no_list":
            label = next(key for heading, key, _ in LIST_KEYS if heading == gap.items[0])
            return fill(pattern, nummer=gap.area, lista=getattr(context.evaluation.framework.labels, label))
        case "unset":
            return fill(pattern, fält=draft["fields"][gap.items[0]])
        case "campaign":
            return fill(pattern, namn=gap.items[0], fel=gap.items[1])
        case "reference" | "earlier":
            return fill(pattern, områden=", ".join(gap.items), år=gap.year)
        case _:
            raise ValueError(f"no wording for the gap kind {gap.kind!r}")


def draft_state(todo: int) -> str:
    """Return how a report's state reads: ``utkast (3 saker att göra)`` or ``slutlig``."""
    if not todo:
        return "slutlig"
    return f"utkast ({todo} {'sak' if todo == 1 else 'saker'} att göra)"
