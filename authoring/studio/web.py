"""What every page of the studio shares: the templates, the workspace, forms, digests and saving.

A save is checked against the digest of the file that the page was made from: a file changed on
disk since (by an editor, git, ``pull`` or another tab) is a conflict, shown and never overwritten.
Saves are made one at a time, each all or nothing (``builder.build.write_atomically``).
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..builder.build import write_atomically
from ..errors import KompassError
from ..problems import Problem
from ..safeio import content_hash
from .guard import Keys
from .workspace import Outside, Workspace

MAX_FIELD_BYTES = 2_000_000  # one form field (a notes text)
SAVING = threading.Lock()  # one save at a time: the digest check and the write belong together
ENVIRONMENT = Environment(loader=PackageLoader("authoring.studio", "pages"), autoescape=select_autoescape(default=True),
                          trim_blocks=True, lstrip_blocks=True)


@dataclass
class Studio:
    """The state of one running studio: where it works, its keys, and its background jobs."""

    workspace: Workspace
    keys: Keys
    jobs: object  # jobs.Jobs


def studio(request: Request) -> Studio:
    return request.app.state.studio


def page(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    """Return the page ``template`` filled with ``values`` and what every page shows."""
    values.setdefault("name", None)
    text = ENVIRONMENT.get_template(template).render(csrf=studio(request).keys.csrf, **values)
    return HTMLResponse(text, status_code=status)


def unreadable(request: Request, folder, title: str, current: str, what: str, exc: Exception) -> HTMLResponse:
    """Return the page saying that ``what`` cannot be shown until the evaluation's files can be read."""
    return page(request, "fel.html", 409, title=title, name=folder.name, current=current,
                message=f"{what} kan inte visas förrän filerna går att läsa:", details=str(exc).splitlines())


def fragment(template: str, **values) -> str:
    """Return the part of a page ``template`` makes (an answer to htmx)."""
    return ENVIRONMENT.get_template(template).render(**values)


async def form(request: Request) -> dict[str, str]:
    """Return the posted form's text fields (the guard has checked its CSRF token and size)."""
    data = await request.form(max_files=1, max_fields=2000, max_part_size=MAX_FIELD_BYTES)
    return {key: value for key, value in data.multi_items() if isinstance(value, str)}


def folder_of(request: Request) -> Path:
    """Return the evaluation folder the address names; raise Outside for anything else."""
    return studio(request).workspace.folder(request.path_params["name"])


def digest(path: Path) -> str:
    """Return the digest of ``path`` as a page carries it (``saknas`` when there is no such file)."""
    return content_hash(path) or "saknas"


class Conflict(KompassError):
    """The file changed on disk since the page was made; nothing was written."""


def save(path: Path, text: str, seen: str) -> str:
    """Write ``text`` to ``path`` if it still has the digest ``seen``; return the new digest.

    Raise Conflict when the file changed since. A file that is a symbolic link is written where it
    leads (the link stays a link), with the file's permissions kept.
    """
    with SAVING:
        if digest(path) != seen:
            raise Conflict(f"{path.name} har ändrats på disken sedan sidan laddades (i en annan flik, en "
                           "redigerare, git eller kompass pull). Inget sparades. Ladda om sidan för att se filen "
                           "som den är nu och gör om ändringen där.")
        target = path.resolve()
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = None
        write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"), mode)
        return digest(path)


def messages(problems, folder: Path) -> list[str]:
    """Return ``problems`` as the evaluator reads them: the file named inside the evaluation folder."""
    return [shown(problem, folder) for problem in problems]


def shown(problem: Problem, folder: Path) -> str:
    text = str(problem)
    for prefix in (str(folder.resolve()), str(folder)):
        text = text.replace(prefix + os.sep, "").replace(prefix, folder.name)
    return text


async def in_thread(function, *args, **kwargs):
    """Return ``function(*args, **kwargs)`` run outside the event loop (file work, checking)."""
    return await run_in_threadpool(function, *args, **kwargs)


__all__ = ["Conflict", "Outside", "Studio", "digest", "folder_of", "form", "fragment", "in_thread", "messages",
           "page", "save", "studio"]
