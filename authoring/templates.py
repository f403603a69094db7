"""Report wording and style data from ``templates/``: loaded once, filled by name."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


TEMPLATES_ENV = "KOMPASS_TEMPLATES"


def fast_loader():
    """Return libyaml's safe loader when PyYAML was built with it (the wheels are: a tenth of the
    pure-Python time), else PyYAML's own; PyYAML is imported with the first YAML read."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_load(handle):
    import yaml

    return yaml.load(handle, Loader=fast_loader())


def templates_dir() -> Path:
    """Return the template folder: ``$KOMPASS_TEMPLATES`` if set, else the installed package data.

    The repository keeps the templates at the top level (``templates/``); an install maps that
    folder to the package ``authoring.template_data``, so both are found the same way.
    """
    override = os.environ.get(TEMPLATES_ENV)
    return Path(override).resolve() if override else package_templates_dir()


def package_templates_dir() -> Path:
    """Return the package's own template folder, whatever ``$KOMPASS_TEMPLATES`` says."""
    try:
        return Path(str(resources.files("authoring.template_data"))).resolve()
    except ModuleNotFoundError:  # run from a source tree that was never installed
        return Path(__file__).resolve().parent.parent / "templates"


TEMPLATES_DIR = templates_dir()
PACKAGE_TEMPLATES_DIR = package_templates_dir()
REFERENCE_DOCX = TEMPLATES_DIR / "reference.docx"


@cache
def report_texts() -> dict[str, Any]:
    """Return the wording and house style of the package's ``templates/report.yaml``, with the entries
    of ``$KOMPASS_TEMPLATES/report.yaml`` over it when that folder holds one (source/housestyle.py)."""
    with open(PACKAGE_TEMPLATES_DIR / "report.yaml", encoding="utf-8") as handle:
        data = _yaml_load(handle)
    own = TEMPLATES_DIR / "report.yaml"
    if TEMPLATES_DIR != PACKAGE_TEMPLATES_DIR and own.is_file():
        with open(own, encoding="utf-8") as handle:
            data = merged(data, _yaml_load(handle) or {})
    return data


def merged(base: Any, change: Any) -> Any:
    """Return ``base`` with the entries of ``change`` over it: mappings merged key by key, the rest replaced."""
    if isinstance(base, dict) and isinstance(change, dict):
        return {**base, **{key: merged(base.get(key), value) for key, value in change.items()}}
    return change


@cache
def style() -> dict[str, Any]:
    """Return the colours and page style of ``templates/style.yaml``."""
    return _load("style.yaml")


def _load(name: str) -> dict[str, Any]:
    with open(TEMPLATES_DIR / name, encoding="utf-8") as handle:
        return _yaml_load(handle)


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
