"""Parse YAML text into its data and the line of every key path (for ``yamlsource.YamlSource``),
refusing what could harm (anchors, aliases, deep nesting) before anything is built from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..problems import Problems, key_path
from ..templates import fast_loader
from .textcheck import MAX_YAML_DEPTH, check_file_text

KeyPath = tuple[str, ...]
Lines = dict[KeyPath, int]

# libyaml's parser first when PyYAML was built with it (the wheels are): a tenth of the pure-Python
# time, with the same nodes, events and marks, and the same Python constructor building the data. A
# file libyaml refuses is parsed again in pure Python, whose messages (and depth check) Kompass gives.
LOADERS = tuple(dict.fromkeys((fast_loader(), yaml.SafeLoader)))


def parse(path: Path, text: str, problems: Problems) -> tuple[Any, Lines] | None:
    """Return the data of ``text`` parsed as YAML and the line of each key path, or None after adding a problem.

    Anchors and aliases are refused (a few bytes of aliases can expand to gigabytes) and nesting
    is limited to ``MAX_YAML_DEPTH``, before anything is built from the text.
    """
    if not check_file_text(path, text, problems):
        return None
    for loader_class in LOADERS:
        try:
            if not _bounded(path, text, problems, loader_class):
                return None
            loader = loader_class(text)
            try:
                node = loader.get_single_node()
                data = _construct(loader, node, path, problems) if node is not None else None
            finally:
                loader.dispose()
            if node is not None and data is _UNREADABLE:
                return None
            break
        except yaml.YAMLError as exc:
            if loader_class is not yaml.SafeLoader:
                continue  # the pure-Python parser says why, in its words and with its own depth check
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            problems.error(path, f"är inte giltig YAML ({yaml_reason(exc)}): rätta raden, t.ex. en glömd "
                           "hakparentes, ett kolon eller en indragning", line)
            return None
    lines: Lines = {}
    if node is not None:
        _record_lines(node, (), lines, path, problems)
    return {} if data is None else data, lines


_UNREADABLE = object()


def _construct(loader, node: yaml.Node, path: Path, problems: Problems) -> Any:
    """Return the data of ``node``, or _UNREADABLE after naming the line of a value that has none.

    YAML can write values that do not exist, e.g. the date ``2001-13-45``; PyYAML then raises
    ValueError and friends rather than a YAMLError.
    """
    try:
        return loader.construct_document(node)
    except (ValueError, TypeError, OverflowError, ArithmeticError):
        pass
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(current)
            except (ValueError, TypeError, OverflowError, ArithmeticError, yaml.YAMLError):
                problems.error(path, f"värdet {current.value!r} kan inte läsas (t.ex. ett datum som inte finns): "
                               "rätta det eller skriv det inom citattecken", current.start_mark.line + 1)
                return _UNREADABLE
        elif isinstance(current, yaml.MappingNode):
            stack += [n for pair in reversed(current.value) for n in reversed(pair)]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(reversed(current.value))
    problems.error(path, "innehåller ett värde som inte kan läsas: kontrollera filen", node.start_mark.line + 1)
    return _UNREADABLE


def _bounded(path: Path, text: str, problems: Problems, loader_class=yaml.SafeLoader) -> bool:
    """Return True if ``text`` has no anchors or aliases and nests at most MAX_YAML_DEPTH deep."""
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.error(path, "YAML-ankare och alias (&namn, *namn) stöds inte: skriv ut värdet på varje ställe", line)
            return False
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                problems.error(path, f"är nästlad för djupt (mer än {MAX_YAML_DEPTH} nivåer): förenkla strukturen", line)
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return True


def _record_lines(node: yaml.Node, path: KeyPath, lines: Lines, file: Path, problems: Problems) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            _check_numeric_key(key_node, path + (key,), file, problems)
            if key in seen:
                problems.error(file, "nyckeln finns två gånger: behåll en", line, key_path(path + (key,)))
            seen.add(key)
            lines[path + (key,)] = line
            _record_lines(value_node, path + (key,), lines, file, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (str(index),), lines, file, problems)


_NUMBER_TAGS = {"tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float}


def _check_numeric_key(key_node: yaml.Node, path: KeyPath, file: Path, problems: Problems) -> None:
    """Report an unquoted key that YAML reads as a different number, e.g. ``1.20`` read as 1.2."""
    kind = _NUMBER_TAGS.get(key_node.tag)
    if kind is None or not isinstance(key_node, yaml.ScalarNode):
        return
    try:
        value = kind(key_node.value.replace("_", ""))
    except ValueError:
        value = None
    if str(value) != key_node.value:
        shown = "ett tal" if value is None else f"talet {value}"
        problems.error(file, f"nyckeln {key_node.value} läses som {shown}: skriv den inom citattecken, "
                       f"\"{key_node.value}\"", key_node.start_mark.line + 1, ".".join(path))


# PyYAML's problems, in the evaluator's words (matched at the start of PyYAML's message).
YAML_REASONS = (
    ("mapping values are not allowed", "ett kolon där inget nytt värde får börja"),
    ("could not find expected ':'", "ett kolon saknas efter nyckeln"),
    ("expected <block end>", "indragningen stämmer inte med raderna ovanför"),
    ("did not find expected key", "indragningen stämmer inte med raderna ovanför"),
    ("did not find expected '-'", "ett '-' saknas framför nästa punkt i listan"),
    ("did not find expected node content", "ett värde saknas"),
    ("expected the node content", "ett värde saknas"),
    ("expected ',' or ']'", "en ']' eller ett kommatecken saknas"),
    ("expected ',' or '}'", "en '}' eller ett kommatecken saknas"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde, t.ex. ett citattecken som inte stängs"),
    ("found unknown escape character", "ett okänt tecken efter '\\' i ett citat"),
    ("found character '\\t'", "en tabb: dra in med mellanslag"),
    ("found a tab character", "en tabb: dra in med mellanslag"),
    ("found character", "ett tecken som inte får börja ett värde"),
    ("found unacceptable character", "ett otillåtet tecken"),
    ("expected a comment or a line break", "text efter ett avslutat värde på samma rad"),
    ("expected alphabetic or numeric character", "ett otillåtet tecken efter '&' eller '*'"),
    ("found undefined alias", "en okänd hänvisning ('*')"),
    ("found unexpected ':'", "ett kolon där inget nytt värde får börja"),
    ("expected ' '", "ett mellanslag saknas"),
)


def yaml_reason(exc: yaml.YAMLError) -> str:
    """Return why PyYAML could not read the text, in Swedish (its own message is English)."""
    problem = str(getattr(exc, "problem", None) or "")
    for start, reason in YAML_REASONS:
        if problem.startswith(start):
            return reason
    return "ett skrivfel i YAML-syntaxen"
