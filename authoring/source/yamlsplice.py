"""New values for top-level keys of a YAML file (evaluation.yaml), written into its text, touching nothing else.

A changed scalar is written over its characters alone (found with PyYAML's node marks, as
``scorefile`` does for scores), so its comment and every other line stay byte for byte. A changed
list or mapping (authors, Kortfakta, publication), or a scalar that becomes one, replaces the lines
of that key alone, from its key to its last value, with the key written anew; comments between its
items go, the comments after it stay. A key the file lacks is added at its end; a value set to
None leaves the key with no value (``key:``), which the file's schema reads as "not given".
"""

from __future__ import annotations

import json

import yaml

from ..errors import UsageError


def with_values(text: str, values: dict[str, object], name: str = "evaluation.yaml") -> str:
    """Return ``text`` with each top-level key of ``values`` set to its value (str, int, None, list, dict)."""
    root = _root(text, name)
    nodes = {str(key.value): (key, value) for key, value in root.value} if root is not None else {}
    edits, added = [], []
    for key, value in values.items():
        found = nodes.get(key)
        if found is None:
            added.append(_block(key, value))
        elif _is_scalar(value) and isinstance(found[1], yaml.ScalarNode) and _one_line(found[1]):
            edits.append(_over_scalar(text, found[1], value))
        else:
            edits.append(_over_block(text, found[0], found[1], key, value))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if added:
        text = text + ("" if not text or text.endswith("\n") else "\n") + "".join(added)
    return text


def _root(text: str, name: str) -> yaml.MappingNode | None:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise UsageError(f"{name} kan inte läsas som YAML ({exc.__class__.__name__}): rätta filen först "
                         "(kompass check visar var)") from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise UsageError(f"{name} ska vara en lista med nycklar (framework:, municipality: …): rätta filen först")
    return root


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float))


def _one_line(node: yaml.ScalarNode) -> bool:
    return node.start_mark.line == node.end_mark.line and node.style in (None, '"', "'")


def scalar_text(value: object) -> str:
    """Return ``value`` as written after a key: strings always quoted (so "2010" or "2012-11" stay text)."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _over_scalar(text: str, node: yaml.ScalarNode, value: object) -> tuple[int, int, str]:
    start, end, new = node.start_mark.index, node.end_mark.index, scalar_text(value)
    if start == end and new and text[start - 1:start] == ":":
        new = " " + new  # an empty value right after the colon
    if not new and text[end:end + 1] in ("\n", ""):
        while start and text[start - 1] in " \t":  # no blank left at the end of the line
            start -= 1
    return start, end, new


def _over_block(text: str, key: yaml.Node, node: yaml.Node, name: str, value: object) -> tuple[int, int, str]:
    """Replace the lines from ``key`` to the end of the line of ``node``'s last character with the key anew."""
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    end = _last_index(node)
    line_end = text.find("\n", end)
    end = len(text) if line_end < 0 else line_end + 1
    return start, end, _block(name, value)


def _last_index(node: yaml.Node) -> int:
    """Return the index just after the last character that belongs to ``node`` (not the next key's indentation)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _last_index(last[1] if isinstance(last, tuple) else last)


def _block(key: str, value: object) -> str:
    if _is_scalar(value):
        new = scalar_text(value)
        return f"{key}:{' ' + new if new else ''}\n"
    if isinstance(value, (list, tuple)) and all(_is_scalar(item) for item in value):
        return f"{key}: [{', '.join(scalar_text(item) for item in value)}]\n"  # e.g. evaluated: [first, last]
    lines = _lines(value, "  ")
    if lines is None:  # deeper than the forms write: PyYAML's own block style
        return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    return f"{key}:\n" + "".join(line + "\n" for line in lines)


def _lines(value: object, indent: str) -> list[str] | None:
    """Return a mapping, or a list of flat mappings, as the files are written by hand: two spaces
    in, ``- `` before each item, strings quoted; None for anything nested deeper."""
    if isinstance(value, dict) and all(_is_scalar(item) or _flow(item) is not None for item in value.values()):
        return [f"{indent}{name}:{' ' + _inline(item) if item is not None else ''}" for name, item in value.items()]
    if isinstance(value, (list, tuple)) and all(isinstance(item, dict) for item in value):
        lines = []
        for item in value:
            inner = _lines(item, indent + "  ")
            if inner is None or not inner:
                return None
            lines += [indent + "- " + inner[0].lstrip(), *inner[1:]]
        return lines
    return None


def _inline(value: object) -> str:
    return scalar_text(value) if _is_scalar(value) else _flow(value)


def _flow(value: object) -> str | None:
    """Return a list or mapping of scalars on one line (``[2010, 2012]``, ``{1: 51.2, 2: 40}``; a None
    in a mapping is left out), None for anything else."""
    if isinstance(value, (list, tuple)) and all(_is_scalar(item) for item in value):
        return "[" + ", ".join(scalar_text(item) for item in value) + "]"
    if isinstance(value, dict) and all(_is_scalar(item) for item in value.values()):
        return "{" + ", ".join(f"{name}: {scalar_text(item)}" for name, item in value.items() if item is not None) + "}"
    return None
