"""Pull: edits made in a report's DOCX go back into the notes they came from.

Every region of the DOCX (``docx_reader.py``) is compared with the digest recorded when the
DOCX was built and with the notes as they are now:

    DOCX unchanged                       nothing to pull
    DOCX changed, notes unchanged        the change is written into the notes file
    DOCX changed, notes changed too      a conflict: nothing is written for that region
    region gone from the DOCX            reported, never emptied silently

Only the changed blocks' lines are replaced (``notes_splice.py``); files are written atomically.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .. import regions
from ..errors import InputError, UsageError
from ..model import Block, Region, Table
from ..source.evaluation import NOTES_DIR
from ..source.proposed import problems_with
from ..writers.notes_markdown import digest, units
from .comments import Placed, removed, with_comments
from .docx_reader import read
from .outside import outside_edits, short
from .rewording import Rewording



@dataclass(frozen=True)
class Change:
    region: str  # the model name, e.g. area-1.section-2
    where: str  # as the evaluator reads it
    file: Path
    old: list[str]
    new: list[str]

    def diff(self) -> str:
        """Return the region's change, old to new: a reworded paragraph or item as a word diff
        (``[-old-]{+new+}``), other changed blocks (tables, lists) as ``-``/``+`` lines."""
        from ..diff.compare import SIMILAR, word_diff
        from ..diff.render import condensed

        lines = [f"--- {self.file} ({self.where})", f"+++ {self.file} (DOCX)"]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, self.old, self.new, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            lines.append(f"@@ {i1 + 1} @@")
            old, new = self.old[i1:i2], self.new[j1:j2]
            while old and new and "\n" not in old[0] + new[0] and \
                    difflib.SequenceMatcher(None, old[0].split(), new[0].split()).ratio() >= SIMILAR:
                pieces = condensed(word_diff(old.pop(0), new.pop(0)))
                lines.append("~ " + "".join(text if kind == "equal" else f"[-{text}-]" if kind == "delete"
                                            else f"{{+{text}+}}" for kind, text in pieces))
            lines += [f"-{line}" for unit in old for line in unit.splitlines()]
            lines += [f"+{line}" for unit in new for line in unit.splitlines()]
        return "\n".join(lines)


@dataclass
class Pull:
    """What pulling a DOCX would do: changes per file, and what it cannot do."""

    changes: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    not_pulled: list[str] = field(default_factory=list)
    tracked: list[str] = field(default_factory=list)  # unresolved tracked changes, each held back
    unverified: bool = False  # the DOCX records no digests (pulled with force): each change needs a yes
    accepted: int = 0  # tracked changes taken as accepted
    comments: list[str] = field(default_factory=list)  # every comment of the DOCX, as listed
    review: list[Placed] = field(default_factory=list)  # the open comments kept in the notes
    notes_files: list[Path] = field(default_factory=list)  # the notes files the DOCX's regions come from
    comment_files: list[Path] = field(default_factory=list)  # the notes files whose comments change
    texts: dict[Path, str] = field(default_factory=dict)  # file -> its new text
    rewordings: list[Rewording] = field(default_factory=list)  # standard texts edited: offered, written apart

    @property
    def failed(self) -> bool:
        return bool(self.conflicts or self.deleted or self.tracked)


def default_folder(docx: Path) -> Path:
    """Return the evaluation folder a DOCX is named after: ``inputs/<name>``."""
    return Path("inputs") / docx.stem


def plan_pull(docx: Path, folder: Path, accept_changes: bool = False, force: bool = False) -> Pull:
    """Return what pulling ``docx`` into the evaluation in ``folder`` changes; write nothing.

    A region with unresolved tracked changes is held back unless ``accept_changes``, which reads
    every tracked change as accepted. A DOCX written for another evaluation, or one without the
    digests Kompass records (so that nothing tells whether the notes changed since the build), is
    refused unless ``force``; forced, every region it changes is a change to confirm one by one.
    """
    from ..safeio import Refused

    from ..compose import compose
    from ..builder.plan import plan

    if not docx.is_file():
        raise UsageError(f"{docx}: filen finns inte: ange DOCX-filen som ska hämtas (t.ex. output/kalix-2012/kalix-2012.docx)")
    item = plan([folder]).items[0]
    if item.status != "ready":
        raise InputError(item.problems)
    try:
        edited = read(docx)
    except Refused as exc:
        raise UsageError(f"{docx}: {exc}") from None
    except Exception:  # a zip package python-docx cannot open as a document
        raise UsageError(f"{docx}: kan inte läsas som Word-dokument: ange den DOCX-fil som Kompass byggde "
                         "och som redigerats i Word eller LibreOffice") from None
    report = compose(item.evaluation)
    _refuse_foreign(docx, folder, edited, report.metadata.subject, force)
    model = dict(_regions(report.blocks))
    result = Pull(unverified=not _has_digests(edited))
    held = _review(result, edited, model, accept_changes, folder)
    recorded = edited.digests.get(regions.OUTSIDE)
    rewordings: dict[str, Rewording] = {}
    if recorded and regions.outside_digest(edited.outside) != recorded:
        result.not_pulled += outside_edits(item.evaluation, edited, rewordings)
    for name, blocks in model.items():
        place = regions.parse(name)
        if place is None or regions.bookmark_name(name) in held:
            continue
        if place.kind == regions.KORTFAKTA:
            _compare_kortfakta(result, folder, blocks[0], edited)
            continue
        _compare(result, folder, place, blocks, edited)
    _splice_all(result)
    result.notes_files = sorted({_file(folder, place) for place in map(regions.parse, model)
                                 if place is not None and place.file})
    _store_comments(result)
    _refuse_invalid(result, folder)
    for rewording in rewordings.values():
        errors = list(problems_with(folder, {**result.texts, rewording.file: rewording.text}).errors)
        if errors:
            result.not_pulled.append(f"standardtexten {rewording.name} är ändrad, men som rapportens egen text "
                                     f"skulle den inte godtas ({errors[0]}):\n{rewording.diff()}")
        else:
            result.rewordings.append(rewording)
    return result


def _refuse_invalid(result: Pull, folder: Path) -> None:
    """Raise InputError if the files as pull would write them fail what ``kompass check`` checks."""
    from ..problems import Problem

    errors = list(problems_with(folder, result.texts).errors) if result.texts else []
    if errors:
        raise InputError([Problem(folder, "hämtas inte: DOCX-filens text skulle ge anteckningar som kompass check "
                                          "inte godtar; rätta texten i DOCX-filen och hämta igen"), *errors])


def select(result: Pull, chosen: list[Change]) -> Pull:
    """Return ``result`` with only the ``chosen`` changes, and the texts that write just those."""
    kept = dataclasses.replace(result, changes=list(chosen), texts={}, comment_files=[])
    for change in chosen:
        if change.region == regions.KORTFAKTA:
            kept.texts[change.file] = result.texts[change.file]
    _splice_all(kept)
    _store_comments(kept, listing=False)
    return kept


def _splice_all(result: Pull) -> None:
    """Put each notes change of ``result`` into the text of its file (Kortfakta's text is made apart)."""
    for change in result.changes:
        if change.region == regions.KORTFAKTA:
            continue  # already spliced into evaluation.yaml
        old = result.texts.get(change.file, change.file.read_text(encoding="utf-8"))
        place = regions.parse(change.region)
        result.texts[change.file] = _splice(old, place, change)


def _store_comments(result: Pull, listing: bool = True) -> None:
    """Put the open comments of ``result.review`` into the texts of its notes files, in place of
    the comments they keep now; note each file whose comments change (and, if ``listing``, list
    each comment taken away)."""
    for path in result.notes_files:
        before = result.texts.get(path)
        if before is None and not path.is_file():
            continue
        before = path.read_text(encoding="utf-8") if before is None else before
        placed = [item for item in result.review if item.file == path]
        after = with_comments(path, before, placed)
        if after != before:
            result.comments += [f"{path}: {comment.author}: {short(comment.text)} (löst eller borttagen i "
                                "DOCX-filen: tas bort ur anteckningarna)"
                                for comment in (removed(path, before, placed) if listing else ())]
            result.texts[path] = after
            result.comment_files.append(path)


def _has_digests(edited) -> bool:
    """Return True if the DOCX records the digests of its regions (not only placeholder records)."""
    return any(not name.startswith(regions.PLACEHOLDER) for name in edited.digests)


def _refuse_foreign(docx: Path, folder: Path, edited, subject: str, force: bool) -> None:
    """Raise UsageError, unless ``force``, for a DOCX of another evaluation or one without digests."""
    if force:
        return
    if edited.subject and edited.subject != subject:
        raise UsageError(f"{docx}: är rapporten '{edited.subject}', inte '{subject}' i {folder}: ange rätt "
                         "utvärderingsmapp, eller --force om filen ändå ska hämtas hit")
    if not _has_digests(edited):
        raise UsageError(f"{docx}: saknar de kontrollsummor Kompass skriver i DOCX-filen (docProps/custom.xml), så "
                         "det går inte att se vad som ändrats i anteckningarna sedan bygget, och en hämtning kunde "
                         "skriva över det. Bygg om, redigera den nya DOCX-filen och hämta den, eller hämta med "
                         "--force: då får du bekräfta varje avsnitt som skiljer sig")


def _compare(result: Pull, folder: Path, place: regions.Place, blocks: tuple[Block, ...], edited) -> None:
    bookmark = regions.bookmark_name(place.name)
    where = describe(place)
    recorded = edited.digests.get(bookmark)
    now = digest(blocks)
    if bookmark not in edited.regions or not edited.regions[bookmark]:
        if recorded is not None and blocks:
            result.deleted.append(f"{where}: finns inte längre i DOCX-filen (bokmärket {bookmark} är borttaget) och "
                                  f"hämtas inte. Vill du ta bort texten, gör det i {_file(folder, place)}")
        return
    from_docx = edited.regions[bookmark]
    theirs = digest(from_docx)
    docx_changed = theirs != (recorded or now)
    if not docx_changed or theirs == now:
        return
    if recorded is not None and now != recorded:
        result.conflicts.append(f"{where}: ändrad både i DOCX-filen och i {_file(folder, place)} sedan rapporten "
                                "byggdes. Inget skrivs här: för in ändringen för hand, eller bygg om och redigera "
                                "den nya DOCX-filen")
        return
    items = place.kind == "list"
    result.changes.append(Change(place.name, where, _file(folder, place), units(blocks, items), units(from_docx, items)))


def _review(result: Pull, edited, model: dict, accept_changes: bool, folder: Path) -> set[str]:
    """List the DOCX's tracked changes and comments in ``result``, and the open comments to keep in
    the notes; return the regions held back."""
    from ..model import ReviewComment

    names = {regions.bookmark_name(name): name for name in model}

    def where(bookmark: str | None) -> str:
        place = regions.parse(names[bookmark]) if bookmark in names else None
        return describe(place) if place else "utanför anteckningarna"

    for comment in edited.comments:
        anchor = f" om '{short(comment.anchor, 60)}'" if comment.anchor else ""
        place = regions.parse(names[comment.region]) if comment.region in names else None
        if comment.done:
            fate = "löst i DOCX-filen: sparas inte i anteckningarna"
        elif place is None or not place.file:
            fate = "gäller genererad text: sparas inte i anteckningarna, skriv den i anteckningarna för hand"
        else:
            fate = f"sparas i {_file(folder, place)}"
            whole = " ".join(comment.anchor.split()) == " ".join(comment.paragraph.split())
            kept = ReviewComment(comment.author, comment.date, comment.text, "" if whole else comment.anchor)
            result.review.append(Placed(_file(folder, place), place, kept, comment.paragraph))
        result.comments.append(f"{where(comment.region)}: {comment.author}{anchor}: {short(comment.text)} ({fate})")
    if accept_changes:
        result.accepted = len(edited.tracked)
        return set()
    for mark in edited.tracked:
        text = f": '{short(mark.text, 60)}'" if mark.text else ""
        held = "hämtas inte" if mark.region in names else "hämtas inte ändå (genererad text)"
        result.tracked.append(f"{where(mark.region)}: {mark.kind} av {mark.author}{text}; {held}. Godkänn eller "
                              "avvisa ändringen i Word, eller kör pull med --accept-changes")
    return {mark.region for mark in edited.tracked if mark.region}


def _compare_kortfakta(result: Pull, folder: Path, table: Table, edited) -> None:
    """Pull the Kortfakta table's edits into evaluation.yaml, like a notes region's."""
    from ..writers.docx_regions import kortfakta_digest, kortfakta_rows
    from .kortfakta import splice

    bookmark = regions.bookmark_name(regions.KORTFAKTA)
    path = folder / "evaluation.yaml"
    rows = kortfakta_rows(table)
    recorded, now = edited.digests.get(bookmark), kortfakta_digest(rows)
    if edited.kortfakta is None:
        if recorded is not None:
            result.deleted.append(f"Kortfakta: finns inte längre i DOCX-filen (tabellen med bokmärket {bookmark} är "
                                  f"borttagen) och hämtas inte. Vill du ta bort raderna, gör det i {path}")
        return
    theirs = kortfakta_digest(edited.kortfakta)
    if theirs == (recorded or now) or theirs == now:
        return
    if recorded is not None and now != recorded:
        result.conflicts.append(f"Kortfakta: ändrad både i DOCX-filen och i {path} sedan rapporten byggdes. Inget "
                                "skrivs här: för in ändringen för hand, eller bygg om och redigera den nya DOCX-filen")
        return
    text, refused = splice(path, rows, edited.kortfakta)
    result.not_pulled += refused
    if text is not None:
        lines = [" / ".join(row) for row in rows], [" / ".join(row) for row in edited.kortfakta]
        result.changes.append(Change(regions.KORTFAKTA, "Kortfakta", path, *lines))
        result.texts[path] = text


def _splice(text: str, place: regions.Place, change: Change) -> str:
    from .notes_splice import splice

    return splice(text, place, change.old, change.new)


def describe(place: regions.Place) -> str:
    """Return where a region is, as the evaluator reads it (Swedish)."""
    match place.kind:
        case "intro":
            return f"område {place.area}, text före första rubriken"
        case "section" if place.area is None:
            return f"{place.file}, avsnitt {place.index}"
        case "section":
            return f"område {place.area}, avsnitt {place.index}"
        case "list":
            return f"område {place.area}, {place.heading}"
        case _:
            if place.kind == regions.SUMMARY:
                return "sammanfattningen" if place.file == "summary.md" else f"{place.file}, text före första rubriken"
            return "Kortfakta"


def _file(folder: Path, place: regions.Place) -> Path:
    return folder / NOTES_DIR / place.file


def _regions(blocks):
    for block in blocks:
        if isinstance(block, Region):
            yield block.name, block.blocks
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from _regions(cell.blocks)


def with_rewordings(result: Pull, chosen: list[Rewording]) -> Pull:
    """Return ``result`` that also writes each chosen rewording as the report's own text
    (``notes/texts/<name>.md``): in the same all-or-nothing ``write``."""
    return dataclasses.replace(result, texts={**result.texts, **{r.file: r.text for r in chosen}})


def write(result: Pull) -> list[Path]:
    """Write every changed file, all or nothing (``safeio.replace_all``); return the files written.

    A notes file that is a symbolic link is written where it leads (the link stays a link)."""
    from ..safeio import output_errors, replace_all, temporary

    moves: list[tuple[Path, Path]] = []
    try:
        for path, text in result.texts.items():
            dest = path.resolve() if path.is_symlink() else path
            with output_errors(dest):
                if not dest.parent.exists():  # notes/texts/, for the report's first own text
                    dest.parent.mkdir()
                tmp = temporary(dest.parent)
                moves.append((tmp, dest))
                tmp.write_text(text, encoding="utf-8")
        with output_errors(moves[0][1].parent if moves else Path(".")):
            replace_all(moves)
    finally:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)
    return list(result.texts)
