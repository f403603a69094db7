"""A standard text edited in the DOCX, offered as the report's own wording (``notes/texts/<name>.md``).

A paragraph of a framework text (an area's "Allmänt" text, the introduction...) lies outside the
notes' regions, so pull cannot write it back where it came from: the framework serves every
report, and in an installed Kompass it lies inside the package. What pull can do is write the
edited text as this report's own wording of that text, which ``source/overrides.py`` reads in
place of the framework's. The edit is shown as a word diff (``[-old-]{+new+}``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Run
from ..source.overrides import MARKDOWN, TEXTS_DIR, text_names
from ..writers.notes_markdown import inlines

MATCH = 0.75  # a built paragraph at least this alike to a paragraph of a standard text comes from it


@dataclass
class Rewording:
    """The report's own wording of the standard text ``name``, made from the edits in the DOCX."""

    name: str  # e.g. areas.1.general
    file: Path  # <evaluation>/notes/texts/<name>.md
    text: str  # the whole text to write there
    edits: list[tuple[str, str]] = field(default_factory=list)  # (paragraph as built, as edited)

    def diff(self) -> str:
        """Return each edited paragraph as a word diff: ``~ ... [-old-]{+new+} ...``."""
        from ..diff.compare import word_diff
        from ..diff.render import condensed

        return "\n".join("~ " + "".join(text if kind == "equal" else f"[-{text}-]" if kind == "delete"
                                        else f"{{+{text}+}}" for kind, text in condensed(word_diff(was, now)))
                         for was, now in self.edits)


def standard_texts(evaluation) -> dict[str, str]:
    """Return the standard texts (Markdown blocks) that ``evaluation``'s report prints, by name, with the
    report's own wording where it has one."""
    return {name: text for name, text in text_names(evaluation.framework).items()
            if name.startswith(MARKDOWN) and isinstance(text, str)}


def source_of(texts: dict[str, str], was: str) -> tuple[str, int] | None:
    """Return the name of the standard text and the index of its paragraph that the built paragraph
    ``was`` comes from, or None."""
    words = was.split()
    best, found = MATCH, None
    for name, text in texts.items():
        for index, paragraph in enumerate(_paragraphs(text)):
            ratio = difflib.SequenceMatcher(None, paragraph.split(), words, autojunk=False).ratio()
            if ratio > best:
                best, found = ratio, (name, index)
    return found


def reworded(folder: Path, texts: dict[str, str], found: dict[str, Rewording], was: str, now: str) -> bool:
    """Add the edit of the built paragraph ``was`` into ``now`` to the rewording of its standard text
    in ``found`` (made on the first edit of that text); return False if ``was`` is no standard text's."""
    source = source_of({name: found[name].text if name in found else text for name, text in texts.items()}, was)
    if source is None:
        return False
    name, index = source
    rewording = found.setdefault(name, Rewording(name, folder / TEXTS_DIR / f"{name}.md", texts[name]))
    paragraphs = _paragraphs(rewording.text)
    paragraphs[index] = _edited(paragraphs[index], was, now)
    rewording.text = "\n\n".join(paragraphs) + "\n"
    rewording.edits.append((was, now))
    return True


def _paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n[ \t]*\n", text.strip()) if block.strip()]


def _edited(source: str, was: str, now: str) -> str:
    """Return the Markdown paragraph ``source`` with the word edits that turn ``was`` (its text as
    built: placeholders filled, markup gone) into ``now``; where an edit touches a word that differs
    between them (a placeholder's value), the whole paragraph as edited."""
    words, built, edited = source.split(), was.split(), now.split()
    at = {}  # index in built -> index in words, where they are the same word
    for op, i1, i2, j1, _ in difflib.SequenceMatcher(None, words, built, autojunk=False).get_opcodes():
        if op == "equal":
            at.update({j1 + k: i1 + k for k in range(i2 - i1)})
    result, last = [], 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, built, edited, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        touched = range(i1, i2) if i2 > i1 else [i for i in (i1 - 1, i1) if 0 <= i < len(built)]
        if not all(i in at for i in touched) or (i2 > i1 and at[i2 - 1] - at[i1] != i2 - i1 - 1):
            return _escaped(now)
        start = at[i1] if i2 > i1 else (at[i1 - 1] + 1 if i1 - 1 in at else at[i1])
        end = at[i2 - 1] + 1 if i2 > i1 else start
        result += words[last:start] + [_escaped(word) for word in edited[j1:j2]]
        last = end
    return " ".join(result + words[last:])


def _escaped(text: str) -> str:
    """Return plain ``text`` as Markdown of a standard text: markup characters and braces escaped."""
    return inlines((Run(" ".join(text.split())),)).replace("{", "{{").replace("}", "}}")
