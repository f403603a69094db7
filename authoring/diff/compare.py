"""What changed between two versions of an evaluation: scores, generated sentences, prose, metadata.

Two evaluations, read and resolved as a build reads them, are composed; the diff compares the two
composed models (and the two scorecards and metadata), never two output files. ``render`` lays a
``Diff`` out for a terminal (rich) or as Markdown. ``git_version`` gives a folder as it was at a
git revision.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import InputError, UsageError
from ..source.evaluation import Evaluation
from ..model import BulletList, Heading, Paragraph, Region, Report, Table, inline_text
from ..problems import key_path
from ..regions import parse as parse_region

SIMILAR = 0.4  # paragraphs at least this alike are shown as reworded, others as removed and added


@dataclass(frozen=True)
class ScoreChange:
    """One question's score changed, with the area total and grand total before and after."""

    question: str
    text: str
    area: str  # e.g. "3 Politisk styrning och kontroll"
    old: Decimal | None
    new: Decimal | None
    area_old: Decimal | None
    area_new: Decimal | None
    total_old: Decimal | None
    total_new: Decimal | None


@dataclass(frozen=True)
class TextChange:
    """A paragraph, list item or heading added, removed or reworded; ``where`` as the evaluator reads it."""

    where: str
    kind: str  # added | removed | reworded
    old: str = ""
    new: str = ""

    def words(self) -> list[tuple[str, str]]:
        """Return the word diff from ``old`` to ``new`` as (equal | delete | insert, text) pieces."""
        return word_diff(self.old, self.new)


@dataclass
class Diff:
    old_name: str
    new_name: str
    scores: list[ScoreChange] = field(default_factory=list)
    sentences: list[TextChange] = field(default_factory=list)
    prose: list[TextChange] = field(default_factory=list)
    metadata: list[TextChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.scores or self.sentences or self.prose or self.metadata)


def diff_evaluations(before: Evaluation, after: Evaluation, old_name: str, new_name: str) -> Diff:
    """Return what changed from evaluation ``before`` to ``after``, each resolved with its campaign
    (``builder.plan.ready``)."""
    from ..compose import compose

    result = Diff(old_name, new_name)
    result.scores = score_changes(before, after)
    old_report, new_report = compose(before), compose(after)
    result.sentences = _changes(_units(old_report, generated=True), _units(new_report, generated=True))
    result.prose = _changes(_units(old_report, generated=False), _units(new_report, generated=False))
    result.metadata = metadata_changes(before, after)
    return result


def score_changes(old: Evaluation, new: Evaluation) -> list[ScoreChange]:
    """Return every question whose score differs, in framework order."""
    before = {q.question.id: q.achieved for a in old.scores.areas for q in a.questions}
    changes = []
    for area in new.scores.areas:
        for question in area.questions:
            qid = question.question.id
            if qid in before and before[qid] != question.achieved or qid not in before:
                old_area = old.scores.area(area.area.number) if area.area.number <= len(old.scores.areas) else None
                changes.append(ScoreChange(qid, question.question.text, f"{area.area.number} {area.area.title}",
                                           before.get(qid), question.achieved,
                                           old_area.achieved if old_area else None, area.achieved,
                                           old.scores.total, new.scores.total))
    return changes


def metadata_changes(old: Evaluation, new: Evaluation) -> list[TextChange]:
    """Return each changed value of evaluation.yaml (with the reference as resolved), by key path."""
    before, after = _flat(old.meta.model_dump(mode="json")), _flat(new.meta.model_dump(mode="json"))
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: (k not in before, list(before).index(k)
                                                                 if k in before else list(after).index(k))):
        if before.get(key) != after.get(key):
            kind = "added" if key not in before else "removed" if key not in after else "reworded"
            changes.append(TextChange(key_path(key), kind, _value(before.get(key)), _value(after.get(key))))
    return changes


def _flat(data, keys: tuple = ()) -> dict[tuple, object]:
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in _flat(value, (*keys, key)).items()}
    if isinstance(data, list) and data and all(isinstance(x, (dict, list)) for x in data):
        return {k: v for index, value in enumerate(data) for k, v in _flat(value, (*keys, index)).items()}
    return {keys: data}


def _value(value) -> str:
    """Return a metadata value as the evaluator reads it: scores by the display policy."""
    from ..swedish import points

    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, float) or isinstance(value, str) and re.fullmatch(r"-?\d+\.\d+", value):
        return points(Decimal(str(value)))
    return str(value)


def _units(report: Report, generated: bool) -> list[tuple[str, str]]:
    """Return (where, text) for each generated sentence, or each evaluator paragraph, item and heading."""
    units: list[tuple[str, str]] = []
    place = ""
    for block in report.blocks:
        match block:
            case Heading(level=1 | 2):
                place = block.title
            case Heading(level=3) if not generated:
                units.append((place, f"Rubrik: {block.text}"))
            case Paragraph() if generated and block.style != "subheading":
                units.append((place, inline_text(block.runs)))
            case BulletList() if generated:  # e.g. a draft's Att göra list
                units += [(place, f"• {inline_text(item)}") for item in block.items]
            case Region() if not generated:
                units += _region_units(place, block)
            case Table() if not generated:
                for row in block.rows:
                    for cell in row:
                        for inner in cell.blocks:
                            if isinstance(inner, Region):
                                units += _region_units(place, inner)
    return units


