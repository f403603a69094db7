"""The scores.yaml files an import edits: each edited line by line, so its comments survive, and
all of them written or none (``safeio.replace_all``), each keeping its permissions.
"""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import UsageError
from ..problems import Problems
from ..safeio import Refused, output_errors, read_text, replace_all, temporary
from ..source.yamlsource import parse_yaml


def new_text(scores_file: Path, values: dict[str, Decimal]) -> str:
    """Return ``scores_file`` with ``values`` set, keeping every comment and line that is not a changed score."""
    lines = _read_scores_text(scores_file).splitlines()
    remaining = dict(values)
    for index, line in enumerate(lines):
        match = re.match(r"""^(\s*["']?(\d+\.\d+)["']?\s*:)[ \t]*([^#]*?)([ \t]*#.*)?$""", line)
        if match and match.group(2) in remaining:
            value = _number(remaining.pop(match.group(2)))
            comment = match.group(4) or ""
            if comment and not comment[0].isspace():
                comment = f"  {comment}"
            lines[index] = f"{match.group(1)} {value}{comment or ''}"
    lines += [f'"{qid}": {_number(value)}' for qid, value in remaining.items()]
    text = "\n".join(lines) + "\n"
    parsed = parse_yaml(scores_file, text, Problems())
    data = parsed.data if parsed is not None else None
    if not isinstance(data, dict) or any(_decimal(data.get(qid)) != value for qid, value in values.items()):
        raise UsageError(f"{scores_file}: poängen kan inte sättas utan att filens innehåll ändras: skriv varje "
                         "poäng på samma rad som sitt frågenummer (\"1.1\": 5), utan ankare och alias, och kör "
                         "kommandot igen")
    return text


def current_scores(scores_file: Path) -> dict[str, Decimal | None]:
    """Return the scores ``scores_file`` holds now, by question id."""
    parsed = parse_yaml(scores_file, _read_scores_text(scores_file), Problems())
    data = parsed.data if parsed is not None and isinstance(parsed.data, dict) else {}
    return {str(qid): None if value is None else _decimal(value) for qid, value in data.items()}


def shown(value: Decimal) -> str:
    """Return ``value`` as the evaluator reads a score: ``4,5``, ``12``."""
    return _number(value).replace(".", ",")


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _read_scores_text(scores_file: Path) -> str:
    """Return the text of ``scores_file`` (empty if missing); it must be a regular file in its folder."""
    try:
        return read_text(scores_file, scores_file.parent)
    except FileNotFoundError:
        return ""
    except Refused as exc:
        raise UsageError(f"{scores_file} {exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{scores_file} är inte UTF-8-text (byte {exc.start}): spara den som UTF-8") from None


def _mode(scores_file: Path) -> int | None:
    """Return the permissions of ``scores_file`` (of its target if a symlink), None if it does not exist."""
    try:
        return stat.S_IMODE(os.stat(scores_file.resolve()).st_mode)
    except FileNotFoundError:
        return None


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def write_all(texts: dict[Path, str]) -> None:
    """Write every scores.yaml of ``texts`` or none (``safeio.replace_all``), each keeping its permissions."""
    moves: list[tuple[Path, Path]] = []
    modes: dict[Path, int] = {}
    try:
        for scores_file, text in texts.items():
            dest = scores_file.resolve()
            with output_errors(dest):
                tmp = temporary(dest.parent)
                moves.append((tmp, dest))
                tmp.write_text(text, encoding="utf-8")
            mode = _mode(scores_file)
            if mode is not None:
                modes[dest] = mode
        with output_errors(moves[0][1] if moves else Path(".")):
            replace_all(moves, modes=modes)
    finally:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)
