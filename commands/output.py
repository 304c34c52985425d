"""What every command shares: the context settings, `--json`, output with control characters
escaped, and the knowledge base of the store `--store` names (with the warning for a folder
store that belongs to another user)."""

from __future__ import annotations

import os
from typing import Any

import click

from kb import render

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
BOLD = ("\ue000", "\ue001")  # where search marks a match on a terminal, made bold after escaping


def emit(value: Any, as_json: bool, text: str | None = None) -> None:
    """Data to stdout: JSON, or text with every control character a document or file name
    might hold escaped (ids, titles and paths never set the terminal's title or forge lines)."""
    if as_json:
        click.echo(render.to_json(value))
        return
    shown = render.printable(text or "")
    click.echo(shown.replace(BOLD[0], "\x1b[1m").replace(BOLD[1], "\x1b[0m"))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (UTF-8, Chinese not escaped).")


def open_base(ctx: click.Context) -> Any:
    from kb.knowledge import KnowledgeBase

    warn_if_foreign(ctx.obj["store"])
    return KnowledgeBase.open(ctx.obj["store"])


def warn_if_foreign(option: str | None) -> None:
    """One line when a folder store's files belong to another user: they are pickles, which
    run code when read (README, "The store you are given"). A database keeps no pickles."""
    from kb.backends.factory import is_database, locate
    from kb.store import Store

    location = locate(option)
    owner = None if is_database(location) else Store(os.path.expanduser(location)).foreign_owner()
    if owner is not None:
        where = render.printable(location, one_line=True)
        click.echo(
            f"warning: the store at {where} belongs to another user (uid {owner}); its files run code "
            "when read: open only stores you trust, as you would a program",
            err=True,
        )
