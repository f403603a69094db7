"""A batch's campaign summary (``sammanstallning.xlsx`` and ``.csv``, and with HTML its web page).

What the summary holds is decided by the plan alone: the valid members' data and the failing
members' names. So a forked child (``Ahead``) imports pandas and openpyxl while the batch reads the
evaluations (one core is idle then), and writes the workbook while the reports are built, instead
of after them. Its web page links each report's files, so it waits for them (written here,
after). If the child fails, the summary is written here again, which raises what went wrong, as in
order; where the system cannot fork, it is written here, after the reports: the same files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .build import STALE_DIR, drop_set_aside, write_atomically
from .campaign import Campaign, LeftOut
from .plan import Plan
from ..safeio import output_errors
from .stamps import fingerprint, is_current, write_stamp

SUMMARY_FILES = ("sammanstallning.xlsx", "sammanstallning.csv")
SITE_INDEX = "index.html"  # the campaign's web page, written when the reports are written as HTML
STAMP_DIR = ".kompass-summary"


@dataclass
class Job:
    """A summary to write: its campaign, files and stamp."""

    campaign: Campaign
    out_root: Path
    paths: list[Path]
    stamp: str
    site: bool


def decide(planned: Plan, out_root: Path, force: bool, outcomes: dict,
           site: bool = False) -> tuple[list[Path], Job | None]:
    """Return the summary's paths and the job of writing it, None if its data has not changed (or
    there is no valid member: no paths either). ``outcomes`` (the reports built) count only for
    the web page (``site``), which links their files.

    A member that could not be read is a row "fel i indata"; its figures are in no average."""
    evaluations = planned.valid
    if not evaluations:
        return [], None
    paths = [out_root / name for name in (*SUMMARY_FILES, *((SITE_INDEX,) if site else ()))]
    failing = tuple(LeftOut(item.name, "fel i indata") for item in planned.unreadable)
    digest = hashlib.sha256()
    for evaluation in evaluations:
        digest.update(fingerprint(evaluation, ("summary",)).encode())
    digest.update(" ".join(member.name for member in failing).encode())
    if site:  # the page links each report's files: which exist counts too
        digest.update(" ".join(sorted(p.name for o in outcomes.values() for p in o.paths if p.is_file())).encode())
    stamp = digest.hexdigest()
    if not force and is_current(out_root / STAMP_DIR, stamp, paths):
        drop_set_aside(out_root, paths)
        return paths, None
    campaign = Campaign(tuple(evaluations), _campaign_name(planned), left_out=failing)
    return paths, Job(campaign, out_root, paths, stamp, site)


def write(job: Job) -> list[Path]:
    """Write the summary of ``job``; return the paths written."""
    from .workbook import write_summary  # late: pandas and openpyxl are for the summary only

    out_root = job.out_root
    written = write_summary(job.campaign, out_root, write_atomically)
    if job.site:
        from .site import write_index

        written.append(write_index(job.campaign, out_root, write_atomically))
    elif (out_root / SITE_INDEX).is_file():  # a web page of the summary as it was: no longer true
        with output_errors(out_root):
            _move_aside([out_root / SITE_INDEX])
    stamp_dir = out_root / STAMP_DIR
    with output_errors(stamp_dir):
        stamp_dir.mkdir(parents=True, exist_ok=True)
        write_stamp(stamp_dir, job.stamp, written)
    drop_set_aside(out_root, written)
    return written


class Ahead:
    """A forked child that imports what a summary needs (pandas, openpyxl) while the batch reads the
    evaluations, when one core is idle, then writes the summary it is handed while the workers build."""

    def __init__(self, context):
        from ..orphans import OneJobChild

        self.job: Job | None = None
        self.child = OneJobChild(context, _loaded)

    @classmethod
    def start(cls, formats: tuple[str, ...]) -> Ahead | None:
        """Return a started child, or None where the summary is written after the reports (with its web
        page, ``html``, which links them) or where this system cannot fork or has one core."""
        from ..portable import fork_context

        context = fork_context() if "html" not in formats and (os.cpu_count() or 1) >= 2 else None
        return cls(context) if context is not None else None

    def hand(self, job: Job | None) -> None:
        """Hand the child ``job`` to write; None: there is nothing to write, and it ends."""
        self.job = job
        if job is None:
            self.close()
        else:
            self.child.hand(job)

    def written(self) -> list[Path]:
        """Return the paths the child wrote; if it failed, write the summary here (raising what goes wrong)."""
        answer = self.child.answer()
        return answer if answer is not None else write(self.job)

    def close(self) -> None:
        """End the child: at once if it was never handed a job, else once it has written it (a Ctrl-C
        that stops the batch reaches it too)."""
        self.child.close()


def _loaded():
    """Import pandas and openpyxl (``workbook``) with the collector paused; return what writes a summary."""
    from ..imports import settled_import

    settled_import(".workbook", __package__)
    return write


def _campaign_name(planned: Plan) -> str:
    """Return the name of the campaign the evaluations belong to (one campaign file), else the default."""
    names = {campaign.name for campaign in planned.campaigns.values()}
    return names.pop() if len(names) == 1 else Campaign(()).name


def _move_aside(paths: list[Path]) -> None:
    """Move those of ``paths`` that exist into ``inaktuell/`` beside them."""
    existing = [p for p in dict.fromkeys(paths) if p.is_file()]  # a path named twice is moved once
    if existing:
        stale = existing[0].parent / STALE_DIR
        stale.mkdir(exist_ok=True)
        for path in existing:
            os.replace(path, stale / path.name)
