"""`kb correct` and `kb corrections`: officials' corrections of who owns a task."""

from __future__ import annotations

import click

from commands.output import CONTEXT, emit, json_option, open_base
from kb import render


def _names_option(values: tuple[str, ...]) -> tuple[str, ...]:
    """Agency names given as repeated options and/or comma-separated (、 stays in one body's name)."""
    out: list[str] = []
    for value in values:
        out += [n.strip() for n in value.replace("，", ",").replace("；", ",").replace(";", ",").split(",")]
    return tuple(n for n in out if n)


@click.command("correct")
@click.argument("doc")
@click.argument("task")
@click.option("--lead", multiple=True, metavar="NAMES", help="Lead agencies (comma-separated).")
@click.option("--support", multiple=True, metavar="NAMES", help="Supporting agencies (comma-separated).")
@click.option("--guide", multiple=True, metavar="NAMES", help="Guiding agencies (comma-separated).")
@click.option("--none", "no_owner", is_flag=True, help="The task has no responsible unit.")
@click.option("--deadline", metavar="TEXT", help="The task's deadline (完成时限), e.g. 2025年底前.")
@click.option("--note", default="", metavar="TEXT", help="Why: the basis of the correction (required).")
@click.option("--by", metavar="NAME", help="Who corrects (default: the OS user).")
@click.option("--new-agency", is_flag=True, help="Accept agency names no document or registry knows.")
@click.option("--undo", is_flag=True, help="Remove the task's correction: extraction holds again.")
@json_option
@click.pass_context
def correct_command(
    ctx: click.Context, doc: str, task: str, lead: tuple[str, ...], support: tuple[str, ...],
    guide: tuple[str, ...], no_owner: bool, deadline: str | None, note: str, by: str | None,
    new_agency: bool, undo: bool, as_json: bool,
) -> None:  # fmt: skip
    """Correct the agencies and roles (or the deadline) of one task, kept across re-indexing.

    The correction replaces what extraction read for every answer, export and page, which
    mark the task （已更正） and keep what extraction said. DOC and TASK as for `kb owners`.

    \b
    Example:
      kb correct 京科发〔2022〕19号 12 --lead 市经济和信息化局 --support 市国资委,北京证监局 --note "依据…"
      kb correct 京科发〔2022〕19号 12 --undo
    """
    from kb import correcting
    from kb.backends.factory import open_store

    base, store = open_base(ctx), open_store(ctx.obj["store"])
    if undo:
        if lead or support or guide or no_owner or deadline:
            raise click.UsageError("--undo removes a correction: give no agencies or deadline with it")
        gone = correcting.undo(base, store, doc, task)
        emit(render.correction_json(gone), as_json, f"removed the correction of {gone.path} {gone.title}")
        return
    change = correcting.Change(
        _names_option(lead),
        _names_option(support),
        _names_option(guide),
        no_owner,
        deadline,
        note,
        by,
        new_agency,
    )
    made = correcting.correct(base, store, doc, task, change)
    emit(render.correction_json(made), as_json, render.correction_text(made))


@click.group("corrections", context_settings=CONTEXT, invoke_without_command=True)
@click.option("--doc", metavar="DOC", help="Only the corrections of this document.")
@json_option
@click.pass_context
def corrections_group(ctx: click.Context, doc: str | None, as_json: bool) -> None:
    """List the corrections officials made, with who, when, why and whether each still applies.

    A correction whose task changed its words (or left the document) is orphaned: listed,
    never applied, never dropped; `kb correct DOC TASK --undo` removes it.

    \b
    Example:
      kb corrections --doc 京科发〔2022〕19号
      kb corrections export -o corrections.csv
      kb corrections import corrections.csv
    """
    if ctx.invoked_subcommand is not None:
        return
    from kb import correcting

    found = correcting.listing(open_base(ctx.find_root()), doc)
    emit([render.placed_json(p) for p in found], as_json, render.corrections_text(found))


@corrections_group.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="CSV file to write.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_context
def corrections_export_command(ctx: click.Context, output: str, force: bool) -> None:
    """Write every correction to a CSV sheet (UTF-8 with BOM: opens in Excel).

    Columns: 文件 文号 序号 重点任务 牵头单位 配合单位 指导单位 完成时限 依据 更正人 更正时间 原提取结果 状态.

    \b
    Example:
      kb corrections export -o corrections.csv
    """
    from kb import correcting

    n = correcting.export_csv(open_base(ctx.find_root()), output, force)
    click.echo(f"wrote {n} correction{'s' if n != 1 else ''} to {output}")


@corrections_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--by", metavar="NAME", help="Who corrects (default: the sheet's 更正人, else the OS user).")
@click.option("--new-agency", is_flag=True, help="Accept agency names no document or registry knows.")
@click.pass_context
def corrections_import_command(ctx: click.Context, path: str, by: str | None, new_agency: bool) -> None:
    """Make the corrections a CSV sheet lists (as `kb corrections export` writes it).

    A row is refused, and named, when its task is not found or its 重点任务 is no longer the
    task's title; the other rows are applied. Exit status 1 when a row was refused.

    \b
    Example:
      kb corrections import corrections.csv
    """
    from kb import correcting
    from kb.backends.factory import open_store

    root = ctx.find_root()
    done = correcting.import_csv(open_base(root), open_store(root.obj["store"]), path, by, new_agency)
    for line in done.refused:
        click.echo(f"error: {line}", err=True)
    n = len(done.made)
    click.echo(f"imported {n} correction{'s' if n != 1 else ''}, refused {len(done.refused)}")
    if done.refused:
        ctx.exit(1)


COMMANDS = (correct_command, corrections_group)
