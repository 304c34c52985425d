"""`kb graph export` and `kb export`: the graph and the tables for meetings, as files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from commands.output import CONTEXT, open_base


@click.group("graph", context_settings=CONTEXT)
def graph_group() -> None:
    """The responsibility graph (documents, sections, tasks, agencies).

    \b
    Example:
      kb graph export -o kb.graphml
    """


@graph_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]),
              help="File format (default: from the extension of --output).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_context
def graph_export_command(ctx: click.Context, fmt: str | None, output: str, force: bool) -> None:
    """Write the graph as GraphML, GEXF or node-link JSON (.graphml, .gexf, .json).

    \b
    Example:
      kb graph export -o kb.gexf
    """
    from kb.graph import export

    done = export(open_base(ctx.find_root()).graph(), output, fmt, force)
    click.echo(f"wrote {done.summary} to {output}")


@click.group("export", context_settings=CONTEXT)
def export_group() -> None:
    """Tables for meetings: task allocation table, responsibility matrix, an agency's task list.

    The format comes from the file's extension (.xlsx .docx .csv .md .html .json) or
    --format; an existing file is kept unless --force.

    \b
    Example:
      kb export tasks 京科发〔2022〕19号 -o 任务分工表.xlsx
    """


def _export_options(formats: tuple[str, ...]) -> Any:
    """-o/--output, --format, --script and --force, shared by the export commands."""

    def decorate(command: Any) -> Any:
        options: list[Callable[[Any], Any]] = [
            click.option(
                "-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write."
            ),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(formats),
                help="File format (default: from the extension of --output).",
            ),
            click.option(
                "--script",
                type=click.Choice(["simplified", "traditional", "original"]),
                default="simplified",
                show_default=True,
                help="Script of names and titles (original: each document's own).",
            ),
            click.option("--force", is_flag=True, help="Overwrite --output if it exists."),
            click.pass_context,
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@export_group.command("tasks")
@click.argument("docs", nargs=-1)
@_export_options(("xlsx", "docx", "csv", "md", "html", "json"))
def export_tasks_command(
    ctx: click.Context, docs: tuple[str, ...], output: str, fmt: str | None, script: str, force: bool
) -> None:
    """Task allocation table (任务分工表): 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限.

    One sheet (table) per document, the section headings as group rows, the document's
    title and number above; every document with tasks when no DOC is given.

    \b
    Example:
      kb export tasks 京科发〔2022〕19号 -o 任务分工表.xlsx
      kb export tasks 003 -o shanghai.docx --script traditional
      kb export tasks -o all.csv
    """
    from kb.export import export_tasks

    done = export_tasks(open_base(ctx.find_root()), docs, output, fmt=fmt, script=script, force=force)
    click.echo(f"wrote {done.summary} to {output}")


@export_group.command("matrix")
@click.argument("docs", nargs=-1)
@_export_options(("xlsx", "csv", "md", "html", "json"))
def export_matrix_command(
    ctx: click.Context, docs: tuple[str, ...], output: str, fmt: str | None, script: str, force: bool
) -> None:
    """Responsibility matrix: a row per task, a column per agency; ● lead, ○ support.

    ◆ marks a unit listed as responsible without a stated role, △ a guiding unit.
    Agencies are ordered by workload, collective ones (各区政府) last; every document
    naming responsible units when no DOC is given.

    \b
    Example:
      kb export matrix 京科发〔2022〕19号 -o matrix.xlsx
      kb export matrix 京科发〔2022〕19号 003 -o matrix.html
    """
    from kb.export import export_matrix

    done = export_matrix(open_base(ctx.find_root()), docs, output, fmt=fmt, script=script, force=force)
    click.echo(f"wrote {done.summary} to {output}")


@export_group.command("agency")
@click.argument("name")
@_export_options(("xlsx", "docx", "csv", "md", "html", "json"))
def export_agency_command(
    ctx: click.Context, name: str, output: str, fmt: str | None, script: str, force: bool
) -> None:
    """An agency's task list (部门任务清单): its tasks across documents, role and deadline.

    NAME is any name of the agency, as for `kb agency`.

    \b
    Example:
      kb export agency 中关村管委会 -o 中关村管委会任务清单.xlsx
    """
    from kb.export import export_agency

    done = export_agency(open_base(ctx.find_root()), name, output, fmt=fmt, script=script, force=force)
    click.echo(f"wrote {done.summary} to {output}")


COMMANDS = (graph_group, export_group)
