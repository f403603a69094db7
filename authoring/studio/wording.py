"""Standardtexter: the report's standard texts (chapter 1, the method, each area's Allmänt text …) in this report's own wording.

Each text shows this report's wording: its own file ``notes/texts/<name>.md`` when there is one,
else the framework's default. A save writes the file when the text differs from the default
(checked first as ``kompass check`` reads it: placeholders, Markdown), and removes it when the text
is the default again, so the report follows later fixes of the template. A text given in
evaluation.yaml's ``texts:`` is shown, not edited here: the page says where it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import KompassError
from ..safeio import Refused, read_text
from ..source.evaluation import EVALUATION_FILE
from ..source.overrides import TEXTS_DIR, text_names
from ..source.proposed import problems_with
from .scoring import framework_of
from .web import SAVING, Conflict, digest, folder_of, form, fragment, in_thread, messages, page, save, unreadable


LABELS = {"texts.what_is": "Vad är Kommunkompassen?", "texts.evaluation_method": "Utvärderingen: metoden",
          "texts.not_comparable": "Resultat som inte är jämförbara", "texts.comparisons": "Jämförelser",
          "texts.appendix_intro": "Inledningen till Översikt av poängfördelning"}


def label(name: str) -> str:
    """Return the name of a standard text as the evaluator reads it."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "areas" and parts[2] == "general":
        return f"Område {parts[1]}: Allmänt"
    return LABELS.get(name, name)


@dataclass
class Wording:
    """One standard text as the page shows it."""

    name: str
    text: str
    default: str
    own: bool  # this report has its own wording
    digest: str
    in_yaml: bool = False  # given in evaluation.yaml's texts: (edited there)
    errors: tuple[str, ...] = ()
    status: str = ""
    alert: bool = False


def _path(folder: Path, name: str) -> Path:
    return folder / TEXTS_DIR / f"{name}.md"


def _editable(name: str) -> bool:
    """The framework's Markdown texts: chapter texts, and of the areas only their Allmänt text."""
    return name.startswith("texts.") or (name.startswith("areas.") and name.endswith(".general"))


def _yaml_texts(folder: Path) -> dict:
    try:
        data = yaml.safe_load(read_text(folder / EVALUATION_FILE, folder))
    except (yaml.YAMLError, Refused, UnicodeDecodeError, OSError):
        return {}
    texts = data.get("texts") if isinstance(data, dict) else None
    return texts if isinstance(texts, dict) else {}


def wordings(folder: Path) -> list[Wording]:
    """Return every editable standard text of the evaluation in ``folder``, in the report's order."""
    framework = framework_of(folder)
    if framework is None:
        raise KompassError("evaluation.yaml anger inget ramverk som kan läsas: kör kompass check")
    given = _yaml_texts(folder)
    found = []
    for name, default in text_names(framework).items():
        if _editable(name):
            found.append(wording(folder, name, default, name in given))
    return found


def wording(folder: Path, name: str, default: str, in_yaml: bool = False) -> Wording:
    path = _path(folder, name)
    try:
        own = read_text(path, folder) if path.is_file() else None
    except (Refused, UnicodeDecodeError) as exc:
        raise KompassError(f"{path.name} kan inte läsas: {exc}") from None
    return Wording(name, own if own is not None else default, default, own is not None, digest(path), in_yaml)


def saved(folder: Path, name: str, posted: dict[str, str]) -> Wording:
    framework = framework_of(folder)
    defaults = text_names(framework) if framework is not None else {}
    if not _editable(name) or name not in defaults:
        raise KompassError(f"texten {name} finns inte")
    path = _path(folder, name)
    typed = posted.get("text", "").replace("\r\n", "\n")
    restore = posted.get("forval") == "1"
    now = wording(folder, name, defaults[name])
    kept = Wording(name, typed, defaults[name], now.own, posted.get("digest", ""))
    if posted.get("digest") != now.digest:
        kept.status, kept.alert = (f"{path.name} har ändrats på disken sedan sidan laddades. Inget sparades. Kopiera "
                                   "texten, ladda om sidan och gör om ändringen där."), True
        return kept
    if restore or typed.strip() == defaults[name].strip():
        if now.own:
            with_lock_unlink(path, now.digest)
        fresh = wording(folder, name, defaults[name])
        fresh.status = "Förvalstexten gäller igen." if now.own else "Inga ändringar att spara."
        return fresh
    text = typed.rstrip() + "\n"
    problems = problems_with(folder, {path: text})
    errors = [p for p in problems.errors if Path(p.file).name == path.name or name in p.message]
    if errors:
        kept.errors = tuple(messages(errors, folder))
        kept.status, kept.alert = "Inte sparat: rätta det som står ovanför texten först.", True
        return kept
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save(path, text, now.digest)
    except (Conflict, KompassError) as exc:
        kept.status, kept.alert = str(exc), True
        return kept
    fresh = wording(folder, name, defaults[name])
    fresh.status = f"Sparat som rapportens egen formulering i {TEXTS_DIR / path.name}."
    return fresh


def with_lock_unlink(path: Path, seen: str) -> None:
    """Remove ``path`` if it still has the digest ``seen`` (else Conflict, as ``save``)."""
    with SAVING:
        if digest(path) != seen:
            raise Conflict(f"{path.name} har ändrats på disken sedan sidan laddades. Inget togs bort.")
        path.unlink(missing_ok=True)


async def wording_page(request: Request) -> Response:
    folder = folder_of(request)
    try:
        found = await in_thread(wordings, folder)
    except KompassError as exc:
        return unreadable(request, folder, "Standardtexter", "standardtexter", "Texterna", exc)
    return page(request, "standardtexter.html", title=f"Standardtexter – {folder.name}", name=folder.name,
                current="standardtexter", wordings=found)


async def save_wording(request: Request) -> Response:
    folder = folder_of(request)
    name = request.path_params["text"]
    posted = await form(request)
    try:
        result = await in_thread(saved, folder, name, posted)
    except Conflict as exc:
        return HTMLResponse(f'<p class="fel" role="alert">{exc}</p>', status_code=409)
    except KompassError:
        return HTMLResponse('<p class="fel" role="alert">Texten finns inte.</p>', status_code=404)
    return HTMLResponse(fragment("standardtext.html", name=folder.name, w=result))

