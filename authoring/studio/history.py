"""Historik: what changed in an evaluation since its last build from the studio, or since a git revision.

The comparison is ``kompass diff``'s own (``diff.compare``), laid out as a page and as the Markdown
that ``kompass diff --markdown`` prints, ready to copy into an e-mail to the municipality.

"Since the last build" needs the inputs as they were built: each successful build from the studio
keeps the evaluation folder's files, packed, in Kompass's cache (``usercache``, ``studio-builds/``,
under the hash of the folder's path). They are compared in a copy of the workspace's campaign, so
that only the evaluation's own changes show, not a campaign average that moved with another member.
When the cache was emptied or turned off, the page says so and offers the git comparison.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from .. import usercache
from ..errors import InputError, KompassError
from ..source.evaluation import CAMPAIGN_FILE
from ..source.framework_lookup import versions_in
from .web import folder_of, in_thread, messages, page, studio

KIND = "studio-builds"
MAX_SNAPSHOT_BYTES = 50_000_000  # an evaluation with more than this in its folder is not kept
SINCE_BUILD, SINCE_REVISION = "bygge", "git"


def keep_built_inputs(folder: Path) -> None:
    """Keep the files of ``folder`` as they were built (in the cache; nothing when it is off or full)."""
    place = _snapshot_path(folder)
    if place is None:
        return
    buffer = io.BytesIO()
    size = 0
    try:
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for path in sorted(folder.rglob("*")):
                if path.is_symlink() or not path.is_file():
                    continue
                size += path.stat().st_size
                if size > MAX_SNAPSHOT_BYTES:
                    return
                tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
    except OSError:  # a file that cannot be read now: no comparison with this build, the build stands
        return
    usercache.write(place, buffer.getvalue())


def _snapshot_path(folder: Path) -> Path | None:
    cache = usercache.folder(KIND)
    if cache is None:
        return None
    return cache / hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()


def _built_version(folder: Path, into: Path, siblings: list[str]) -> Path | None:
    """Return ``folder`` as last built, unpacked under ``into`` beside a copy of its campaign (the
    campaign file and the evaluations ``siblings``); None when it was not kept."""
    place = _snapshot_path(folder)
    data = usercache.read(place) if place is not None else None
    if data is None:
        return None
    root = folder.resolve().parent
    campaign = root / CAMPAIGN_FILE
    if campaign.is_file():
        shutil.copyfile(campaign, into / CAMPAIGN_FILE)
        for version in versions_in(root):  # a framework beside the campaign, which the evaluation uses
            shutil.copyfile(root / f"{version}.yaml", into / f"{version}.yaml")
        for sibling in siblings:
            if sibling != folder.name:
                shutil.copytree(root / sibling, into / sibling, symlinks=True)
    old = into / folder.name
    old.mkdir()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(old, filter="data")
    return old


def compare(folder: Path, against: str, revision: str, siblings: list[str]):
    """Return (the changes as the page shows them or None, the Markdown, messages) of ``folder``
    against its last build (``siblings``: the workspace's evaluations) or a git revision."""
    from ..builder.plan import ready
    from ..diff.compare import diff_evaluations, git_version, read_in_revision
    from ..diff.render import markdown

    with tempfile.TemporaryDirectory(prefix="kompass-historik-") as tmp:
        try:
            if against == SINCE_BUILD:
                before = _built_version(folder, Path(tmp), siblings)
                if before is None:
                    return None, "", ["Det finns inget bygge från studion att jämföra med (eller så har Kompass cache "
                                      "tömts). Bygg rapporten på sidan Bygg, eller jämför med en git-revision."]
                old_name = f"{folder.name} (senaste bygget)"
                old = ready(before)
            else:
                before = git_version(folder, revision, Path(tmp))
                old_name = f"{folder.name} ({revision})"
                old = read_in_revision(ready, before, Path(tmp), revision)  # its problems named as git names files
            result = diff_evaluations(old, ready(folder), old_name, f"{folder.name} (nu)")
        except InputError as exc:
            return None, "", ["Versionerna kan inte jämföras förrän det här är rättat:",
                              *(message.replace(f"{tmp}/", "senaste bygget: ") for message in messages(exc.problems, folder))]
        except KompassError as exc:
            return None, "", [str(exc)]
    return shown(result), markdown(result), []


def shown(result) -> dict:
    """Return ``result`` (a ``diff.compare.Diff``) as the page lays it out: cells and word pieces, no arithmetic."""
    from ..diff.render import KINDS, TITLES, condensed, score_line

    def pieces(change) -> list[tuple[str, str]]:
        if change.kind == "reworded":
            return condensed(change.words())
        return [("delete", change.old)] if change.kind == "removed" else [("insert", change.new)]

    texts = [(title, [(change.where or "Inledning", KINDS[change.kind], pieces(change)) for change in changes])
             for title, changes in zip(TITLES[1:], (result.sentences, result.prose, result.metadata)) if changes]
    return {"empty": result.empty, "title": f"Ändringar från {result.old_name} till {result.new_name}",
            "scores": [score_line(change) for change in result.scores], "texts": texts}


async def history_page(request: Request) -> Response:
    folder = folder_of(request)
    against = request.query_params.get("mot", SINCE_BUILD)
    against = against if against in (SINCE_BUILD, SINCE_REVISION) else SINCE_BUILD
    revision = request.query_params.get("rev", "HEAD").strip()[:200] or "HEAD"
    siblings = studio(request).workspace.names()
    result, text, notes = await in_thread(compare, folder, against, revision, siblings)
    return page(request, "historik.html", title=f"Historik – {folder.name}", name=folder.name, current="historik",
                against=against, revision=revision, result=result, markdown=text, notes=notes)
