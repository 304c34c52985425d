"""`kb search` and `kb ask`: full-text search and questions answered with citations."""

from __future__ import annotations

import sys
from typing import Any

import click

from commands.output import BOLD, emit, json_option, open_base
from kb import render
from kb.errors import KbError


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


@click.command("search")
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
    result = open_base(ctx).search(
        query, doc=doc, agency=agency, issuer=issuer, year=year, limit=limit, script=script
    )
    marks = BOLD if sys.stdout.isatty() else ("«", "»")
    emit(render.search_json(result), as_json, render.search_text(result, marks))


@click.command("ask")
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
    answer = open_base(ctx).ask(question, script=script, llm=llm, limit=limit)
    emit(render.answer_json(answer, explain), as_json, render.answer_text(answer, explain))


COMMANDS = (search_command, ask_command)
