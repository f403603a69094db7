"""Text: an area's notes (the text before the first heading, each section, each list) as plain text areas.

The parts and the writing back are ``roundtrip.notes_edit``'s (pull's splice: only what changed
is replaced in ``notes/area-N.md``); what would be written is checked as ``kompass check`` checks
it (``source.proposed``), with check's warnings for the file (e.g. a figure in the text that no
longer matches the scores) shown above the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..builder.plan import plan
from ..errors import KompassError
from ..problems import Problems
from ..roundtrip.notes_edit import Part, edited, parts, with_section
from ..safeio import Refused, read_text
from ..source.evaluation import NOTES_DIR
from ..source.notes import parse_notes
from ..source.proposed import problems_with
from .scoring import framework_of
from .web import Conflict, digest, folder_of, form, fragment, in_thread, messages, page, save, unreadable
from .workspace import area_number

NEW_HEADING, NEW_TEXT = "nytt-rubrik", "nytt-text"


@dataclass
class Notes:
    """What the Text page shows for one area: its parts, the file's digest and messages."""

    area: int
    title: str
    parts: list[Part]
    digest: str
    list_labels: dict[str, str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    status: str | None = None
    alert: bool = False
    questions: list[tuple[str, str]] = field(default_factory=list)  # (id, text) of the area, for the value menu


def _path(folder: Path, area: int) -> Path:
    return folder / NOTES_DIR / f"area-{area}.md"


def _read(path: Path) -> str:
    try:
        return read_text(path, path.parent.parent)
    except FileNotFoundError:
        return ""
    except (Refused, UnicodeDecodeError) as exc:
        raise KompassError(f"{path.name} kan inte läsas: {exc}") from None


def notes_of(folder: Path, area: int, typed: dict[str, str] | None = None) -> Notes:
    """Return the Text page of ``area``: as on disk, with the ``typed`` texts in place when given."""
    framework = framework_of(folder)
    if framework is None:
        raise KompassError("evaluation.yaml anger inget ramverk som kan läsas: kör kompass check")
    path = _path(folder, area)
    problems = Problems()
    notes = parse_notes(path, _read(path), problems)
    found = parts(area, notes)
    if typed is not None:
        found = [Part(p.name, p.kind, p.heading, typed.get(p.name, p.text)) for p in found]
    labels = {"Styrkor": framework.labels.strengths, "Förbättringsmöjligheter": framework.labels.improvements,
              "Svagheter": framework.labels.weaknesses}
    result = Notes(area, framework.area(area).title, found, digest(path), labels,
                   questions=[(q.id, q.text) for q in framework.area(area).questions])
    result.errors = messages(problems.errors, folder)
    return result


def warnings_of(folder: Path, area: int) -> list[str]:
    """Return check's warnings about the notes of ``area`` (stated figures, missing text or lists)."""
    path = _path(folder, area).resolve()
    try:
        item = plan([folder]).items[0]
    except KompassError:
        return []
    return messages([p for p in item.problems.warnings if Path(p.file).resolve() == path], folder)


async def text_page(request: Request) -> Response:
    folder = folder_of(request)
    if "area" not in request.path_params:
        return RedirectResponse(f"/e/{folder.name}/text/1", status_code=303)
    area = area_number(request.path_params["area"])
    try:
        notes = await in_thread(notes_of, folder, area)
    except KompassError as exc:
        return unreadable(request, folder, "Text", "text", "Texten", exc)
    notes.warnings = await in_thread(warnings_of, folder, area)
    return page(request, "text.html", title=f"Text, område {area} – {folder.name}", name=folder.name,
                current="text", notes=notes, new={})


async def save_text(request: Request) -> Response:
    """Write the changed parts of an area's notes, unless check finds an error or the file changed."""
    folder = folder_of(request)
    area = area_number(request.path_params["area"])
    posted = await form(request)
    notes = await in_thread(_saved, folder, area, posted)
    new = {} if notes.status and notes.status.startswith("Sparat") else posted
    return HTMLResponse(fragment("text_form.html", name=folder.name, notes=notes, new=new))


def _saved(folder: Path, area: int, posted: dict[str, str]) -> Notes:
    path = _path(folder, area)
    typed = {key.removeprefix("del-"): value for key, value in posted.items() if key.startswith("del-")}
    shown = notes_of(folder, area, typed)
    shown.digest = posted.get("digest", "")
    if posted.get("digest") != digest(path):
        shown.status, shown.alert = (f"{path.name} har ändrats på disken sedan sidan laddades (i en annan flik, en "
                                     "redigerare, git eller kompass pull). Inget sparades. Kopiera det du skrivit, "
                                     "ladda om sidan och gör om ändringen där."), True
        return shown
    text = old = _read(path)
    try:
        text = _with_typed(path, area, text, typed, posted)
    except ValueError as exc:
        shown.status, shown.alert = f"Inte sparat: texten kunde inte föras in i {path.name} ({exc}).", True
        return shown
    if text == old:
        shown.status = "Inga ändringar att spara."
        return shown
    problems = problems_with(folder, {path: text})
    if problems.errors:
        shown.errors = messages(problems.errors, folder)
        shown.status, shown.alert = "Inte sparat: rätta det som står ovanför fälten först.", True
        return shown
    try:
        save(path, text, posted["digest"])
    except (Conflict, KompassError) as exc:
        shown.status, shown.alert = str(exc), True
        return shown
    fresh = notes_of(folder, area)
    fresh.warnings = warnings_of(folder, area)
    fresh.status = f"Sparat i notes/{path.name}."
    return fresh


def _with_typed(path: Path, area: int, text: str, typed: dict[str, str], posted: dict[str, str]) -> str:
    """Return the file ``text`` with every typed part (and a new section) in it, one part at a time."""
    for name, value in typed.items():
        notes = parse_notes(path, text, Problems())
        current = {p.name: p.text for p in parts(area, notes)}
        if name in current and current[name] != value:
            text = edited(text, area, notes, name, value)
    heading, body = posted.get(NEW_HEADING, "").strip(), posted.get(NEW_TEXT, "").strip()
    if heading or body:
        if not heading or not body:
            raise ValueError("ett nytt avsnitt behöver både en rubrik och en text")
        text = with_section(text, heading, body)
    return text
