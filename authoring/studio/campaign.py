"""The whole workspace built at once from Översikt, as ``kompass batch`` builds a campaign.

The build runs in a worker; while it runs, the page asks for its state every second and shows
each evaluation's report as current or not yet (``builder.status``), so the members turn current
one by one. When it is done, each member's outcome (built, unchanged, failed with check's message,
blocked by a failing member) and the campaign summary to download.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from ..safeio import is_regular_inside
from .jobs import CAMPAIGN
from .web import form, fragment, in_thread, studio
from .workspace import Outside

SUMMARY = {"sammanstallning.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "sammanstallning.csv": "text/csv; charset=utf-8"}
OUTCOMES = {"built": "byggd", "skipped": "oförändrad, redan aktuell", "failed": "misslyckades",
            "blocked": "blockerad av en annan utvärdering"}


async def start(request: Request) -> Response:
    values = await form(request)
    workspace = studio(request).workspace
    studio(request).jobs.batch(workspace.root, workspace.out, values.get("slutlig") == "1")
    return await state(request)


def _progress(request: Request) -> list[tuple[str, str]]:
    """Return (evaluation, its report now) for each evaluation of the workspace, while the build runs."""
    from .overview import rows

    found, _ = rows(request)
    return [(row["name"], row["outputs"]) for row in found]


async def state(request: Request) -> Response:
    """Answer with the state of the workspace's build: under way (asked again in a second) or its outcome."""
    build = studio(request).jobs.builds.get(CAMPAIGN)
    if build is None:
        return HTMLResponse("")
    if not build.future.done():
        members = await in_thread(_progress, request)
        return HTMLResponse(fragment("kampanj_lage.html", state="pagar", final=build.final, members=members))
    try:
        result = build.future.result()
    except Exception as exc:  # the worker process died: say so, never a traceback
        result = {"error": "other", "messages": [f"bygget avbröts ({type(exc).__name__}): försök igen"]}
    root = str(studio(request).workspace.root) + "/"
    for outcome in result.get("outcomes", []):
        outcome["message"] = outcome["message"].replace(root, "")
        outcome["shown"] = OUTCOMES.get(outcome["status"], outcome["status"])
    return HTMLResponse(fragment("kampanj_lage.html", state="klar", final=build.final, result=result))


async def download(request: Request) -> Response:
    """Return a file of the campaign summary as a download."""
    name = request.path_params["file"]
    workspace = studio(request).workspace
    path = Path(workspace.out) / name
    if name not in SUMMARY or not is_regular_inside(path, workspace.out):
        raise Outside(name)
    return FileResponse(path, media_type=SUMMARY[name], filename=name)
