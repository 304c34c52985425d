"""`kb index` and `kb remove`: what goes into the store and what is taken out."""

from __future__ import annotations

import sys

import click

from commands.output import emit, json_option, warn_if_foreign
from kb import render


@click.command("index")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Start the store over instead of updating it.")
@click.option("--wait", is_flag=True, help="Wait for another kb index on the same store to finish.")
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress (bar on a terminal, a line every 10 s in a log)."
)
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (default: up to 2).")
@json_option
@click.pass_context
def index_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    rebuild: bool,
    wait: bool,
    quiet: bool,
    workers: int | None,
    as_json: bool,
) -> None:
    """Index files and folders (default: corpus/) into the store.

    Text (UTF-8, GB18030/GBK, Big5, UTF-16; a .txt holding HTML is read as HTML), HTML,
    .docx, .xlsx and .csv (each sheet a table: a 任务分工表 gives its tasks and units), .pdf,
    .md (YAML front matter as metadata) and .jsonl (one document per line). Unchanged files
    are skipped; documents whose files left an indexed folder are dropped. Exit status 1 when
    a file could not be read.

    \b
    Example:
      kb index corpus/ ~/downloads/notices/
    """
    from indexer.pipeline import index
    from kb.backends.factory import locate
    from kb.progress import ProgressView

    warn_if_foreign(ctx.obj["store"])
    view = ProgressView(sys.stderr, quiet=quiet)
    try:
        report = index(
            list(paths) or ["corpus"],
            locate(ctx.obj["store"]),
            rebuild=rebuild,
            wait=wait,
            progress=view.update,
            workers=workers,
        )
    finally:
        view.close()
    for note in report.notes:
        click.echo(f"note: {render.printable(note, one_line=True)}", err=True)
    for error in report.errors:
        click.echo(f"error: {render.printable(error, one_line=True)}", err=True)
    summary = {
        "documents": report.documents,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "errors": report.errors,
        "notes": report.notes,
        "seconds": round(report.seconds, 3),
    }
    emit(summary, as_json, render.index_text(report))
    if not report.ok:
        ctx.exit(1)


@click.command("remove")
@click.argument("docs", nargs=-1, required=True)
@click.option("--wait", is_flag=True, help="Wait for another kb index on the same store to finish.")
@json_option
@click.pass_context
def remove_command(ctx: click.Context, docs: tuple[str, ...], wait: bool, as_json: bool) -> None:
    """Take documents out of the store; their files are not touched.

    DOC is an id, a document number or a title fragment, as for `kb show`; every DOC must
    name one document, or nothing is removed. Indexing a removed document's folder again
    leaves it out; indexing its file by name (kb index FILE) brings it back.

    \b
    Example:
      kb remove a/通知 京科发〔2022〕19号
    """
    from kb.removal import remove

    done = remove(docs, ctx.obj["store"], wait=wait)
    summary = {"removed": [r.id for r in done.removed], "documents": done.documents}
    emit(summary, as_json, render.removal_text(done))


COMMANDS = (index_command, remove_command)
