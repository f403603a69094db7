"""Run ``kompass`` in a child process under a memory cap, as a hostile input would meet it in production.

The child sets ``RLIMIT_AS`` (address space) before it imports anything, so a command that tries
to read a bomb whole ends in MemoryError (a traceback) instead of a refusal; the timeout turns a
hang (a FIFO read with a plain ``open``) into a failed test instead of a stuck suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GB = 1 << 30
SCRIPT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.argv = ["kompass", *sys.argv[1:]]
from authoring.cli import main
main()
"""


def kompass_capped(*args: str | Path, cwd: Path, limit: int = GB, timeout: int = 300) -> subprocess.CompletedProcess:
    """Return the finished ``kompass ARGS`` run in ``cwd`` with at most ``limit`` bytes of address space."""
    return subprocess.run([sys.executable, "-c", SCRIPT.format(limit=limit), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)
