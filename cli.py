"""The `kb` command: a thin translation between a person and the kb / indexer libraries.

Each command parses its arguments, makes one library call and renders the result. Exit
statuses, in one place: 0 done (no results and `not_found` answers included), 1 an error
(a library KbError, a bad file, anything unexpected), 2 a usage error (click's), 130
interrupted. Errors are one line on stderr.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from kb import render
from kb.errors import KbError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


_BOLD = ("\ue000", "\ue001")  # where search marks a match on a terminal, made bold after escaping


def _emit(value: Any, as_json: bool, text: str | None = None) -> None:
    """Data to stdout: JSON, or text with every control character a document or file name
    might hold escaped (ids, titles and paths never set the terminal's title or forge lines)."""
    if as_json:
        click.echo(render.to_json(value))
        return
    shown = render.printable(text or "")
    click.echo(shown.replace(_BOLD[0], "\x1b[1m").replace(_BOLD[1], "\x1b[0m"))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (UTF-8, Chinese not escaped).")


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


def _base(ctx: click.Context) -> Any:
    from kb.knowledge import KnowledgeBase

    _warn_if_foreign(ctx.obj["store"])
    return KnowledgeBase.open(ctx.obj["store"])


def _warn_if_foreign(option: str | None) -> None:
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


@main.command("index")
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

    _warn_if_foreign(ctx.obj["store"])
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
    _emit(summary, as_json, render.index_text(report))
    if not report.ok:
        ctx.exit(1)


@main.command("remove")
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
    _emit(summary, as_json, render.removal_text(done))


@main.command("docs")
@json_option
@click.pass_context
def docs_command(ctx: click.Context, as_json: bool) -> None:
    """List the documents: id, number, date, jurisdiction, script, items, title, issuers.

    \b
    Example:
      kb docs --json
    """
    records = _base(ctx).docs()
    _emit([render.record_json(r) for r in records], as_json, render.docs_text(records))


@main.command("show")
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
    view = _base(ctx).show(doc)
    _emit(render.show_json(view), as_json, render.show_text(view))


@main.command("tasks")
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
    record, tasks = _base(ctx).tasks(doc, agency)
    _emit([render.task_json(t) for t in tasks], as_json, render.tasks_text(record, tasks))


@main.command("owners")
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
    owners = _base(ctx).owners(doc, task)
    _emit(render.owners_json(owners), as_json, render.owners_text(owners))


@main.command("agency")
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
    found = _base(ctx).agency(name)
    _emit(render.agency_tasks_json(found), as_json, render.agency_tasks_text(found))


@main.command("agencies")
@click.option("--doc", metavar="DOC", help="Only the agencies of this document.")
@json_option
@click.pass_context
def agencies_command(ctx: click.Context, doc: str | None, as_json: bool) -> None:
    """Agencies with their number of tasks as lead and as support, busiest first.

    \b
    Example:
      kb agencies --doc 上海市高质量孵化器培育实施方案
    """
    summaries = _base(ctx).agencies(doc)
    _emit([render.summary_json(s) for s in summaries], as_json, render.agencies_text(summaries))


class _Year(click.ParamType):
    """A four-digit year; anything else is a usage error (exit 2)."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from kb.search.query import year

        try:
            return year(value)
        except KbError as e:
            self.fail(str(e), param, ctx)


_YEAR = _Year()


@main.command("search")
@click.argument("query")
@click.option("--doc", metavar="DOC", help="Only this document (id, number or title).")
@click.option("--agency", metavar="NAME", help="Only tasks of this agency (any of its names).")
@click.option("--issuer", metavar="NAME", help="Only documents this body issued.")
@click.option("--year", type=_YEAR, metavar="YYYY", help="Only documents of this year.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits to show.")
@click.option("--script", type=click.Choice(["original", "simplified", "traditional"]), default="original",
              show_default=True, help="Script of the snippets.")  # fmt: skip
@json_option
@click.pass_context
def search_command(
    ctx: click.Context, query: str, doc: str | None, agency: str | None, issuer: str | None,
    year: str | None, limit: int, script: str, as_json: bool,
) -> None:  # fmt: skip
    """Search every document, in either script, quoting the original text.

    Words match in any script or vocabulary (知识产权 finds 智慧財產權); "quoted phrases"
    match as written; AND/OR/NOT and symbols are searched as plain text.

    \b
    Example:
      kb search 知识产权 --agency 中关村管委会
      kb search '"反向硬孵化"' --script simplified
    """
    result = _base(ctx).search(
        query, doc=doc, agency=agency, issuer=issuer, year=year, limit=limit, script=script
    )
    marks = _BOLD if sys.stdout.isatty() else ("«", "»")
    _emit(render.search_json(result), as_json, render.search_text(result, marks))


@main.command("ask")
@click.argument("question")
@click.option("--script", type=click.Choice(["simplified", "traditional", "english"]),
              help="Language of the answer (default: the question's). Quotes stay as written.")  # fmt: skip
@click.option("--limit", type=click.IntRange(1, 20), metavar="N",
              help="Quotes in a free answer (default 3), or passages for the LLM (default 5).")  # fmt: skip
@click.option("--llm-base-url", envvar="KB_LLM_BASE_URL", metavar="URL",
              help="An OpenAI-compatible server (Ollama, vLLM, llama.cpp) for free answers.")  # fmt: skip
@click.option("--llm-model", envvar="KB_LLM_MODEL", metavar="NAME", help="The model to ask.")
@click.option("--llm-api-key", envvar="KB_LLM_API_KEY", default="not-needed", show_default=True,
              metavar="KEY", help="API key, if the server wants one.")  # fmt: skip
@click.option("--explain", is_flag=True,
              help="Also show how the question was read: slots, rule, resolution.")  # fmt: skip
@json_option
@click.pass_context
def ask_command(
    ctx: click.Context, question: str, script: str | None, limit: int | None, llm_base_url: str | None,
    llm_model: str | None, llm_api_key: str, explain: bool, as_json: bool,
) -> None:  # fmt: skip
    """Answer a question from the knowledge base, with citations; never invented.

    Who owns, leads or supports a task, an agency's tasks, a document's agencies and
    documents on a topic are answered from the extracted tasks; other questions by quoting
    the most relevant passages (or, with --llm-base-url and --llm-model, by an LLM that may
    only use those passages). Nothing relevant: 知识库中没有找到….

    \b
    Example:
      kb ask 北京标杆孵化器方案第12项任务由哪个部门负责？
      kb ask "Which bureau owns task 12 of 京科发〔2022〕19号?"
      kb ask 京科发〔2022〕19号第3项，市财政局是责任单位吗？ --explain
      kb ask 标杆孵化器的建设目标是什么？ --llm-base-url http://127.0.0.1:11434/v1 --llm-model qwen2.5
    """
    llm = None
    if llm_base_url or llm_model:
        if not (llm_base_url and llm_model):
            raise click.UsageError("give both --llm-base-url and --llm-model (or neither)")
        from kb.qa.llm import LlmConfig

        llm = LlmConfig(llm_base_url, llm_model, llm_api_key)
    answer = _base(ctx).ask(question, script=script, llm=llm, limit=limit)
    _emit(render.answer_json(answer, explain), as_json, render.answer_text(answer, explain))


def _names_option(values: tuple[str, ...]) -> tuple[str, ...]:
    """Agency names given as repeated options and/or comma-separated (、 stays in one body's name)."""
    out: list[str] = []
    for value in values:
        out += [n.strip() for n in value.replace("，", ",").replace("；", ",").replace(";", ",").split(",")]
    return tuple(n for n in out if n)


@main.command("correct")
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

    base, store = _base(ctx), open_store(ctx.obj["store"])
    if undo:
        if lead or support or guide or no_owner or deadline:
            raise click.UsageError("--undo removes a correction: give no agencies or deadline with it")
        gone = correcting.undo(base, store, doc, task)
        _emit(render.correction_json(gone), as_json, f"removed the correction of {gone.path} {gone.title}")
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
    _emit(render.correction_json(made), as_json, render.correction_text(made))


@main.group("corrections", context_settings=CONTEXT, invoke_without_command=True)
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

    found = correcting.listing(_base(ctx.find_root()), doc)
    _emit([render.placed_json(p) for p in found], as_json, render.corrections_text(found))


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

    n = correcting.export_csv(_base(ctx.find_root()), output, force)
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
    done = correcting.import_csv(_base(root), open_store(root.obj["store"]), path, by, new_agency)
    for line in done.refused:
        click.echo(f"error: {line}", err=True)
    n = len(done.made)
    click.echo(f"imported {n} correction{'s' if n != 1 else ''}, refused {len(done.refused)}")
    if done.refused:
        ctx.exit(1)


@main.group("graph", context_settings=CONTEXT)
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

    done = export(_base(ctx.find_root()).graph(), output, fmt, force)
    click.echo(f"wrote {done.summary} to {output}")


@main.group("export", context_settings=CONTEXT)
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
        options = [
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

    done = export_tasks(_base(ctx.find_root()), docs, output, fmt=fmt, script=script, force=force)
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

    done = export_matrix(_base(ctx.find_root()), docs, output, fmt=fmt, script=script, force=force)
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

    done = export_agency(_base(ctx.find_root()), name, output, fmt=fmt, script=script, force=force)
    click.echo(f"wrote {done.summary} to {output}")


@main.command("serve")
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


if __name__ == "__main__":
    main()
