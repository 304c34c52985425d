"""`kb serve`: the web application under uvicorn, in one or several worker processes.

The settings travel to the workers in the environment (uvicorn starts each worker afresh
and builds the app with `web.app.from_environment`).
"""

from __future__ import annotations

import os
from pathlib import Path

from kb.store import Store
from web.app import ENV_STORE, ENV_UPLOAD


def serve(
    root: Path, host: str = "127.0.0.1", port: int = 8765, workers: int = 1, allow_upload: bool = False
) -> None:
    """Serve the store at `root` until interrupted."""
    import uvicorn

    Store(root).check_schema()  # a store of another version: say so now, not on every request
    os.environ[ENV_STORE] = str(Path(root).resolve())
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
