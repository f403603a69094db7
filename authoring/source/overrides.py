"""Per-report wording: an evaluation overrides framework texts and report wording by name.

Every text that a report prints from the templates has a name, its path in the file that holds
its default: ``texts.what_is`` or ``areas.3.general`` in ``templates/frameworks/<version>.yaml``,
``headings.evaluation`` or ``sentences.total`` in ``templates/report.yaml`` (list entries are
numbered from 1: ``labels.appendix_columns.2``). The names come from the data (``text_names``),
so a new text in a template can be overridden without code. An evaluation gives an override in
``evaluation.yaml`` under ``texts:`` or as the file ``notes/texts/<name>.md``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from string import Formatter
from typing import Any

from .framework import PLACEHOLDERS, Framework
from ..problems import Problems
from ..safeio import Refused, read_text
from ..templates import report_texts
from .textcheck import check_file_text

TEXTS_DIR = Path("notes") / "texts"
# Framework leaves that identify rather than word something.
NOT_TEXTS = {"version", "id"}
# Sections of report.yaml that are the house style, not wording (source/housestyle.py).
HOUSE_STYLE_SECTIONS = ("layout", "numbers")
# Headings that head a part a house style can leave out, with that part: left out, the heading may be empty.
HEADED = {"headings.evaluation": ("summary", "evaluation"), "headings.results": ("summary", "results"),
          "headings.comparisons": ("summary", "comparisons"), "labels.general_heading": ("area", "general_heading"),
          "chapters.what_is": ("chapters", "what_is"), "chapters.appendix": ("chapters", "appendix"),
          "contents": ("contents", "show"), "captions.area_table": ("area_table", "caption")}
# Report sentences filled with every name a standard text may use (compose's Context.names).
NAMED = {"sentences.evaluation", "sentences.total", "sentences.appendix_total", "sentences.profile"}
# Framework texts written as Markdown blocks (the others are single lines).
MARKDOWN = ("texts.", "areas.")


def text_names(framework: Framework) -> dict[str, str]:
    """Return every overridable name with its default text: the framework's, then the report's."""
    names = _flatten(framework.model_dump(mode="json"))
    names = {name: value for name, value in names.items() if name.rsplit(".", 1)[-1] not in NOT_TEXTS}
    return names | report_names()


def report_names() -> dict[str, str]:
    """Return the report's own text names with their defaults: report.yaml without its house style sections."""
    return {name: value for name, value in _flatten(report_texts()).items()
            if name.split(".", 1)[0] not in HOUSE_STYLE_SECTIONS}


def check_report_text(name: str, value: Any, file: Path, line: int | None, problems: Problems,
                      optional: frozenset[str] = frozenset()) -> bool:
    """Return True if ``value`` may replace the report text ``name`` (a house style file's wording);
    the headings named ``optional`` head parts that are left out, and may be empty."""
    if not isinstance(value, str):
        problems.error(file, f"{name}: måste vara text (angivet: {value!r})", line)
        return False
    return _check(name, value, report_names(), file, line, problems, optional)


def apply(framework: Framework, texts: dict[str, str],
          report_data: dict[str, Any] | None = None) -> tuple[Framework, dict[str, Any]]:
    """Return the framework and the report wording (``report_data``, by default the package's) with the
    (checked) overrides ``texts`` applied."""
    framework_data = framework.model_dump(mode="json")
    report_data = report_texts() if report_data is None else report_data
    framework_names = set(_flatten(framework_data))
    for name, value in texts.items():
        if name in framework_names:
            framework_data = _set(framework_data, name.split("."), value)
        else:
            report_data = _set(report_data, name.split("."), value)
    return Framework.model_validate(framework_data), report_data


def read_overrides(folder: Path, given: dict[str, str], lines: dict[str, int | None], source: Path,
                   framework: Framework, problems: Problems, optional: frozenset[str] = frozenset()) -> dict[str, str]:
    """Return the checked overrides of ``evaluation.yaml``'s ``texts:`` (``given``, with their ``lines``)
    and of the files in ``notes/texts/``; add a problem for each unknown name or unusable text."""
    known = text_names(framework)
    found: dict[str, str] = {}
    for name, value in given.items():
        if _check(name, value, known, source, lines.get(name), problems, optional):
            found[name] = value
    directory = folder / TEXTS_DIR
    for path in sorted(directory.glob("*")) if directory.is_dir() else ():
        name = path.name.removesuffix(".md")
        if not path.name.endswith(".md"):
            problems.error(path, f"en text läses bara ur en fil som slutar på .md, t.ex. {name}.md: byt namn")
            continue
        if name in given:
            problems.error(path, f"texten {name} ges också i {source} (rad {lines.get(name)}): behåll en av dem")
            continue
        value = _read(path, folder, problems)
        if value is not None and _check(name, value, known, path, None, problems, optional):
            found[name] = value
    return found


def _read(path: Path, folder: Path, problems: Problems) -> str | None:
    try:
        text = read_text(path, folder)
    except Refused as exc:
        problems.error(path, str(exc))
        return None
    except UnicodeDecodeError as exc:
        problems.error(path, f"är inte UTF-8-text (byte {exc.start + 1}): spara filen som UTF-8")
        return None
    return text.strip() if check_file_text(path, text, problems) else None


