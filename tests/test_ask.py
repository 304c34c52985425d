"""Questions and answers: structured ones from the graph, free ones quoted, the LLM path."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, QINGDAO, ROOT, SHANGHAI

from cli import main
from kb.errors import LlmError
from kb.knowledge import KnowledgeBase
from kb.normalize import normalize
from kb.qa.llm import LlmConfig

TASK_12 = [
    ("市科委、中关村管委会", "lead"), ("市经济和信息化局", "support"), ("市国资委", "support"),
    ("人民银行营业管理部", "support"), ("市金融监管局", "support"), ("北京证监局", "support"),
]  # fmt: skip


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "question",
    [
        "北京标杆孵化器方案第12项任务由哪个部门负责？",
        "北京標桿孵化器方案第十二項任務由哪個部門負責？",
        "Which bureau owns task 12 of 京科发〔2022〕19号?",
        "Who is responsible for task 12 of the Beijing incubator plan?",
        "京科發〔2022〕19號第12項任務的責任單位是誰？",
        "《标杆孵化器培育行动方案》二（三）12的责任单位是谁",
    ],
)
def test_owner_of_task_12(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "owner_of_task"
    assert roles(answer) == TASK_12
    assert [(t.doc, t.seq) for t in answer.tasks] == [(BEIJING, 12)]
    cite = answer.citations[0]
    assert (cite.doc, cite.doc_number, cite.seq) == (BEIJING, "京科发〔2022〕19号", 12)
    assert cite.quote.startswith("12.強化大企業反向“硬孵化”。支援國內外大企業")
    assert cite.location == "二、重点任务 › （三）硬科技孵化能力提升工程 › 12.强化大企业反向“硬孵化”"


def test_answers_in_the_script_of_the_question(seeds: KnowledgeBase) -> None:
    traditional = seeds.ask("第十二項任務的責任單位是誰？")
    assert "牽頭單位為市科委、中關村管委會" in traditional.answer
    simplified = seeds.ask("第十二项任务的责任单位是谁？")
    assert "牵头单位为市科委、中关村管委会" in simplified.answer
    english = seeds.ask("Which bureau owns task 12 of 京科发〔2022〕19号?")
    assert "lead: 市科委、中关村管委会; support: 市经济和信息化局" in english.answer
    override = seeds.ask("第十二项任务的责任单位是谁？", script="traditional")
    assert "牽頭單位為" in override.answer
    assert traditional.citations[0].quote == simplified.citations[0].quote  # quotes stay original


@pytest.mark.parametrize(
    ("question", "kind", "needle"),
    [
        ("北京标杆孵化器方案第12项任务由谁牵头？", "lead_of_task", "由市科委、中关村管委会牵头"),
        (
            "Which agency leads task 12 of the Beijing incubator plan?",
            "lead_of_task",
            "lead: 市科委、中关村管委会",
        ),
        (
            "北京标杆孵化器方案第十二项任务由哪些部门配合？",
            "support_of_task",
            "配合单位为市经济和信息化局、市国资委、人民银行营业管理部、市金融监管局、北京证监局",
        ),
        ("上海的孵化器方案第（三）项由哪些部门参与？", "owner_of_task", "配合单位为市委人才办、相关区政府"),
    ],
)
def test_lead_and_support_questions(seeds: KnowledgeBase, question: str, kind: str, needle: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == kind
    assert needle in answer.answer


def test_a_task_named_by_its_words(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("“培育概念验证基金”这项任务由哪个部门负责？")
    assert [(t.doc, t.seq) for t in answer.tasks] == [(BEIJING, 17)]
    traditional = seeds.ask("激發國資投資孵化活力由哪個部門負責？")
    assert [(t.doc, t.path) for t in traditional.tasks] == [(SHANGHAI, ("二", "（三）", "3"))]
    assert roles(traditional) == [("市国资委", "lead"), ("上海科创办", "support"), ("相关区政府", "support")]


def test_tasks_of_an_agency(seeds: KnowledgeBase) -> None:
    everywhere = seeds.ask("市财政局负责哪些任务？")
    assert everywhere.kind == "tasks_of_agency"
    assert sorted({t.doc for t in everywhere.tasks}) == [BEIJING, SHANGHAI]
    beijing = seeds.ask("北京市财政局负责哪些任务？")
    assert [(t.doc, t.seq) for t in beijing.tasks] == [(BEIJING, 3), (BEIJING, 25)]
    assert {str(r.role) for r in beijing.agencies} == {"support"}
    leads = seeds.ask("哪些任务由市国资委牵头？")
    assert [(t.doc, t.seq) for t in leads.tasks] == [(SHANGHAI, 12)]


def test_agencies_of_a_document(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("上海的孵化器方案涉及哪些部门？")
    assert answer.kind == "agencies_of_document"
    assert answer.answer.startswith(
        "《上海市高质量孵化器培育实施方案》涉及18个责任单位：市科委（牵头19项、配合4项）"
    )
    assert answer.citations[0].quote == "(責任單位:市科委、市教委、市發展改革委、市經濟信息化委、相關區政府)"


def test_documents_about_a_topic(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("哪些文件提到离岸孵化器？")
    assert answer.kind == "documents"
    assert [c.doc for c in answer.citations] == [QINGDAO, BEIJING]
    assert "離岸孵化器" in answer.citations[1].quote


def test_free_question_quotes_the_goal(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("标杆孵化器的建设目标是什么？")
    assert answer.kind == "free"
    quotes = [normalize(c.quote) for c in answer.citations]
    assert any("建成20家标杆孵化器" in q for q in quotes)
    goal = next(c for c in answer.citations if "建成20家" in normalize(c.quote))
    assert goal.quote in seeds.document(BEIJING).text  # quoted as written
    assert goal.doc_number == "京科发〔2022〕19号"


def test_unanswerable_question(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("火星基地的建设进度如何？")
    assert (answer.kind, answer.citations, answer.agencies) == ("not_found", (), ())
    assert answer.answer.startswith("知识库中没有找到")
    assert seeds.ask("哪些任务由海关总署牵头？").kind == "not_found"
    assert seeds.ask("北京标杆孵化器方案第99项任务由哪个部门负责？").kind == "not_found"


def test_task_without_owner(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("青岛的孵化器方案二（一）1由哪个部门负责？")
    assert answer.kind == "no_owner"
    assert answer.agencies == ()
    assert "该任务未明确责任单位" in answer.answer
    assert answer.citations[0].quote.startswith("1.引进高端孵化服务机构。")


def test_ambiguous_task_lists_candidates(seeds: KnowledgeBase) -> None:
    # 任务1: the label the five sections each print (第1项任务, an ordinal, is the first task)
    answer = seeds.ask("青岛的孵化器方案任务1由哪个部门负责？")
    assert answer.kind == "ambiguous"
    assert [(c.doc, c.path) for c in answer.candidates] == [
        (QINGDAO, p)
        for p in [
            "二（一）1",
            "二（二）1",
            "二（三）1",
            "二（四）1",
            "二（五）1",
        ]
    ]


def test_an_ordinal_where_sections_restart_their_items(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("青岛的孵化器方案第1项任务由哪个部门负责？")
    assert (answer.kind, [t.path_text for t in answer.tasks]) == ("no_owner", ["二（一）1"])
    assert answer.answer.startswith(
        "该文件有5个条目标为“1”；按顺序第1项任务是二（一）1（引进高端孵化服务机构）："
    )


def test_json_shape(seed_store: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["--store", str(seed_store), "ask", "Which agency leads task 12 of 京科发〔2022〕19号?", "--json"],
    )
    data = json.loads(result.stdout)
    assert data["kind"] == "lead_of_task"
    assert [(a["name"], a["role"]) for a in data["agencies"]] == TASK_12
    assert data["tasks"][0]["seq"] == 12 and data["tasks"][0]["path"] == ["二", "（三）", "12"]
    assert set(data["citations"][0]) >= {"doc", "doc_number", "title", "path", "seq", "quote"}


def test_structured_ask_never_imports_llama_index(seed_store: Path) -> None:
    script = (
        "import sys\nfrom cli import main\n"
        f"sys.argv = ['kb', '--store', {str(seed_store)!r}, 'ask', '北京标杆孵化器方案第12项任务由哪个部门负责？']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('llama_index')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# -- the LLM path, against a small OpenAI-compatible server on 127.0.0.1 -----------------------


class _Server:
    def __init__(self) -> None:
        self.requests: list[dict[str, object]] = []
        self.reply = ""
        self.status = 200


@pytest.fixture
def llm_server() -> Iterator[tuple[str, _Server]]:
    state = _Server()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append({"path": self.path, "body": body})
            payload = json.dumps({
                "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": state.reply},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }).encode()  # fmt: skip
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1", state
    server.shutdown()
    server.server_close()


def test_llm_answers_from_the_retrieved_passages(seed_store: Path, llm_server: tuple[str, _Server]) -> None:
    url, state = llm_server
    state.reply = "到2025年建成20家标杆孵化器[1]，并新增百亿元早期投资基金[2]。另据[7]……"
    result = CliRunner().invoke(
        main,
        [
            "--store",
            str(seed_store),
            "ask",
            "标杆孵化器的建设目标是什么？",
            "--llm-base-url",
            url,
            "--llm-model",
            "test-model",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answer"] == state.reply and data["kind"] == "free"
    assert data["flagged_citations"] == [7]
    request = state.requests[0]
    assert request["path"] == "/v1/chat/completions"
    messages = request["body"]["messages"]  # type: ignore[index]
    prompt = messages[-1]["content"]
    assert "问题：标杆孵化器的建设目标是什么？" in prompt
    assert "到2025年,建成20家標桿孵化器" in prompt  # the retrieved passage, as written
    assert prompt.count("\n[") >= 2 and "[1] 《" in prompt
    assert [c["quote"] for c in data["citations"]][:2] == [
        p.split("\n", 1)[1] for p in prompt.split("\n\n")[2:4]
    ]
    text = (
        CliRunner()
        .invoke(
            main,
            [
                "--store",
                str(seed_store),
                "ask",
                "标杆孵化器的建设目标是什么？",
                "--llm-base-url",
                url,
                "--llm-model",
                "m",
            ],
        )
        .stdout
    )
    assert "! the answer cites [7], which no retrieved passage has" in text


def test_llm_failure_is_one_clear_line(seed_store: Path, llm_server: tuple[str, _Server]) -> None:
    url, state = llm_server
    state.status = 500
    with pytest.raises(LlmError, match=r"the LLM at http://127\.0\.0\.1:\d+/v1 did not answer"):
        KnowledgeBase.open(seed_store).ask("标杆孵化器的建设目标是什么？", llm=LlmConfig(url, "m"))
    result = CliRunner().invoke(
        main, ["--store", str(seed_store), "ask", "标杆孵化器的建设目标是什么？", "--llm-base-url", url]
    )
    assert result.exit_code == 2 and "give both --llm-base-url and --llm-model" in result.stderr


@pytest.mark.parametrize("question", ["", "？？？", "x" * 600])
def test_bad_questions_are_refused_or_not_found(seed_store: Path, question: str) -> None:
    result = CliRunner().invoke(main, ["--store", str(seed_store), "ask", question, "--json"])
    if result.exit_code == 0:
        assert json.loads(result.stdout)["kind"] == "not_found"
    else:
        assert result.exit_code == 1 and result.stderr.startswith("Error: ")


def test_task_words_gather_candidates_by_their_rarer_terms():
    """A word held by more than one unit in a hundred (and by hundreds) gathers no candidate;
    the two rarest terms the index holds are kept whatever their frequency; terms no unit
    holds are left out."""
    from kb.taskwords import _rarest

    frequency = {"": 250_000, "北京": 1186, "标杆": 208, "孵化器": 195, "方案": 4277, "无此词": 0}
    assert _rarest(frequency, ["北京", "标杆", "孵化器", "方案", "无此词"]) == ["孵化器", "标杆", "北京"]
    assert _rarest(frequency, ["北京", "方案"]) == ["北京", "方案"]
    small = {"": 900, "创业": 40, "导师": 3, "金牌": 2}
    assert _rarest(small, ["金牌", "创业", "导师"]) == ["金牌", "导师", "创业"]
