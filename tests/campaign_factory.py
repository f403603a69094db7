"""Generate a test campaign: the three examples plus variations with other names and scores."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import yaml

from .conftest import EXAMPLES, INPUTS

FACTORS = (Decimal("0.7"), Decimal("0.85"), Decimal("1.1"), Decimal("1.25"), Decimal("0.95"))


def make_campaign(root: Path, size: int = 30) -> list[Path]:
    """Write ``size`` evaluation folders under ``root`` and return them."""
    folders = [Path(shutil.copytree(INPUTS / name, root / name)) for name in EXAMPLES]
    for index in range(size - len(EXAMPLES)):
        base = INPUTS / EXAMPLES[index % len(EXAMPLES)]
        name = f"Testby {index + 1:02d}"
        year = 2010 + index % 6
        folders.append(variation(base, root / f"testby-{index + 1:02d}-{year}", name, year, FACTORS[index % 5]))
    return folders


def variation(base: Path, folder: Path, municipality: str, year: int, factor: Decimal) -> Path:
    """Copy ``base`` as another municipality's evaluation with every score scaled by ``factor``."""
    shutil.copytree(base, folder)
    meta = (folder / "evaluation.yaml").read_text(encoding="utf-8")
    meta = re.sub(r"^municipality: .*$", f"municipality: {municipality}", meta, flags=re.M)
    meta = re.sub(r"^inhabitants_genitive: .*$", f"inhabitants_genitive: {municipality}bornas", meta, flags=re.M)
    meta = re.sub(r"^year: .*$", f"year: {year}", meta, flags=re.M)
    meta = re.sub(r"^evaluated: .*$", f'evaluated: "{year}-10"', meta, flags=re.M)
    meta = re.sub(r"^earlier_evaluations:\n(  .*\n|\s*#.*\n)*", "", meta, flags=re.M)
    meta = re.sub(r"^evaluation_number: .*\n", "", meta, flags=re.M)
    (folder / "evaluation.yaml").write_text(meta, encoding="utf-8")
    framework = yaml.safe_load((Path(__file__).parent.parent / "templates/frameworks/2010.yaml").read_text())
    maxima = {q["id"]: Decimal(q["max"]) for a in framework["areas"] for q in a["questions"]}
    scores = yaml.safe_load((base / "scores.yaml").read_text(encoding="utf-8"))
    lines = [f'"{qid}": {min(maxima[qid], (Decimal(str(v)) * factor).quantize(Decimal("0.01")))}'
             for qid, v in scores.items()]
    (folder / "scores.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
