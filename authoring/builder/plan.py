"""What to build: each evaluation with its campaign, read once, resolved, or failed or blocked.

``kompass build``, ``batch``, ``check`` and ``status`` all plan through here, so one evaluation
gets the same campaign, the same reference and the same report whichever command builds it.

An evaluation's campaign is the campaign file named on the command line, else the nearest
``kampanj.yaml`` in its folder or a parent folder that lists it, else the evaluations beside it.
When a member of a campaign is invalid, the campaign's average and rank are computed from its
valid members, which name the members they are over, and every report that states them carries
the failing member on its Att göra list: a draft, never a final report that silently compares
with fewer municipalities. A report that needs the failing member itself (its scores as a
reference or as earlier scores) is *blocked*. A member left out on purpose (``exclude``) is simply
not in the average, which then names the members it is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import readcache
from .beside import map_beside
from .campaign import (Campaign, CampaignFile, LeftOut, campaign_file_for, discover, excluded, members,
                       read_campaign_file, resolve)
from ..errors import InputError, UsageError
from ..safeio import recover
from ..source.evaluation import EVALUATION_FILE, NOTES_DIR, Evaluation, read_evaluation
from ..portable import nfc
from ..problems import Problem, Problems
from ..source.scaffold import slug
from .stamps import inputs_digest
from ..source.statedfigures import check_stated_figures


@dataclass
class Planned:
    """One evaluation to build: ``evaluation`` is resolved when ``status`` is ready."""

    folder: Path
    status: str  # ready | failed | blocked
    problems: Problems
    evaluation: Evaluation | None = None
    blocked_by: tuple[str, ...] = ()
    read_digest: str | None = None  # of the folder before it was read: a build stamps only if unchanged
    excluded: bool = False  # left out of its campaign on purpose: batch does not build it

    @property
    def name(self) -> str:
        """Return the report's name: the folder's own name, however its path was typed (``..``, ``.``),
        composed (NFC) as macOS's decomposed file names are not."""
        return nfc(self.folder.resolve().name)


def blocked_problems(item: Planned) -> list[Problem]:
    """Return the message that says why a blocked evaluation is not built."""
    if item.status != "blocked":
        return []
    names = ", ".join(item.blocked_by)
    return [Problem(item.folder, f"byggs inte: referensen eller de tidigare poängen är poängen i {names}, som har "
                    f"fel. Rätta {names} först; den tidigare rapporten ligger kvar, eftersom dess egen indata inte "
                    "har ändrats")]


@dataclass
class Plan:
    items: list[Planned]
    campaign_file: Path | None  # the campaign file named on the command line (or by the folder given)
    campaigns: dict[Path | None, Campaign] = field(default_factory=dict)

    @property
    def valid(self) -> list[Evaluation]:
        """Return every requested evaluation that could be read, resolved or not, and is not left out
        on purpose (for the summary)."""
        return [item.evaluation for item in self.items if item.evaluation is not None and not item.excluded]

    @property
    def unreadable(self) -> list[Planned]:
        """Return the requested evaluations that could not be read (the summary lists them as failing)."""
        return [item for item in self.items if item.evaluation is None and not item.excluded]


Reads = dict[tuple[str, str], tuple[Evaluation | None, Problems]]  # (folder, inputs digest) -> what was read
MAX_READS = 64  # evaluations a long-lived process keeps (``Reads``), the oldest dropped first


