"""Edits made outside the regions of a DOCX: generated text, which pull never writes back.

Each is listed as a word diff with where the evaluator changes it instead (the report's own texts,
the scores), always inside the evaluation folder; a reworded standard text is offered as the
report's own wording (``rewording.py``). A paragraph typed right after a region's last one (where Word
and LibreOffice put it) is not such an edit: it is moved into that region.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..model import Block
from ..source.evaluation import NOTES_DIR


def short(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def outside_edits(evaluation, edited, rewordings: dict | None = None) -> list[str]:
    """Return a line per paragraph edited outside the regions: a word diff of it and where to change it.

    A paragraph added right after a region's last one (where Word and LibreOffice put a paragraph
    typed at the end of a bookmarked range) is moved into that region of ``edited`` instead. A
    reworded paragraph of a standard text is put in ``rewordings`` (name -> ``Rewording``), to be
    offered as the report's own wording, instead of a line.
    """
    from .rewording import reworded, standard_texts

    built = _built_outside(evaluation)
    where_to_change = _where_to_change(evaluation)
    texts = {name: text for name, text in standard_texts(evaluation).items() if name not in evaluation.meta.texts}
    lines = []
    taken: dict[int, str] = {}  # index in edited.outside -> the region it continues
    moved: dict[str, list[Block]] = {}  # region -> the paragraphs that continue it, in order
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, built, edited.outside, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "insert":
            for j in range(j1, j2):
                follower = edited.followers[j] if j < len(edited.followers) else None
                if follower and follower.region and follower.block is not None and (
                        follower.depth == 0 or taken.get(j - 1) == follower.region):
                    taken[j] = follower.region
                    moved.setdefault(follower.region, []).append(follower.block)
            j1 = next((j for j in range(j1, j2) if j not in taken), j2)
            if j1 == j2:
                continue
        now = [t for j, t in enumerate(edited.outside[j1:j2], j1) if j not in taken]
        pairs = list(zip(built[i1:i2], now)) if op == "replace" and i2 - i1 == len(now) else \
            [(" / ".join(built[i1:i2]), " / ".join(now))]
        for was, new in pairs:
            if rewordings is not None and was and new and reworded(evaluation.folder, texts, rewordings, was, new):
                continue
            lines.append(f"'{_word_diff(was, new or '(borttaget)')}': {where_to_change(was)}")
    for region, blocks in moved.items():
        edited.regions[region] = _joined((*edited.regions.get(region, ()), *blocks))
    return lines


def _word_diff(was: str, now: str) -> str:
    """Return the change from ``was`` to ``now`` as a word diff, ``[-old-]{+new+}``, long unchanged
    stretches shortened."""
    from ..diff.compare import word_diff
    from ..diff.render import condensed

    return "".join(text if kind == "equal" else f"[-{text}-]" if kind == "delete" else f"{{+{text}+}}"
                   for kind, text in condensed(word_diff(was, now)))


def _built_outside(evaluation) -> tuple[str, ...]:
    """Return the outside texts of the DOCX Kompass builds from ``evaluation`` now."""
    import tempfile

    from ..charts.draw import media_for
    from ..compose import compose
    from .docx_reader import read as read_docx
    from ..writers import WRITERS

    report = compose(evaluation)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.docx"
        WRITERS["docx"](report, media_for(report), fresh)
        return read_docx(fresh).outside


def _joined(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return ``blocks`` with each bulleted list that follows another joined to it (a list item typed
    after a region's list continues that list)."""
    from ..model import BulletList

    joined: list = []  # blocks, and lists as [ordered, start, items] while they may grow
    for block in blocks:
        if isinstance(block, BulletList) and joined and isinstance(joined[-1], list) and joined[-1][0] == block.ordered:
            joined[-1][2].extend(block.items)
        elif isinstance(block, BulletList):
            joined.append([block.ordered, block.start, list(block.items)])
        else:
            joined.append(block)
    return tuple(BulletList(tuple(b[2]), b[0], b[1]) if isinstance(b, list) else b for b in joined)


def _where_to_change(evaluation):
    """Return a function that says where the evaluator changes a generated text instead (Swedish),
    always inside the evaluation folder (never the installed package's templates); the framework
    and the evaluation's own texts are read once, however many texts are asked about."""
    from ..source.framework import find_framework

    framework_file = find_framework(evaluation.framework.version, near=evaluation.folder)
    standard = " ".join(framework_file.read_text(encoding="utf-8").split())
    own = {name: " ".join(text.split()) for name, text in _own_texts(evaluation).items()}
    return lambda text: _where(evaluation, standard, own, " ".join(text.split()[:6]), text)


def _where(evaluation, standard: str, own_texts: dict[str, str], words: str, text: str) -> str:
    texts = evaluation.folder / NOTES_DIR / "texts"
    for name, own in own_texts.items():
        if words and words in own:
            return (f"rapportens egen text {name}: ändra den i {evaluation.folder / 'evaluation.yaml'} (texts) "
                    f"eller {texts / (name + '.md')} och bygg om")
    if words and words in standard:
        return (f"standardtext ur ramverket: skriv rapportens egen formulering i {texts / '<namn>.md'} "
                "(kompass texts listar namnen) och bygg om")
    if any(ch.isdigit() for ch in text):
        return (f"räknas fram ur poängen och uppgifterna: ändra {evaluation.folder / 'scores.yaml'} eller "
                f"{evaluation.folder / 'evaluation.yaml'} och bygg om")
    return (f"text ur mallen: skriv rapportens egen formulering i {texts / '<namn>.md'} (kompass texts listar "
            "namnen) och bygg om")


def _own_texts(evaluation) -> dict[str, str]:
    """Return the evaluation's own texts (overrides) by name, from evaluation.yaml and notes/texts/."""
    texts = dict(evaluation.meta.texts)
    folder = evaluation.folder / NOTES_DIR / "texts"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        texts.setdefault(path.stem, path.read_text(encoding="utf-8"))
    return texts
