"""Placeholders in the evaluator's notes: computed values named in prose, e.g. ``{poäng område 3}``.

A placeholder is ``{WHAT}`` (the whole evaluation), ``{WHAT område N}`` or ``{WHAT fråga ID}``:

    WHAT        whole evaluation     område N           fråga ID
    poäng       total score          area score         question score
    max         max total            area max           question max
    procent     total percent        area percent       question percent
    förändring  change in the total  change in the area
    referens    reference total      reference's area
    rang        rank in the campaign

The notes parser makes each one a run of its own (``split_placeholders``); reading the evaluation
checks every name against the framework (``check``); compose fills in the value (``value`` and
``shown``) by the display policy of ``rounding.py``. A value that is missing in a draft is shown as
missing, never as 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..model import Block, BulletList, Cell, Paragraph, Run, Table

PATTERN = re.compile(r"\{([^{}\n]{1,80})\}")
WHATS = ("poäng", "max", "procent", "förändring", "referens", "rang")
SUBJECTS = {None: WHATS, "område": WHATS[:5], "fråga": WHATS[:3]}
_NAME = re.compile(r"(?P<what>\w+)(?:\s+(?P<subject>område|fråga)\s+(?P<id>\S+))?")


@dataclass(frozen=True)
class Placeholder:
    """A parsed placeholder: ``what`` of the total (area and question None), an area or a question."""

    what: str
    area: int | None = None
    question: str | None = None

    @property
    def name(self) -> str:
        """Return the canonical spelling, e.g. ``poäng område 3``."""
        if self.question:
            return f"{self.what} fråga {self.question}"
        return f"{self.what} område {self.area}" if self.area else self.what

    @property
    def source(self) -> str:
        return "{" + self.name + "}"

    @property
    def unit(self) -> str:
        """Return how the value is shown: points, percent, number (a max) or rank."""
        return {"procent": "percent", "max": "number", "rang": "rank"}.get(self.what, "points")


def split_placeholders(run: Run) -> list[Run]:
    """Return ``run`` split so that every ``{...}`` in it is a run of its own with ``source`` set."""
    runs, start = [], 0
    for match in PATTERN.finditer(run.text):
        if match.start() > start:
            runs.append(Run(run.text[start:match.start()], run.bold, run.italic, run.href))
        runs.append(Run(match.group(0), run.bold, run.italic, run.href, match.group(0), run.line))
        start = match.end()
    if start < len(run.text) or not runs:
        runs.append(Run(run.text[start:], run.bold, run.italic, run.href))
    return runs


def parse(source: str, framework) -> Placeholder | str:
    """Return the placeholder ``source`` (``{...}``) names, or a Swedish message saying what is wrong."""
    inner = " ".join(source[1:-1].split()).lower()
    match = _NAME.fullmatch(inner)
    known = "skriv t.ex. {poäng område 3}, {procent}, {poäng fråga 1.2}; se kompass hjälp format (Placeholders)"
    if not match or match.group("what") not in WHATS:
        return f"okänd platshållare {source}: {known}"
    what, subject, ident = match.group("what"), match.group("subject"), match.group("id")
    if what not in SUBJECTS[subject]:
        allowed = {None: "hela utvärderingen", "område": "ett område", "fråga": "en fråga"}
        wheres = [allowed[s] for s, whats in SUBJECTS.items() if what in whats]
        return f"{source}: '{what}' finns bara för {' och '.join(wheres)}: {known}"
    if subject == "område":
        numbers = [a.number for a in framework.areas]
        if not ident.isdecimal() or not ident.isascii() or int(ident) not in numbers:
            return f"{source}: område {ident} finns inte, områdena är 1–{max(numbers)}"
        return Placeholder(what, area=int(ident))
    if subject == "fråga":
        if ident not in framework.questions:
            return f"{source}: fråga {ident} finns inte i ramverket {framework.version} (frågorna heter t.ex. 1.1)"
        return Placeholder(what, question=ident)
    return Placeholder(what)


def runs_in(blocks: tuple[Block, ...]) -> Iterator[Run]:
    """Yield every placeholder run in ``blocks``."""
    for block in blocks:
        match block:
            case Paragraph():
                yield from (run for run in block.runs if run.source)
            case BulletList():
                yield from (run for item in block.items for run in item if run.source)
            case Table():
                for row in (block.header, *block.rows):
                    for cell in row:
                        yield from runs_in(cell.blocks)
            case Cell():
                yield from runs_in(block.blocks)


def notes_blocks(notes) -> tuple[Block, ...]:
    """Return every block of ``notes`` (intro, sections, lists) that may hold placeholders."""
    return (*notes.intro, *(b for s in notes.sections for b in s.blocks), *(BulletList(items)
                                                                          for items in notes.lists.values()))


def notes_files(evaluation_folder: Path, notes: dict, summary, before=None) -> Iterator[tuple[Path, object, int | None]]:
    """Yield (path, notes, area number or None) for every notes file of an evaluation."""
    for number, area_notes in notes.items():
        yield evaluation_folder / "notes" / f"area-{number}.md", area_notes, number
    yield evaluation_folder / "notes" / "summary.md", summary, None
    if before is not None:
        yield evaluation_folder / "notes" / "summary-before.md", before, None


def check(folder: Path, notes: dict, summary, framework, problems, before=None) -> None:
    """Add an error, with file and line, for every placeholder whose name is unknown or out of range."""
    for path, file_notes, _ in notes_files(folder, notes, summary, before):
        for run in runs_in(notes_blocks(file_notes)):
            found = parse(run.source, framework)
            if isinstance(found, str):
                problems.error(path, found, run.line)


def uses(evaluation, what: str) -> bool:
    """Return True if any notes of ``evaluation`` hold a placeholder of kind ``what`` (e.g. rang)."""
    return any(isinstance(found := parse(run.source, evaluation.framework), Placeholder) and found.what == what
               for _, file_notes, _ in notes_files(evaluation.folder, evaluation.notes, evaluation.summary, evaluation.before)
               for run in runs_in(notes_blocks(file_notes)))


def check_available(evaluation, problems) -> None:
    """Add an error for every placeholder whose value cannot exist for this (resolved) evaluation."""
    for path, file_notes, _ in notes_files(evaluation.folder, evaluation.notes, evaluation.summary, evaluation.before):
        for run in runs_in(notes_blocks(file_notes)):
            found = parse(run.source, evaluation.framework)
            if isinstance(found, Placeholder):
                reason = unavailable(evaluation, found)
                if reason:
                    problems.error(path, f"{run.source}: {reason}", run.line)


def unavailable(evaluation, placeholder: Placeholder) -> str:
    """Return why ``placeholder`` can never have a value in ``evaluation`` ("" if it can)."""
    if placeholder.what == "förändring" and latest_earlier(evaluation) is None:
        return ("det finns ingen tidigare utvärdering med poäng enligt samma ramverk att jämföra med "
                "(earlier_evaluations i evaluation.yaml)")
    if placeholder.what == "referens" and not evaluation.meta.all_references:
        return "utvärderingen har ingen referens (reference i evaluation.yaml eller kampanjfilen)"
    return ""


def latest_earlier(evaluation):
    """Return the latest earlier evaluation with scores under the same framework, or None."""
    version = evaluation.framework.version
    same = [e for e in evaluation.meta.earlier_evaluations if e.scores and (e.framework or version) == version]
    return same[-1] if same else None


def value(evaluation, placeholder: Placeholder) -> Decimal | None:
    """Return the exact value ``placeholder`` stands for, or None while it is missing."""
    from ..rounding import rounded_points

    scores = evaluation.scores
    if placeholder.question:
        question = next(q for a in scores.areas for q in a.questions if q.question.id == placeholder.question)
        return {"poäng": question.achieved, "max": question.question.max, "procent": question.percent}[placeholder.what]
    subject = scores.area(placeholder.area) if placeholder.area else scores
    match placeholder.what:
        case "poäng":
            return subject.achieved if placeholder.area else scores.total
        case "max":
            return subject.max
        case "procent":
            achieved = subject.achieved if placeholder.area else scores.total
            return None if achieved is None else achieved * 100 / subject.max
        case "förändring":
            now, then = value(evaluation, Placeholder("poäng", placeholder.area)), _earlier(evaluation, placeholder)
            # the change between the two values as shown, as the generated sentences state it
            return None if now is None or then is None else abs(rounded_points(now) - rounded_points(then))
        case "referens":
            references = evaluation.meta.all_references  # of several, the first
            return None if not references else _area_or_total(references[0].scores or {}, placeholder.area)
        case "rang":
            total = scores.total
            if total is None:
                return None
            return Decimal(1 + sum(1 for other in evaluation.peer_totals if other is not None and other > total))
    raise ValueError(f"no value for {placeholder.name}")


def _earlier(evaluation, placeholder: Placeholder) -> Decimal | None:
    earlier = latest_earlier(evaluation)
    return None if earlier is None else _area_or_total(earlier.scores, placeholder.area)


def _area_or_total(scores: dict, area: int | None) -> Decimal | None:
    if area is not None:
        return scores.get(area)
    values = [scores.get(n) for n in range(1, 9)]
    return None if None in values else sum(values, Decimal(0))


def shown(evaluation, placeholder: Placeholder, missing: str) -> str:
    """Return the value of ``placeholder`` as the report shows it, or ``missing``."""
    from ..swedish import number, percent, points

    found = value(evaluation, placeholder)
    if found is None:
        return missing
    return {"percent": percent, "number": number, "rank": lambda v: str(int(v)), "points": points}[
        placeholder.unit](found)
