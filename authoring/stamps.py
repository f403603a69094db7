"""Build stamps: what a report in ``output/`` was made of, to skip unchanged work and spot stale output.

A stamp (``.kompass-build.json`` beside the outputs) holds the fingerprint of everything the report
is made of: input files, framework, templates, Kompass's code and version, the resolved reference
data and the formats.
"""

from __future__ import annotations

import hashlib
import json
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .evaluation import Evaluation
from .framework import FRAMEWORK_DIR
from .templates import TEMPLATES_DIR

STAMP = ".kompass-build.json"
PACKAGE_DIR = Path(__file__).resolve().parent


def fingerprint(evaluation: Evaluation, formats) -> str:
    """Return a hash of everything a report is made of: input files, framework, templates, code."""
    digest = hashlib.sha256()
    files = sorted(p for p in evaluation.folder.rglob("*") if p.is_file())
    files += [FRAMEWORK_DIR / f"{evaluation.framework.version}.yaml"]
    files += sorted(p for p in TEMPLATES_DIR.iterdir() if p.is_file() and p.suffix != ".py")
    files += sorted(PACKAGE_DIR.rglob("*.py"))
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    resolved = {"reference": evaluation.meta.reference, "earlier": evaluation.meta.earlier_evaluations}
    digest.update(json.dumps(resolved, default=lambda o: o.model_dump(mode="json") if hasattr(o, "model_dump")
                             else str(o), sort_keys=True).encode())
    digest.update(json.dumps([_version(), sorted(formats)]).encode())
    return digest.hexdigest()


def _version() -> str:
    try:
        return version("kompass")
    except PackageNotFoundError:
        return "unknown"


def read_stamp(out_dir: Path) -> dict | None:
    """Return the stamp in ``out_dir`` (``fingerprint`` and ``formats``), or None."""
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) and isinstance(stamp.get("fingerprint"), str) else None
    except (OSError, ValueError):
        return None


def is_current(evaluation: Evaluation, out_dir: Path, formats=None) -> bool:
    """Return True if ``out_dir`` holds outputs stamped as made from exactly this ``evaluation``."""
    stamp = read_stamp(out_dir)
    if stamp is None:
        return False
    formats = tuple(formats or stamp.get("formats") or ())
    outputs = [out_dir / f"{out_dir.name}.{f}" for f in formats]
    return bool(outputs) and stamp["fingerprint"] == fingerprint(evaluation, formats) and all(
        p.is_file() for p in outputs)


def write_stamp(out_dir: Path, stamp: str, formats) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = {"fingerprint": stamp, "formats": sorted(formats), "built": time.strftime("%Y-%m-%dT%H:%M:%S")}
    (out_dir / STAMP).write_text(json.dumps(data), encoding="utf-8")


def remove_stamp(out_dir: Path) -> None:
    (out_dir / STAMP).unlink(missing_ok=True)
