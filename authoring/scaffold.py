"""Create a complete draft evaluation folder for ``kompass new``."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .errors import UsageError
from .evaluation import EVALUATION_FILE, NOTES_DIR, SCORES_FILE
from .framework import Area, Framework
from .notes import LIST_HEADINGS


def slug(municipality: str, year: int) -> str:
    """Return the folder name of an evaluation, e.g. ``ostersund-2015``."""
    ascii_name = unicodedata.normalize("NFKD", municipality).encode("ascii", "ignore").decode()
    return f"{re.sub(r'[^a-z0-9]+', '-', ascii_name.lower()).strip('-')}-{year}"


def create(inputs: Path, municipality: str, year: int, framework: Framework) -> Path:
    """Write a draft evaluation folder under ``inputs`` and return its path."""
    folder = inputs / slug(municipality, year)
    if folder.exists():
        raise UsageError(f"{folder} already exists: choose another name or remove it")
    (folder / NOTES_DIR).mkdir(parents=True)
    (folder / EVALUATION_FILE).write_text(_evaluation_yaml(municipality, year, framework), encoding="utf-8")
    (folder / SCORES_FILE).write_text(_scores_yaml(framework), encoding="utf-8")
    for area in framework.areas:
        (folder / NOTES_DIR / f"area-{area.number}.md").write_text(_area_notes(area), encoding="utf-8")
    return folder


def _evaluation_yaml(municipality: str, year: int, framework: Framework) -> str:
    data = {"framework": framework.version, "municipality": municipality, "year": year,
            "evaluated": f"{year}-01", "interviewees": 20}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return (f"# Evaluation of {municipality} {year}; the format is described in docs/input-format.md.\n"
            "# Correct 'evaluated' (YYYY-MM, a date, or [first-day, last-day]) and 'interviewees'.\n"
            f"{body}"
            f"# inhabitants_genitive: {municipality}bornas\n"
            "# earlier_evaluations:\n#   - year: 2008\n"
            "# authors:\n#   - name: \n#     organisation: \n"
            "# kortfakta:\n#   - label: Folkmängd\n#     value: \"\"\n")


def _scores_yaml(framework: Framework) -> str:
    lines = ["# Scores per question (fractions allowed). Leave empty while not yet scored.",
             "# Area totals and the grand total are computed: never type them."]
    for area in framework.areas:
        lines.append(f"\n# Område {area.number} {area.title}")
        lines += [f"\"{q.id}\":   # max {q.max}: {q.text}" for q in area.questions]
    return "\n".join(lines) + "\n"


def _area_notes(area: Area) -> str:
    rubriker = "\n".join(f"     - {r}" for r in area.rubriker)
    lists = "\n\n".join(f"## {h}\n" for h in LIST_HEADINGS[:2])
    return (f"<!-- Område {area.number} {area.title}.\n"
            f"     Write one '## ' section per subject, e.g. following the Rubriker:\n{rubriker}\n"
            "     Then list the strengths and improvements as '- ' items below. -->\n\n"
            f"{lists}")
