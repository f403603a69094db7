"""Word: an edited DOCX uploaded, its changes shown region by region, and the chosen ones written (``kompass pull``).

The upload is kept in the studio's private temporary folder, never in the workspace, and read by
pull's own reader (``safeio.read_archive`` refuses a zip bomb before anything unpacks it). What
is shown is ``plan_pull``'s plan: each changed region as a word diff, and the conflicts, regions
not pulled, deleted regions, tracked changes and comments explained. Accepting plans the pull
again: a region whose notes or DOCX text changed in between is not written, and the page says so.
"""

from __future__ import annotations

import difflib
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..diff.compare import SIMILAR, word_diff
from ..diff.render import condensed
from ..errors import InputError, KompassError
from ..roundtrip.pull import Pull, plan_pull, select, with_rewordings, write
from ..source.overrides import TEXTS_DIR
from .web import folder_of, fragment, in_thread, messages, page, studio
from .wording import label

FORCE = "kryssa i ”Läs in den ändå” och ladda upp den igen"  # the command's --force, as the page offers it
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_UPLOADS: dict[str, "Upload"] = {}  # upload id -> what was uploaded and planned
_FOLDER: list[Path] = []  # the private folder of the uploads (made once per process)


@dataclass
class Upload:
    name: str  # the evaluation
    path: Path  # the uploaded DOCX in the private folder
    accept_changes: bool
    force: bool  # a DOCX without Kompass's digests or of another evaluation, every change confirmed
    shown: dict[str, tuple[list[str], list[str]]]  # region -> (old, new) as shown
    reworded: dict[str, str] = None  # standard text -> the own wording offered, as shown


def uploads_folder() -> Path:
    if not _FOLDER:
        _FOLDER.append(Path(tempfile.mkdtemp(prefix="kompass-studio-")))
    return _FOLDER[0]


def discard_uploads() -> None:
    """Remove the private folder of the uploads (when the studio stops)."""
    import shutil

    for folder in _FOLDER:
        shutil.rmtree(folder, ignore_errors=True)
    _FOLDER.clear()
    _UPLOADS.clear()


def pieces(old: list[str], new: list[str]) -> list[dict]:
    """Return a region's change as rows to show: a reworded unit as a word diff, others removed or added."""
    rows: list[dict] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        while before and after and "\n" not in before[0] + after[0] and \
                difflib.SequenceMatcher(None, before[0].split(), after[0].split()).ratio() >= SIMILAR:
            rows.append({"kind": "reworded", "pieces": condensed(word_diff(before.pop(0), after.pop(0)))})
        rows += [{"kind": "removed", "text": unit} for unit in before]
        rows += [{"kind": "added", "text": unit} for unit in after]
    return rows


async def word_page(request: Request) -> Response:
    folder = folder_of(request)
    return page(request, "word.html", title=f"Word – {folder.name}", name=folder.name, current="word")


async def upload(request: Request) -> Response:
    """Keep the uploaded DOCX privately and show what pulling it would change."""
    folder = folder_of(request)
    data = await request.form(max_files=1, max_fields=10)
    file = data.get("docx")
    if not isinstance(file, UploadFile) or not file.filename:
        return _answer(folder, error=["Välj Word-filen (.docx) som ska läsas in."])
    upload_id = secrets.token_hex(16)
    path = uploads_folder() / f"{upload_id}.docx"
    path.write_bytes(await file.read())
    accept_changes, force = data.get("godkann") == "1", data.get("tvinga") == "1"
    try:
        result = await in_thread(plan_pull, path, folder, accept_changes, force)
    except InputError as exc:
        path.unlink(missing_ok=True)
        return _answer(folder, error=messages(exc.problems, folder))
    except KompassError as exc:
        path.unlink(missing_ok=True)
        return _answer(folder, error=[str(exc).replace(str(path), file.filename).replace("--force", FORCE)])
    _UPLOADS[upload_id] = Upload(folder.name, path, accept_changes, force,
                                 {c.region: (c.old, c.new) for c in result.changes},
                                 {r.name: r.text for r in result.rewordings})
    return _answer(folder, result=result, upload_id=upload_id, filename=file.filename)


async def accept(request: Request) -> Response:
    """Write the regions the evaluator chose, as pull writes them."""
    folder = folder_of(request)
    data = await request.form(max_files=0, max_fields=500)
    upload_id = str(data.get("upload", ""))
    stored = _UPLOADS.get(upload_id) if UPLOAD_ID.match(upload_id) else None
    if stored is None or stored.name != folder.name:
        return _answer(folder, error=["Uppladdningen finns inte längre: ladda upp Word-filen igen."])
    chosen_regions = {str(value) for value in data.getlist("region")}
    chosen_texts = {str(value) for value in data.getlist("omformulering")}
    if not chosen_regions and not chosen_texts:
        return _answer(folder, error=["Inget avsnitt valdes: kryssa i de ändringar som ska hämtas."])
    try:
        result = await in_thread(plan_pull, stored.path, folder, stored.accept_changes, stored.force)
    except KompassError as exc:
        return _answer(folder, error=[str(exc).replace(str(stored.path), "Word-filen")])
    chosen = [c for c in result.changes if c.region in chosen_regions]
    reworded = [r for r in result.rewordings if r.name in chosen_texts]
    moved = [c.where for c in chosen if stored.shown.get(c.region) != (c.old, c.new)]
    moved += [r.name for r in reworded if (stored.reworded or {}).get(r.name) != r.text]
    missing = (chosen_regions - {c.region for c in result.changes}) | (chosen_texts - {r.name for r in reworded})
    if moved or missing:
        return _answer(folder, error=["Anteckningarna eller filen har ändrats sedan ändringarna visades, så "
                                           "inget skrevs. Ladda upp Word-filen igen för att se ändringarna som de är nu."])
    try:
        written = await in_thread(write, with_rewordings(select(result, chosen), reworded))
    except KompassError as exc:
        return _answer(folder, error=[str(exc)])
    _UPLOADS.pop(upload_id, None)
    stored.path.unlink(missing_ok=True)
    files = sorted({str(Path(p).relative_to(folder)) if Path(p).is_relative_to(folder) else Path(p).name
                    for p in written})
    return _answer(folder, written=files, count=len(chosen) + len(reworded))


def _answer(folder: Path, result: Pull | None = None, error: list[str] | None = None, **values) -> HTMLResponse:
    changes = [{"region": c.region, "where": c.where, "file": c.file.name, "rows": pieces(c.old, c.new)}
               for c in (result.changes if result else [])]
    rewordings = [{"name": r.name, "label": label(r.name), "file": str(Path(TEXTS_DIR) / r.file.name),
                   "rows": [{"kind": "reworded", "pieces": condensed(word_diff(was, now))} for was, now in r.edits]}
                  for r in (result.rewordings if result else [])]
    text = fragment("word_svar.html", name=folder.name, result=result, changes=changes, rewordings=rewordings,
                    error=error or [], **values)
    return HTMLResponse(text.replace(f"{folder.resolve().parent}/", "").replace(f"{folder.parent}/", ""))
