"""Worker processes end when the process that started them is gone (e.g. killed with kill -9).

A ProcessPoolExecutor worker blocks reading its next task; if the batch process is killed, nothing
tells it to stop. ``exit_with_parent`` (the pool's initializer) watches the parent process id.
``OneJobChild`` is a forked child that loads what one job needs while its parent does other work,
then does that job (the early chart drawer, the batch's summary writer).
"""

from __future__ import annotations

import os
import threading
import time

from .safeio import discard_temporaries


def exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """Start a daemon thread that ends this process as soon as ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        discard_temporaries()  # os._exit runs no finally: leave no half-written output behind
        os._exit(1)

    threading.Thread(target=watch, name="kompass-exit-with-parent", daemon=True).start()


def exit_failed(parent: int, error: BaseException) -> None:
    """End a child whose job for ``parent`` failed with ``error``. If that was the end of its pipe to
    a parent killed in the midst of the job (the pipe ends a moment before the parent is gone from
    ``os.getppid``), remove the temporary files of the job first, as ``exit_with_parent`` would."""
    if isinstance(error, (EOFError, OSError)):
        deadline = time.monotonic() + 0.2
        while os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(0.005)
        if os.getppid() != parent:
            discard_temporaries()
    os._exit(1)


class OneJobChild:
    """A forked child that loads at once what its one job needs (``load``, which returns the function
    that does the job), then does the job it is handed and hands back the answer. It ends with this
    process, and at once if it is never handed a job. A child that fails answers None: the caller
    then does the job itself, which reports what went wrong, once."""

    def __init__(self, context, load):
        self.used = False
        self.ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve_one, args=(theirs, self.ours, os.getpid(), load), daemon=True)
        self.process.start()
        theirs.close()

    def hand(self, job) -> None:
        """Hand the child ``job`` (once; nothing if it was ended already)."""
        if self.used:
            return
        self.used = True
        try:
            self.ours.send(job)
        except OSError:  # gone already: its answer is None
            pass

    def answer(self):
        """Return the child's answer to the job handed, or None if it failed; end it."""
        try:
            return self.ours.recv()
        except (EOFError, OSError):
            return None
        finally:
            self.close()

    def close(self) -> None:
        """End the child: at once if it was never handed a job, else once it has done it."""
        if not self.used and self.process.is_alive():
            self.process.kill()
        self.used = True
        self.ours.close()
        self.process.join()


def _serve_one(conn, parents_end, parent: int, load) -> None:
    parents_end.close()  # so that the parent closing its end reads here as the end
    exit_with_parent(parent, interval=0.1)
    try:
        work = load()
        conn.send(work(conn.recv()))
    except EOFError:  # never handed a job
        os._exit(0)
    except BaseException:  # the parent does the job again and reports what went wrong, once
        os._exit(1)
    os._exit(0)
