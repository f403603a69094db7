"""Översikt: one row per evaluation of the workspace (``kompass status``), and "Ny utvärdering" (``kompass new``)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..builder.plan import plan
from ..builder.status import statuses
from ..compose.completeness import gaps
from ..errors import InputError, KompassError
from ..source import scaffold
from ..source.framework import available_versions, load_framework
from ..source.municipalities import in_order
from .web import form, fragment, in_thread, page, studio

OUTPUTS = {"aktuell": "aktuell", "inaktuell": "inaktuell (bygg om)", "saknas": "inte byggd"}


def rows(request: Request) -> tuple[list[dict], list[str]]:
    """Return the overview's rows (one per evaluation) and the messages of a workspace that cannot be planned."""
    workspace = studio(request).workspace
    if not workspace.names():
        return [], []
    try:
        planned = plan([workspace.root])
    except InputError as exc:
        return [], [str(p) for p in exc.problems]
    todo = {item.name: len(gaps(item.evaluation)) for item in planned.items
            if item.evaluation is not None and item.status == "ready"}
    found = []
    for status in statuses(planned, workspace.out):
        if status.name not in workspace.names():
            continue  # a campaign member outside the workspace is not the studio's to edit
        found.append({"name": status.name, "state": status.state, "areas": status.areas,
                      "scored": status.scored, "count": status.count, "todo": todo.get(status.name),
                      "outputs": OUTPUTS[status.outputs], "reference": status.reference,
                      "errors": status.errors, "warnings": status.warnings})
    return found, []


async def overview(request: Request) -> Response:
    found, problems = await in_thread(rows, request)
    versions = available_versions(near=_beside(studio(request).workspace.root))
    return page(request, "oversikt.html", title="Översikt", current="oversikt", rows=found, problems=problems,
                versions=versions, folder=str(studio(request).workspace.root), values={}, error=None,
                municipalities=in_order())


async def create(request: Request) -> Response:
    """Create an evaluation folder as ``kompass new`` does; answer with a redirect to its Poäng page."""
    values = await form(request)
    municipality, year_text = values.get("kommun", "").strip(), values.get("ar", "").strip()
    version = values.get("ramverk", "").strip()
    error = None
    if not municipality:
        error = "Skriv kommunens namn (utan ”kommun”), t.ex. Kalix."
    elif not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
        error = "Året ska vara ett årtal mellan 1990 och 2100, t.ex. 2024."
    elif version and version not in available_versions(near=_beside(studio(request).workspace.root)):
        error = f"Ramverket {version} finns inte: välj ett i listan."
    if error is None:
        year = int(year_text)
        near = studio(request).workspace.root / scaffold.slug(municipality, year)
        version = version or scaffold.framework_of_year(year, available_versions(near=near))
        try:
            folder = await in_thread(scaffold.create, studio(request).workspace.root, municipality, year,
                                     load_framework(version, near=near))
        except KompassError as exc:
            error = str(exc).replace(str(studio(request).workspace.root) + "/", "")
        else:
            return Response(status_code=204, headers={"HX-Redirect": f"/e/{folder.name}/poang"})
    versions = available_versions(near=_beside(studio(request).workspace.root))
    text = fragment("ny.html", versions=versions, values=values, error=error, municipalities=in_order())
    return HTMLResponse(text, status_code=200)


def _beside(root: Path) -> Path:
    """Return where a new evaluation of the workspace ``root`` would lie, for the frameworks it finds:
    those beside the campaign (and the templates'), as ``kompass new`` finds them."""
    return root / "ny-utvardering"
