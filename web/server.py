"""`kb serve`: the web application under uvicorn, in one or several worker processes.

The settings travel to the workers in the environment (uvicorn starts each worker afresh
and builds the app with `web.app.from_environment`).
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from kb.backends.factory import is_database, open_store
from kb.errors import EmptyStore, KbError
from web.app import ENV_STORE, ENV_UPLOAD


def serve(
    root: str | Path, host: str = "127.0.0.1", port: int = 8765, workers: int = 1, allow_upload: bool = False
) -> None:
    """Serve the store at `root` (a folder or a postgresql:// URL) until interrupted."""
    import uvicorn

    with contextlib.suppress(EmptyStore):  # nothing indexed yet: the front page says so
        open_store(root).check_schema()  # a store of another version: say so now, not on every request
    _check_address(host, port)
    os.environ[ENV_STORE] = str(root) if is_database(str(root)) else str(Path(root).resolve())
    os.environ[ENV_UPLOAD] = "1" if allow_upload else "0"
    uvicorn.run(
        "web.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        log_level="info",
    )


class ServeError(KbError):
    """The server cannot start as asked."""


def _check_address(host: str, port: int) -> None:
    """Say in one line, before starting anything, that the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise ServeError(
            f"cannot listen on {host}: {e.strerror}; give an address of this machine with --host"
        ) from e
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as e:
            raise ServeError(f"cannot listen on {host}:{port}: {e.strerror}; choose another --port") from e