class _Reader:
    """Reads each evaluation folder and campaign file once; with ``reads`` (kept by a process that
    plans again and again: the watch), a folder whose files are unchanged is not read again."""

    def __init__(self, reads: Reads | None = None) -> None:
        self.reads = reads
        self.evaluations: dict[Path, tuple[Evaluation | None, Problems]] = {}
        self.digests: dict[Path, str | None] = {}
        self.files: dict[Path, tuple[CampaignFile | None, Problems]] = {}
        self.members: dict[Path, list[Path]] = {}  # campaign file -> its resolved member folders
        self.failed: dict[Path, list[Path]] = {}  # campaign key -> its members that could not be read
        self.excluded: set[Path] = set()  # resolved folders left out on purpose (--exclude, exclude)

    def evaluation(self, folder: Path) -> tuple[Evaluation | None, Problems]:
        key = folder.resolve()
        if key not in self.evaluations:
            self._prepare(folder)
            self.evaluations[key] = self._read(folder, self.digests[key])
        return self.evaluations[key]

    def all_of(self, folders: list[Path]) -> dict[Path, tuple[Evaluation | None, Problems]]:
        """Return ``evaluation(folder)`` for each of ``folders``; those to be read are read on both
        cores where there are several (``beside``), with the same results."""
        todo: dict[Path, Path] = {}
        for folder in folders:
            if folder.resolve() not in self.evaluations and folder.resolve() not in todo:
                todo[folder.resolve()] = folder
                self._prepare(folder)
        kept = {key: self._kept(folder, self.digests[key]) for key, folder in todo.items()}
        unread = [key for key, result in kept.items() if result is None]
        kept.update(zip(unread, map_beside([todo[key] for key in unread], read_evaluation)))
        for key, folder in todo.items():
            self.evaluations[key] = self._keep(folder, self.digests[key], kept[key], read=key in unread)
        return {folder: self.evaluations[folder.resolve()] for folder in folders}

    def _prepare(self, folder: Path) -> None:
        """Finish what a killed pull or import began in ``folder``, then take its inputs digest."""
        for written in (folder, folder / NOTES_DIR):
            recover(written)
        self.digests[folder.resolve()] = inputs_digest(folder) if folder.is_dir() else None

    @staticmethod
    def _remembered(folder: Path, digest: str | None) -> tuple[str, str | None]:
        """Return the key of ``reads`` for ``folder``: a campaign's house style or framework beside
        kampanj.yaml is read with the folder."""
        return str(folder), readcache.evaluation_key(folder, digest)

    def _kept(self, folder: Path, digest: str | None) -> tuple[Evaluation | None, Problems] | None:
        """Return what ``folder`` held when it last had ``digest``: remembered by ``reads`` or on disk
        (``readcache``), or None if it must be read."""
        remembered = self._remembered(folder, digest) if self.reads is not None else None
        if remembered in (self.reads or {}):
            evaluation, problems = self.reads[remembered]
            return evaluation, Problems(problems)  # a copy: a plan adds to the problems it is given
        return readcache.remembered(folder, digest)

    def _read(self, folder: Path, digest: str | None) -> tuple[Evaluation | None, Problems]:
        """Return what ``folder`` holds: kept (``_kept``), else read now."""
        kept = self._kept(folder, digest)
        return self._keep(folder, digest, kept if kept is not None else read_evaluation(folder), read=kept is None)

    def _keep(self, folder: Path, digest: str | None, result: tuple[Evaluation | None, Problems],
              read: bool) -> tuple[Evaluation | None, Problems]:
        """Return ``result``, what ``folder`` held at ``digest``; keep it for the next plan (``reads``) and,
        when it was ``read`` just now, on disk, unless the folder changed meanwhile."""
        remembered = self._remembered(folder, digest) if self.reads is not None else None
        if digest is None or not read and (remembered is None or remembered in self.reads):
            return result
        if inputs_digest(folder) != digest:  # changed while it was read: the next plan reads it again
            return result
        if read:
            readcache.remember(folder, digest, result)
        if remembered is not None:
            self.reads[remembered] = (result[0], Problems(result[1]))
            while len(self.reads) > MAX_READS:
                del self.reads[next(iter(self.reads))]
        return result

    def members_of(self, path: Path, campaign: CampaignFile) -> list[Path]:
        """Return the resolved member folders of the campaign file ``path``, resolved once."""
        key = path.resolve()
        if key not in self.members:
            self.members[key] = members(path, campaign)
        return self.members[key]

    def campaign_file(self, path: Path, problems: Problems) -> CampaignFile | None:
        key = path.resolve()
        if key not in self.files:
            found = Problems()
            self.files[key] = (read_campaign_file(path, found), found)
        campaign, found = self.files[key]
        problems += found  # a broken campaign file fails every evaluation that looks it up
        return campaign


def plan(paths: list[Path], campaign_file: Path | None = None, reads: Reads | None = None,
         exclude: tuple[str, ...] = ()) -> Plan:
    """Return the plan for the evaluations named by ``paths`` (folders, folders of them, campaign files).

    ``reads`` keeps what was read for the next plan of the same process (``_Reader``). ``exclude``
    names evaluation folders left out of their campaign on purpose (``batch --exclude``)."""
    problems = Problems()
    folders, named = discover(paths, problems)
    campaign_file = campaign_file or named
    if problems.errors:
        raise InputError(problems.errors)
    reader = _Reader(reads)
    reader.excluded = _excluded(folders, exclude)
    result = Plan([], campaign_file)
    for folder in folders:
        result.items.append(_plan_one(folder, campaign_file, reader, result.campaigns))
    return result


def _excluded(folders: list[Path], names: tuple[str, ...]) -> set[Path]:
    """Return the resolved folders among ``folders`` that ``names`` (``--exclude``) name; refuse a name
    that is none of them."""
    by_name = {nfc(folder.resolve().name): folder.resolve() for folder in folders}  # macOS: either spelling
    unknown = [name for name in names if nfc(name) not in by_name]
    if unknown:
        raise UsageError(f"--exclude {unknown[0]}: ingen av utvärderingarna som byggs heter så; välj bland "
                         f"{', '.join(sorted(by_name))}")
    return {by_name[nfc(name)] for name in names}


def ready(folder: Path) -> Evaluation:
    """Return the evaluation in ``folder`` resolved with its campaign, as a build reads it; raise
    InputError with its problems when it is not ready to build."""
    item = plan([folder]).items[0]
    if item.status != "ready":
        raise InputError(item.problems)
    return item.evaluation


