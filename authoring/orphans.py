"""Worker processes end when the process that started them is gone (e.g. killed with kill -9).

A ProcessPoolExecutor worker blocks reading its next task; if the batch process is killed, nothing
tells it to stop. ``exit_with_parent`` (the pool's initializer) watches the parent process id.
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
