"""Read YAML files while remembering the line of every key, so problems can name their line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems, key_path

KeyPath = tuple[str, ...]


@dataclass
class YamlSource:
    """The data of one YAML file and the line (1-based) where each key path starts."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, keys: tuple) -> int | None:
        """Return the line of ``keys``, or of its nearest ancestor that has one."""
        path = tuple(str(k) for k in keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def read_yaml(path: Path, problems: Problems) -> YamlSource | None:
    """Return the parsed file, or None after adding a problem if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.error(path, "filen saknas")
        return None
    except UnicodeDecodeError as exc:
        problems.error(path, f"är inte UTF-8-text (byte {exc.start + 1}): spara filen som UTF-8")
        return None
    return parse_yaml(path, text, problems)


def parse_yaml(path: Path, text: str, problems: Problems) -> YamlSource | None:
    """Return ``text`` parsed as YAML with its key lines, or None after adding a problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        problems.error(path, f"är inte giltig YAML ({reason}): rätta raden, t.ex. en glömd hakparentes, "
                       "ett kolon eller en indragning", line)
        return None
    source = YamlSource(path, {} if data is None else data)
    if node is not None:
        _record_lines(node, (), source, problems)
    return source


def _record_lines(node: yaml.Node, path: KeyPath, source: YamlSource, problems: Problems) -> None:
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.error(source.path, "nyckeln finns två gånger: behåll en", line, key_path(path + (key,)))
            seen.add(key)
            source.lines[path + (key,)] = line
            _record_lines(value_node, path + (key,), source, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (str(index),), source, problems)
