"""Metadata on small invented texts: titles, numbers, dates and jurisdictions, in both scripts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import opencc
import pytest

from indexer.dates import iso_date
from indexer.document import parse
from indexer.load import Source, read
from indexer.metadata import without_site
from kb.model import Metadata

S2TW = opencc.OpenCC("s2tw").convert
T2S = opencc.OpenCC("t2s").convert
SCRIPTS = pytest.mark.parametrize("to_script", [str, S2TW], ids=["simplified", "traditional"])


def meta(text: str, title: str | None = None, fmt: str = "txt") -> Metadata:
    return parse(Source("t", f"t.{fmt}", None, text, "utf-8", fmt, title)).meta


@pytest.mark.parametrize(
    ("page_title", "title"),
    [
        ("关于印发《某市甲乙方案》的通知_南京市人民政府", "关于印发《某市甲乙方案》的通知"),
        ("关于印发《某市甲乙方案》的通知-上海市人民政府", "关于印发《某市甲乙方案》的通知"),
        ("关于加强甲乙工作的意见_政策文件_某市人民政府", "关于加强甲乙工作的意见"),
        ("关于加强甲乙工作的意见 | 中国政府网", "关于加强甲乙工作的意见"),
        ("某市甲乙行动方案(2022-2025年)", "某市甲乙行动方案(2022-2025年)"),  # a dash between digits
        ("某园区创新工程——甲乙培育行动方案", "某园区创新工程——甲乙培育行动方案"),  # a subtitle
        ("残疾人补贴标准_2026", "残疾人补贴标准_2026"),
    ],
)
def test_a_page_title_without_its_site(page_title: str, title: str) -> None:
    assert without_site(page_title) == title
    assert without_site(S2TW(page_title)) == S2TW(title)


@SCRIPTS
def test_an_html_page_title_loses_its_site_suffix(tmp_path: Path, to_script: Callable[[str], str]) -> None:
    path = tmp_path / "page.html"
    page = "<html><head><title>关于印发《某市甲乙方案》的通知_某市人民政府</title></head><body><p>各区人民政府：</p><p>现将方案印发。</p></body></html>"
    path.write_text(to_script(page), encoding="utf-8")
    source = next(iter(read(path)))
    assert isinstance(source, Source)
    m = parse(source).meta
    assert (m.title, m.title_original) == (
        "关于印发《某市甲乙方案》的通知",
        to_script("关于印发《某市甲乙方案》的通知"),
    )


@SCRIPTS
@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("2026年上海市政府工作报告", "上海市"),
        ("2024年度杭州市人民政府工作报告", "杭州市"),
        ("2015年中华人民共和国国务院政府工作报告", "国务院"),
        ("关于北京市朝阳区甲乙工作的意见", "北京市朝阳区"),
    ],
)
def test_work_reports_and_titles_starting_with_a_year_get_their_jurisdiction(
    to_script: Callable[[str], str], title: str, place: str
) -> None:
    assert (
        meta(to_script("各位代表：\n现在，我代表市人民政府向大会报告工作。\n"), to_script(title)).jurisdiction
        == place
    )


@SCRIPTS
@pytest.mark.parametrize(
    ("issuer", "place"),
    [
        ("臺北市政府", "台北市"),
        ("高雄市政府", "高雄市"),
        ("新竹縣政府", "新竹县"),
        ("香港特別行政區政府", "香港特别行政区"),
    ],
)
def test_taiwan_and_hong_kong_documents_get_their_jurisdiction(
    to_script: Callable[[str], str], issuer: str, place: str
) -> None:
    text = f"{issuer}函\n受文者：各機關\n主旨：請加強甲乙工作。\n{issuer}\n2024年1月5日\n"
    m = meta(to_script(text))
    assert m.jurisdiction == place  # simplified script, as every jurisdiction is stored


@SCRIPTS
def test_a_paper_under_its_government_and_bureau_signed_by_an_officer(
    to_script: Callable[[str], str],
) -> None:
    # A Hong Kong paper: the government and the bureau above the title, an officer's title below.
    text = (
        "香港特別行政區政府\n甲乙事務局\n\n推廣甲乙服務工作綱領（2025—2028）\n\n一、背景\n1.1 本綱領列出各項措施。\n\n"
        "甲乙事務局局長\n二〇二五年三月一日\n"
    )
    m = meta(to_script(text))
    assert (m.title, m.jurisdiction) == ("推广甲乙服务工作纲领（2025—2028）", "香港特别行政区")


@SCRIPTS
@pytest.mark.parametrize(
    "number",
    [
        "府授資綜字第1130000000號",
        "臺教高(二)字第1120000000號",
        "院臺法字第1130000001號",
        "北府法字第1120001234號",
    ],
)
def test_taiwan_document_numbers(to_script: Callable[[str], str], number: str) -> None:
    text = f"某機關函\n發文日期：中華民國113年1月5日\n發文字號：{number}\n主旨：請加強甲乙工作。\n"
    m = meta(to_script(text))
    assert m.doc_number == T2S(number)
    on_its_line = meta(to_script(f"關於加強甲乙工作的通知\n{number}\n各機關：\n請加強甲乙工作。\n"))
    assert on_its_line.doc_number == m.doc_number


@SCRIPTS
def test_a_number_in_a_portal_row_of_fields(to_script: Callable[[str], str]) -> None:
    """A portal prints its fields two to a row (`发文字号：\tX\t发布日期：…`), and its notice far
    below a long interpretation: the labelled number is the document's."""
    text = (
        "首页 | 政务公开\n"
        "发文机关：\t某市人民政府办公室\t成文日期：\t2026年03月18日\n"
        "标　　题：\t某市人民政府办公室关于印发某市甲乙行动方案的通知\n"
        "发文字号：\t某政办发〔2026〕7号\t发布日期：\t2026年03月20日\n"
        "【政策解读】一图读懂《某市甲乙行动方案》\n"
        "近日，市政府办公室印发《某市甲乙行动方案》。方案明确了甲乙工作的重点任务。\n解读人：市甲局相关负责同志。\n"
        "某市人民政府办公室关于印发某市甲乙行动方案的通知\n某政办发〔2026〕7号\n各县区人民政府：\n"
        "现印发给你们。\n某市甲乙行动方案\n一、重点任务\n1.做好甲。（牵头单位：市甲局）\n"
    )
    assert meta(to_script(text)).doc_number == "某政办发〔2026〕7号"
    cited = "关于加强甲乙工作的通知\n各机关：\n依据文号：某政办发〔2026〕7号的要求办理。\n"
    assert meta(to_script(cited)).doc_number is None


