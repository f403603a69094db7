"""Poäng: the question scores of an evaluation as a grid per area, checked as typed, saved into scores.yaml.

What is typed is checked by ``kompass check`` itself: the changed scores are written into a copy
of scores.yaml (``source.scorefile``) and the folder read as check reads it (``source.proposed``);
its messages stand beside the fields. The sums are the score model's (``source.scores``) in the
display policy (``swedish``). A save writes only the changed values, over their scalars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import KompassError
from ..problems import Problems
from ..safeio import Refused, read_text
from ..source.evaluation import EVALUATION_FILE, SCORES_FILE, read_evaluation
from ..source.framework import Framework, load_framework
from ..source.proposed import problems_with
from ..source.scorefile import with_scores, written_scores
from ..source.scores import Scorecard, scorecard
from ..source.yamlsource import read_yaml
from ..swedish import percent, points
from .web import Conflict, digest, folder_of, form, fragment, in_thread, messages, page, save, unreadable

FIELD = "q-"  # a score field's name: q-1.1


@dataclass
class Grid:
    """What the Poäng page shows: the framework, the scores as typed, their card and the messages."""

    framework: Framework
    typed: dict[str, str]  # question id -> as shown in the field ("5,25", "")
    card: Scorecard
    fields: dict[str, list[str]] = field(default_factory=dict)  # question id -> check's errors
    general: list[str] = field(default_factory=list)  # errors elsewhere (they do not stop a save)
    digest: str = ""
    changed: dict[str, Decimal | str | None] = field(default_factory=dict)
    text: str = ""  # scores.yaml with the changes


def framework_of(folder: Path) -> Framework | None:
    """Return the framework evaluation.yaml names, or None (check says why)."""
    source = read_yaml(folder / EVALUATION_FILE, Problems(), root=folder)
    version = source.data.get("framework") if source is not None and isinstance(source.data, dict) else None
    try:
        return load_framework(str(version), near=folder) if version is not None else None
    except KompassError:
        return None


def parsed(typed: str) -> Decimal | str | None:
    """Return a typed score: a number (decimal comma or point), None when empty, else the text itself."""
    text = typed.strip()
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        return text
    return value if value.is_finite() else text


def grid(folder: Path, posted: dict[str, str] | None = None) -> Grid:
    """Return the grid of the evaluation in ``folder``: as on disk, or with the ``posted`` fields."""
    framework = framework_of(folder)
    if framework is None:
        _, problems = read_evaluation(folder)
        raise KompassError("\n".join(messages(problems.errors, folder)) or "evaluation.yaml anger inget ramverk")
    path = folder / SCORES_FILE
    text = _text(path)
    on_disk = {qid: value or "" for qid, value in written_scores(text, SCORES_FILE).items()}
    typed = {qid: on_disk.get(qid, "").replace(".", ",") for qid in framework.questions}
    changed: dict[str, Decimal | str | None] = {}
    if posted is not None:
        for qid in framework.questions:
            new = posted.get(FIELD + qid)
            if new is not None and parsed(new) != parsed(on_disk.get(qid, "")):
                changed[qid] = parsed(new)
                typed[qid] = new.strip()
    new_text = with_scores(text, changed, SCORES_FILE) if changed else text
    problems = problems_with(folder, {path: new_text}) if changed else read_evaluation(folder)[1]
    values = {qid: value if isinstance(value := parsed(typed[qid]), Decimal) else None for qid in framework.questions}
    result = Grid(framework, typed, scorecard(framework, values), digest=digest(path), changed=changed, text=new_text)
    for problem in problems.errors:  # a missing score's warning: the grid shows "saknas" instead
        if problem.key in framework.questions and Path(problem.file).name == SCORES_FILE:
            result.fields.setdefault(problem.key, []).append(problem.message)
        else:
            result.general.append(messages([problem], folder)[0])
    return result


def _text(path: Path) -> str:
    try:
        return read_text(path, path.parent)
    except FileNotFoundError:
        return ""
    except (Refused, UnicodeDecodeError) as exc:
        raise KompassError(f"{path.name} kan inte läsas: {exc}") from None


def shown(card: Scorecard) -> dict:
    """Return the percent of each question and the sums of each area and the total, as shown."""
    pcts = {q.question.id: "saknas" if q.percent is None else percent(q.percent)
            for area in card.areas for q in area.questions}
    sums = {area.area.number: _sum(area.achieved, area.max, area.percent, len(area.unscored), len(area.questions))
            for area in card.areas}
    total = _sum(card.total, card.max, None if card.total is None else card.total * 100 / card.max,
                 len(card.missing), card.count)
    return {"pcts": pcts, "sums": sums, "total": total}


def _sum(achieved, maximum, share, missing: int, count: int) -> str:
    if achieved is None:
        return f"saknas: {missing} av {count} frågor har ännu inga poäng"
    return f"{points(achieved)} av {points(maximum)} poäng ({percent(share)})"


async def scores_page(request: Request) -> Response:
    folder = folder_of(request)
    try:
        result = await in_thread(grid, folder)
    except KompassError as exc:
        return unreadable(request, folder, "Poäng", "poang", "Poängen", exc)
    return page(request, "poang.html", title=f"Poäng – {folder.name}", name=folder.name, current="poang",
                grid=result, **shown(result.card))


async def check_scores(request: Request) -> Response:
    """Answer a typed change: each field's messages, percents and the sums (nothing is written)."""
    folder = folder_of(request)
    result = await in_thread(grid, folder, await form(request))
    return HTMLResponse(fragment("poang_svar.html", grid=result, status=None, saved=None, **shown(result.card)))


async def save_scores(request: Request) -> Response:
    """Write the changed scores into scores.yaml, unless check finds an error or the file changed."""
    folder = folder_of(request)
    posted = await form(request)
    result = await in_thread(grid, folder, posted)
    status, alert, saved = _saved(folder, posted, result)
    return HTMLResponse(fragment("poang_svar.html", grid=result, status=status, alert=alert, saved=saved,
                                 name=folder.name, **shown(result.card)))


def _saved(folder: Path, posted: dict[str, str], result: Grid) -> tuple[str, bool, str | None]:
    """Save ``result`` if it may be; return what the page says, whether it is an alert, and the
    file's new digest when it was written (the page's next save is checked against it)."""
    if posted.get("digest") != result.digest:
        return str(Conflict(f"{SCORES_FILE} har ändrats på disken sedan sidan laddades (i en annan flik, en "
                            "redigerare, git eller kompass pull). Inget sparades. Ladda om sidan för att se "
                            "poängen som de är nu och skriv in dina ändringar igen.")), True, None
    if result.fields:
        return "Inte sparat: rätta det som är markerat först.", True, None
    if not result.changed:
        return "Inga ändringar att spara.", False, None
    try:
        saved = save(folder / SCORES_FILE, result.text, posted["digest"])
    except Conflict as exc:
        return str(exc), True, None
    except KompassError as exc:
        return f"Inte sparat: {exc}", True, None
    count = len(result.changed)
    return f"Sparat: {count} {'ändrad fråga' if count == 1 else 'ändrade frågor'} i {SCORES_FILE}.", False, saved

