"""The reference profile and the earlier evaluations on Uppgifter: evaluation.yaml's values as fields and back.

Area scores are shown with a decimal comma and read with either; an empty field is no value,
never 0. A file with several references (``references:``) keeps them in the file: the page says so.
"""

from __future__ import annotations

import re
from decimal import Decimal

AREAS = tuple(range(1, 9))
REFERENCE_KEYS = ("kind", "count", "period", "name", "year", "evaluation")
EARLIER_KEYS = ("year", "framework")


def score_shown(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


def score_value(typed: str) -> object:
    """Return a typed score as the file's number (``51,2`` → 51.2), or the text for check to refuse."""
    from .scoring import parsed

    number = parsed(typed)
    if not isinstance(number, Decimal):
        return number
    return int(number) if number == number.to_integral_value() else float(number)


def _number(typed: str) -> object:
    typed = typed.strip()
    return int(typed) if typed.isdigit() else (typed or None)


def reference_fields(data: dict) -> dict[str, str] | None:
    """Return the fields of the one reference (none given: empty fields); None with a list of references."""
    if data.get("references"):
        return None
    reference = data.get("reference") if isinstance(data.get("reference"), dict) else {}
    fields = {f"reference.{key}": "" if reference.get(key) is None else str(reference.get(key))
              for key in REFERENCE_KEYS}
    period = reference.get("period")
    fields["reference.period"] = "–".join(str(year) for year in period) if isinstance(period, list) else \
        fields["reference.period"]
    scores = reference.get("scores") if isinstance(reference.get("scores"), dict) else {}
    fields.update({f"reference.{area}": score_shown(scores.get(area)) for area in AREAS})
    return fields


def reference_value(posted: dict[str, str]) -> dict | None:
    """Return the reference the fields describe (None: no reference)."""
    kind = posted.get("reference.kind", "").strip()
    if not kind:
        return None
    value: dict[str, object] = {"kind": kind}
    for key in REFERENCE_KEYS[1:]:
        typed = posted.get(f"reference.{key}", "").strip()
        if not typed:
            continue
        if key == "period":
            years = re.split(r"\s*[–-]\s*", typed)
            value[key] = [_number(year) for year in years] if len(years) == 2 else typed
        else:
            value[key] = _number(typed) if key in ("count", "year") else typed
    scores = {area: score_value(posted.get(f"reference.{area}", "")) for area in AREAS}
    if any(score is not None for score in scores.values()):
        value["scores"] = scores
    return value


def earlier_rows(data: dict) -> list[dict[str, str]]:
    """Return each earlier evaluation as its row's fields (year, framework, the eight area scores)."""
    rows = []
    for item in data.get("earlier_evaluations") or []:
        if not isinstance(item, dict):
            continue
        scores = item.get("scores") if isinstance(item.get("scores"), dict) else {}
        rows.append({**{key: "" if item.get(key) is None else str(item.get(key)) for key in EARLIER_KEYS},
                     **{str(area): score_shown(scores.get(area)) for area in AREAS}})
    return rows


def typed_earlier(posted: dict[str, str]) -> list[dict[str, str]] | None:
    """Return the earlier evaluations' rows as typed (an empty row left out), None when the form had none."""
    numbers = sorted({int(m.group(1)) for key in posted if (m := re.fullmatch(r"earlier-(\d+)-\w+", key))})
    if not numbers:
        return None
    rows = [{key: posted.get(f"earlier-{n}-{key}", "").strip() for key in (*EARLIER_KEYS, *map(str, AREAS))}
            for n in numbers]
    return [row for row in rows if any(row.values())]


def earlier_value(rows: list[dict[str, str]]) -> list[dict] | None:
    """Return the typed rows as ``earlier_evaluations`` (None: there are none)."""
    found = []
    for row in rows:
        item: dict[str, object] = {"year": _number(row["year"])}
        if row["framework"]:
            item["framework"] = row["framework"]
        scores = {area: score_value(row[str(area)]) for area in AREAS}
        if any(score is not None for score in scores.values()):
            item["scores"] = scores
        found.append(item)
    return found or None
