"""The folder the studio works in: its evaluation folders, found by name and never outside it.

A page names an evaluation by its folder's name (``kalix-2012``) and an area by its number; the
names are checked here before any file is touched: a name that is not a plain folder name, or a
folder that is not an evaluation directly inside the workspace (after following links), is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..source.evaluation import EVALUATION_FILE

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
FORMATS = ("pdf", "docx", "html")


class Outside(Exception):
    """A name that does not lead to an evaluation in the workspace (the page answers 404)."""


@dataclass(frozen=True)
class Workspace:
    """The evaluation folders under ``root``; reports are built into ``out``."""

    root: Path
    out: Path

    @classmethod
    def at(cls, root: Path, out: Path) -> "Workspace":
        return cls(root.resolve(), out.resolve())

    def names(self) -> list[str]:
        """Return the names of the evaluation folders directly in the workspace, sorted."""
        return sorted(path.parent.name for path in self.root.glob(f"*/{EVALUATION_FILE}")
                      if NAME.match(path.parent.name) and self._inside(path.parent))

    def folder(self, name: str) -> Path:
        """Return the folder of the evaluation ``name``; raise Outside for anything else."""
        if not NAME.match(name):
            raise Outside(name)
        folder = self.root / name
        if not self._inside(folder) or not (folder / EVALUATION_FILE).is_file():
            raise Outside(name)
        return folder

    def output(self, name: str, kind: str) -> Path:
        """Return the built report of ``name`` in the format ``kind`` (pdf, docx, html)."""
        if kind not in FORMATS:
            raise Outside(kind)
        self.folder(name)
        return self.out / name / f"{name}.{kind}"

    def _inside(self, folder: Path) -> bool:
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            return False
        return real.parent == self.root and real.is_dir()


def area_number(text: str) -> int:
    """Return the area number ``text`` names (1-8); raise Outside for anything else."""
    if not re.fullmatch(r"[1-8]", text):
        raise Outside(text)
    return int(text)
