"""Images named in the notes (``![alt](file.png)``): read from inside the evaluation folder and checked."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..problems import Problems
from ..safeio import MAX_IMAGE_BYTES, Refused, read_bytes

HINT = "lägg bilden i utvärderingsmappen (t.ex. notes/bilder/) och skriv sökvägen från notes-filen"


def load_images(path: Path, root: Path, pictures: list[tuple[str, int | None]], problems: Problems) -> dict[str, bytes]:
    """Return key -> bytes of every image the notes file ``path`` names; add a problem for each unusable one.

    An image must be a regular PNG or JPEG file inside ``root`` (safeio's rules), at most
    MAX_IMAGE_BYTES and 25 megapixels. The key is the path inside the evaluation folder.
    """
    images: dict[str, bytes] = {}
    if not pictures:
        return images  # and Pillow is not imported: most notes files have no image
    from .assets import image_problem

    for src, line in pictures:
        if not src or "://" in src or src.startswith(("/", "\\")) or ":" in src.split("/")[0]:
            problems.error(path, f"bilden '{src}' ska vara en fil i utvärderingsmappen: {HINT}", line)
            continue
        key = posixpath.normpath(f"{path.parent.name}/{src}")
        if key in images:
            continue
        file = path.parent / src
        try:
            data = read_bytes(file, root, MAX_IMAGE_BYTES)
        except FileNotFoundError:
            problems.error(path, f"bilden '{src}' finns inte ({file}): {HINT}", line)
            continue
        except Refused as exc:
            problems.error(path, f"bilden '{src}' {exc}", line)
            continue
        problem = image_problem(data, "bilden")
        if problem:
            problems.error(path, f"bilden '{src}' {problem}", line)
            continue
        images[key] = data
    return images
