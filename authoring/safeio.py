"""Contained reading of input files and atomic writing of outputs.

Reading: an input is read only if it is a regular file inside its folder (after following
symlinks), at most ``MAX_INPUT_BYTES`` long. Symlinks that leave the folder, directories,
devices and FIFOs are refused with a message; nothing blocks (FIFOs are opened non-blocking).

Writing: outputs are written to short temporary names (``.kompass-<pid>-<random>.tmp``) in the
destination folder and moved into place; temporary files of processes that no longer run are
removed. Every OS error on the way becomes one Swedish sentence that says what to do.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError
from .portable import nfc, open_flags, process_runs

MAX_INPUT_BYTES = 1_000_000  # one input file (YAML or Markdown); documented in docs/input-format.md
MAX_IMAGE_BYTES = 10_000_000  # a logo
MAX_DOCUMENT_BYTES = 100_000_000  # a DOCX, XLSX, CSV or PDF handed to pull, import-scores or check-pdf
MAX_UNPACKED_BYTES = 300_000_000  # what the members of a DOCX or XLSX may unpack to, together
MAX_RATIO = 200  # unpacked over packed size of one member; XML packs 5-30 times, a zip bomb 1,000 times
TEMP_PREFIX = ".kompass-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.kompass-(\d+)-[A-Za-z0-9_]+\.tmp$")


class Refused(Exception):
    """An input file that must not be read; the message (Swedish) says why and what to do."""


def read_bytes(path: Path, root: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Return the bytes of ``path``, a regular file inside ``root``; raise Refused otherwise.

    A missing file raises FileNotFoundError, so callers keep their own message for it.
    """
    try:
        real = path.resolve()
    except (RuntimeError, OSError):  # a loop of symbolic links
        raise Refused("är en symbolisk länk som leder i en slinga: ersätt den med en vanlig fil") from None
    if not real.is_relative_to(root.resolve()):
        raise Refused(f"leder till {real}, utanför mappen {root}: använd en vanlig fil i mappen")
    try:
        descriptor = os.open(real, open_flags("O_NONBLOCK", "O_NOCTTY", "O_NOFOLLOW"))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Refused(f"kan inte läsas ({_reason(exc)}): kontrollera filen och dess behörigheter") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"är {_kind(info.st_mode)}, inte en vanlig fil: ersätt den med en vanlig fil")
        if info.st_size > limit:
            raise Refused(f"är för stor ({info.st_size} byte, högst {limit} byte): korta den")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Refused(f"kan inte läsas ({_reason(exc)}): kontrollera filen") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise Refused(f"är för stor (mer än {limit} byte): korta den")
    return data


def read_text(path: Path, root: Path, limit: int = MAX_INPUT_BYTES) -> str:
    """Return ``path`` read as UTF-8 under the rules of ``read_bytes``, composed (NFC: a decomposed ``ö``
    from macOS renders badly in a PDF font); UnicodeDecodeError if not UTF-8."""
    return nfc(read_bytes(path, root, limit).decode("utf-8"))


def read_archive(path: Path, kind: str) -> bytes:
    """Return the bytes of the zip package at ``path`` (a DOCX or XLSX, named ``kind`` in messages).

    Read as a document (``read_bytes`` inside its own folder, at most ``MAX_DOCUMENT_BYTES``), and
    refused before anything unpacks it if it is no zip package, or if its members would unpack to
    more than ``MAX_UNPACKED_BYTES`` together or one of them more than ``MAX_RATIO`` times its packed
    size. Python's zipfile never unpacks a member beyond the size its header states, so the check
    holds for what python-docx and openpyxl read afterwards.
    """
    import io
    import zipfile

    data = read_bytes(path, path.parent, MAX_DOCUMENT_BYTES)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):  # NotImplementedError: an unknown zip version
        raise Refused(f"är ingen {kind}-fil (inget zip-paket): spara den som {kind} i "
                      f"{'Word' if kind == 'DOCX' else 'Excel'}") from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise Refused(f"packas upp till {total} byte (högst {MAX_UNPACKED_BYTES}): är det en {kind}-fil? "
                      "Spara den på nytt i Word eller Excel")
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise Refused(f"delen {member.filename!r} packas upp {member.file_size // max(member.compress_size, 1)} "
                          f"gånger större (högst {MAX_RATIO}): filen ser ut som en zip-bomb och läses inte")
    return data


