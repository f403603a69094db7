"""What a report must show, read from the input files independently of Kompass's own code."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from .conftest import INPUTS

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def scores(name: str) -> dict[str, Decimal]:
    data = yaml.safe_load((INPUTS / name / "scores.yaml").read_text(encoding="utf-8"))
    return {str(k): Decimal(str(v)) for k, v in data.items()}


def questions(version: str = "2010") -> list[dict]:
    data = yaml.safe_load((ROOT / "templates" / "frameworks" / f"{version}.yaml").read_text(encoding="utf-8"))
    return [q for area in data["areas"] for q in area["questions"]]


def area_titles(version: str = "2010") -> list[str]:
    data = yaml.safe_load((ROOT / "templates" / "frameworks" / f"{version}.yaml").read_text(encoding="utf-8"))
    return [area["title"] for area in data["areas"]]


def shown_points(value: Decimal) -> str:
    """Points as the report must show them: one decimal, half up, decimal comma, no ',0'."""
    text = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def shown_questions(name: str) -> dict[str, str]:
    """Question points as the report must show them: per area, whole tenths rounded down, the
    tenths still missing to the area total (half up) given to the largest remainders, then to the
    earlier question, so that the shown questions add up to the shown total."""
    by_area: dict[str, list[tuple[str, Decimal]]] = {}
    for qid, value in scores(name).items():
        by_area.setdefault(qid.split(".")[0], []).append((qid, value * 10))
    shown = {}
    for rows in by_area.values():
        tenths = {qid: int(value) for qid, value in rows}
        target = int(sum(value for _, value in rows).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        ranked = sorted(rows, key=lambda row: -(row[1] - int(row[1])))  # stable: earlier first on ties
        for qid, _ in ranked[:target - sum(tenths.values())]:
            tenths[qid] += 1
        shown.update({qid: shown_points(Decimal(t) / 10) for qid, t in tenths.items()})
    return shown


def shown_percent(achieved: Decimal, maximum: Decimal) -> str:
    return f"{(achieved * 100 / maximum).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}{NBSP}%"


def area_totals(name: str) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for qid, value in scores(name).items():
        totals[int(qid.split(".")[0])] = totals.get(int(qid.split(".")[0]), Decimal(0)) + value
    return totals


def notes(name: str, area: int) -> dict:
    """Return the sections (heading -> paragraphs) and lists (heading -> items) of an area's notes."""
    text = (INPUTS / name / "notes" / f"area-{area}.md").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    lists: dict[str, list[str]] = {}
    current = None
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block or block.startswith("<!--"):
            continue
        if block.startswith("## "):
            current = block[3:].strip()
            continue
        target = lists if current in ("Styrkor", "Förbättringsmöjligheter", "Svagheter") else sections
        if block.startswith("- "):
            items = [plain(line[2:]) for line in block.splitlines()]
            target.setdefault(current, []).extend(items)
        else:
            target.setdefault(current, []).append(plain(" ".join(block.splitlines())))
    return {"sections": sections, "lists": lists}


def plain(markdown: str) -> str:
    """Return Markdown inline text as plain text."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("**", "").replace("*", "")


def kortfakta(name: str) -> list[tuple[str, str]]:
    data = yaml.safe_load((INPUTS / name / "evaluation.yaml").read_text(encoding="utf-8"))
    return [(row["label"], row["value"]) for row in data.get("kortfakta", [])]
