"""Uppgifter: evaluation.yaml's facts in a form (who, when, by whom, Kortfakta, publication), with no YAML.

The form shows the file as read; a save writes only the keys whose value changed, through
``source.yamlsplice`` (a changed scalar over its characters alone, a changed list as that key's
lines), after ``kompass check`` has read the proposed file: its errors stand beside the fields
they name and nothing is written. The file's digest, carried by the page, makes a file changed on
disk since a conflict. The reference and the earlier evaluations, with their area scores, are
``profiles.py``'s; several references (``references:``) stay in the file, and the page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..builder.build import write_atomically
from ..errors import KompassError
from ..safeio import Refused, read_text
from ..source.assets import image_problem
from ..source.evaluation import EVALUATION_FILE
from ..source.framework import available_versions
from ..source.proposed import problems_with
from ..source.yamlsplice import with_values
from .profiles import AREAS, earlier_rows, earlier_value, reference_fields, reference_value, typed_earlier
from .web import Conflict, digest, folder_of, form, fragment, in_thread, page, save, shown

SCALARS = ("municipality", "official_name", "inhabitants_genitive", "year", "framework", "evaluated", "interviewees")
NUMBERS = ("year", "interviewees")
PUBLICATION = ("unit", "publisher", "year", "contact", "registration")
SHOWN = ("logo",)  # publication keys shown, not typed: the logo is uploaded
ROWS = {"authors": ("name", "organisation"), "kortfakta": ("label", "value")}
BLANK_ROWS = 2  # empty rows offered below the filled ones, to add an author or a Kortfakta row


@dataclass
class Facts:
    """What the Uppgifter page shows: the values as typed, the rows, messages per field and in all."""

    values: dict[str, str]
    rows: dict[str, list[tuple[str, str]]]
    digest: str
    earlier: list[dict[str, str]] = field(default_factory=list)
    references_in_file: bool = False  # several references (references:): kept in the file
    fields: dict[str, list[str]] = field(default_factory=dict)  # field name -> check's errors
    errors: list[str] = field(default_factory=list)
    status: str = ""
    alert: bool = False


def _read(folder: Path) -> str:
    try:
        return read_text(folder / EVALUATION_FILE, folder)
    except (Refused, UnicodeDecodeError) as exc:
        raise KompassError(f"{EVALUATION_FILE} kan inte läsas: {exc}") from None


def facts_of(folder: Path) -> Facts:
    """Return the form's values as evaluation.yaml holds them now."""
    path = folder / EVALUATION_FILE
    data = _parsed(_read(folder))
    values = {key: _shown(data.get(key)) for key in SCALARS}
    publication = data.get("publication") if isinstance(data.get("publication"), dict) else {}
    values.update({f"publication.{key}": _shown(publication.get(key)) for key in (*PUBLICATION, *SHOWN)})
    rows = {name: [tuple(_shown(row.get(column)) if isinstance(row, dict) else "" for column in columns)
                   for row in (data.get(name) or []) if isinstance(data.get(name), list)]
            for name, columns in ROWS.items()}
    reference = reference_fields(data)
    values.update(reference or {})
    return Facts(values, rows, digest(path), earlier_rows(data), reference is None)