def is_regular_inside(path: Path, root: Path) -> bool:
    """Return True if ``path`` is a regular file inside ``root`` (after following symlinks)."""
    try:
        real = path.resolve()
        return real.is_relative_to(root.resolve()) and stat.S_ISREG(os.stat(real).st_mode)
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return False


def regular_files(folder: Path) -> list[Path]:
    """Return every regular file inside ``folder``, sorted; a linked folder is not entered, so no
    loop of links can make this endless."""
    found = []
    for top, _, files in os.walk(folder):  # followlinks=False
        found += [path for path in (Path(top) / name for name in files) if is_regular_inside(path, folder)]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


MAX_HASHED_BYTES = 100_000_000  # a larger file is fingerprinted by its size and time, never read whole


def content_hash(path: Path) -> str | None:
    """Return the SHA-256 of the regular file ``path`` read in blocks, or of its size, time and inode
    when it is larger than ``MAX_HASHED_BYTES``; None if it is no regular file or cannot be read.
    Opened without blocking, so a FIFO or device put in a file's place never hangs."""
    import hashlib

    try:
        descriptor = os.open(path, open_flags("O_NONBLOCK", "O_NOCTTY"))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = hashlib.sha256()
        if info.st_size > MAX_HASHED_BYTES:
            digest.update(f"{info.st_size} {info.st_mtime_ns} {info.st_ino}".encode())
            return digest.hexdigest()
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "en mapp"
    if stat.S_ISFIFO(mode):
        return "en namngiven rörledning (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhetsfil"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "ingen vanlig fil"


# -- writing -------------------------------------------------------------------------------------

_REASONS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EFBIG: "filen blir för stor för filsystemet",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.ENAMETOOLONG: "namnet är för långt för filsystemet",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "det är en mapp",
    errno.EEXIST: "det finns redan något med det namnet",
    errno.ENOENT: "mappen finns inte",
    errno.ELOOP: "för många symboliska länkar",
    errno.EIO: "in- eller utmatningsfel på enheten",
    errno.ENXIO: "enheten finns inte",
    errno.ENODEV: "enheten stöder inte detta",
    errno.EINVAL: "ogiltig plats för en fil",
}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno, os.strerror(exc.errno) if exc.errno else str(exc))


def output_error(exc: OSError, where: Path) -> UsageError:
    """Return ``exc`` as a one-line message about the output location ``where`` (exit code 2)."""
    return UsageError(f"{where}: kan inte skriva ({_reason(exc)}): välj en annan plats med --out "
                      "eller frigör utrymme och rättigheter där")


def prepare_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) for output; raise UsageError if it cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory")
    except OSError as exc:
        raise output_error(exc, folder) from None
    remove_stale_temporaries(folder)


_CREATED: set[Path] = set()  # this process's temporary files, for discard_temporaries


def temporary(folder: Path) -> Path:
    """Return a new empty temporary file in ``folder`` with a short name that carries this process id."""
    handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)
    os.close(handle)
    _CREATED.add(Path(name))
    return Path(name)


def temporaries_of_parent(paths: list[Path]) -> None:
    """In a kept child that writes files for its parent: take ``paths``, the parent's temporary
    files of the job at hand, as this process's own (``discard_temporaries``, when the parent ends
    abruptly), in place of those of its earlier jobs."""
    _CREATED.clear()
    _CREATED.update(paths)


def discard_temporaries() -> None:
    """Remove every temporary file this process made that is still there (before it ends abruptly)."""
    for path in list(_CREATED):
        try:
            os.unlink(path)
        except OSError:
            pass
    _CREATED.clear()


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files of Kompass processes in ``folder`` that no longer run, after
    completing any all-or-nothing moves they left (``recover``)."""
    recover(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    legacy = re.compile(rf"^\.{re.escape(folder.name)}-[A-Za-z0-9_]{{8}}\.(pdf|docx)$")  # by earlier versions
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if (match and not _running(int(match.group(1)))) or legacy.match(entry.name):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    runs = process_runs(pid)
    if runs is None:  # cannot be asked: its files are left alone
        return True
    return runs and not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Return True if ``pid`` has ended but was not reaped (where no init reaps orphans, e.g. containers)."""
    try:
        line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return line[line.rindex(")") + 2:].startswith(("Z", "X"))


