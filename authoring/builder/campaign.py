"""Campaigns: the evaluations built together, and the references computed from them.

A report's reference can be the campaign's average (``kind: campaign``), another evaluation of
the campaign (``kind: municipality`` with ``evaluation``), and its earlier evaluations' scores
are taken from the campaign when they are not written out. ``resolve`` fills these in before
compose, so compose and the writers only ever see explicit scores.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, ConfigDict, Field

from ..source.evaluation import CAMPAIGN_FILE, EVALUATION_FILE, Evaluation
from ..source.inputschema import Publication, Reference
from ..source.placeholders import check_available, uses
from ..portable import as_listed, nfc
from ..problems import Problems, key_path
from ..source.validation import validate
from ..safeio import content_hash
from ..source.yamlsource import YamlSource, read_yaml
from ..remembered import keep, recall


class CampaignFile(BaseModel):
    """A campaign file: which evaluations belong together and the reference their reports use."""

    # defer_build: a model's validator is made at its first use, so a command whose inputs are all
    # remembered (``remembered``) makes none.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str = Field("Kommunkompassen", description="The campaign's name, used for the summary")
    evaluations: tuple[str, ...] = Field(min_length=1, description="Evaluation folders, relative to this file")
    exclude: tuple[str, ...] = Field((), description="Evaluation folders of this campaign deliberately left out of "
                                     "its average, rank and summary (kompass batch --exclude does the same)")
    reference: Reference | None = Field(None, description="Reference of every report that states none")
    publication: Publication | None = Field(None, description="Title page, back page and closing text of every "
                                            "report, key by key where the evaluation states none")


@dataclasses.dataclass(frozen=True)
class LeftOut:
    """A member of a campaign that its average, rank and summary are computed without.

    ``reason`` is its first input error, where and what (``lycksele-2015/scores.yaml:22: 1.3: 70 är
    mer än maxpoängen 25``), with the count of any further ones; None if it was left out on purpose
    (``exclude``)."""

    name: str
    reason: str | None = None

    @property
    def failed(self) -> bool:
        return self.reason is not None


@dataclasses.dataclass(frozen=True)
class Campaign:
    """The valid evaluations of a campaign, its default reference and the members left out."""

    evaluations: tuple[Evaluation, ...]
    name: str = "Kommunkompassen"
    reference: Reference | None = None
    publication: Publication | None = None  # its logo, if any, as an absolute path
    left_out: tuple[LeftOut, ...] = ()

    @property
    def failed(self) -> tuple[LeftOut, ...]:
        """Return the members left out because their inputs have errors."""
        return tuple(member for member in self.left_out if member.failed)

    @functools.cached_property
    def _folders(self) -> dict[int, Path]:
        return {id(e): e.folder.resolve() for e in self.evaluations}

    def folder_of(self, evaluation: Evaluation) -> Path:
        """Return the resolved folder of the member ``evaluation`` (resolved once per campaign)."""
        return self._folders.get(id(evaluation)) or evaluation.folder.resolve()

    def by_folder(self, name: str) -> Evaluation | None:
        return next((e for e in self.evaluations if nfc(e.folder.name) == nfc(name)), None)

    def earlier(self, evaluation: Evaluation, year: int) -> Evaluation | None:
        return next((e for e in self.evaluations
                     if e.municipality == evaluation.municipality and e.meta.year == year), None)

    def select(self, framework: str, period: tuple[int, int] | None) -> list[Evaluation]:
        """Return the evaluations of ``framework`` evaluated within ``period`` (inclusive)."""
        return [e for e in self.evaluations if e.framework.version == framework
                and (period is None or period[0] <= e.meta.year <= period[1])]


def area_scores(evaluation: Evaluation) -> dict[int, Decimal | None]:
    """Return the area scores of ``evaluation``; None for an area not yet fully scored."""
    return {a.area.number: a.achieved for a in evaluation.scores.areas}


def average(evaluations: list[Evaluation]) -> dict[int, Decimal | None]:
    """Return the exact mean area scores of ``evaluations``; None where any of them lacks the area.

    An average is never taken over fewer evaluations than it names: a missing area stays missing.
    """
    means: dict[int, Decimal | None] = {}
    for n in range(1, 9):
        values = [area_scores(e)[n] for e in evaluations]
        means[n] = None if None in values else sum(values, Decimal(0)) / len(values)
    return means


def discover(paths: list[Path], problems: Problems) -> tuple[list[Path], Path | None]:
    """Return the evaluation folders named by ``paths`` and the campaign file named, if any.

    A path is an evaluation folder, a folder of them (whose own ``kampanj.yaml``, if any, is the
    campaign file) or a campaign file. Folders are identified by their resolved path, so one
    evaluation named twice is built once.
    """
    folders: list[Path] = []
    campaign_file = None
    for path in map(as_listed, paths):  # a name typed composed, a folder made decomposed (macOS)
        if path.is_file():
            campaign = read_campaign_file(path, problems)
            if campaign:
                campaign_file = path
                folders += [as_listed(path.parent / f) for f in campaign.evaluations]
        elif (path / EVALUATION_FILE).is_file() or os.path.lexists(path / EVALUATION_FILE):
            folders.append(path)  # reading it says what is wrong with an evaluation.yaml that is no file
        elif path.is_dir():
            if (path / CAMPAIGN_FILE).is_file():
                campaign_file = path / CAMPAIGN_FILE
            found = sorted(p.parent for p in path.glob(f"*/{EVALUATION_FILE}"))
            if not found:
                problems.error(path, f"är varken en utvärdering (ingen {EVALUATION_FILE}) eller en mapp med "
                               "utvärderingar: ange en utvärderingsmapp (kompass new skapar en)")
            folders += found
        else:
            problems.error(path, "är varken en utvärderingsmapp, en mapp med sådana eller en kampanjfil: "
                           "ange t.ex. inputs/kalix-2012, inputs eller inputs/kampanj.yaml")
    return _distinct(folders, problems), campaign_file


def _distinct(folders: list[Path], problems: Problems) -> list[Path]:
    """Return ``folders`` once each by resolved path; refuse two folders whose outputs would collide."""
    by_path = {folder.resolve(): folder for folder in reversed(folders)}
    unique = [by_path[path] for path in dict.fromkeys(f.resolve() for f in folders)]
    by_name: dict[str, Path] = {}
    for folder in unique:
        name = nfc(folder.resolve().name)  # macOS: decomposed and composed are one name
        if name in by_name:
            problems.error(folder, f"har samma mappnamn som {by_name[name]}: båda rapporterna skulle skrivas till "
                           f"{name}/ i utmatningsmappen; byt namn på en av mapparna")
        by_name.setdefault(name, folder)
    return unique


def read_campaign_file(path: Path, problems: Problems) -> CampaignFile | None:
    source, campaign = _parsed(path, problems)
    if campaign is not None and campaign.publication is not None and campaign.publication.logo:
        from ..source.assets import check_logo  # late: PIL is for images only

        check_logo(campaign.publication.logo, path, source.line_of(("publication", "logo")), problems)
    seen: dict[Path, str] = {}
    for index, folder in enumerate(campaign.evaluations if campaign else ()):
        line = source.line_of(("evaluations", index))
        if not (as_listed(path.parent / folder) / EVALUATION_FILE).is_file():
            problems.error(path, f"{folder} är ingen utvärderingsmapp (ingen {EVALUATION_FILE}): rätta sökvägen, "
                           "som räknas från kampanjfilens mapp", line, key_path(("evaluations", index)))
        elif (resolved := as_listed(path.parent / folder).resolve()) in seen:
            problems.error(path, f"{folder} är samma utvärdering som {seen[resolved]}: ta bort den ena raden "
                           "(annars räknas den två gånger i medelvärdet)", line, key_path(("evaluations", index)))
        else:
            seen[resolved] = folder
    for index, folder in enumerate(campaign.exclude if campaign else ()):
        if (path.parent / folder).resolve() not in seen:
            problems.error(path, f"{folder} under exclude är ingen av kampanjens utvärderingar: skriv mappen som den "
                           "står under evaluations, eller ta bort raden", source.line_of(("exclude", index)),
                           key_path(("exclude", index)))
    return None if problems.errors else campaign


def _parsed(path: Path, problems: Problems) -> tuple[YamlSource | None, CampaignFile | None]:
    """Return the campaign file ``path`` parsed and validated, as kept (``remembered``) while the file
    is the same; what is checked beyond it (the members, the logo) is checked each time."""
    key = _file_key(path)
    kept = recall("campaigns", path, key)
    if kept is None:
        found = Problems()
        source = read_yaml(path, found)
        kept = (source, validate(CampaignFile, source, found) if source else None, found)
        if key is not None and _file_key(path) == key:  # not changed while it was read
            keep("campaigns", path, key, kept)
    problems += kept[2]
    return kept[0], kept[1]


def _file_key(path: Path) -> str | None:
    """Return what identifies the file ``path`` as it is now (the file itself, not a link to it, and
    its content), or None if it is no readable regular file."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    digest = content_hash(path)
    return None if digest is None else f"{info.st_mode}:{info.st_ino}:{digest}"


