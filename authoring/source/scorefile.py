"""New question scores written into the text of a scores.yaml, touching nothing else in it.

Each changed score is written over its value alone (its characters in the file, found with
PyYAML's node marks, as ``roundtrip/kortfakta.py`` does for evaluation.yaml), so comments, key
order, quoting and every other line stay byte for byte. A score set to None leaves the key with no
value (``"1.1":``): not scored yet, never 0. A question the file does not name yet is added on a
line of its own at the end.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import yaml

from ..errors import UsageError


def number_text(value: Decimal) -> str:
    """Return ``value`` as scores.yaml writes it: ``7.5``, ``12`` (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text


def written_scores(text: str, name: str = "scores.yaml") -> dict[str, str | None]:
    """Return question id -> its value as written in the scores.yaml ``text`` (None: no value)."""
    return {qid: None if _decimal(node) is None else node.value for qid, node in _score_nodes(text, name).items()}


def with_scores(text: str, values: dict[str, Decimal | str | None], name: str = "scores.yaml") -> str:
    """Return ``text`` (a scores.yaml) with each question of ``values`` set to its score (None: empty).

    A string (something typed that is no number) is written quoted, as it was typed, for ``check``
    to judge; it is never a score.

    Raise UsageError (Swedish, naming ``name``) when a score cannot be written over one scalar
    without changing anything else, e.g. a value written over several lines or behind an alias.
    """
    nodes = _score_nodes(text, name)
    edits, added = [], []
    for qid, value in values.items():
        new = "" if value is None else json.dumps(value, ensure_ascii=False) if isinstance(value, str) \
            else number_text(value)
        node = nodes.get(qid)
        if node is None:
            added.append(f'"{qid}":{" " + new if new else ""}')
            continue
        if node.start_mark.line != node.end_mark.line or node.style not in (None, '"', "'"):
            raise UsageError(f"{name}: poängen för {qid} står på flera rader eller i en form som inte kan ändras "
                             f"här (rad {node.start_mark.line + 1}): skriv den som \"{qid}\": <poäng>")
        start, end = node.start_mark.index, node.end_mark.index
        if start == end and new and text[start - 1:start] == ":":
            new = " " + new  # an empty value right after the colon
        if not new and text[end:end + 1] in ("\n", ""):
            while start and text[start - 1] in " \t":  # no blank left at the end of the line
                start -= 1
        edits.append((start, end, new))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if added:
        text = text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(added) + "\n"
    _confirm(text, values, name)
    return text


def _score_nodes(text: str, name: str) -> dict[str, yaml.ScalarNode]:
    """Return question id -> its value's scalar node in the scores.yaml ``text``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise UsageError(f"{name} kan inte läsas som YAML ({exc.__class__.__name__}): rätta filen först "
                         "(kompass check visar var)") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise UsageError(f"{name} ska ge poäng per fråga, en rad per fråga, t.ex. \"1.1\": 12: rätta filen först")
    return {str(key.value): value for key, value in root.value if isinstance(value, yaml.ScalarNode)}


def _confirm(text: str, values: dict[str, Decimal | None], name: str) -> None:
    """Raise UsageError unless ``text`` reads back with exactly ``values`` for their questions."""
    try:
        nodes = _score_nodes(text, name)
    except UsageError:
        nodes = {}
    if any(qid not in nodes or (nodes[qid].value if isinstance(value, str) else _decimal(nodes[qid])) != value
           for qid, value in values.items()):
        raise UsageError(f"{name}: poängen kan inte sättas utan att filens innehåll ändras: skriv varje poäng "
                         "på samma rad som sitt frågenummer (\"1.1\": 5), utan ankare och alias")


def _decimal(node: yaml.ScalarNode) -> Decimal | None:
    if node.style is not None and not node.value:
        return Decimal("NaN")  # "" written out: not a score, not empty
    if node.tag.endswith(":null") or (node.style is None and node.value in ("", "~", "null", "Null", "NULL")):
        return None
    try:
        return Decimal(node.value)
    except InvalidOperation:
        return Decimal("NaN")