def publish(tmp: Path, dest: Path, mode: int | None = None) -> None:
    """Move the complete file ``tmp`` to ``dest`` with ``mode`` (default: as a new file under the umask)."""
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp makes the file private; a report is not
    os.chmod(tmp, mode)
    os.replace(tmp, dest)


JOURNAL_PREFIX = ".kompass-journal-"
_JOURNAL_NAME = re.compile(r"^\.kompass-journal-(\d+)-[A-Za-z0-9_]+\.json$")


def replace_all(moves: list[tuple[Path, Path]], mode: int | None = None, modes: dict[Path, int] | None = None) -> None:
    """Move each complete temporary file onto its destination (``(tmp, dest)`` pairs): all or nothing.

    If a move fails, the moves made before it are undone (each replaced file comes back from a hard
    link taken first; a new one is removed) and the OSError is raised. Before the first move, a
    journal of every move is written into each destination folder: if the process is killed while
    moving, ``recover`` of any of those folders makes the remaining moves (every temporary file is
    complete by then), so the next command sees all files new, never some.
    """
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp makes the file private; a report is not
    for tmp, dest in moves:  # ``modes``: a destination's own permissions, e.g. those of the file it replaces
        os.chmod(tmp, (modes or {}).get(dest, mode))
    backups: list[Path | None] = []
    journals: list[Path] = []
    done = 0
    try:
        for _, dest in moves:
            backups.append(_backup(dest))
        journals = _write_journals(moves, backups)
        for tmp, dest in moves:
            os.replace(tmp, dest)
            done += 1
    except OSError:
        for (_, dest), backup in reversed(list(zip(moves, backups))[:done]):
            if backup:
                os.replace(backup, dest)
            else:
                dest.unlink(missing_ok=True)
        raise
    finally:
        for path in [*journals, *(b for b in backups if b)]:
            path.unlink(missing_ok=True)


def _backup(dest: Path) -> Path | None:
    """Return a hard link to ``dest`` under a temporary name (None if there is no file to keep)."""
    if not dest.is_file() or dest.is_symlink():
        if dest.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dest))
        return None
    backup = temporary(dest.parent)
    backup.unlink()
    try:
        os.link(dest, backup)
    except OSError:  # a file system without hard links
        import shutil

        shutil.copy2(dest, backup)
    return backup


def _write_journals(moves: list[tuple[Path, Path]], backups: list[Path | None]) -> list[Path]:
    """Write the journal of ``moves`` into every destination folder; return the journal files."""
    import json

    entries = [[str(tmp), str(dest), str(backup) if backup else None] for (tmp, dest), backup in zip(moves, backups)]
    text = json.dumps({"moves": entries}, ensure_ascii=False)
    name = f"{JOURNAL_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.json"
    journals = []
    for folder in dict.fromkeys(dest.parent for _, dest in moves):
        staged = temporary(folder)
        staged.write_text(text, encoding="utf-8")
        os.replace(staged, folder / name)
        _CREATED.add(folder / name)
        journals.append(folder / name)
    return journals


def recover(folder: Path) -> None:
    """Complete the moves of every journal in ``folder`` left by a Kompass process that no longer runs."""
    import json

    try:
        entries = [e for e in os.scandir(folder) if _JOURNAL_NAME.match(e.name)]
    except OSError:
        return
    for entry in entries:
        if _running(int(_JOURNAL_NAME.match(entry.name).group(1))):
            continue
        try:
            moves = json.loads(Path(entry.path).read_text(encoding="utf-8"))["moves"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        for tmp, dest, backup in moves:
            if os.path.exists(tmp):
                os.replace(tmp, dest)
            if backup:
                Path(backup).unlink(missing_ok=True)
        for _, dest, _ in moves:
            (Path(dest).parent / entry.name).unlink(missing_ok=True)


@contextmanager
def output_errors(where: Path):
    """Turn an OSError raised inside the block into a UsageError about ``where``."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, where) from None
