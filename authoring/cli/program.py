"""The ``kompass`` program: its click group, which ends the process as soon as a command is done.

Once a command has returned (or exited), everything it wrote is in place and every child it
started has ended: its temporaries are removed and its children closed in ``finally`` blocks,
and a child still running ends by itself when its parent is gone (``orphans.exit_with_parent``).
Python's own ending would then only tear down the modules and objects of the libraries loaded,
which took 20 ms after a check or a build and 80 ms after a batch. So the program flushes its
output and leaves at once (``os._exit``). Only when run as the program (no ``args`` given, as
the ``kompass`` script and ``python -c "...; main()"`` do); a caller that hands its own
arguments (click's test runner, the studio) gets the usual SystemExit.
"""

from __future__ import annotations

import os
import sys

import click


class Program(click.Group):
    """A click group that ends the process at once after its command, when run as the program."""

    def main(self, args=None, *rest, standalone_mode: bool = True, **options):
        if args is not None or not standalone_mode:
            return super().main(args, *rest, standalone_mode=standalone_mode, **options)
        try:
            super().main(None, *rest, **options)
            code = 0
        except SystemExit as done:
            code = done.code
        quick_exit(code)


def quick_exit(code) -> None:
    """Flush standard output and error, then end the process with ``code`` (as ``SystemExit`` would)."""
    if code is not None and not isinstance(code, int):  # a message: printed, and the exit status 1
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (e.g. ``| head``) or stream: nothing more to say
            pass
    os._exit(code or 0)
