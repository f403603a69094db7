"""The framework commands' files: a criteria workbook made into ``<version>.yaml``, a framework into a
workbook, and a framework file (YAML or workbook) checked.

Nothing is written from a workbook with a problem; a file is written complete under a temporary
name and then moved into place (``safeio``), so no half-written file is ever left. Whether an
existing file may be replaced is the command's question to ask (``plan_import`` says where it would
write); ``write_file`` replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import UsageError
from ..safeio import output_errors, publish, temporary
from ..source.framework import Framework, find_framework, load_framework_file, named_framework
from ..source.framework_lookup import CAMPAIGN_FILE, package_frameworks
from .criteria import read_criteria
from .criteria_export import criteria_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
EVALUATION_FILE = "evaluation.yaml"


@dataclass(frozen=True)
class Planned:
    """A framework read from a workbook, the file it becomes and that file's text."""

    framework: Framework
    dest: Path
    text: str

    @property
    def notes(self) -> list[str]:
        """Return what the coordinator should know before the file is written (Swedish)."""
        folder = self.dest.parent
        found = []
        if not (folder / CAMPAIGN_FILE).is_file() and not (folder / EVALUATION_FILE).is_file():
            found.append(f"obs: {folder} har ingen {CAMPAIGN_FILE} eller {EVALUATION_FILE}: en utvärdering hittar "
                         "ramverket bara i sin egen mapp eller bredvid sin kampanjs kampanj.yaml")
        if (package_frameworks() / self.dest.name).is_file():
            found.append(f"obs: Kompass har ett eget ramverk {self.framework.version}; utvärderingarna här använder "
                         f"i stället {self.dest}")
        return found


def plan_import(sheet: Path, folder: Path) -> Planned:
    """Return the framework of the criteria workbook ``sheet`` and the file ``folder/<version>.yaml`` it
    becomes; raise InputError with every problem of the workbook, UsageError for an unusable folder."""
    _workbook(sheet)
    if not folder.exists():
        raise UsageError(f"{folder} finns inte: ange mappen där ramverket ska ligga, mappen med kampanj.yaml (eller en "
                         "utvärderingsmapp), eller skapa den först")
    if not folder.is_dir():
        raise UsageError(f"{folder} är ingen mapp: ange mappen där ramverket ska ligga, t.ex. mappen med kampanj.yaml")
    framework = read_criteria(sheet)
    return Planned(framework, folder / f"{framework.version}.yaml", framework_yaml(framework, sheet.name))


def export_workbook(version: str, near: Path | None = None) -> bytes:
    """Return the criteria workbook of framework ``version`` as the folder ``near`` finds it, or of the
    framework file ``version`` names (a path ending in .yaml)."""
    return criteria_workbook(named_framework(version, near))


def check_file(path: Path) -> Framework:
    """Return the framework in ``path``: a framework file (.yaml) or a criteria workbook (.xlsx);
    raise InputError with every problem."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_criteria(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{path}: ange ett ramverks fil (.yaml) eller en arbetsbok med kriterier (.xlsx)")
    if not path.is_file():
        raise UsageError(f"{path} finns inte")
    return load_framework_file(path)


def framework_file(version: str, near: Path | None = None) -> Path:
    """Return the file of framework ``version`` as the folder ``near`` finds it."""
    return find_framework(version, near)


def write_file(dest: Path, content: str | bytes) -> None:
    """Write ``content`` to ``dest`` complete or not at all, replacing any file there."""
    with output_errors(dest):
        tmp = temporary(dest.parent)
        try:
            if isinstance(content, str):
                tmp.write_text(content, encoding="utf-8")
            else:
                tmp.write_bytes(content)
            publish(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)


def framework_yaml(framework: Framework, origin: str) -> str:
    """Return ``framework`` as a framework file: as templates/frameworks/2010.yaml is written, the
    texts of several lines as literal blocks; ``origin`` names the workbook in its first comment."""
    header = (f"# {framework.name}: ramverket {framework.version}, inläst med kompass framework import från {origin}.\n"
              "# Ändra helst i arbetsboken och läs in den igen; kontrollera filen med kompass framework check.\n"
              "# Formatet: kompass hjälp ramverk (docs/framework-format.md).\n")
    return header + yaml.dump(_data(framework), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=1_000_000, default_flow_style=False)


def _data(framework: Framework) -> dict:
    """Return the framework's data as its file holds it: optional values left out when not given."""
    data = {"version": framework.version, "name": framework.name,
            "labels": {**framework.labels.model_dump(), "appendix_columns": list(framework.labels.appendix_columns)},
            "texts": framework.texts.model_dump()}
    if framework.perspectives:
        data["perspectives"] = [{"name": p.name, "areas": list(p.areas)} for p in framework.perspectives]
    data["areas"] = [_area(area) for area in framework.areas]
    return data


def _area(area) -> dict:
    entry = {"number": area.number, "title": area.title}
    if area.table_title:
        entry["table_title"] = area.table_title
    if area.rubriker != tuple(q.chapter_text or q.text for q in area.questions):
        entry["rubriker"] = list(area.rubriker)
    entry["general"] = area.general
    entry["questions"] = []
    for question in area.questions:
        item = {"id": question.id, "text": question.text, "max": _number(question.max)}
        if question.chapter_text:
            item["chapter_text"] = question.chapter_text
        entry["questions"].append(item)
    return entry


def _number(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _workbook(sheet: Path) -> None:
    if sheet.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise UsageError(f"{sheet}: ange en arbetsbok med kriterier (.xlsx)")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper with a text of several lines as a literal block (``|``)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    """A list of numbers (a perspective's areas) on one line, ``[1, 2]``; any other a block list."""
    numbers = bool(value) and all(isinstance(item, int) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=numbers)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)