def members(campaign_file: Path, campaign: CampaignFile) -> list[Path]:
    """Return the resolved evaluation folders that ``campaign`` lists."""
    return [as_listed(campaign_file.parent / folder).resolve() for folder in campaign.evaluations]


def excluded(campaign_file: Path, campaign: CampaignFile) -> list[Path]:
    """Return the resolved evaluation folders that ``campaign`` leaves out on purpose (``exclude``)."""
    return [as_listed(campaign_file.parent / folder).resolve() for folder in campaign.exclude]


def campaign_file_for(folder: Path, read: Callable[[Path], CampaignFile | None],
                      members_of: Callable[[Path, CampaignFile], list[Path]] = members) -> Path | None:
    """Return the nearest ``kampanj.yaml`` in ``folder`` or a parent folder that lists ``folder``.

    ``read`` returns a campaign file's content, reporting its problems. A campaign file that does
    not list the evaluation is not its campaign; a broken one on the way stops the search (and
    ``read`` has reported it), never passed over in silence.
    """
    resolved = folder.resolve()
    for directory in (resolved, *resolved.parents):
        candidate = directory / CAMPAIGN_FILE
        if candidate.is_file():
            campaign = read(candidate)
            if campaign is None:
                return None
            if resolved in members_of(candidate, campaign):
                return candidate
    return None


