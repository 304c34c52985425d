"""`kb serve`: the knowledge base for browsers and other systems (web/)."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KB_SERVE_HOST",
              help="Address to listen on (0.0.0.0: every interface of the machine).")  # fmt: skip
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              envvar="KB_SERVE_PORT", help="Port to listen on.")  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each answers one request at a time).")  # fmt: skip
@click.option("--allow-upload", is_flag=True, help="Let people add documents from the browser.")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, workers: int, allow_upload: bool) -> None:
    """Serve the knowledge base to browsers and other systems: pages and a JSON API.

    Every page has a JSON twin under /api with the shapes of this CLI's --json; /openapi.json
    describes the API. Binds to 127.0.0.1 unless --host says otherwise.

    \b
    Example:
      kb serve --port 8765 --workers 2
      kb serve --host 0.0.0.0 --allow-upload
    """
    from kb.backends.factory import locate
    from web.server import serve

    serve(locate(ctx.obj["store"]), host, port, workers, allow_upload)


COMMANDS = (serve_command,)
