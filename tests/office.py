"""LibreOffice for the tests: every conversion uses this process's own profile.

Two soffice processes sharing a profile (the user's default) interfere: the second hands its
job to the first or fails to start, so tests running side by side (pytest-xdist workers, or
anything else using LibreOffice on the machine) made conversions fail at random.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path


@cache
def _profile() -> str:
    folder = Path(tempfile.mkdtemp(prefix="kompass-lo-profile-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return f"-env:UserInstallation={folder.as_uri()}"


def convert(document: Path, outdir: Path, to: str) -> Path:
    """Convert ``document`` with LibreOffice to format ``to`` (pdf, docx) in ``outdir``; return the new file."""
    subprocess.run(["soffice", _profile(), "--headless", "--convert-to", to, "--outdir", str(outdir), str(document)],
                   check=True, capture_output=True, timeout=300)
    return outdir / f"{document.stem}.{to}"


def convert_all(documents: list[Path], outdir: Path, to: str) -> list[Path]:
    """Convert several ``documents`` in one LibreOffice run; return the new files, in order.

    Their names must differ (they land in one folder)."""
    subprocess.run(["soffice", _profile(), "--headless", "--convert-to", to, "--outdir", str(outdir),
                    *map(str, documents)], check=True, capture_output=True, timeout=600)
    return [outdir / f"{document.stem}.{to}" for document in documents]
