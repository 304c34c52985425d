"""The `kb` command: a thin translation between a person and the kb / indexer libraries.

Each command (in `commands/`, one module per job: indexing, reading, searching, corrections,
exporting, serving) parses its arguments, makes one library call and renders the result; this
module gathers them under `kb` with the global options. Exit statuses, in one place: 0 done
(no results and `not_found` answers included), 1 an error (a library KbError, a bad file,
anything unexpected), 2 a usage error (click's), 130 interrupted. Errors are one line on stderr.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from commands import corrections, exporting, indexing, reading, searching, serving
from commands.output import CONTEXT
from kb import render
from kb.errors import KbError


class _Group(click.Group):
    """Turns library errors into one clean line; a traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KbError as e:
            _fail(ctx, str(e), getattr(e, "candidates", None))
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader went away (kb docs | head): nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except Exception as e:
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            _fail(
                ctx,
                f"internal error: {type(e).__name__}: {e}; please report it (`kb --debug ...` shows where)",
                None,
            )


def _fail(ctx: click.Context, message: str, candidates: list[tuple[str, str]] | None, code: int = 1) -> None:
    click.echo(f"Error: {render.printable(message, one_line=True)}", err=True)
    for first, second in candidates or []:
        click.echo(
            f"  {render.printable(first, one_line=True)}  {render.printable(second, one_line=True)}", err=True
        )
    ctx.exit(code)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option(
    "--store",
    envvar=["KB_STORE", "KB_HOME"],
    metavar="DIR|URL",
    help="Store folder, or a PostgreSQL URL (postgresql://user@host:5432/dbname) for a shared one "
    "(default: $KB_STORE, else $KB_HOME, else ~/.local/share/policykb).",
)
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
@click.version_option(package_name="policykb")
@click.pass_context
def main(ctx: click.Context, store: str | None, debug: bool) -> None:
    """policykb: a knowledge base of Chinese government policy documents.

    \b
    Example:
      kb index corpus/
      kb owners 京科发〔2022〕19号 12
    """
    ctx.obj = {"store": store, "debug": debug}


for module in (indexing, reading, searching, corrections, exporting, serving):
    for command in module.COMMANDS:
        main.add_command(command)


if __name__ == "__main__":
    main()
