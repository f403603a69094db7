"""Where an evaluation's framework ``<version>.yaml`` is found: beside it, beside its campaign, or in the templates.

The folders searched, first first: the evaluation's own folder (the file beside ``evaluation.yaml``),
its campaign's folder (the nearest folder, from the evaluation's own upwards, that holds
``kampanj.yaml``: the file beside it), ``$KOMPASS_TEMPLATES/frameworks`` when that is set, and the
package's ``templates/frameworks``. A coordinator adds a revision to a campaign by writing its file
beside ``kampanj.yaml`` (``kompass framework import``); no code and no installed file changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..templates import PACKAGE_TEMPLATES_DIR, TEMPLATES_DIR

CAMPAIGN_FILE = "kampanj.yaml"  # an evaluation's campaign, in its folder or a parent (builder/campaign.py)
FRAMEWORK_DIR = TEMPLATES_DIR / "frameworks"  # $KOMPASS_TEMPLATES's, else the package's
VERSION = re.compile(r"[0-9]{4}")


def package_frameworks() -> Path:
    """Return the frameworks installed with the package, whatever ``$KOMPASS_TEMPLATES`` says."""
    return PACKAGE_TEMPLATES_DIR / "frameworks"


def campaign_folder(folder: Path) -> Path | None:
    """Return the nearest folder holding ``kampanj.yaml``: ``folder`` itself or a parent; None if none does."""
    resolved = folder.resolve()
    return next((d for d in (resolved, *resolved.parents) if (d / CAMPAIGN_FILE).is_file()), None)


def framework_folders(near: Path | None = None) -> list[Path]:
    """Return the folders searched for a framework, first first; ``near``: an evaluation's folder."""
    local = []
    if near is not None:
        local.append(near.resolve())
        campaign = campaign_folder(near)
        if campaign is not None:
            local.append(campaign)
    return list(dict.fromkeys([*local, FRAMEWORK_DIR.resolve(), package_frameworks()]))


def versions_in(folder: Path) -> list[str]:
    """Return the versions of the framework files in ``folder`` (``<four digits>.yaml``)."""
    try:
        return [p.stem for p in folder.glob("*.yaml") if VERSION.fullmatch(p.stem) and p.is_file()]
    except OSError:
        return []
