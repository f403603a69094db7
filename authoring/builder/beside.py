"""Reading many evaluations on both cores: a forked child reads every other one while this process reads the rest.

A campaign's members are read before any of its reports can be resolved (their average is the
reference), and in one process that is most of what ``batch`` does before it builds anything: the
other core idles. Where the system can fork, this process is no worker itself (a batch worker or
the studio's build already keeps a core busy) and runs no other thread (a fork copies only the
calling thread, and a lock another thread holds, such as the import lock, would never be released
in the child), the child reads half; anywhere else everything is read here, with the same results.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_BESIDE = 4  # fewer items than this are read here: a fork and the pickles cost more than they save


def map_beside(items: list[T], work: Callable[[T], R]) -> list[R]:
    """Return ``[work(item) for item in items]``, every other item done by a forked child where one helps."""
    context = _context() if len(items) >= MIN_BESIDE else None
    if context is None:
        return [work(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor

    from ..orphans import exit_with_parent

    theirs = items[1::2]
    with ProcessPoolExecutor(1, mp_context=context, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        future = pool.submit(_each, theirs, work)
        ours = [work(item) for item in items[0::2]]
        done = future.result()
    results: list[R] = []
    for index in range(len(items)):
        results.append(ours[index // 2] if index % 2 == 0 else done[index // 2])
    return results


def _context():
    """Return the fork context where a child may read beside this process, else None."""
    import multiprocessing

    from ..portable import fork_context

    if (os.cpu_count() or 1) < 2 or multiprocessing.parent_process() is not None or threading.active_count() > 1:
        return None
    return fork_context()


def _each(items: list[T], work: Callable[[T], R]) -> list[R]:
    return [work(item) for item in items]
