"""Excel on Poäng: the evaluation's score sheet to download, and a filled sheet uploaded, its changes
shown (old → new) before they are written, as ``kompass import-scores`` asks before it replaces a score.

The sheet is ``kompass new``'s ``poäng.xlsx`` with the scores given so far. An upload is kept in the
studio's private folder and planned by the import itself (``builder.importer.plan_import``: Swedish
Excel's CSV and workbooks, bombs refused); a sheet with scores for another evaluation is refused
here, as is a write after scores.yaml changed since the changes were shown.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..builder.importer import plan_import, write_import
from ..builder.scoreedit import current_scores
from ..errors import InputError, KompassError
from ..source.evaluation import SCORES_FILE, read_evaluation
from ..source.scoresheet import SHEET_FILE, score_sheet
from .scoring import framework_of
from .web import digest, folder_of, fragment, in_thread, messages
from .wordtrip import UPLOAD_ID, uploads_folder

SHEET_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = (".xlsx", ".csv")
_SHEETS: dict[str, tuple[str, Path, str, dict]] = {}  # upload id -> (evaluation, file, scores digest, values shown)


def sheet_of(folder: Path) -> bytes:
    evaluation, _ = read_evaluation(folder)
    framework = framework_of(folder)
    if evaluation is None or framework is None:
        raise KompassError("poängbladet kan inte göras förrän evaluation.yaml och scores.yaml går att läsa: kör kompass check")
    scores = {q.question.id: q.achieved for area in evaluation.scores.areas for q in area.questions}
    return score_sheet(evaluation.meta.municipality, evaluation.official_name, evaluation.meta.year, framework,
                       folder.name, scores)


async def download(request: Request) -> Response:
    folder = folder_of(request)
    try:
        data = await in_thread(sheet_of, folder)
    except KompassError as exc:
        return HTMLResponse(f'<p class="fel" role="alert">{exc}</p>', status_code=409)
    name = f"{folder.name}-{SHEET_FILE}"
    return Response(data, media_type=SHEET_MEDIA,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(name)}"})


def exact(value) -> str:
    """Return a score as typed, with a decimal comma: 5,25 stays 5,25 (the grid's sums round, not this)."""
    return format(value.normalize(), "f").replace(".", ",")


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _planned(folder: Path, path: Path) -> tuple[dict, list, int]:
    """Return (question -> new score, the changes of existing scores, empty cells) of the sheet for ``folder``."""
    planned = plan_import(path, folder.parent)
    scores = (folder / SCORES_FILE).resolve()
    others = sorted({f.parent.name for f in planned.values if f.resolve() != scores})
    if others:
        raise KompassError(f"bladet har poäng för andra utvärderingar ({', '.join(others)}): läs in det på deras "
                           "sidor, eller med kompass import-scores")
    values = next(iter(planned.values.values()), {})
    return values, [c for c in planned.changes if c.folder.resolve() == folder.resolve()], planned.empty


def counted(folder: Path, values: dict) -> tuple[int, int]:
    """Return how many of ``values`` are new (the question had no score) and how many equal the score now."""
    now = current_scores(folder / SCORES_FILE)
    return (sum(1 for qid in values if now.get(qid) is None),
            sum(1 for qid, value in values.items() if now.get(qid) == value))


async def upload(request: Request) -> Response:
    """Keep the uploaded sheet privately and show what reading it would set and change."""
    folder = folder_of(request)
    data = await request.form(max_files=1, max_fields=10)
    file = data.get("blad")
    if not isinstance(file, UploadFile) or not file.filename or not file.filename.lower().endswith(SUFFIXES):
        return _answer(folder, error=["Välj poängbladet: en Excel-fil (.xlsx) eller CSV-fil (.csv)."])
    upload_id = secrets.token_hex(16)
    path = uploads_folder() / f"{upload_id}{Path(file.filename).suffix.lower()}"
    path.write_bytes(await file.read())
    seen = digest(folder / SCORES_FILE)
    try:
        values, changes, empty = await in_thread(_planned, folder, path)
    except InputError as exc:
        path.unlink(missing_ok=True)
        return _answer(folder, error=[m.replace(str(path), file.filename) for m in messages(exc.problems, folder)])
    except KompassError as exc:
        path.unlink(missing_ok=True)
        return _answer(folder, error=[str(exc).replace(str(path), file.filename)])
    _SHEETS[upload_id] = (folder.name, path, seen, values)
    new, same = counted(folder, values)
    return _answer(folder, upload_id=upload_id, filename=file.filename, new=new, same=same, empty=empty,
                   changes=[(c.question, exact(c.old), exact(c.new)) for c in changes])


async def accept(request: Request) -> Response:
    """Write the scores of the sheet shown, if neither scores.yaml nor the plan changed since."""
    folder = folder_of(request)
    data = await request.form(max_files=0, max_fields=10)
    upload_id = str(data.get("upload", ""))
    stored = _SHEETS.get(upload_id) if UPLOAD_ID.match(upload_id) else None
    if stored is None or stored[0] != folder.name:
        return _answer(folder, error=["Bladet finns inte längre: ladda upp det igen."])
    _, path, seen, shown = stored
    try:
        if digest(folder / SCORES_FILE) != seen:
            raise KompassError(f"{SCORES_FILE} har ändrats sedan ändringarna visades, så inget skrevs: ladda upp "
                               "bladet igen för att se ändringarna som de är nu")
        planned = await in_thread(plan_import, path, folder.parent)
        if next(iter(planned.values.values()), {}) != shown:
            raise KompassError("bladet läses nu annorlunda än när det visades: ladda upp det igen")
        await in_thread(write_import, planned)
    except InputError as exc:
        return _answer(folder, error=messages(exc.problems, folder))
    except KompassError as exc:
        return _answer(folder, error=[str(exc)])
    _SHEETS.pop(upload_id, None)
    path.unlink(missing_ok=True)
    return _answer(folder, written=len(shown))


def _answer(folder: Path, error: list[str] | None = None, **values) -> HTMLResponse:
    text = fragment("poang_blad.html", name=folder.name, error=error or [], **values)
    return HTMLResponse(text.replace(f"{folder.resolve().parent}/", "").replace(f"{folder.parent}/", ""))

