"""Kortfakta edited in the DOCX go back into evaluation.yaml, touching nothing else there.

Kortfakta is a region like the notes' (bookmark ``kk_kortfakta``), but its source is the
``kortfakta:`` list of evaluation.yaml. A changed label or value is written over that scalar
alone (its characters in the file, found with PyYAML's node marks), so comments, order and
quoting of everything else stay byte for byte. Added or removed rows are not pulled: the
evaluator adds them in evaluation.yaml, where a row needs both a label and a value.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from docx.oxml.ns import qn

from ..writers.docx_regions import Rows


def docx_rows(table, cell_text) -> Rows:
    """Return the (label, value) rows of the Kortfakta w:tbl ``table``, header row excluded.

    ``cell_text`` gives the text of a w:tc. A row with other than two cells keeps what it has, so
    the comparison sees it as changed.
    """
    rows = []
    for tr in table.iterchildren(qn("w:tr")):
        cells = [" ".join(cell_text(tc).split()) for tc in tr.iterchildren(qn("w:tc"))]
        rows.append(tuple(cells) if len(cells) != 2 else (cells[0], cells[1]))
    return tuple(rows[1:])  # type: ignore[return-value]


def splice(path: Path, old: Rows, new: Rows) -> tuple[str | None, list[str]]:
    """Return evaluation.yaml's text with the Kortfakta changed from ``old`` to ``new``, and what
    cannot be pulled (Swedish). The text is None when nothing can be written."""
    text = path.read_text(encoding="utf-8")
    if len(old) != len(new) or any(len(row) != 2 for row in new):
        return None, [f"Kortfakta: rader har lagts till eller tagits bort i DOCX-filen; lägg till eller ta bort "
                      f"dem under kortfakta: i {path} och bygg om"]
    nodes = _row_nodes(text)
    if nodes is None or len(nodes) != len(old):
        return None, [f"Kortfakta: {path} håller inte raderna som rapporten byggdes från; bygg om först"]
    edits, refused = [], []
    for number, (was, now, row) in enumerate(zip(old, new, nodes), start=1):
        for key, before, after in (("label", was[0], now[0]), ("value", was[1], now[1])):
            if before == after:
                continue
            node = row.get(key)
            if node is None or node.start_mark.line != node.end_mark.line or node.style not in (None, '"', "'"):
                line = node.start_mark.line + 1 if node is not None else "?"
                refused.append(f"Kortfakta nr {number}: '{after}' skrivs inte: värdet på rad {line} i {path} "
                               "står på flera rader; ändra det för hand")
                continue
            edits.append((node.start_mark.index, node.end_mark.index, json.dumps(after, ensure_ascii=False)))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return (text if edits else None), refused


def _row_nodes(text: str) -> list[dict[str, yaml.Node]] | None:
    """Return, per Kortfakta row of evaluation.yaml's ``text``, its label and value scalar nodes."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    rows = next((value for key, value in root.value if key.value == "kortfakta"), None)
    if not isinstance(rows, yaml.SequenceNode):
        return None
    found = []
    for item in rows.value:
        if not isinstance(item, yaml.MappingNode):
            return None
        found.append({key.value: value for key, value in item.value if isinstance(value, yaml.ScalarNode)})
    return found
