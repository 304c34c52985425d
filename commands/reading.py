"""The commands that read the extracted knowledge: documents, tasks, owners, agencies."""

from __future__ import annotations

import click

from commands.output import emit, json_option, open_base
from kb import render


@click.command("docs")
@json_option
@click.pass_context
def docs_command(ctx: click.Context, as_json: bool) -> None:
    """List the documents: id, number, date, jurisdiction, script, items, title, issuers.

    \b
    Example:
      kb docs --json
    """
    records = open_base(ctx).docs()
    emit([render.record_json(r) for r in records], as_json, render.docs_text(records))


@click.command("show")
@click.argument("doc")
@json_option
@click.pass_context
def show_command(ctx: click.Context, doc: str, as_json: bool) -> None:
    """Show a document's metadata, parts and outline.

    DOC is an id, a document number or a unique fragment of the title, in either script.

    \b
    Example:
      kb show 京科发〔2022〕19号
    """
    view = open_base(ctx).show(doc)
    emit(render.show_json(view), as_json, render.show_text(view))


@click.command("tasks")
@click.argument("doc")
@click.option("--agency", metavar="NAME", help="Only the tasks of this agency (any of its names).")
@json_option
@click.pass_context
def tasks_command(ctx: click.Context, doc: str, agency: str | None, as_json: bool) -> None:
    """List a document's tasks with their agencies and roles.

    \b
    Example:
      kb tasks 京科发〔2022〕19号 --agency 中关村管委会
    """
    record, tasks = open_base(ctx).tasks(doc, agency)
    emit([render.task_json(t) for t in tasks], as_json, render.tasks_text(record, tasks))


@click.command("owners")
@click.argument("doc")
@click.argument("task")
@json_option
@click.pass_context
def owners_command(ctx: click.Context, doc: str, task: str, as_json: bool) -> None:
    """Who is responsible for one task: the agencies, the lead marked, the task's own words.

    TASK is a printed label (12, 十二, （三）), a path (二（三）2) or #12 for the 12th task.
    A label several tasks share exits 1 listing them.

    \b
    Example:
      kb owners 000_9df154392c23cece 12
    """
    owners = open_base(ctx).owners(doc, task)
    emit(render.owners_json(owners), as_json, render.owners_text(owners))


@click.command("agency")
@click.argument("name")
@json_option
@click.pass_context
def agency_command(ctx: click.Context, name: str, as_json: bool) -> None:
    """Every task, across documents, for which an agency is responsible, with its role.

    NAME is any name of the agency: as written (市科委), in full, either name of a joint
    body (中关村管委会), in either script. 市财政局 finds every city's; 北京市财政局 only Beijing's.

    \b
    Example:
      kb agency 中关村管委会
    """
    found = open_base(ctx).agency(name)
    emit(render.agency_tasks_json(found), as_json, render.agency_tasks_text(found))


@click.command("agencies")
@click.option("--doc", metavar="DOC", help="Only the agencies of this document.")
@json_option
@click.pass_context
def agencies_command(ctx: click.Context, doc: str | None, as_json: bool) -> None:
    """Agencies with their number of tasks as lead and as support, busiest first.

    \b
    Example:
      kb agencies --doc 上海市高质量孵化器培育实施方案
    """
    summaries = open_base(ctx).agencies(doc)
    emit([render.summary_json(s) for s in summaries], as_json, render.agencies_text(summaries))


COMMANDS = (docs_command, show_command, tasks_command, owners_command, agency_command, agencies_command)