def _check(name: str, value: str, known: dict[str, str], file: Path, line: int | None, problems: Problems,
           optional: frozenset[str] = frozenset()) -> bool:
    """Return True if ``value`` may replace the text ``name``; otherwise add a problem saying why. A
    heading named in ``optional`` heads a part the house style leaves out: it may be empty."""
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"menar du {close[0]}? " if close else ""
        problems.error(file, f"okänt textnamn {name!r}: {hint}kompass texts listar alla namn", line)
        return False
    try:
        fields = [(field, spec, conversion) for _, field, spec, conversion in Formatter().parse(value)
                  if field is not None]
    except ValueError:
        problems.error(file, f"{name}: en ensam klammer ({{ eller }}): skriv {{{{ och }}}} för en klammer i texten",
                       line or _line_of(value, _LONE_BRACE.search(value)))
        return False
    formatted = next((field for field, spec, conversion in fields if spec or conversion), None)
    if formatted is not None:
        problems.error(file, f"{name}: platshållaren {{{formatted}}} har formatering (efter ':' eller '!'), som "
                       f"Kompass inte tar: skriv bara {{{formatted}}}; talen formateras som i resten av rapporten",
                       line or _line_of(value, re.search(r"\{" + re.escape(formatted) + r"[:!]", value)))
        return False
    used = {field for field, _, _ in fields}
    allowed = _placeholders(known[name]) | (PLACEHOLDERS if name.startswith(MARKDOWN) or name in NAMED else set())
    unknown = sorted(used - allowed)
    if unknown:
        offered = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "inga"
        problems.error(file, f"{name}: okänd platshållare {{{unknown[0]}}}; här finns: {offered}",
                       line or _line_of(value, re.search(r"\{" + re.escape(unknown[0]) + r"[}:!]", value)))
        return False
    if not value.strip() and HEADING.fullmatch(name) and name not in optional:
        part = f", eller lämna bort delen den är rubrik för ({'.'.join(HEADED[name])} i report.yaml)" \
            if name in HEADED else ""
        problems.error(file, f"{name}: en rubrik, etikett eller titel kan inte vara tom: ta bort raden (då gäller "
                       f"förvalet) eller skriv en text{part}", line or 1)
        return False
    if len(known[name]) <= SHORT and "\n" not in known[name] and len(value) > MAX_SHORT:
        problems.error(file, f"{name}: {len(value)} tecken; en rubrik, etikett eller titel får ha högst {MAX_SHORT} "
                       "(den ska rymmas i en tabellrubrik och i innehållsförteckningen): korta den", line or 1)
        return False
    if name.startswith(MARKDOWN):
        return _check_markdown(name, value, file, line, problems)
    return True


def _check_markdown(name: str, value: str, file: Path, line: int | None, problems: Problems) -> bool:
    """Return True if the Markdown ``value`` holds only what a standard text can print."""
    from .notes import parse_notes

    found = Problems()
    notes = parse_notes(file, value.replace("{", "(").replace("}", ")"), found)
    if notes.sections or notes.lists or any(type(b).__name__ == "Picture" for b in notes.intro):
        found.error(file, f"{name}: en standardtext består av stycken och listor, utan rubriker ('## ') och bilder")
    for problem in found:
        # A text in evaluation.yaml is reported at its key; a file's own lines are exact.
        problems.error(file, f"{name}: {problem.message}", line if line is not None else problem.line)
    return not found.errors


# Names whose text heads or labels something: empty, they would print an empty heading (an empty
# sentence or standard text is left out instead).
HEADING = re.compile(r"(title|subtitle|contents|name|(chapters|headings|labels|tables|colophon)\..+|draft\.todo_heading"
                     r"|areas\.\d+\.(title|table_title|rubriker\.\d+|questions\.\d+\.text))")
SHORT = 150  # a text whose default is one line this short is a heading, label or title ...
MAX_SHORT = 200  # ... and its own wording is at most this long
_LONE_BRACE = re.compile(r"(?<!\{)\{(?!\{)[^{}]*$|(?<!\})\}(?!\})|\{[^{}]*\{")


def _line_of(text: str, match) -> int | None:
    """Return the 1-based line of ``match`` in a text file's ``text`` (None if there is no match)."""
    return text.count("\n", 0, match.start()) + 1 if match else None


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field}


def _flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Return the string leaves of ``data`` by dotted path; list entries are numbered from 1."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = ((str(index), value) for index, value in enumerate(data, 1))
    else:
        return {prefix: data} if isinstance(data, str) else {}
    found: dict[str, str] = {}
    for key, value in items:
        found |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return found


def _set(data: Any, path: list[str], value: str) -> Any:
    """Return a copy of ``data`` with the leaf at ``path`` replaced by ``value``."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        index = int(head) - 1
        return [_set(item, rest, value) if i == index else item for i, item in enumerate(data)]
    return {key: _set(item, rest, value) if key == head else item for key, item in data.items()}
