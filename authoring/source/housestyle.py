"""The house style of a report: ``report.yaml`` found beside the evaluation, the campaign, then the package.

The package's ``templates/report.yaml`` holds every default: the report's wording, its parts and
their order (``layout``) and how points are shown (``numbers``). A file of the same name changes
the entries it gives and nothing else. They are read in this order, each over the one before:

1. the package's ``templates/report.yaml``;
2. ``$KOMPASS_TEMPLATES/report.yaml``, if that folder is set and holds one;
3. ``report.yaml`` beside the campaign's ``kampanj.yaml`` (the nearest folder, the evaluation's own or above it,
   that holds one);
4. ``report.yaml`` in the evaluation's folder.

Every file is validated on its own, so a message names the file and line that is wrong.
"""

from __future__ import annotations

import os
from pathlib import Path
from string import Formatter
from typing import Any

from ..problems import Problems
from ..templates import PACKAGE_TEMPLATES_DIR, TEMPLATES_DIR, TEMPLATES_ENV, merged, report_texts
from .framework_lookup import campaign_folder
from .overrides import HEADED, HOUSE_STYLE_SECTIONS as SECTIONS, check_report_text
from .validation import validate
from .yamlsource import YamlSource, read_yaml

HOUSE_STYLE_FILE = "report.yaml"

def house_style_files(folder: Path) -> list[Path]:
    """Return the report.yaml files that apply to the evaluation in ``folder``, the package's first."""
    files = [PACKAGE_TEMPLATES_DIR / HOUSE_STYLE_FILE]
    override = os.environ.get(TEMPLATES_ENV)
    if override and (Path(override) / HOUSE_STYLE_FILE).is_file():
        files.append(Path(override).resolve() / HOUSE_STYLE_FILE)
    for directory in (campaign_folder(folder), folder.resolve()):
        if directory is not None and (directory / HOUSE_STYLE_FILE).is_file():
            files.append(directory / HOUSE_STYLE_FILE)
    return list(dict.fromkeys(files))


def read_house_style(folder: Path, problems: Problems) -> dict[str, Any]:
    """Return the report data (wording, layout, numbers) for the evaluation in ``folder``.

    Each file beyond the package's is checked on its own; the problems name its lines.
    """
    data = report_texts()  # the package's, with $KOMPASS_TEMPLATES's over it
    sources = []
    for path in house_style_files(folder)[1:]:
        source = _read(path, folder.resolve(), problems)
        if source is not None:
            sources.append(source)
            if path.parent != TEMPLATES_DIR:
                data = merged(data, source.data)
    off = switched_off(data["layout"])
    for source in sources:
        _check_per_area(source, problems)
        for name, value, keys in _wording(source.data):
            check_report_text(name, value, source.path, source.line_of(keys), problems, off)
    return data


def switched_off(layout: dict[str, Any]) -> frozenset[str]:
    """Return the names of the headings whose part ``layout`` leaves out: they may be empty."""
    return frozenset(name for name, (section, part) in HEADED.items()
                     if part not in (layout[section] if isinstance(layout[section], list) else
                                     [key for key, shown in layout[section].items() if shown]))


def _read(path: Path, root: Path, problems: Problems) -> YamlSource | None:
    """Return one house style file with its structure checked (None if it has errors)."""
    found = Problems()
    source = read_yaml(path, found, root=root if path.is_relative_to(root) else path.parent)
    if source is not None and source.data is None:
        source.data = {}
    if source is not None and not isinstance(source.data, dict):
        found.error(path, "ska bestå av avsnitt med nycklar, som templates/report.yaml", 1)
    elif source is not None:
        from .housestyle_schema import HouseStyleFile  # late: only a house style file of one's own is validated

        validate(HouseStyleFile, source, found)
    problems.extend(found)
    return None if found.errors else source


def _check_per_area(source: YamlSource, problems: Problems) -> None:
    """Check the placeholders of each area's own heading and score sentence."""
    texts = report_texts()
    defaults = {"heading": texts["headings"]["area"], "score_sentence": texts["sentences"]["area_score"]}
    for number, wording in ((source.data.get("layout") or {}).get("per_area") or {}).items():
        for key, value in (wording or {}).items():
            if not isinstance(value, str):
                continue
            unknown = _fields(value) - _fields(defaults[key])
            if unknown:
                offered = ", ".join(f"{{{p}}}" for p in sorted(_fields(defaults[key])))
                problems.error(source.path, f"okänd platshållare {{{sorted(unknown)[0]}}}; här finns: {offered}",
                               source.line_of(("layout", "per_area", number, key)), f"per_area › {number} › {key}")


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name}
    except ValueError:
        return {"{"}


def _wording(data: dict, prefix: tuple = ()) -> list[tuple[str, Any, tuple]]:
    """Return every wording leaf of a house style file: (dotted name, value, key path)."""
    found = []
    for key, value in data.items():
        keys = (*prefix, key)
        if not prefix and key in SECTIONS:
            continue
        if isinstance(value, dict):
            found += _wording(value, keys)
        elif isinstance(value, list):
            found += [(".".join(map(str, (*keys, i))), item, keys) for i, item in enumerate(value, 1)]
        else:
            found.append((".".join(map(str, keys)), value, keys))
    return found