def _region_units(place: str, region: Region) -> list[tuple[str, str]]:
    found = parse_region(region.name)
    label = f"{place}, {found.heading}" if found is not None and found.kind == "list" else place
    units = []
    for block in region.blocks:
        match block:
            case Paragraph(style="subheading"):
                units.append((label, f"Underrubrik: {inline_text(block.runs)}"))
            case Paragraph():
                units.append((label, inline_text(block.runs)))
            case BulletList():
                units += [(label, f"• {inline_text(item)}") for item in block.items]
            case Table():  # Kortfakta: metadata shows it
                pass
    return units


def _changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[TextChange]:
    """Return the units added, removed or reworded from ``old`` to ``new``, each with where it is."""
    changes: list[TextChange] = []
    matcher = SequenceMatcher(None, [u[1] for u in old], [u[1] for u in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        while removed and added:
            (_, before), (where, after) = removed[0], added[0]
            if SequenceMatcher(None, before.split(), after.split()).ratio() < SIMILAR:
                break
            changes.append(TextChange(where, "reworded", before, after))
            removed.pop(0)
            added.pop(0)
        changes += [TextChange(where, "removed", old=text) for where, text in removed]
        changes += [TextChange(where, "added", new=text) for where, text in added]
    return changes


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return the pieces of a word diff from ``old`` to ``new``: (equal | delete | insert, text)."""
    before, after = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(before[i1:i2])))
            continue
        if i1 < i2:
            pieces.append(("delete", "".join(before[i1:i2])))
        if j1 < j2:
            pieces.append(("insert", "".join(after[j1:j2])))
    return [(op, text) for op, text in pieces if text.strip() or op == "equal"]


def git_version(folder: Path, revision: str, into: Path) -> Path:
    """Return ``folder`` as it was at git ``revision``, extracted (with the folders beside it) into ``into``."""
    folder = folder.resolve()
    if not revision or revision.startswith("-"):
        raise UsageError(f"--rev {revision!r} är ingen revision: ange t.ex. HEAD~1, en gren eller en commit")
    try:
        top = Path(_git(folder if folder.is_dir() else folder.parent, "rev-parse", "--show-toplevel").strip())
        relative = folder.relative_to(top)
        commit = _commit(top, revision)
        archive = _git(top, "archive", "--format=tar", commit, "--", str(relative.parent), text=False)
    except ValueError as exc:
        raise UsageError(f"{folder} ligger inte i git-förrådet: ange en mapp i förrådet") from exc
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter=_inside)
    old = into / relative
    if not old.is_dir():
        raise UsageError(f"{relative} fanns inte i revisionen {revision}: ange en annan revision")
    return old


def folder_label(folder: Path) -> str:
    """Return how a diff names ``folder``: as a path from the working folder where it lies inside
    it, else by its own folder and the one above (never an absolute or temporary path)."""
    real = folder.resolve()
    try:
        return real.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return "/".join(real.parts[-2:])


def read_in_revision(read, old: Path, into: Path, revision: str):
    """Return ``read(old)`` for ``old``, a folder extracted into ``into`` from git ``revision``; its
    problems name each file as git does (``HEAD~1:inputs/kalix-2012/scores.yaml``), not the
    temporary folder it was read from."""
    try:
        return read(old)
    except InputError as exc:
        prefix = str(into.resolve())

        def named(path: Path) -> Path:
            real = Path(path).resolve()
            return Path(f"{revision}:{real.relative_to(into.resolve()).as_posix()}") if real.is_relative_to(prefix) else path

        raise InputError([dataclasses.replace(p, file=named(p.file), message=_unprefixed(p.message, prefix, revision))
                          for p in exc.problems]) from None


def _unprefixed(text: str, prefix: str, revision: str) -> str:
    return re.sub(re.escape(prefix) + r"[/\\]?", f"{revision}:", text)


def _commit(top: Path, revision: str) -> str:
    """Return the commit ``revision`` names in the repository at ``top`` (never read as an option)."""
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").strip()
    except UsageError:
        raise UsageError(f"revisionen {revision!r} finns inte i git-förrådet {top}: ange t.ex. HEAD~1, en gren "
                         "eller en commit") from None


def _inside(member: tarfile.TarInfo, destination: str) -> tarfile.TarInfo | None:
    """Return ``member`` as tarfile's "data" filter passes it, or None to leave out a link that leads
    outside the extracted tree (an input is never read through one)."""
    try:
        return tarfile.data_filter(member, destination)
    except tarfile.FilterError:
        return None


def _git(cwd: Path, *args: str, text: bool = True):
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text, timeout=60)
    except FileNotFoundError as exc:
        raise UsageError("git finns inte på datorn: jämför två mappar i stället (kompass diff GAMMAL NY)") from exc
    if done.returncode != 0:
        error = done.stderr if text else done.stderr.decode(errors="replace")
        raise UsageError(f"git {' '.join(args[:2])} misslyckades: {error.strip().splitlines()[-1] if error.strip() else ''}"
                         " (finns revisionen, och ligger mappen i ett git-förråd?)")
    return done.stdout
