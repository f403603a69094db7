"""``kompass status``: one row per evaluation saying how far it has come and whether its outputs are current."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import FORMATS, STALE_DIR
from ..compose.completeness import REQUIRED_FIELDS, gaps
from ..compose.profiles import comparison_profiles
from ..source.evaluation import REQUIRED_LISTS
from .plan import Plan, Planned
from .stamps import is_up_to_date


@dataclass(frozen=True)
class AreaState:
    scored: int
    count: int
    text: bool
    lists: bool


@dataclass(frozen=True)
class Status:
    name: str
    state: str  # utkast | slutlig | ogiltig | blockerad
    areas: tuple[AreaState, ...]
    unset: tuple[str, ...]
    reference: str
    outputs: str  # aktuell | inaktuell | saknas
    errors: int
    warnings: int
    comments: tuple[Path, ...] = ()  # the notes file of each reviewer's open comment

    @property
    def scored(self) -> int:
        return sum(a.scored for a in self.areas)

    @property
    def count(self) -> int:
        return sum(a.count for a in self.areas)


def statuses(planned: Plan, out_root: Path) -> list[Status]:
    """Return the status of every evaluation in ``planned``."""
    return [_status(item, out_root / item.name) for item in planned.items]


def _status(item: Planned, out_dir: Path) -> Status:
    evaluation = item.evaluation
    errors, warnings = len(item.problems.errors), len(item.problems.warnings)
    if evaluation is None:
        return Status(item.name, "ogiltig", (), (), "", _outputs(None, out_dir), errors, warnings)
    areas = tuple(AreaState(a.scored, len(a.questions), bool(evaluation.notes[a.area.number].sections
                                                            or evaluation.notes[a.area.number].intro),
                            all(evaluation.notes[a.area.number].lists.get(h) for h in REQUIRED_LISTS))
                  for a in evaluation.scores.areas)
    unset = tuple(name for name in REQUIRED_FIELDS if getattr(evaluation.meta, name) is None)
    if item.status == "ready":
        state = "utkast" if gaps(evaluation) else "slutlig"
        references = [p.label for p in comparison_profiles(evaluation) if p.role == "reference"]
        reference = ", ".join(references) or "ingen"
        outputs = _outputs(evaluation, out_dir)
    else:
        state = "blockerad" if item.status == "blocked" else "ogiltig"
        reference = f"blockerad av {', '.join(item.blocked_by)}" if item.blocked_by else ""
        outputs = _outputs(None, out_dir)
    return Status(item.name, state, areas, unset, reference, outputs, errors, warnings,
                  tuple(kept.file for kept in evaluation.comments))


def _outputs(evaluation, out_dir: Path) -> str:
    present = [out_dir / f"{out_dir.name}.{f}" for f in FORMATS if (out_dir / f"{out_dir.name}.{f}").is_file()]
    if evaluation is not None and present and is_up_to_date(evaluation, out_dir):
        return "aktuell"
    if present or (out_dir / STALE_DIR).is_dir():
        return "inaktuell"
    return "saknas"
