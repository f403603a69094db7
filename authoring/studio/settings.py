"""Kampanj: the campaign file (``kampanj.yaml``) of the workspace in a form: its name, its members,
the reference of every report that states none, and the publication data they share.

A save writes only the changed keys (``source.yamlsplice``), after the campaign file's own
reading (``builder.campaign.read_campaign_file``, as ``kompass check`` reads it) has accepted the
proposed text, read in a private folder beside links to the workspace's folders; its errors stand
beside the fields. A workspace without a campaign file gets one at the first save.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..builder.campaign import read_campaign_file
from ..errors import KompassError
from ..problems import Problems
from ..safeio import Refused, read_text
from ..source.evaluation import CAMPAIGN_FILE
from ..source.yamlsplice import with_values
from .metadata import PUBLICATION, shared_changes
from .profiles import AREAS, reference_fields
from .web import Conflict, digest, form, fragment, in_thread, page, save, studio

DEFAULT_NAME = "Kommunkompassen"


@dataclass
class Settings:
    values: dict[str, str]
    members: list[tuple[str, bool]]  # each evaluation of the workspace, and whether the campaign lists it
    digest: str
    exists: bool
    fields: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    status: str = ""
    alert: bool = False


def _read(root: Path) -> str:
    path = root / CAMPAIGN_FILE
    if not path.is_file():
        return ""
    try:
        return read_text(path, root)
    except (Refused, UnicodeDecodeError) as exc:
        raise KompassError(f"{CAMPAIGN_FILE} kan inte läsas: {exc}") from None


def _parsed(text: str) -> dict:
    try:
        data = yaml.safe_load(text) if text else {}
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def settings_of(root: Path, names: list[str]) -> Settings:
    text = _read(root)
    data = _parsed(text)
    listed = [str(n) for n in data.get("evaluations") or []] if isinstance(data.get("evaluations"), list) else []
    values = {"name": str(data.get("name") or ("" if text else DEFAULT_NAME))}
    publication = data.get("publication") if isinstance(data.get("publication"), dict) else {}
    values.update({f"publication.{key}": "" if publication.get(key) is None else str(publication.get(key))
                   for key in PUBLICATION})
    values.update(reference_fields(data) or {})
    members = [(name, name in listed or not text) for name in [*listed, *(n for n in names if n not in listed)]]
    return Settings(values, members, digest(root / CAMPAIGN_FILE), bool(text))


def changes(now: Settings, posted: dict[str, str], data: dict) -> dict[str, object]:
    changed: dict[str, object] = {}
    name = posted.get("name", now.values["name"]).strip()
    if name != now.values["name"] or not now.exists:
        changed["name"] = name or None
    chosen = [member for member, _ in now.members if posted.get(f"medlem-{member}") == "1"]
    if chosen != [member for member, listed in now.members if listed] or not now.exists:
        changed["evaluations"] = chosen or None
    changed.update(shared_changes(now.values, posted, data))
    return changed


def errors_of(root: Path, text: str) -> list[tuple[str, str]]:
    """Return (key, message) of each error the campaign file would have if it held ``text``; it is
    read in a private folder beside links to the workspace's evaluation folders and copies of its
    files (a logo must be a file of the folder), and named as the real file."""
    problems = Problems()
    with tempfile.TemporaryDirectory(prefix="kompass-kampanj-") as tmp:
        for entry in root.iterdir():
            if entry.name == CAMPAIGN_FILE or entry.is_symlink():
                continue
            if entry.is_dir():
                (Path(tmp) / entry.name).symlink_to(entry)  # an evaluation: only its evaluation.yaml is looked for
            elif entry.is_file():
                shutil.copyfile(entry, Path(tmp) / entry.name)  # e.g. the logo, read as a file of the folder
        proposed = Path(tmp) / CAMPAIGN_FILE
        proposed.write_text(text, encoding="utf-8")
        read_campaign_file(proposed, problems)
        return [((problem.key or "").split(" ")[0], str(problem).replace(f"{tmp}/", "").replace(tmp, ""))
                for problem in problems.errors]


def saved(root: Path, names: list[str], posted: dict[str, str]) -> Settings:
    now = settings_of(root, names)
    if posted.get("digest") != now.digest:
        now.status, now.alert = (f"{CAMPAIGN_FILE} har ändrats på disken sedan sidan laddades. Inget sparades. "
                                 "Ladda om sidan och gör om ändringen där."), True
        return now
    text = _read(root)
    changed = changes(now, posted, _parsed(text))
    if not changed:
        now.status = "Inga ändringar att spara."
        return now
    new = with_values(text, changed, CAMPAIGN_FILE)
    errors = errors_of(root, new)
    if errors:
        now.values.update({key: value.strip() for key, value in posted.items() if key in now.values})
        now.members = [(member, posted.get(f"medlem-{member}") == "1") for member, _ in now.members]
        for key, message in errors:
            now.fields.setdefault(key if key in ("name", "evaluations", "reference", "publication") else "", []).append(message)
        now.errors = [message for _, message in errors]
        now.status, now.alert = "Inte sparat: rätta det som står vid fälten först.", True
        return now
    try:
        save(root / CAMPAIGN_FILE, new, now.digest)
    except (Conflict, KompassError) as exc:
        now.status, now.alert = str(exc), True
        return now
    fresh = settings_of(root, names)
    fresh.status = f"Sparat i {CAMPAIGN_FILE}."
    return fresh


async def settings_page(request: Request) -> Response:
    workspace = studio(request).workspace
    found = await in_thread(settings_of, workspace.root, workspace.names())
    return page(request, "kampanj.html", title="Kampanj", current="kampanj", settings=found, areas=AREAS)


async def save_settings(request: Request) -> Response:
    workspace = studio(request).workspace
    posted = await form(request)
    found = await in_thread(saved, workspace.root, workspace.names(), posted)
    return HTMLResponse(fragment("kampanj_form.html", settings=found, areas=AREAS))