def resolve(evaluation: Evaluation, campaign: Campaign) -> tuple[Evaluation, Problems]:
    """Return ``evaluation`` with its references and earlier scores filled in from ``campaign``."""
    problems = Problems()
    path = evaluation.folder / EVALUATION_FILE
    meta = evaluation.meta
    given = meta.all_references
    if given:
        resolved = tuple(_resolve_reference(evaluation, reference, campaign, problems, path, meta.reference_key(index))
                         if reference.scores is None else reference for index, reference in enumerate(given))
    else:
        resolved = (_resolve_reference(evaluation, campaign.reference, campaign, problems, path, ("reference",))
                    if campaign.reference is not None and campaign.reference.scores is None
                    else campaign.reference,)
    kept = tuple(r for r in resolved if r is not None)
    single = meta.references == () and len(kept) <= 1
    update = {"reference": kept[0] if single and kept else None, "references": () if single else kept}
    earlier = tuple(_with_scores(evaluation, e, campaign) for e in meta.earlier_evaluations)
    publication = merged_publication(meta.publication, campaign.publication)
    meta = meta.model_copy(update={**update, "earlier_evaluations": earlier, "publication": publication})
    own = evaluation.folder.resolve()
    peers = tuple(e.scores.total for e in campaign.select(evaluation.framework.version, None)
                  if campaign.folder_of(e) != own)
    missing = tuple((m.name, m.reason) for m in campaign.failed) if _uses_campaign(evaluation, campaign) else ()
    for name, reason in missing:
        problems.warning(path, f"kampanjens medelvärde och placering räknas utan {name}, som har fel i indata "
                         f"({reason}): rapporten blir ett utkast tills felet är rättat eller {name} lämnas utanför "
                         "(kompass batch --exclude eller exclude i kampanj.yaml)")
    resolved = dataclasses.replace(evaluation, meta=meta, peer_totals=peers, campaign_failed=missing)
    check_available(resolved, problems)
    return resolved, problems


def _uses_campaign(evaluation: Evaluation, campaign: Campaign) -> bool:
    """Return True if the report of ``evaluation`` states a value computed from all of ``campaign``:
    its average (a reference of kind campaign) or a rank among its members ({rang})."""
    references = evaluation.meta.all_references or (campaign.reference,)
    return uses(evaluation, "rang") or any(r is not None and r.kind == "campaign" and r.scores is None
                                           for r in references)


def merged_publication(own: Publication | None, campaign: Publication | None) -> Publication | None:
    """Return the evaluation's publication data, each key not given taken from the campaign's."""
    if campaign is None:
        return own
    given = own.model_dump(exclude_none=True) if own else {}
    return campaign.model_copy(update=given)


def _resolve_reference(evaluation, reference: Reference, campaign: Campaign, problems: Problems,
                       path: Path, key: tuple) -> Reference | None:
    if reference.kind == "campaign":
        framework = reference.framework or evaluation.framework.version
        selected = campaign.select(framework, reference.period)
        if len(selected) < 2:
            problems.error(path, f"referensen (kind: campaign) matchar {len(selected)} utvärdering(ar), men ett "
                           "medelvärde behöver minst 2: vidga 'period' eller 'framework', eller lägg till fler "
                           "utvärderingar i kampanjen", key=key_path(key))
            return None
        years = [e.meta.year for e in selected]
        # Made from validated evaluations, so not validated again: the limits of a reference one writes
        # (a members list of at most 100 names) are no limit on a campaign, which has as many as it has.
        return Reference.model_construct(kind="average", count=len(selected), period=(min(years), max(years)),
                                         framework=framework, scores=average(selected),
                                         members=_names(selected) if campaign.left_out else None)
    other = campaign.by_folder(reference.evaluation or "")
    if other is None:
        problems.error(path, f"referensen {reference.evaluation!r} är ingen giltig utvärdering i samma kampanj: "
                       "rätta mappnamnet", key=key_path((*key, "evaluation")))
        return None
    return Reference(kind="municipality", name=other.municipality, year=other.meta.year,
                     framework=other.framework.version, scores=area_scores(other))


def _names(evaluations: list[Evaluation]) -> tuple[str, ...]:
    """Return the municipalities of ``evaluations``, each with its year where one is evaluated twice."""
    counts = Counter(e.municipality for e in evaluations)
    return tuple(e.municipality if counts[e.municipality] == 1 else f"{e.municipality} {e.meta.year}"
                 for e in evaluations)


def _with_scores(evaluation: Evaluation, earlier, campaign: Campaign):
    if earlier.scores is not None:
        return earlier
    found = campaign.earlier(evaluation, earlier.year)
    if found is None:
        return earlier
    return earlier.model_copy(update={"scores": area_scores(found), "framework": found.framework.version})
