"""Read YAML files while remembering the line of every key, so problems can name their line.

The parsing is ``yamlparse``, imported (with PyYAML) when the first file is parsed: a command whose
inputs are remembered (``builder/readcache``) parses none, and imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problems
from ..safeio import Refused, read_text
from .textcheck import check_values

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


def read_yaml(path: Path, problems: Problems, root: Path | None = None) -> YamlSource | None:
    """Return the parsed file, or None after adding a problem if it cannot be read or parsed.

    The file must be a regular file inside ``root`` (default: its own folder); see safeio.
    """
    try:
        text = read_text(path, path.parent if root is None else root)
    except Refused as exc:
        problems.error(path, str(exc))
        return None
    except FileNotFoundError:
        problems.error(path, "filen saknas")
        return None
    except UnicodeDecodeError as exc:
        problems.error(path, f"är inte UTF-8-text (byte {exc.start + 1}): spara filen som UTF-8",
                       exc.object[:exc.start].count(b"\n") + 1)
        return None
    return parse_yaml(path, text, problems)


def parse_yaml(path: Path, text: str, problems: Problems) -> YamlSource | None:
    """Return ``text`` parsed as YAML with its key lines, or None after adding a problem (``yamlparse.parse``)."""
    from .yamlparse import parse

    parsed = parse(path, text, problems)
    if parsed is None:
        return None
    source = YamlSource(path, *parsed)
    return source if check_values(source.data, path, source.line_of, problems) else None