def test_a_number_cited_in_a_sentence_is_not_the_documents_number() -> None:
    assert meta("关于加强甲乙工作的通知\n各机关：\n依据府授资综字第1130000000号函办理。\n").doc_number is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二〇〇五年六月十一日", "2005-06-11"),
        ("一九九七年二月四日", "1997-02-04"),
        ("二零二四年十二月三十一日", "2024-12-31"),
        ("中华民国113年1月5日", "2024-01-05"),
        ("民国 99 年 12 月 31 日", "2010-12-31"),
        ("2022年12月30日", "2022-12-30"),
        ("2022.12.30", "2022-12-30"),
        ("2022年13月1日", None),
    ],
)
def test_dates_in_chinese_numerals_and_the_roc_calendar(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso
    assert iso_date(T2S(S2TW(text))) == iso  # traditional text is read through its simplified view


@SCRIPTS
def test_a_signature_dated_in_chinese_numerals(to_script: Callable[[str], str]) -> None:
    text = "国务院办公厅关于加强甲乙工作的通知\n国办发〔2005〕57号\n各省、自治区、直辖市人民政府：\n现将有关事项通知如下。\n国务院办公厅\n二〇〇五年六月十一日\n"
    m = meta(to_script(text))
    assert (m.dates.written, m.issuers) == ("2005-06-11", ("国务院办公厅",))


@pytest.mark.parametrize(
    ("question", "doc", "task"),
    [
        ("府授資綜字第1130000000號第3項任務由誰負責？", "府授资综字第1130000000号", "3"),
        ("臺教高(二)字第1120000000號第3項任務由誰負責？", "台教高(二)字第1120000000号", "3"),
        ("京科发〔2022〕19号第12项任务由哪个部门负责？", "京科发〔2022〕19号", "12"),
    ],
)
def test_a_question_names_a_document_by_a_taiwan_number(question: str, doc: str, task: str) -> None:
    from kb.qa.gazetteer import Gazetteer
    from kb.qa.slots import read as read_question

    q = read_question(question, Gazetteer(set()))
    assert (q.doc, q.doc_kind, q.task) == (doc, "number", task)
