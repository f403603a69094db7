"""The studio's pages as one Starlette application behind the guard (``create``).

Each page lives in the module named for it; this module only maps addresses to them, serves the
few static files the package carries (htmx, the studio's own script and style) and turns refusals
into Swedish pages.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from . import campaign, history, metadata, overview, reports, scoring, settings, sheets, wording, wordtrip, writing
from .guard import BodyTooLarge, Guard, Keys, MAX_BODY_BYTES
from .jobs import Jobs
from .web import ENVIRONMENT, Studio, page
from .workspace import Outside, Workspace
from ..swedish import points

STATIC = {"htmx.min.js": "text/javascript", "studio.js": "text/javascript", "studio.css": "text/css"}

ENVIRONMENT.filters["ident"] = lambda qid: str(qid).replace(".", "-")
ENVIRONMENT.filters["points"] = points
ENVIRONMENT.filters["wording_label"] = wording.label


def static(request: Request) -> Response:
    """Return one of the package's static files (only those named in STATIC)."""
    name = request.path_params["file"]
    if name not in STATIC:
        return HTMLResponse("Filen finns inte.", status_code=404)
    data = resources.files("authoring.studio").joinpath("static", name).read_bytes()
    return Response(data, media_type=STATIC[name])


async def not_found(request: Request, exc: Exception) -> Response:
    return page(request, "fel.html", 404, title="Finns inte",
                message="Sidan eller utvärderingen finns inte i den här arbetsmappen. Gå till Översikt.")


async def too_large(request: Request, exc: BodyTooLarge) -> Response:
    return HTMLResponse(f'<p class="fel" role="alert">{exc}</p>', status_code=413)


ROUTES = [
    Route("/", overview.overview),
    Route("/ny", overview.create, methods=["POST"]),
    Route("/static/{file}", static),
    Route("/kampanj", settings.settings_page),
    Route("/kampanj", settings.save_settings, methods=["POST"]),
    Route("/kampanj/bygg", campaign.start, methods=["POST"]),
    Route("/kampanj/lage", campaign.state),
    Route("/kampanj/fil/{file}", campaign.download),
    Route("/e/{name}/uppgifter", metadata.facts_page),
    Route("/e/{name}/uppgifter", metadata.save_facts, methods=["POST"]),
    Route("/e/{name}/uppgifter/logotyp", metadata.upload_logo, methods=["POST"]),
    Route("/e/{name}/poang", scoring.scores_page),
    Route("/e/{name}/poang", scoring.save_scores, methods=["POST"]),
    Route("/e/{name}/poang/kontroll", scoring.check_scores, methods=["POST"]),
    Route("/e/{name}/poang/blad", sheets.download),
    Route("/e/{name}/poang/blad", sheets.upload, methods=["POST"]),
    Route("/e/{name}/poang/blad/skriv", sheets.accept, methods=["POST"]),
    Route("/e/{name}/text", writing.text_page),
    Route("/e/{name}/text/{area}", writing.text_page),
    Route("/e/{name}/text/{area}", writing.save_text, methods=["POST"]),
    Route("/e/{name}/standardtexter", wording.wording_page),
    Route("/e/{name}/standardtexter/{text}", wording.save_wording, methods=["POST"]),
    Route("/e/{name}/forhandsvisning", reports.preview_page),
    Route("/e/{name}/forhandsvisning/rapport", reports.preview_report),
    Route("/e/{name}/bygg", reports.build_page),
    Route("/e/{name}/bygg", reports.start_build, methods=["POST"]),
    Route("/e/{name}/bygg/lage", reports.build_state),
    Route("/e/{name}/fil/{kind}", reports.download),
    Route("/e/{name}/word", wordtrip.word_page),
    Route("/e/{name}/word", wordtrip.upload, methods=["POST"]),
    Route("/e/{name}/word/hamta", wordtrip.accept, methods=["POST"]),
    Route("/e/{name}/historik", history.history_page),
]


def create(root: Path, out: Path, keys: Keys, max_body: int = MAX_BODY_BYTES) -> Guard:
    """Return the studio for the workspace ``root`` (reports built into ``out``) behind its guard."""
    app = Starlette(routes=ROUTES, exception_handlers={404: not_found, Outside: not_found, BodyTooLarge: too_large})
    app.state.studio = Studio(Workspace.at(root, out), keys, Jobs())
    return Guard(app, keys, max_body)
