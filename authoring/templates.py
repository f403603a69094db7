"""Report wording and style data from ``templates/``: loaded once, filled by name."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it (the wheels are): a tenth of the pure-Python time
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TEMPLATES_ENV = "KOMPASS_TEMPLATES"


def templates_dir() -> Path:
    """Return the template folder: ``$KOMPASS_TEMPLATES`` if set, else the installed package data.

    The repository keeps the templates at the top level (``templates/``); an install maps that
    folder to the package ``authoring.template_data``, so both are found the same way.
    """
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        return Path(override).resolve()
    try:
        return Path(str(resources.files("authoring.template_data"))).resolve()
    except ModuleNotFoundError:  # run from a source tree that was never installed
        return Path(__file__).resolve().parent.parent / "templates"


TEMPLATES_DIR = templates_dir()
REFERENCE_DOCX = TEMPLATES_DIR / "reference.docx"


@cache
def report_texts() -> dict[str, Any]:
    """Return the headings and sentence patterns of ``templates/report.yaml``."""
    return _load("report.yaml")


@cache
def style() -> dict[str, Any]:
    """Return the colours and page style of ``templates/style.yaml``."""
    return _load("style.yaml")


def _load(name: str) -> dict[str, Any]:
    with open(TEMPLATES_DIR / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=FAST_LOADER)


@cache
def font_dir() -> Path:
    """Return the folder of the TrueType files that ``style.yaml`` names (``fonts``): those matplotlib
    ships, found without importing matplotlib, which a build whose charts are all cached never loads."""
    from importlib.util import find_spec

    return Path(find_spec("matplotlib").submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def fill(pattern: str, **values: object) -> str:
    """Return ``pattern`` with its ``{name}`` placeholders replaced by ``values``."""
    return pattern.format_map(values)


def colour(name: str) -> str:
    """Return the hex colour called ``name`` in the style data."""
    return style()["colours"][name]
