"""Files as an edit would leave them, checked before they are written, with ``kompass check``'s messages.

A face that edits an evaluation's files (the studio's forms) writes nothing that ``check`` would
refuse: the proposed texts are put into a private copy of the folder, the copy is read as
``check`` reads a folder, and every problem is named by the real folder's files again.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..problems import Problem, Problems
from .evaluation import read_evaluation


def problems_with(folder: Path, texts: dict[Path, str]) -> Problems:
    """Return the problems of the evaluation in ``folder`` if each file of ``texts`` held its text."""
    problems = Problems()
    with tempfile.TemporaryDirectory(prefix="kompass-proposed-") as tmp:
        copy = Path(tmp) / folder.resolve().name
        shutil.copytree(folder, copy, symlinks=True, ignore=shutil.ignore_patterns(".kompass-*"))
        for path, text in texts.items():
            dest = copy / path.relative_to(folder)
            if not _inside(dest.parent, copy):  # a linked folder on the way: the write would leave the copy
                problems.error(path, f"{path.parent.name}/ är en länk ut ur utvärderingsmappen: ersätt den med en "
                               "vanlig mapp (Kompass läser och skriver bara i mappen)")
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.unlink(missing_ok=True)  # a link would lead the write out of the copy
            dest.write_text(text, encoding="utf-8")
        if problems.errors:
            return problems
        _, found = read_evaluation(copy)
    problems += [_renamed(problem, copy, folder) for problem in found]
    return problems


def _inside(folder: Path, copy: Path) -> bool:
    """Return True if ``folder`` (which may not exist yet) lies in ``copy`` once every link on its way is followed."""
    existing = folder
    while not existing.exists() and existing != copy and existing.parent != existing:
        existing = existing.parent
    return existing.resolve().is_relative_to(copy.resolve())


def _renamed(problem: Problem, copy: Path, folder: Path) -> Problem:
    file = Path(problem.file)
    if file.is_relative_to(copy):
        file = folder / file.relative_to(copy)
    return Problem(file, problem.message.replace(str(copy), str(folder)), problem.line, problem.key,
                   problem.severity)