def _plan_one(folder: Path, explicit: Path | None, reader: _Reader, campaigns: dict) -> Planned:
    if folder.resolve() in reader.excluded:  # --exclude: not read, so its errors fail nothing
        return Planned(folder, "ready", Problems(), excluded=True)
    item = _resolved(folder, explicit, reader, campaigns)
    item.read_digest = reader.digests.get(folder.resolve())
    item.excluded = folder.resolve() in reader.excluded  # by its campaign file's exclude
    return item


def _resolved(folder: Path, explicit: Path | None, reader: _Reader, campaigns: dict) -> Planned:
    evaluation, problems = reader.evaluation(folder)
    file = _campaign_file(folder, explicit, reader, problems)
    if evaluation is None or problems.errors:
        return Planned(folder, "failed", problems)
    campaign, failed = _campaign(folder, file, reader, campaigns, problems)
    blocked_by = _depends_on(evaluation, campaign, failed)
    if blocked_by:
        return Planned(folder, "blocked", problems, evaluation, blocked_by)
    resolved, found = resolve(evaluation, campaign)
    check_stated_figures(resolved, found)  # warnings: prose that states a score other than the computed one
    problems += found
    status = "failed" if found.errors else "ready"
    return Planned(folder, status, problems, resolved if status == "ready" else evaluation)


def _campaign_file(folder: Path, explicit: Path | None, reader: _Reader, problems: Problems) -> Path | None:
    """Return the campaign file of ``folder``; note the members it leaves out on purpose."""
    file = None
    if explicit is not None:
        campaign = reader.campaign_file(explicit, problems)
        if campaign is not None and folder.resolve() in reader.members_of(explicit, campaign):
            file = explicit
    file = file or campaign_file_for(folder, lambda path: reader.campaign_file(path, problems), reader.members_of)
    definition = reader.campaign_file(file, Problems()) if file is not None else None  # its problems: noted above
    if definition is not None:
        reader.excluded.update(excluded(file, definition))
    return file


def _campaign(folder: Path, file: Path | None, reader: _Reader, campaigns: dict,
              problems: Problems) -> tuple[Campaign, list[Path]]:
    """Return the campaign of ``folder`` (its valid members) and its invalid members; each campaign
    is made once, however many of its members are planned."""
    definition = reader.campaign_file(file, problems) if file is not None else None
    key = file.resolve() if file else folder.resolve().parent
    if key not in campaigns:
        if file is not None:
            folders = reader.members_of(file, definition) if definition else []
        else:
            folders = sorted(p.parent.resolve() for p in key.glob(f"*/{EVALUATION_FILE}"))
        read = reader.all_of([member for member in folders if member not in reader.excluded])
        reader.failed[key] = [member for member, (evaluation, _) in read.items() if evaluation is None]
        left = tuple(LeftOut(nfc(member.name), _reason(member, read[member][1]) if member in read else None)
                     for member in folders if member not in read or read[member][0] is None)
        valid = tuple(evaluation for evaluation, _ in read.values() if evaluation is not None)
        campaigns[key] = (Campaign(valid, definition.name, definition.reference,
                                   _absolute_logo(definition.publication, file.parent), left)
                          if file and definition else Campaign(valid, left_out=left))
    return campaigns[key], reader.failed[key]


def _reason(member: Path, problems: Problems) -> str:
    """Return where and what the first error of ``member`` is, its path from the campaign's folder."""
    errors = problems.errors
    if not errors:
        return "ogiltig indata"
    first = errors[0]
    try:
        where = str(first.file.resolve().relative_to(member.parent))
    except ValueError:
        where = first.file.name
    where += f":{first.line}" if first.line is not None else ""
    more = f" (och {len(errors) - 1} fel till)" if len(errors) > 1 else ""
    return f"{where}: {first.key + ': ' if first.key else ''}{first.message}{more}"


def _absolute_logo(publication, folder: Path):
    """Return a campaign's publication data with its logo named by absolute path (it lies beside the file)."""
    if publication is None or publication.logo is None:
        return publication
    return publication.model_copy(update={"logo": str((folder / publication.logo).absolute())})


def _depends_on(evaluation: Evaluation, campaign: Campaign, failed: list[Path]) -> tuple[str, ...]:
    """Return the invalid members whose own scores the report of ``evaluation`` would show."""
    if not failed:
        return ()
    names = {member.name for member in failed}
    references = evaluation.meta.all_references or (campaign.reference,)
    depends: list[str] = []
    for reference in references:  # an average or a rank without them is a draft instead (resolve)
        if reference is not None and reference.scores is None and reference.kind == "municipality" \
                and reference.evaluation in names:
            depends.append(reference.evaluation)
    for earlier in evaluation.meta.earlier_evaluations:
        name = slug(evaluation.municipality, earlier.year)
        if earlier.scores is None and name in names:
            depends.append(name)
    return tuple(dict.fromkeys(depends))

