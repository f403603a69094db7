"""Heavy libraries imported where they are first needed, with the garbage collector paused, and then
exempted from its later passes.

A command imports only what it uses (``tests/test_import_budget.py``): a build imports the writer of
each format it writes, and matplotlib only when a chart is missing from the cache. Python's
collector would otherwise walk every object of matplotlib, reportlab and python-docx again in each
full collection, while they are imported and while charts are drawn and documents laid out.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from importlib import import_module
from importlib.util import resolve_name
from types import ModuleType


def settled_import(name: str, package: str | None = None) -> ModuleType:
    """Return the module ``name`` (relative to ``package``), importing it the first time with the
    collector paused and then exempting all that is loaded from later collections (``gc.freeze``).

    What else is alive at that moment (a report being built) is frozen too, but it is still freed
    when no longer used; only a reference cycle among it would be kept."""
    module = sys.modules.get(resolve_name(name, package))
    if module is not None:
        return module
    with collector_paused():
        try:
            return import_module(name, package)
        finally:
            gc.freeze()


@contextmanager
def collector_paused():
    """Run the body with the collector paused (as it was after): for a report built in a process
    that builds again and again (a batch worker, the watch). Its layout objects live until it is
    written, yet the collector went through them again and again while they were made (3 to 5 % of
    the time); the caller collects once after, when it is convenient (``gc.collect``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
