"""Running a command's action: a KompassError becomes its Swedish message and exit code, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import DraftError, InputError, KompassError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def report(exc: KompassError) -> None:
    if isinstance(exc, InputError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(f"kompass: {exc}", err=True)


def run(action):
    """Return ``action()``; turn a KompassError into its message and exit code."""
    try:
        return action()
    except (InputError, DraftError) as exc:
        report(exc)
        sys.exit(EXIT_INVALID)
    except KompassError as exc:
        report(exc)
        sys.exit(exc.exit_code)
    except OSError as exc:  # a file or folder the command was pointed at cannot be used
        from ..safeio import output_error

        click.echo(f"kompass: {output_error(exc, Path(exc.filename or '.'))}", err=True)
        sys.exit(EXIT_USAGE)