def _parsed(text: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _shown(value) -> str:
    """Return a value as its field shows it: a day range as "first – last", nothing for None."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " – ".join(str(item) for item in value)
    return str(value)


def changes(folder: Path, posted: dict[str, str]) -> dict[str, object]:
    """Return the top-level keys of evaluation.yaml whose posted value differs from the file's, with the new value."""
    now = facts_of(folder)
    data = _parsed(_read(folder))
    changed: dict[str, object] = {}
    for key in SCALARS:
        typed = posted.get(key, now.values[key]).strip()
        if typed != now.values[key]:
            changed[key] = typed_value(key, typed)
    changed.update(shared_changes(now.values, posted, data))
    earlier = typed_earlier(posted)
    if earlier is not None and earlier != now.earlier:
        changed["earlier_evaluations"] = earlier_value(earlier)
    for name, columns in ROWS.items():
        typed_rows = _typed_rows(posted, name, columns)
        if typed_rows is not None and typed_rows != [tuple(row) for row in now.rows[name]]:
            changed[name] = [dict(zip(columns, row)) if row[1] or name == "kortfakta" else {columns[0]: row[0]}
                             for row in typed_rows] or None
    return changed


def shared_changes(shown: dict[str, str], posted: dict[str, str], data: dict) -> dict[str, object]:
    """Return the publication and reference (fields ``publication.*``, ``reference.*``) of a form
    that differ from ``shown``, as the file's new values; what the form has no field for (a
    publication's logo, closing text) is kept from ``data``. Uppgifter and Kampanj share these."""
    changed: dict[str, object] = {}
    typed = {key: posted.get(f"publication.{key}", shown[f"publication.{key}"]).strip() for key in PUBLICATION}
    if any(typed[key] != shown[f"publication.{key}"] for key in PUBLICATION):
        publication = dict(data.get("publication") or {})
        for key, text in typed.items():
            if text:
                publication[key] = typed_value(key, text)
            else:
                publication.pop(key, None)
        changed["publication"] = publication or None
    reference_keys = [key for key in shown if key.startswith("reference.")]
    if reference_keys and any(posted.get(key, shown[key]).strip() != shown[key] for key in reference_keys):
        changed["reference"] = reference_value(posted)
    return changed


def _typed_rows(posted: dict[str, str], name: str, columns: tuple[str, str]) -> list[tuple[str, str]] | None:
    """Return the rows typed for ``name`` (an empty row left out), or None when the form had none."""
    numbers = sorted({int(m.group(1)) for key in posted if (m := re.fullmatch(rf"{name}-(\d+)-\w+", key))})
    if not numbers:
        return None
    rows = [tuple(posted.get(f"{name}-{n}-{column}", "").strip() for column in columns) for n in numbers]
    return [row for row in rows if any(row)]


def typed_value(key: str, typed: str) -> object:
    """Return what is typed as the file's value: a number, a day range as a list, else the text (None if empty)."""
    if not typed:
        return None
    if key in NUMBERS and typed.isdigit():
        return int(typed)
    if key == "evaluated" and (parts := re.split(r"\s+[–-]\s+|\s*–\s*", typed)) and len(parts) == 2:
        return parts
    return typed


def field_of(problem) -> str | None:
    """Return the form field a problem of check names (by its key path), if any."""
    key = (problem.key or "").replace(" › ", ".")
    for name in (*SCALARS, *(f"publication.{k}" for k in PUBLICATION), *ROWS, "reference", "earlier_evaluations"):
        if key == name or key.startswith(name + " nr") or key.startswith(name + "."):
            return name
    return None


def saved(folder: Path, posted: dict[str, str]) -> Facts:
    path = folder / EVALUATION_FILE
    shown_now = facts_of(folder)
    if posted.get("digest") != shown_now.digest:
        return _kept(posted, shown_now, [f"{EVALUATION_FILE} har ändrats på disken sedan sidan laddades (i en annan "
                                         "flik, en redigerare, git eller kompass pull). Inget sparades. Kopiera det du "
                                         "skrivit, ladda om sidan och gör om ändringen där."], posted.get("digest", ""))
    changed = changes(folder, posted)
    if not changed:
        shown_now.status = "Inga ändringar att spara."
        return shown_now
    try:
        text = with_values(_read(folder), changed, EVALUATION_FILE)
    except KompassError as exc:
        return _kept(posted, shown_now, [str(exc)])
    problems = problems_with(folder, {path: text})
    if problems.errors:
        facts = _kept(posted, shown_now, [], shown_now.digest)
        for problem in problems.errors:
            name = field_of(problem)
            if name is not None:
                facts.fields.setdefault(name, []).append(shown(problem, folder))
            facts.errors.append(shown(problem, folder))
        facts.status, facts.alert = "Inte sparat: rätta det som står vid fälten först.", True
        return facts
    try:
        save(path, text, shown_now.digest)
    except (Conflict, KompassError) as exc:
        return _kept(posted, shown_now, [str(exc)])
    fresh = facts_of(folder)
    fresh.status = f"Sparat i {EVALUATION_FILE}: " + ", ".join(LABELS.get(key, key) for key in changed) + "."
    return fresh


def _kept(posted: dict[str, str], now: Facts, errors: list[str], seen: str | None = None) -> Facts:
    """Return the form as typed (nothing lost), with ``errors`` and the alert set."""
    values = {key: posted.get(key, value) for key, value in now.values.items()}
    rows = {name: _typed_rows(posted, name, columns) or [] for name, columns in ROWS.items()}
    facts = Facts(values, rows, now.digest if seen is None else seen, typed_earlier(posted) or [],
                  now.references_in_file, errors=list(errors))
    if errors:
        facts.status, facts.alert = errors[0], True
        facts.errors = errors[1:]
    return facts


LABELS = {"municipality": "kommun", "official_name": "officiellt namn", "inhabitants_genitive": "invånarnas genitiv",
          "year": "år", "framework": "ramverk", "evaluated": "utvärderingen genomfördes", "interviewees": "intervjuade",
          "publication": "publicering", "authors": "utvärderare", "kortfakta": "Kortfakta", "reference": "referens",
          "earlier_evaluations": "tidigare utvärderingar"}


def _context(folder: Path, facts: Facts) -> dict:
    return {"name": folder.name, "facts": facts, "versions": available_versions(near=folder), "blank": BLANK_ROWS, "areas": AREAS}


async def facts_page(request: Request) -> Response:
    folder = folder_of(request)
    facts = await in_thread(facts_of, folder)
    return page(request, "uppgifter.html", title=f"Uppgifter – {folder.name}", current="uppgifter",
                **_context(folder, facts))


async def save_facts(request: Request) -> Response:
    folder = folder_of(request)
    posted = await form(request)
    facts = await in_thread(saved, folder, posted)
    return HTMLResponse(fragment("uppgifter_form.html", **_context(folder, facts)))


LOGO_NAMES = {"PNG": "logotyp.png", "JPEG": "logotyp.jpg"}


async def upload_logo(request: Request) -> Response:
    """Keep an uploaded PNG or JPEG as the title page's logo (``logotyp.png`` in the evaluation's folder,
    named in ``publication.logo``); answer with the Uppgifter form as it now is."""
    folder = folder_of(request)
    data = await request.form(max_files=1, max_fields=10)
    file = data.get("logotyp")
    content = await file.read() if isinstance(file, UploadFile) and file.filename else b""
    facts = await in_thread(_logo_saved, folder, content, str(data.get("digest", "")))
    return HTMLResponse(fragment("uppgifter_form.html", **_context(folder, facts)))


def _logo_saved(folder: Path, content: bytes, seen: str) -> Facts:
    from PIL import Image  # late: only images need it
    import io

    now = facts_of(folder)
    problem = image_problem(content, "logotypen") if content else "saknas: välj en PNG- eller JPEG-fil"
    if problem is None:
        with Image.open(io.BytesIO(content)) as image:
            name = LOGO_NAMES[image.format]
    if problem is not None:
        now.status, now.alert = f"Inte sparat: logotypen {problem}.", True
        return now
    if seen != now.digest:
        now.status, now.alert = (f"{EVALUATION_FILE} har ändrats på disken sedan sidan laddades. Inget sparades. "
                                 "Ladda om sidan och välj logotypen igen."), True
        return now
    data = _parsed(_read(folder))
    publication = {**(data.get("publication") or {}), "logo": name}
    text = with_values(_read(folder), {"publication": publication}, EVALUATION_FILE)
    logo = folder / name
    existed = logo.exists()
    write_atomically(logo, lambda tmp: tmp.write_bytes(content), None)
    try:
        save(folder / EVALUATION_FILE, text, now.digest)
    except (Conflict, KompassError) as exc:
        if not existed:
            logo.unlink(missing_ok=True)
        now.status, now.alert = str(exc), True
        return now
    fresh = facts_of(folder)
    fresh.status = f"Logotypen sparad som {name} och angiven i {EVALUATION_FILE} (publication.logo)."
    return fresh
