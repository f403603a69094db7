"""What differs between Linux, macOS and Windows, asked in one place.

Windows has no ``fork`` start method (and on macOS it is unsafe), no ``os.O_NONBLOCK`` or ``os.O_NOCTTY``, no load average, and
its ``os.kill(pid, 0)`` ends the process instead of asking whether it runs. macOS names files in
decomposed Unicode (``o`` + combining diaeresis for ``ö``). Each function here answers one such
question, so that callers fall back to the serial order (whose output is the same, byte for byte)
instead of failing where a feature is missing.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path


def fork_context():
    """Return multiprocessing's ``fork`` context, or None where there is none (Windows, or a Python
    that refuses it) or it is unsafe (macOS, whose system libraries may start threads a forked child
    cannot use; Python's default there is ``spawn``); callers then do the work in this process."""
    import multiprocessing  # late: a build that starts no child needs none of it

    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def pool_context():
    """Return the start method for a pool of workers: ``fork`` where there is one (the workers share
    what this process loaded), otherwise ``spawn`` (each worker imports anew, as on Windows)."""
    import multiprocessing

    return fork_context() or multiprocessing.get_context("spawn")


RUN_QUEUE = "/proc/loadavg"  # Linux: the averages, then "running/all" processes at this moment


def load_average() -> float | None:
    """Return how busy the cores are: the one-minute load average, or where the system also says how
    many processes run at this moment (Linux) and that is fewer, those besides this one; None where
    the system says neither (Windows).

    The average lags: the commands of a minute ago (the last build, with its children) still count in
    it when every core has long been idle again."""
    try:
        average = os.getloadavg()[0]
    except (AttributeError, OSError):
        return None
    try:
        with open(RUN_QUEUE, encoding="ascii") as file:
            running = int(file.read().split()[3].split("/")[0]) - 1  # "1/111": this process runs too
    except (OSError, ValueError, IndexError):
        return average
    return min(average, float(max(running, 0)))


def open_flags(*names: str) -> int:
    """Return ``os.O_RDONLY`` with each named flag this system has (``O_NONBLOCK``, ``O_NOCTTY``,
    ``O_NOFOLLOW``, ``O_BINARY``), so that a flag Windows lacks is left out rather than failing."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # Windows reads in text mode without it
    for name in names:
        flags |= getattr(os, name, 0)
    return flags


def process_runs(pid: int) -> bool | None:
    """Return whether process ``pid`` runs; None where it cannot be asked without harm.

    On Windows ``os.kill(pid, 0)`` would end the process, so it is asked through the Windows API."""
    if os.name == "nt":
        return _windows_process_runs(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def _windows_process_runs(pid: int) -> bool | None:
    import ctypes

    query, still_active, invalid_parameter = 0x1000, 259, 87  # PROCESS_QUERY_LIMITED_INFORMATION, ...
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(query, False, pid)
    if not handle:
        return False if kernel32.GetLastError() == invalid_parameter else True
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return None
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def as_listed(path: Path) -> Path:
    """Return ``path`` with each part spelled as its folder lists it, where it is listed composed
    and typed decomposed or the other way round (a name typed on one system, the folder made on
    macOS). A part listed as typed, or not listed at all, is kept."""
    spelled = Path(path.anchor) if path.anchor else Path()
    for part in path.parts[len(Path(path.anchor).parts) if path.anchor else 0:]:
        spelled /= _listed(spelled, part)
    return spelled


def _listed(folder: Path, name: str) -> str:
    if name in (".", "..") or unicodedata.is_normalized("NFC", name) and unicodedata.is_normalized("NFD", name):
        return name  # ASCII and the like: one spelling only
    try:
        entries = os.listdir(folder or ".")
    except OSError:
        return name
    if name in entries:
        return name
    return next((entry for entry in entries if nfc(entry) == nfc(name)), name)


def tolerant_output() -> None:
    """Make standard output and error write ``?`` for a character their encoding lacks, where it is
    not UTF-8 (Windows writes to a pipe or file in its ANSI code page, cp1252, which has no ``→``),
    instead of ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding and encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def nfc(text: str) -> str:
    """Return ``text`` in composed Unicode (NFC): ``ö`` as one character, as macOS's decomposed file
    names (NFD) are not, so that names read from the file system print and compare as typed."""
    return unicodedata.normalize("NFC", text)
