"""``kompass studio``: the studio served on 127.0.0.1 until Ctrl-C.

The socket is bound here, on loopback only and on a free port unless one is asked for, so the
address with its token is known before the server starts; it is printed (with ``--no-browser`` as
the only line on standard output) and opened in the default browser.
"""

from __future__ import annotations

import signal
import socket
import threading
import webbrowser
from pathlib import Path

from ..errors import UsageError
from .app import create
from .guard import LOOPBACK_NAMES, Keys
from .wordtrip import discard_uploads

LOOPBACK = "127.0.0.1"


def default_folder(cwd: Path) -> Path:
    """Return the workspace when none is named: ``inputs/`` where the current folder has one, else the current folder."""
    inputs = cwd / "inputs"
    return inputs if inputs.is_dir() else cwd


def check_host(host: str) -> None:
    """Raise UsageError for any host but this machine's loopback: serving to others is not offered."""
    if host.strip("[]") not in (LOOPBACK, "localhost", "::1") and host not in LOOPBACK_NAMES:
        raise UsageError(f"--host {host}: Kompass Studio visas bara på den här datorn (127.0.0.1), eftersom "
                         "utvärderingarna är opublicerade; att dela den med andra datorer går inte i den här versionen")


def bind(port: int) -> socket.socket:
    """Return a listening socket on 127.0.0.1:``port`` (0: a free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((LOOPBACK, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"--port {port}: porten kan inte användas ({exc.strerror}): välj en annan eller utelämna "
                         "--port, så väljs en ledig") from None
    sock.listen(64)
    return sock


def serve(folder: Path, out: Path, port: int, open_browser: bool, say) -> None:
    """Serve the studio for the workspace ``folder`` until Ctrl-C; ``say`` prints a line on standard output."""
    import uvicorn

    if not folder.is_dir():
        raise UsageError(f"{folder}: mappen finns inte: ange mappen med utvärderingarna (t.ex. inputs)")
    sock = bind(port)
    keys = Keys.new(sock.getsockname()[1])
    address = f"http://{LOOPBACK}:{keys.port}/?token={keys.token}"
    app = create(folder, out, keys)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", log_config=None,
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    if open_browser:
        say(f"Kompass Studio: {address}")
        say("Öppnar webbläsaren. Avsluta med Ctrl-C.")
        threading.Timer(0.5, webbrowser.open, (address,)).start()
    else:
        say(address)
    # uvicorn stops on Ctrl-C or SIGTERM, then raises the signal again: Ctrl-C as KeyboardInterrupt,
    # SIGTERM by its default action, which would end the process before the workers and the uploads
    # are cleared away. Both are stopping as asked.
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading.current_thread() is threading.main_thread() else None
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        app.app.state.studio.jobs.close()
        discard_uploads()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
