"""Untrusted text: property tests for every parser that reads what people or files give us.

Arbitrary Unicode (control characters, lone surrogates, huge numbers, deeply nested
brackets) and text built from the domain's own vocabulary (numbering, 第X条, markers,
separators), so the real code paths run, not only the early exits. Each parser must never
raise and must keep its stated invariants; no stage may take super-linear time on
pathological repeats (catastrophic regex backtracking); and the CLI answers or refuses
every query and question in one line, never with a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cli import main
from indexer import clean, responsibility, structure, tables
from indexer.document import parse as parse_document
from indexer.load import Source
from kb.errors import QueryError
from kb.labels import CIRCLED, cn_numeral, reference
from kb.model import Part, PartKind, Role, Script, Span
from kb.normalize import (
    detect_script,
    fold,
    match_key,
    normalize,
    normalize_with_offsets,
    number_key,
    original_span,
    squeeze,
    to_simplified,
    to_traditional,
    widen,
)
from kb.qa import intents
from kb.qa.answer import understand
from kb.qa.glossary import to_chinese
from kb.search import query as queries

# -- strategies -----------------------------------------------------------------------------------

# Pieces of real policy text: numbering at every level, markers, agencies, separators, residue,
# header labels and table rows, so that generated texts reach the parsers' real branches.
NUMBERING = [
    "一、", "二、", "三、", "十二、", "二十六、", "（一）", "（二）", "（三）", "（十）", "(一)", "(二)",
    "1.", "2.", "3.", "1．", "2、", "12.", "（1）", "（2）", "(1)", "①", "②", "⑳",
    "第一章", "第二章", "第一节", "第一编", "第1条", "第2条", "第一条", "第二条", "第十二条",
    "第 1 條", "第（三）项", "第一千零一条", "第999999999999条", "99999999999、", "（999999999999）",
    "第九千九百九十九万条", "一二三四五六七八九十、", "3.5亿元", "2022.12",
]  # fmt: skip
MARKERS = [
    "（责任单位：", "（牵头单位：", "；配合单位：", "（責任單位：", "（负责部门：", "；适用范围：",
    "（完成时限：2024年6月底；责任单位：", "（2025年底前完成，牵头考核单位：", "牵头单位：",
    "牵头", "配合", "参与", "负责", "指导", "会同", "协助", "落实", "按职责分工负责", "负责落实",
    "列第一位者为牵头单位，下同", "排名不分先后", "等有关部门", "等相关区政府", "（牵头）",
    "2025年底前", "长期坚持", "持续推进", "（以下简称“中关村”）",
]  # fmt: skip
AGENCIES = [
    "市科委", "中关村管委会", "市科委、中关村管委会", "市财政局", "市國資委", "市经济和信息化局",
    "海淀", "朝阳", "顺义", "各区政府", "有关部门", "相关区政府", "北京市科学技术委员会",
    "人民银行营业管理部", "市教委", "上海科创办", "国务院办公厅",
]  # fmt: skip
PUNCTUATION = ["、", "，", "；", "。", "：", "！", "？", "…", "“", "”", "《", "》", "（", "）", "【", "】",
               "［", "］", "(", ")", ",", ";", ":", "〔", "〕", "\n", "\n", "\n", " ", "\t", "\u3000"]  # fmt: skip
WORDS = [
    "加强", "支持", "孵化器", "建设", "标杆孵化器", "总体要求", "指导思想", "工作目标", "重点任务",
    "保障措施", "强化大企业反向“硬孵化”", "知識產權", "智慧財產權", "數位化", "産業", "為", "最佳化",
    "哈萨克斯坦", "哈薩克", "伊利诺伊", "İstanbul", "ǅ", "ß", "ﬁ", "Ａ１",
]  # fmt: skip
STRUCTURE = [
    "[发文字号] 京科发〔2022〕19号\n", "【发布部门】国务院\n", "京科发〔2022〕19号", "2022年12月30日",
    "关于印发《标杆孵化器培育行动方案》的通知", "标杆孵化器培育行动方案", "附件", "附件1：",
    "内容解读\n", "全文\n", "本方案自印发之日起施行。", "（此件公开发布）", "北京市科学技术委员会\n",
    "各区政府，市各有关部门：", "责任编辑：田琳", "当前位置：首页 > 政策 > 文件", "【字号：大 中 小】",
    "# ", "<!--", "-->", "— 3 —", "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n",
    "1\t建设孵化器\t市科委\t市财政局、市教委\t2025年底\n", "二、保障\n", "\t\t\n",
]  # fmt: skip
# Characters that break naive code: controls, NUL, BOM, joiners, line/paragraph separators,
# combining marks, private use, astral characters, the replacement character.
ODD = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ufeff", "\u200b", "\u200d", "\u2028", "\u2029",
       "\u0301", "\ue000", "\U0001f600", "\U00020000", "\ufffd", "\r", "\r\n", "\x0b", "\x0c"]  # fmt: skip

VOCABULARY = NUMBERING + MARKERS + AGENCIES + PUNCTUATION + WORDS + STRUCTURE + ODD


def _nested(depth: int, pair: str) -> str:
    return pair[0] * depth + pair[1] * depth


nested = st.builds(
    _nested,
    st.integers(0, 400),
    st.sampled_from(["（）", "【】", "()", "［］", "〔〕", "《》", "“”", "「」"]),
)
# st.text() excludes surrogates by default: these are the characters it leaves out.
any_text = st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=300)
domain_text = st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=6), nested), max_size=120).map(
    "".join
)


def _label(level: int, n: int) -> str:
    return [
        f"第{cn_numeral(n)}章", f"{cn_numeral(n)}、", f"（{cn_numeral(n)}）", f"{n}.", f"（{n}）",
        CIRCLED[(n - 1) % len(CIRCLED)], f"第{cn_numeral(n)}条", f"({cn_numeral(n)})", f"{n}、",
    ][level]  # fmt: skip


heading_labels = st.builds(_label, st.integers(0, 8), st.one_of(st.integers(1, 4), st.integers(1, 10**12)))
names = st.builds(
    lambda xs, sep: sep.join(xs), st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=4),
    st.sampled_from(["、", "，", "；"]),
)  # fmt: skip
markers = st.one_of(
    st.builds("（责任单位：{}）".format, names),
    st.builds("（牵头单位：{}；配合单位：{}）".format, names, names),
    st.builds("（{}牵头，{}配合）".format, names, names),
    st.builds("（{}负责）".format, names),
    st.builds("（{}会同{}负责）".format, names, names),
    st.builds("（{}指导，{}负责落实）".format, names, names),
    st.builds("【责任单位：{}】".format, names),
    st.builds("\n牵头单位：{}\n配合单位：{}\n".format, names, names),
    st.builds("（2025年底前完成，牵头考核单位：{}）".format, names),
    st.builds("(責任單位:{})".format, names),
    st.builds("（{}、{}负责。列第一位者为牵头单位，下同）".format, names, names),
    st.builds("（{}等有关部门按职责分工负责）".format, names),
    st.just("（排名不分先后）"),
    st.just("（长期坚持）"),
)
lines = st.builds(
    lambda label, words, marker, end: label + "".join(words) + marker + end,
    st.one_of(heading_labels, st.just("")),
    st.lists(st.sampled_from(WORDS + PUNCTUATION[:4]), max_size=8),
    st.one_of(st.just(""), markers),
    st.sampled_from(["。", "；", "", "：", "。（一）", "。1."]),
)
table = st.builds(
    lambda rows: "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n" + "\n".join(rows),
    st.lists(
        st.one_of(
            st.builds(
                "{}\t{}\t{}\t{}\t2025年底".format, st.integers(1, 30), st.sampled_from(WORDS), names, names
            ),
            st.builds("\t{}\t\t{}\t".format, st.sampled_from(WORDS), names),
            st.builds("{}\t\t".format, heading_labels),
            st.sampled_from(["一、重点任务", "（二）保障", "\t\t\t", ""]),
        ),
        max_size=12,
    ),
)


def _shape(body: list[str], head: list[str], one_line: bool, edits: list[tuple[int, str]]) -> str:
    text = "\n".join(head + body)
    if one_line:  # pages without line breaks (the Qingdao seed)
        text = text.replace("\n", " ")
    for pos, piece in edits:  # damage: odd characters and pieces anywhere
        pos = pos % (len(text) + 1)
        text = text[:pos] + piece + text[pos:]
    return text


# Whole documents: a header, numbered lines with markers, tables; some on one line, some damaged.
documents = st.builds(
    _shape,
    st.lists(st.one_of(lines, lines, lines, table, st.sampled_from(STRUCTURE)), max_size=40),
    st.lists(st.sampled_from(STRUCTURE), max_size=4),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 10**6), st.one_of(st.sampled_from(VOCABULARY), nested)), max_size=3),
)
texts = st.one_of(any_text, domain_text, documents)

# A few dozen examples per property keeps the suite fast; KB_PROPERTY_EXAMPLES=2000 digs deeper.
EXAMPLES = int(os.environ.get("KB_PROPERTY_EXAMPLES", "60"))
PROPERTIES = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the readers of files as they are saved ----------------------------------------------------

csv_like = st.one_of(
    texts,
    st.builds(
        "\n".join,
        st.lists(
            st.builds(
                ",".join,
                st.lists(st.one_of(st.sampled_from(WORDS + ["\"", "\"a,b\"", "分组", "标题", ""]), any_text),
                         max_size=6),
            ),
            max_size=12,
        ),
    ),
)  # fmt: skip
page_like = st.one_of(
    texts,
    st.builds(
        "".join,
        st.lists(st.sampled_from(["<p>", "</p>", "<td>", "</td>", "<table>", "<!-- x -->", "---\n", "标题: 甲\n",
                                  "# 甲\n", "> 本文由脚本提取\n", "文号：", "府授资综字第1130000000号", "_某市人民政府"]),
                 max_size=20),
    ),
)  # fmt: skip


@PROPERTIES
@given(csv_like)
def test_csv_text_never_raises_and_makes_lines(text: str) -> None:
    from indexer.spreadsheet import csv_text

    out = csv_text(text, 10**7)
    assert isinstance(out, str) and "\r" not in out


@PROPERTIES
@given(page_like)
def test_file_form_readers_never_raise(text: str) -> None:
    from indexer.dates import iso_date
    from indexer.load import is_html
    from indexer.metadata import without_site
    from indexer.parts import front_matter_end
    from kb.normalize import to_mainland

    assert is_html(text) in (True, False)
    assert 0 <= front_matter_end(text) <= len(text)
    assert without_site(text) in text  # a piece of it: sites are cut after the title and before it
    date = iso_date(text)
    assert date is None or (len(date) == 10 and date[4] == date[7] == "-")
    to_mainland(text)


# -- the normaliser -------------------------------------------------------------------------------


@PROPERTIES
@given(texts)
@example("\udc80中國\udcff")  # lone surrogates: text decoded with 'surrogateescape'
@example("İ知識產權")  # lower-casing makes this one character longer
@example("000哈薩克")  # the vocabulary makes this two characters longer, at the end
def test_normaliser_never_raises_and_keeps_its_promises(text: str) -> None:
    simplified = to_simplified(text)
    assert len(simplified) == len(text)  # offsets in the simplified text are offsets in the original
    assert len(widen(text)) == len(text)
    assert detect_script(text) in set(Script)
    to_traditional(text)
    squeeze(text)
    match_key(text)
    number_key(text)
    norm = normalize(text)
    assert normalize(norm) == norm  # the matching form is a fixed point: typing it finds it
    assert fold(fold(text)) == fold(text)
    norm2, offsets = normalize_with_offsets(text)
    assert norm2 == norm
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in offsets)
    assert offsets == sorted(offsets)
    for start in range(0, len(norm), 7):
        a, b = original_span(offsets, start, min(len(norm), start + 3))
        assert 0 <= a <= b <= len(text)


def _vocabulary() -> list[str]:
    path = Path(__file__).resolve().parent.parent / "kb" / "data" / "opencc_vocabulary.txt"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
    return sorted({w for key, value in rows for w in (key, value) if len(w) > 1})


@PROPERTIES
@given(st.lists(st.sampled_from(_vocabulary()), min_size=1, max_size=6), st.sampled_from(["", "，", " "]))
def test_normalize_is_idempotent_on_its_own_vocabulary(words: list[str], sep: str) -> None:
    """Every phrase the vocabulary table produces normalises to itself, alone or in a sentence.

    If it did not, a query typed in mainland words (哈萨克斯坦) would not find the Taiwan
    spelling (哈薩克) that normalises to it.
    """
    for word in words:
        assert normalize(normalize(word)) == normalize(word), word
    text = sep.join(words)
    assert normalize(normalize(text)) == normalize(text)


@PROPERTIES
@given(texts)
def test_cleaning_keeps_offsets(text: str) -> None:
    views = clean.prepare(text)
    assert len(views.simplified) == len(views.view) == len(text)
    assert views.original == text
    last = 0
    for span in views.residue:
        assert last <= span.start < span.end <= len(text)
        last = span.end
    # CRLF reads as a blank and a line break, a lone CR as a line break.
    widened = widen(views.simplified).replace("\r\n", " \n").replace("\r", "\n")
    inside = [False] * len(text)
    for span in views.residue:
        inside[span.start : span.end] = [True] * (span.end - span.start)
    for i, (v, w) in enumerate(zip(views.view, widened, strict=True)):
        assert v == w if not inside[i] else v in (" ", "\n") and (v == "\n") == (w == "\n")


# -- the structure parser and the whole document parse ----------------------------------------


def _parse(text: str) -> object:
    return parse_document(Source("t", "t.txt", None, text, "utf-8", "txt"))


@PROPERTIES
@given(texts)
@example("一、" + "（" * 5000 + "）" * 5000)
@example("第999999999999条 总则\n第1000000000000条 附则")
@example("99999999999、甲。\n100000000000、乙。")
def test_document_parse_never_raises_and_spans_quote_the_text(text: str) -> None:
    doc = _parse(text)
    n = len(text)
    assert doc.text == text
    last = 0
    for part in doc.parts:
        assert last <= part.span.start <= part.span.end <= n
        last = part.span.end
    for s in doc.sections:
        assert 0 <= s.span.start <= s.span.end <= n
        assert s.heading.start == s.span.start and s.heading.start <= s.heading.end
        assert s.number > 0 and s.label
        assert doc.parts[s.part].kind is PartKind.BODY
        parent_span = doc.parts[s.part].span
        assert parent_span.start <= s.span.start and s.span.end <= parent_span.end
        if s.parent is not None:
            parent = doc.sections[s.parent]
            assert s.parent < s.index and parent.level < s.level
            assert parent.span.start <= s.span.start and s.span.end <= parent.span.end
    assert [t.seq for t in doc.tasks] == list(range(1, len(doc.tasks) + 1))
    assert [t.span.start for t in doc.tasks] == sorted(t.span.start for t in doc.tasks)
    for t in doc.tasks:
        assert 0 <= t.span.start <= t.span.end <= n
        assert t.text == doc.quote(t.span).strip()
        assert t.path and t.path[-1] == t.label and len(t.path) == len(t.headings)
        assert t.title == t.headings[-1]
        for r in t.responsibilities:
            assert r.name and r.role in set(Role)
            assert 0 <= r.span.start <= r.span.end <= n
            # The name as the document writes it is quoted from the marker (or is the name).
            assert r.written == r.name or r.written in text[r.span.start : r.span.end]


@PROPERTIES
@given(texts)
def test_structure_of_a_whole_text_as_one_body(text: str) -> None:
    """The structure parser alone, on the whole text as one body (no header or notice cut off)."""
    views = clean.prepare(text)
    body = Part(PartKind.BODY, "", Span(0, len(text)))
    sections = structure.sections(views, (body,))
    for s in sections:
        assert 0 <= s.span.start <= s.heading.end <= len(text) and s.span.start <= s.span.end <= len(text)
        assert s.level in range(8) and len(s.title) <= 100
        if s.parent is not None:
            assert sections[s.parent].level < s.level


# -- the responsibility extractor -----------------------------------------------------------------

_DISTRICTS = [
    f"{d}区政府" for d in ("海淀", "朝阳", "丰台", "石景山", "门头沟", "房山", "通州", "顺义", "昌平")
]
# A marker whose verb comes 330 characters after its bracket (markers reach 400).
LONG_MARKER = "一、加强管理。（" + "、".join(_DISTRICTS * 5)[:330].rstrip("、区政府") + "区政府负责）"


@PROPERTIES
@given(texts, st.integers(0, 50), st.integers(0, 50))
@example(LONG_MARKER, 0, 0)
@example("一、加强管理。（市科委（市知识产权局）牵头，市财政局配合）", 0, 0)  # a bracket inside
def test_markers_lie_in_their_range_and_name_someone(text: str, cut_start: int, cut_end: int) -> None:
    view = clean.prepare(text).view
    start, end = min(cut_start, len(view)), max(min(cut_start, len(view)), len(view) - cut_end)
    seps, conv = responsibility.Bodies(), responsibility.Convention()
    found = responsibility.markers(view, start, end, seps, conv)
    assert [m.span.start for m in found] == sorted(m.span.start for m in found)
    for m in found:
        assert start <= m.span.start < m.span.end <= end
        assert m.entries and all(e.name and e.role in set(Role) for e in m.entries)
        assert len({e.name for e in m.entries}) == len(m.entries)
    # The fast path that skips the marker scan must never skip a text that has markers.
    assert not found or responsibility.may_have_markers(view)
    responsibility.deadline_of(view, start, end)


@PROPERTIES
@given(st.one_of(table, documents, texts))
def test_table_rows_lie_in_the_text(text: str) -> None:
    view = clean.prepare(text).view
    seps, conv = responsibility.Bodies(), responsibility.Convention()
    for row in tables.rows(view, 0, len(view), seps, conv):
        assert 0 <= row.span.start <= row.span.end <= len(view)
        assert row.span.start <= row.task.start <= row.task.end <= len(view)
        assert row.label
        if row.marker is not None:
            assert row.marker.entries and all(e.role in set(Role) for e in row.marker.entries)


# -- the question parser and the search query parser ----------------------------------------------

QUESTION_WORDS = [
    "第12项任务", "第十二項任務", "第（三）项", "二（三）2", "任务12", "（三）这项任务", "第999999999999项",
    "由哪个部门负责", "谁牵头", "哪些部门配合", "責任單位是誰", "牵头单位是", "涉及哪些部门",
    "市科委负责哪些任务", "哪些任务由市科委牵头", "哪些文件提到", "有关孵化器的文件", "的建设目标是什么",
    "京科发〔2022〕19号", "京科發[2022]19號", "《标杆孵化器培育行动方案》", "“培育概念验证基金”这项任务",
    "北京", "上海的孵化器方案", "？", "?", "，", "。", " ", "“", "\"", "《", "》", "（", "）",
    "Which bureau owns task 12 of", "who leads task 3", "What tasks does the 市科委 lead",
    "Which agencies are involved in the Beijing plan", "Which documents mention incubators",
    "What is the goal of the Beijing incubator plan", "task #99999999999", "of the ",
]  # fmt: skip
question_texts = st.one_of(
    any_text,
    st.lists(
        st.one_of(st.sampled_from(QUESTION_WORDS + WORDS + ODD), st.text(max_size=4), nested), max_size=20
    ).map("".join),
)


@PROPERTIES
@given(question_texts)
def test_question_parser_never_raises(text: str) -> None:
    q, rule = understand(text)
    assert q.question == text.strip()
    assert q.language in ("simplified", "traditional", "english")
    assert rule.kind in intents.KINDS
    if rule.kind in (intents.OWNER, intents.LEAD, intents.SUPPORT):
        assert q.target  # a task question names its task
    if q.task is not None:
        assert q.task.startswith("#") or reference(q.task) is not None, q.task  # one kb.resolve can look up
    if rule.kind == intents.TASKS_OF_AGENCY:
        assert q.agencies or q.subject
    to_chinese(text)


@PROPERTIES
@given(
    st.one_of(question_texts, st.text(st.sampled_from('AND OR NOT()"*?~^:[]{}“”「」『』-+!\\/'), max_size=40))
)
def test_query_parser_searches_plain_text_or_refuses(text: str) -> None:
    try:
        parsed = queries.parse(text)
        request = queries.request(parsed, 10)
    except QueryError as e:
        assert "\n" not in str(e)
        return
    assert all(phrase and phrase == phrase.strip() for phrase in parsed.phrases)
    assert not set(parsed.words) & set('"“”「」『』')
    assert request.required or request.phrases
    queries.terms(parsed)


def test_a_query_too_long_is_refused_in_one_line() -> None:
    with pytest.raises(QueryError, match="too long"):
        queries.parse("知识产权" * 25_000)


# -- queries and questions through the CLI --------------------------------------------------------

HOSTILE = [
    "", "   ", "\t\n", "\u3000",
    "知识产权" * 25_000, "a" * 100_000, "（" * 100_000, "、" * 100_000,  # very long
    "\x00\x01\x02\x1b[31m\x7f\x85", "孵化\x00器", "\u2028\u2029\ufeff\u200b", "İ", "\U0001f004",  # controls, odd
    "、、、", "。，；！？…", "（（（（", "））））", "【【【】", "《》", "“”", "「」", "\"\"",  # only punctuation
    "AND", "OR NOT", 'AND OR NOT ( ) " * ? ~ ^ : [ ] {}', '"unbalanced', "title:", "title:知识产权",
    "text:(孵化", "知识产权 AND", "*孵化*", "孵化~2", "孵化^3", "[a TO z]", "{a TO z}", "\\", "/", "孵化 -北京",
    "第999999999999条", "99999999999、", "#99999999999999999999", "#0", "#-1", "①", "（一）" * 1000,
    "\udcff\udc80",  # undecodable bytes as Python decodes argv (surrogateescape)
]  # fmt: skip
COMMANDS = [
    ("search", lambda q: ["search", q]),
    ("search-doc", lambda q: ["search", "孵化器", "--doc", q]),
    ("search-agency", lambda q: ["search", "孵化器", "--agency", q]),
    ("ask", lambda q: ["ask", q]),
    ("ask-json", lambda q: ["ask", q, "--json"]),
    ("owners-task", lambda q: ["owners", BEIJING, q]),
    ("owners-doc", lambda q: ["owners", q, "12"]),
    ("agency", lambda q: ["agency", q]),
    ("show", lambda q: ["show", q]),
]


def _answered_or_refused(code: int, out: str, err: str) -> None:
    assert code in (0, 1), (code, err[-500:])  # 2 is an internal error (or a usage error)
    assert "Traceback" not in out + err and "internal error" not in err
    if code == 1:
        lines = err.splitlines()
        assert lines and lines[0].startswith("Error: ")
        assert all(line.startswith("  ") for line in lines[1:])  # only the candidates follow


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_hostile_queries_are_answered_or_refused_in_one_line(seed_store: Path, command: str) -> None:
    """Every hostile string in every place a query, question or name is typed."""
    build = dict(COMMANDS)[command]
    runner = CliRunner()
    for text in HOSTILE:
        result = runner.invoke(main, ["--store", str(seed_store), *build(text)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            text[:50],
            result.exception,
        )
        _answered_or_refused(result.exit_code, result.stdout, result.stderr)


def test_undecodable_argv_through_a_real_process(seed_store: Path) -> None:
    """Bytes that are not UTF-8 on the command line (a GBK terminal): one line, exit 1, no traceback."""
    kb = [
        sys.executable,
        "-c",
        "import sys; from cli import main; sys.exit(main())",
        "--store",
        str(seed_store),
    ]
    for args in (["search", b"\xff\xfe"], ["ask", "孵化".encode("gbk")], ["show", b"\xb1\xb1"], ["agency", b"\xff"],
                 ["owners", BEIJING, b"\xff"], ["search", "知识产权".encode("gb18030")]):  # fmt: skip
        done = subprocess.run([*kb, *args], capture_output=True, cwd=ROOT, timeout=120)
        out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
        _answered_or_refused(done.returncode, out, err)


# -- a megabyte of separators and brackets ----------------------------------------------------------

MEGABYTE = 1 << 20
PATHOLOGICAL = {
    "、": "、" * MEGABYTE,
    "nested （）": "（" * (MEGABYTE // 2) + "）" * (MEGABYTE // 2),
    "（）（）": "（）" * (MEGABYTE // 2),
    "（、）": "（、）" * (MEGABYTE // 3),
    "、（": "、（" * (MEGABYTE // 2),
    "（一）": "（一）" * (MEGABYTE // 3),
    "an open marker": "一、加强管理（责任单位：" + "市科委、" * (MEGABYTE // 4),
    "X牵头，": "（市科委牵头，" * (MEGABYTE // 7),
    "第": "第" * MEGABYTE,
}
# Each runs every stage in a child process. The stages take about a second each on 1 MB; a
# pattern that backtracks catastrophically takes hours, so the child not finishing within the
# guard is the failure. The guard is a hang detector, not a speed target (bench/ measures speed).
_STAGES = """
import json, sys
from indexer import clean, responsibility, tables
from indexer.document import parse
from indexer.load import Source
from kb.normalize import normalize_with_offsets, to_simplified
from kb.qa.answer import understand
text = sys.stdin.read()
to_simplified(text)
normalize_with_offsets(text)
view = clean.prepare(text).view
doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
seps = responsibility.Bodies()
found = responsibility.markers(view, 0, len(view), seps, responsibility.Convention())
rows = list(tables.rows(view, 0, len(view), seps, responsibility.Convention()))
q, rule = understand(text)
print(json.dumps([len(doc.tasks), len(found), len(rows), rule.kind]))
"""


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_a_megabyte_of_separators_and_brackets_takes_linear_time(name: str) -> None:
    text = PATHOLOGICAL[name]
    done = subprocess.run(
        [sys.executable, "-c", _STAGES], input=text, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    tasks, markers_found, rows, kind = json.loads(done.stdout)
    assert (tasks, markers_found, rows) == ((1, 0, 0) if name in ("（一）", "an open marker") else (0, 0, 0))
    # 责任单位 after a task's words reads as asking who owns that task; an agency and a role
    # word alone (市科委牵头) as asking for the agency's tasks in that role
    expected = {"an open marker": intents.OWNER, "X牵头，": intents.TASKS_OF_AGENCY}
    assert kind == expected.get(name, intents.FREE)
