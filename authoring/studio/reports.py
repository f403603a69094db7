"""Förhandsvisning and Bygg: the report as the HTML writer lays it out, and PDF + DOCX built as ``kompass build`` does.

Both run in the worker processes (``jobs``), so the pages stay quick while charts are drawn. The
preview is made afresh each time its page is opened (after every save), and shown in a frame that
runs no script; its Att göra items link to the page where each is fixed. A build answers at once
and the page asks for its state until it is done; "Slutlig version" refuses a draft and lists
what it lacks, as ``--final`` does.
"""

from __future__ import annotations

import asyncio
import re
import secrets

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from ..safeio import is_regular_inside
from .web import folder_of, form, fragment, page, studio
from .workspace import Outside

MEDIA = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "html": "text/html; charset=utf-8"}  # each a download (attachment), never shown in the studio's origin
_PREVIEWS: dict[str, tuple[str, str]] = {}  # evaluation -> (version, page): the last preview made


def todo_link(name: str, kind: str, area: int | None, item: str | None = None) -> str | None:
    """Return the studio address where an Att göra item of ``kind`` is fixed (None: in a file only)."""
    if kind == "unset" and item:
        return f"/e/{name}/uppgifter#{item}"  # a fact of evaluation.yaml: its field on Uppgifter
    if kind == "unscored" and area:
        return f"/e/{name}/poang#omrade-{area}"
    if kind in ("no_text", "no_list") and area:
        return f"/e/{name}/text/{area}"
    return None


async def preview_page(request: Request) -> Response:
    folder = folder_of(request)
    result = await asyncio.wrap_future(studio(request).jobs.preview(folder))
    version = secrets.token_hex(8)
    if result["html"] is not None:
        _PREVIEWS[folder.name] = (version, result["html"])
    todo = [(text, todo_link(folder.name, kind, area, item)) for text, kind, area, item in result["todo"]]
    errors = [text.replace(str(folder.parent) + "/", "") for text, severity in result["problems"] if severity == "error"]
    area = request.query_params.get("omrade", "")
    place = f"#{PLACE}{area}" if re.fullmatch(r"[1-8]", area) else ""
    return page(request, "forhandsvisning.html", title=f"Förhandsvisning – {folder.name}", name=folder.name,
                current="forhandsvisning", ready=result["html"] is not None, todo=todo, errors=errors, version=version,
                place=place)


async def preview_report(request: Request) -> Response:
    """Return the report page last previewed (or a fresh one), to be shown in the preview's frame."""
    folder = folder_of(request)
    version, html = _PREVIEWS.get(folder.name, ("", None))
    if html is None or request.query_params.get("v") != version:
        result = await asyncio.wrap_future(studio(request).jobs.preview(folder))
        html = result["html"] or "<!DOCTYPE html><html lang=\"sv\"><title>Förhandsvisning</title><p>Rapporten kan inte göras.</p></html>"
    return HTMLResponse(with_places(html))


PLACE = "studio-omrade-"  # the id the preview gives each area's first text, to open the frame there
_REGION = re.compile(r'<(\w+)( [^>]*?data-region="area-([1-8])\.)')


def with_places(html: str) -> str:
    """Return the report page with an id on the first element of each area's own text (the frame's
    address names it after a save on that area's page); the writer's page itself has no such ids."""
    seen: set[str] = set()

    def placed(match: re.Match) -> str:
        if match.group(3) in seen:
            return match.group(0)
        seen.add(match.group(3))
        return f'<{match.group(1)} id="{PLACE}{match.group(3)}"{match.group(2)}'

    return _REGION.sub(placed, html)


def outputs(request: Request, name: str) -> list[tuple[str, str]]:
    """Return (format, address) of each built report file of ``name`` that can be downloaded."""
    workspace = studio(request).workspace
    return [(kind, f"/e/{name}/fil/{kind}") for kind in MEDIA
            if is_regular_inside(workspace.output(name, kind), workspace.out)]


async def build_page(request: Request) -> Response:
    folder = folder_of(request)
    running = studio(request).jobs.builds.get(folder.name)
    return page(request, "bygg.html", title=f"Bygg – {folder.name}", name=folder.name, current="bygg",
                files=outputs(request, folder.name), running=running is not None and not running.future.done(),
                out=str(studio(request).workspace.out))


async def start_build(request: Request) -> Response:
    folder = folder_of(request)
    values = await form(request)
    workspace = studio(request).workspace
    studio(request).jobs.build(folder.name, folder, workspace.out, values.get("slutlig") == "1",
                               values.get("skriv-over") == "1")
    return await build_state(request)


async def build_state(request: Request) -> Response:
    """Answer with the state of the evaluation's build: under way (asked again in a second) or its outcome."""
    folder = folder_of(request)
    build = studio(request).jobs.builds.get(folder.name)
    if build is None:
        return HTMLResponse(fragment("bygg_lage.html", name=folder.name, state="ingen"))
    if not build.future.done():
        return HTMLResponse(fragment("bygg_lage.html", name=folder.name, state="pagar", final=build.final))
    try:
        result = build.future.result()
    except Exception as exc:  # the worker process died: say so, never a traceback
        result = {"error": "other", "messages": [f"bygget avbröts ({type(exc).__name__}): försök igen"]}
    if "error" not in result:
        result["files"] = outputs(request, folder.name)
    return HTMLResponse(fragment("bygg_lage.html", name=folder.name, state="klar", final=build.final, result=result,
                                 prefix=str(folder.parent) + "/"))


async def download(request: Request) -> Response:
    """Return a built report file of the evaluation as a download."""
    name, kind = request.path_params["name"], request.path_params["kind"]
    workspace = studio(request).workspace
    path = workspace.output(name, kind)
    if kind not in MEDIA or not is_regular_inside(path, workspace.out):
        raise Outside(kind)
    return FileResponse(path, media_type=MEDIA[kind], filename=path.name)
