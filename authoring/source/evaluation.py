"""Read and validate one evaluation folder: metadata, scores and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from typing import Any

from ..errors import InputError, KompassError
from .framework import Framework, load_framework
from .framework_lookup import CAMPAIGN_FILE  # noqa: F401 (named here for the other wings)
from .inputschema import QUESTION_ID, EvaluationFile
from .municipalities import check_names, official_name
from .comments import Kept
from .notes import LIST_HEADINGS, Notes, read_notes
from .housestyle import read_house_style, switched_off
from .overrides import apply, read_overrides
from .placeholders import check as check_placeholders
from ..problems import Problems
from .scores import Scorecard, scorecard
from ..templates import report_texts
from .validation import validate
from .yamlsource import YamlSource, read_yaml

EVALUATION_FILE = "evaluation.yaml"
SCORES_FILE = "scores.yaml"
NOTES_DIR = "notes"
REQUIRED_LISTS = LIST_HEADINGS[:2]
NEUTRAL_INHABITANTS = "invånarnas"  # the standard texts' wording while inhabitants_genitive is empty


@dataclass(frozen=True)
class Evaluation:
    """A validated evaluation: its folder, metadata, framework, scores and notes."""

    folder: Path
    meta: EvaluationFile
    framework: Framework
    scores: Scorecard
    notes: dict[int, Notes]
    summary: Notes  # notes/summary.md: placed after the results
    before: Notes = Notes()  # notes/summary-before.md: placed before "Utvärderingen"
    texts: dict[str, Any] = field(default_factory=report_texts)  # report.yaml with this report's overrides
    peer_totals: tuple[Decimal | None, ...] = ()  # the campaign's other totals, same framework (for {rang})
    # Campaign members with input errors that the campaign's average and rank, which this report
    # states, are computed without: (folder name, first error). Each makes the report a draft.
    campaign_failed: tuple[tuple[str, str], ...] = ()

    @property
    def images(self) -> dict[str, bytes]:
        """Return every image the notes name, by its path inside the folder."""
        return {key: data for notes in (*self.notes.values(), self.summary, self.before)
                for key, data in notes.images.items()}

    @property
    def comments(self) -> tuple[Kept, ...]:
        """Return the reviewers' open comments the notes keep, in the report's order."""
        return tuple(kept for notes in (self.before, *(self.notes[n] for n in sorted(self.notes)), self.summary)
                     for kept in notes.comments)

    @property
    def municipality(self) -> str:
        return self.meta.municipality

    @property
    def official_name(self) -> str:
        return self.meta.official_name or official_name(self.meta.municipality)

    @property
    def inhabitants_genitive(self) -> str:
        return self.meta.inhabitants_genitive or NEUTRAL_INHABITANTS  # never guessed: "Bjurholmbornas" is wrong

    @property
    def number(self) -> int:
        return self.meta.evaluation_number or len(self.meta.earlier_evaluations) + 1


def read_evaluation(folder: Path) -> tuple[Evaluation | None, Problems]:
    """Return the evaluation in ``folder`` (None if it has errors) and every problem found."""
    problems = Problems()
    if not folder.is_dir():
        problems.error(folder, "är ingen mapp: ange mappen för en utvärdering, t.ex. inputs/kalix-2012")
        return None, problems
    source = read_yaml(folder / EVALUATION_FILE, problems, root=folder)
    meta = validate(EvaluationFile, source, problems) if source else None
    framework = _framework(source, problems, folder) if source else None
    wording = read_house_style(folder, problems)
    if framework is not None and meta is not None:
        framework, wording = _with_overrides(folder, source, meta, framework, wording, problems)
    scores = _read_scores(folder / SCORES_FILE, framework, problems, folder) if framework else None
    notes = {n: _read_area_notes(folder, n, problems, framework) for n in range(1, 9)}
    summary = read_notes(folder / NOTES_DIR / "summary.md", problems, required=False, root=folder, lists=False)
    before = read_notes(folder / NOTES_DIR / "summary-before.md", problems, required=False, root=folder, lists=False)
    if meta is not None:
        _warn_unset(meta, source, problems)
        check_names(meta, source, problems)
        if meta.publication is not None and meta.publication.logo:
            from .assets import check_logo  # late: PIL is for images only

            check_logo(meta.publication.logo, folder / EVALUATION_FILE, source.line_of(("publication", "logo")),
                       problems)
    if framework is not None:
        check_placeholders(folder, notes, summary, framework, problems, before)
    if problems.errors or meta is None or framework is None or scores is None:
        return None, problems
    evaluation = Evaluation(folder, meta, framework, scorecard(framework, scores), notes, summary, before, wording)
    return evaluation, problems


def load_evaluation(folder: Path, strict: bool = False) -> Evaluation:
    """Return the evaluation in ``folder``; raise InputError if it has errors (or warnings, if strict)."""
    evaluation, problems = read_evaluation(folder)
    if evaluation is None or (strict and problems):
        raise InputError(problems)
    return evaluation


def _framework(source: YamlSource, problems: Problems, folder: Path) -> Framework | None:
    """Return the framework named in evaluation.yaml, even if other metadata is invalid: the one
    beside the evaluation or its campaign first (source/framework_lookup.py)."""
    version = source.data.get("framework") if isinstance(source.data, dict) else None
    if not isinstance(version, str):
        return None  # the schema check reports it
    try:
        return load_framework(version, near=folder)
    except InputError as exc:  # a framework file of the campaign's own, with errors: each at its line
        problems.extend(exc.problems)
        problems.error(source.path, f"ramverket {version!r} har fel (se ovan): rätta ramverkets fil",
                       source.line_of(("framework",)), "framework")
        return None
    except KompassError as exc:
        problems.error(source.path, f"{exc}: rätta 'framework'", source.line_of(("framework",)), "framework")
        return None


def _with_overrides(folder: Path, source: YamlSource, meta: EvaluationFile, framework: Framework,
                    wording: dict[str, Any], problems: Problems) -> tuple[Framework, dict[str, Any]]:
    """Return the framework and the report wording (the house style's) with the evaluation's own texts."""
    lines = {name: source.line_of(("texts", name)) for name in meta.texts}
    texts = read_overrides(folder, meta.texts, lines, source.path, framework, problems,
                           switched_off(wording["layout"]))
    try:
        return apply(framework, texts, wording) if texts else (framework, wording)
    except ValueError as exc:  # pydantic's ValidationError: e.g. an area title overridden with nothing
        problems.error(source.path, f"texterna gör ramverket ogiltigt ({exc}): rätta texts", source.line_of(("texts",)))
        return framework, wording


def _read_scores(path: Path, framework: Framework, problems: Problems,
                 folder: Path) -> dict[str, Decimal | None] | None:
    source = read_yaml(path, problems, root=folder)
    if source is None:
        return None
    if not isinstance(source.data, dict):
        problems.error(path, "ska ge poäng per fråga, en rad per fråga, t.ex. \"1.1\": 12", source.line_of(()))
        return None
    questions = framework.questions
    scores: dict[str, Decimal | None] = {}
    for key, value in source.data.items():
        qid = str(key)
        line = source.line_of((qid,))
        if qid not in questions:
            hint = "" if QUESTION_ID.match(qid) else " (skriv frågan som \"1.1\", inom citattecken)"
            problems.error(path, f"okänd fråga i ramverket {framework.version}{hint}: ta bort eller rätta den", line, qid)
            continue
        scores[qid] = _score(value, questions[qid].max, source, qid, problems)
    for qid, question in questions.items():
        if qid not in scores:
            problems.warning(path, f"fråga {qid} saknas (max {_n(question.max)}): lägg till \"{qid}\": <poäng>", None, qid)
            scores[qid] = None
        elif scores[qid] is None and qid in source.data:
            problems.warning(path, f"fråga {qid} har ännu inga poäng (max {_n(question.max)})", source.line_of((qid,)), qid)
    return scores


def _score(value: object, maximum: Decimal, source: YamlSource, qid: str, problems: Problems) -> Decimal | None:
    """Return ``value`` as a checked score, or None (adding an error if it is unusable)."""
    if value is None:
        return None
    line = source.line_of((qid,))
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise InvalidOperation
        score = Decimal(str(value).replace(",", "."))
        if not score.is_finite():
            raise InvalidOperation
        score = score.copy_abs() if score.is_zero() else score  # -0.0 is 0, never "-0 %"
    except InvalidOperation:
        problems.error(source.path, f"poängen måste vara ett tal (angivet: {value!r})", line, qid)
        return None
    if score < 0:
        problems.error(source.path, f"poängen {_n(value)} är negativ: poängen är 0 till {_n(maximum)}", line, qid)
    elif score > maximum:
        problems.error(source.path, f"{_n(value)} är mer än maxpoängen {_n(maximum)}", line, qid)
    return score


def _read_area_notes(folder: Path, number: int, problems: Problems, framework: Framework | None) -> Notes:
    path = folder / NOTES_DIR / f"area-{number}.md"
    notes = read_notes(path, problems, root=folder)
    if path.is_file() and not notes.sections and not notes.intro:
        problems.warning(path, f"område {number} har ännu ingen text: skriv avsnitt som börjar med '## '")
    labels = (framework.labels.strengths, framework.labels.improvements) if framework else REQUIRED_LISTS
    for heading, label in zip(REQUIRED_LISTS, labels):
        if path.is_file() and not notes.lists.get(heading):
            problems.warning(path, f"område {number} har ännu inga punkter under '## {label}'")
    return notes


def _warn_unset(meta: EvaluationFile, source: YamlSource, problems: Problems) -> None:
    """Warn about the values a draft may leave empty but a final report needs."""
    hints = {"evaluated": "när utvärderingen genomfördes: en månad \"ÅÅÅÅ-MM\", en dag eller [första dag, sista dag]",
             "interviewees": "ungefär hur många som intervjuades, t.ex. 40"}
    for name, hint in hints.items():
        if getattr(meta, name) is None:
            problems.warning(source.path, f"är inte ifyllt: skriv {hint}", source.line_of((name,)), name)


def _n(value: object) -> str:
    """Return a number as Swedish writes it in a message: ``7,5``, ``20``."""
    return str(value).replace(".", ",")
