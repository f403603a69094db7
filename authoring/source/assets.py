"""Images the templates name (the logo): read from inside the template folder and checked first."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image

from ..errors import InputError
from ..problems import Problems
from ..safeio import MAX_IMAGE_BYTES, Refused, read_bytes

MAX_PIXELS = 25_000_000  # a logo of at most 25 megapixels (e.g. 5000 x 5000)
FORMATS = ("PNG", "JPEG")
MODES = ("1", "L", "LA", "P", "RGB", "RGBA", "I;16")  # not CMYK, YCbCr or LAB: shown differently or not at all


def image_problem(data: bytes, what: str) -> str | None:
    """Return what is wrong with ``data`` as an image, or None if it is a usable PNG or JPEG image."""
    return _image_problem(data, what)


def read_logo(templates: Path, name: str, named_in: Path | None = None) -> bytes:
    """Return the bytes of the logo ``name`` in ``templates`` (the folder of ``named_in``, the file
    that names it; default the templates' style.yaml); raise InputError if it cannot be used."""
    problems = Problems()
    style_file = named_in or templates / "style.yaml"
    try:
        data = read_bytes(templates / name, templates, MAX_IMAGE_BYTES)
    except FileNotFoundError:
        problems.error(style_file, f"filen {name} finns inte i {templates}: lägg logotypen där eller ta bort "
                       "'logo'", key="logo")
        raise InputError(problems) from None
    except Refused as exc:
        problems.error(style_file, f"{templates / name} {exc}", key="logo")
        raise InputError(problems) from None
    problem = _image_problem(data)
    if problem:
        problems.error(style_file, f"{templates / name}: {problem}", key="logo")
        raise InputError(problems)
    return data


def check_logo(name: str, named_in: Path, line: int | None, problems: Problems) -> None:
    """Add a problem unless ``name`` is a usable logo inside the folder of ``named_in`` (the
    evaluation.yaml or kampanj.yaml that names it): a logo is an input, read only from there."""
    folder = named_in.parent
    where = f"i mappen {folder} och skriv sökvägen från {named_in.name}"
    if "://" in name or Path(name).is_absolute() or ".." in Path(name).parts:
        problems.error(named_in, f"logotypen '{name}' ska vara en fil {where}", line, "publication.logo")
        return
    try:
        data = read_bytes(folder / name, folder, MAX_IMAGE_BYTES)
    except FileNotFoundError:
        problems.error(named_in, f"logotypen '{name}' finns inte: lägg den {where}", line, "publication.logo")
        return
    except Refused as exc:
        problems.error(named_in, f"logotypen '{name}' {exc}", line, "publication.logo")
        return
    problem = _image_problem(data)
    if problem:
        problems.error(named_in, f"logotypen '{name}' {problem}", line, "publication.logo")


def _image_problem(data: bytes, what: str = "logotypen") -> str | None:
    """Return what is wrong with ``data`` as an image (``what``: "logotypen", "bilden"), or None if it is a
    usable PNG or JPEG image: its pixels decode, in a colour mode both formats show."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height), mode = image.format, image.size, image.mode
                if kind in FORMATS and width * height <= MAX_PIXELS:
                    image.verify()  # the file's structure and checksums, as the writers read them
            if kind in FORMATS and width * height <= MAX_PIXELS:
                with Image.open(io.BytesIO(data)) as image:
                    image.load()  # and every pixel: valid checksums can hold undecodable data
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"bilden är för stor, högst {MAX_PIXELS // 1_000_000} megapixlar tillåts: spara en mindre bild"
    except Exception:  # PIL raises many kinds for a damaged or unknown file
        return f"är ingen läsbar PNG- eller JPEG-bild: spara {what} som PNG eller JPEG"
    if kind not in FORMATS:
        return f"är en {kind}-bild: spara {what} som PNG eller JPEG"
    if width * height > MAX_PIXELS:
        return (f"bilden har {width} x {height} bildpunkter, högst {MAX_PIXELS // 1_000_000} megapixlar tillåts: "
                "spara en mindre bild")
    if mode not in MODES:
        return f"har färgläget {mode}, som inte visas likadant överallt: spara {what} i RGB (t.ex. som PNG)"
    return None
