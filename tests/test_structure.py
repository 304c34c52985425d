"""Metadata, parts and outlines of the seed documents, and the heading rules on small texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import opencc
import pytest
from conftest import BEIJING, CHAOYANG, CORPUS, QINGDAO, SHANGHAI, ZGC

from indexer import clean, parts, structure
from indexer.document import parse
from indexer.load import Source
from kb import labels
from kb.knowledge import KnowledgeBase
from kb.model import PartKind


def outline(base: KnowledgeBase, doc: str) -> list[str]:
    """Each heading as its label path, e.g. 二（三）12."""
    view = base.show(doc)
    by_index = {e.section.index: e.section for e in view.outline}
    out = []
    for e in view.outline:
        chain, s = [e.section.label], e.section
        while s.parent is not None:
            s = by_index[s.parent]
            chain.insert(0, s.label)
        out.append("".join(chain))
    return out


def test_beijing_metadata(seeds: KnowledgeBase) -> None:
    r = seeds.record(BEIJING)
    assert r.doc_number == "京科发〔2022〕19号"
    assert r.issuers == (
        "北京市科学技术委员会、中关村科技园区管理委员会",
        "北京市教育委员会",
        "北京市经济和信息化局",
        "北京市财政局",
        "北京市人民政府国有资产监督管理委员会",
    )
    assert r.jurisdiction == "北京市"
    assert r.script == "traditional"
    assert r.date == "2022-12-30"
    doc = seeds.document(BEIJING)
    assert doc.meta.dates.published == "2023-01-30"
    assert doc.meta.addressees == ("各区政府", "市各有关部门")


def test_beijing_notice_wraps_the_plan(seeds: KnowledgeBase) -> None:
    doc = seeds.document(BEIJING)
    assert [p.kind for p in doc.parts] == [PartKind.HEADER, PartKind.NOTICE, PartKind.BODY]
    notice, body = doc.parts[1], doc.parts[2]
    assert notice.title.endswith("关于印发《标杆孵化器培育行动方案(2022-2025年)》的通知")
    assert body.title == "中关村世界领先科技园区·创新创业引领工程——标杆孵化器培育行动方案(2022-2025年)"
    assert doc.text[body.span.start :].startswith("中關村世界領先科技園區")
    # The 26 numbered items belong to the plan, under 二、 and 三、, numbered through.
    assert [t.label for t in doc.tasks] == [str(n) for n in range(1, 27)]
    assert {t.path[0] for t in doc.tasks[:23]} == {"二"} and {t.path[0] for t in doc.tasks[23:]} == {"三"}
    assert all(t.span.start >= body.span.start for t in doc.tasks)
    assert doc.tasks[11].path == ("二", "（三）", "12")
    assert doc.tasks[11].title == "强化大企业反向“硬孵化”"


def test_beijing_outline_keeps_framing_headings_out_of_tasks(seeds: KnowledgeBase) -> None:
    heads = outline(seeds, BEIJING)
    assert heads[:4] == ["一", "一（一）", "一（二）", "一（三）"]
    assert "二（七）23" in heads and "三24" in heads and "三26" in heads
    assert len([h for h in heads if h[-1].isdigit()]) == 26


def test_residue_stays_out_of_the_text(seeds: KnowledgeBase) -> None:
    last = seeds.document(BEIJING).tasks[-1]
    assert last.text.endswith("(責任單位:市科委、中關村管委會,市科協,北京經濟技術開發區管委會,各區政府)")
    assert "分享" not in last.text and "相關政策" not in last.text


def test_shanghai_interpretation_before_full_text(seeds: KnowledgeBase) -> None:
    doc = seeds.document(SHANGHAI)
    kinds = [p.kind for p in doc.parts]
    assert kinds == [PartKind.HEADER, PartKind.INTERPRETATION, PartKind.BODY]
    body = doc.parts[2]
    assert doc.text[body.span.start :].startswith("全文")
    assert all(t.span.start > body.span.start for t in doc.tasks)
    heads = outline(seeds, SHANGHAI)
    assert [h for h in heads if len(h) == 1] == ["一", "二", "三", "四"]
    # Numbering restarts in every section of 二、重点任务.
    assert [h for h in heads if h.startswith("二") and h.endswith("1")] == [
        "二（一）1",
        "二（二）1",
        "二（三）1",
        "二（四）1",
        "二（五）1",
    ]
    assert "三（二）" in heads and "四（三）" in heads
    r = seeds.record(SHANGHAI)
    assert (r.title, r.jurisdiction, r.script, r.date) == (
        "上海市高质量孵化器培育实施方案",
        "上海市",
        "traditional",
        "2023-07-21",
    )
    assert doc.meta.dates.effective == "2023-07-01"


def test_qingdao_single_line_parsed_into_levels(seeds: KnowledgeBase) -> None:
    heads = outline(seeds, QINGDAO)
    assert heads == [
        "一",
        "一（一）",
        "一（二）",
        "二",
        "二（一）",
        "二（一）1",
        "二（一）2",
        "二（一）3",
        "二（二）",
        "二（二）1",
        "二（二）2",
        "二（二）3",
        "二（三）",
        "二（三）1",
        "二（三）2",
        "二（三）3",
        "二（四）",
        "二（四）1",
        "二（四）2",
        "二（四）3",
        "二（五）",
        "二（五）1",
        "二（五）2",
        "二（五）3",
        "三",
        "三（一）",
        "三（二）",
        "三（三）",
    ]
    r = seeds.record(QINGDAO)
    assert (r.title, r.issuers, r.date, r.jurisdiction) == (
        "青岛市科技企业孵化器提升行动实施方案(2019-2022年)",
        ("青岛市科学技术局",),
        "2019-12-27",
        "青岛市",
    )
    assert seeds.document(QINGDAO).tasks[-1].text.endswith("为政府决策和企业发展提供数据支撑。")


def test_chaoyang_number_and_jurisdiction(seeds: KnowledgeBase) -> None:
    r = seeds.record(CHAOYANG)
    assert (r.doc_number, r.jurisdiction, r.title) == (
        "朝科文〔2014〕27号",
        "北京市朝阳区",
        "朝阳区促进科技企业孵化体系建设工作实施方案",
    )
    # The [2012]-style numbers it cites are references, not its own number.
    assert seeds.record("朝科文[2014]27号").id == CHAOYANG


def test_zgc_measures(seeds: KnowledgeBase) -> None:
    heads = outline(seeds, ZGC)
    numbered = [h for h in heads if h[-1].isdigit()]
    assert numbered == [
        f"二（{c}）{n}" for c, n in zip("一一一二二二二三三三四四四四四五五五五", range(1, 20), strict=True)
    ]
    r = seeds.record(ZGC)
    assert r.title.endswith("若干支持政策措施(征求意见稿)")
    assert r.issuers == ("北京市科学技术委员会、中关村科技园区管理委员会",)


def _outline_of(text: str) -> list[tuple[str, str]]:
    views = clean.prepare(text)
    return [(s.label, s.title) for s in structure.sections(views, parts.layout(views).parts)]


def test_dates_and_decimals_are_not_headings() -> None:
    text = "一、总体目标\n2022.12完成验收。\n3.5亿元用于建设。\n1.加强统筹。\n2.加大投入。\n"
    assert _outline_of(text) == [("一", "总体目标"), ("1", "加强统筹"), ("2", "加大投入")]


def test_an_attachment_starts_its_headings_afresh() -> None:
    text = (
        "一、主要任务\n（一）做强产业。培育产业集群。\n二、保障措施\n（一）加强领导。\n"
        "附件\n重点任务分工表\n一、做强产业\n1.培育集成电路产业集群。\n"
    )
    views = clean.prepare(text)
    found = structure.sections(views, parts.layout(views).parts)
    chains = []
    for s in found:
        chain, p = [s.label], s
        while p.parent is not None:
            p = found[p.parent]
            chain.insert(0, p.label)
        chains.append("".join(chain))
    assert chains == ["一", "一（一）", "二", "二（一）", "一", "一1"]
    assert "附件" not in found[3].span.slice(views.original)  # 二（一） ends before the attachment


def test_references_are_not_headings() -> None:
    text = "一、任务\n（一）推进建设。按照第（三）项要求，落实第二条规定。\n（二）完善机制。\n"
    assert _outline_of(text) == [("一", "任务"), ("（一）", "推进建设"), ("（二）", "完善机制")]


def test_articles_with_items() -> None:
    text = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 下列情形适用本办法：\n（一）新建项目；\n（二）改建项目。\n第二章 附则\n第三条 本办法自发布之日起施行。\n"
    assert _outline_of(text) == [
        ("第一章", "总则"),
        ("第一条", "为了规范管理，制定本办法"),
        ("第二条", "下列情形适用本办法"),
        ("（一）", "新建项目"),
        ("（二）", "改建项目"),
        ("第二章", "附则"),
        ("第三条", "本办法自发布之日起施行"),
    ]


@pytest.mark.parametrize("label", ["1.", "1．", "1﹒", "1、"])
def test_arabic_label_styles(label: str) -> None:
    second = label.replace("1", "2")
    assert _outline_of(f"一、任务\n{label}甲任务。内容。\n{second}乙任务。\n") == [
        ("一", "任务"),
        ("1", "甲任务"),
        ("2", "乙任务"),
    ]


def test_chinese_numerals_round_trip() -> None:
    for n in list(range(1, 130)) + [1000, 1010, 1234, 2000]:
        assert labels.cn_number(labels.cn_numeral(n)) == n
    assert [labels.cn_numeral(n) for n in (10, 12, 26, 105, 110)] == [
        "十",
        "十二",
        "二十六",
        "一百零五",
        "一百一十",
    ]


# -- pages without line breaks ------------------------------------------------------------------


def _tasks(text: str) -> list[tuple[str, ...]]:
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    return [(*t.path, "|", *(f"{r.name}:{r.role.value}" for r in t.responsibilities)) for t in doc.tasks]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_document_flattened_onto_one_line_keeps_its_tasks(path: Path) -> None:
    """Portal header fields, breadcrumbs and notices run together: the same tasks and owners."""
    text = path.read_text(encoding="utf-8")
    flat = text.replace("\r\n", " ").replace("\n", " ")
    assert "\n" not in flat
    assert _tasks(flat) == _tasks(text)


# Pages without line breaks are told by their length (a "line" of more than 300 characters).
PREAMBLE = (
    "为加快培育科技企业孵化器，推动创新创业高质量发展，支持科技型中小企业快速成长，结合本市实际，制定本方案。"
)
PORTAL_LINE = (
    "政务公开 > 政策文件 > 通知 1. [主题分类] 科技 2. [发文机构] 某市科学技术局 3. [废止日期] "
    "4. [发文字号] 某科发〔2024〕3号 关于印发《孵化器提升方案》的通知 各区政府： 现将《孵化器提升方案》"
    "印发给你们，请认真落实。 某市科学技术局 2024年3月1日 孵化器提升方案 " + PREAMBLE * 3 + " 一、重点任务 "
    "1. 建设孵化器。（责任单位：市科技局） 2. 培育企业。（责任单位：市财政局）"
)


def test_numbered_portal_fields_on_one_line_are_the_header() -> None:
    views = clean.prepare(PORTAL_LINE)
    found = parts.layout(views).parts
    header = PORTAL_LINE[: PORTAL_LINE.index("3号") + 2]
    assert [(p.kind, p.span.slice(PORTAL_LINE).strip()) for p in found] == [
        (PartKind.HEADER, header),
        (PartKind.NOTICE, PORTAL_LINE[len(header) : PORTAL_LINE.index(" 孵化器提升方案 为")].strip()),
        (PartKind.BODY, PORTAL_LINE[PORTAL_LINE.index("孵化器提升方案 为") :]),
    ]
    assert _tasks(PORTAL_LINE) == [("一", "1", "|", "市科技局:lead"), ("一", "2", "|", "市财政局:lead")]


def test_fields_out_of_sequence_or_far_apart_are_not_a_header() -> None:
    for text in (
        "1. [主题分类] 科技 3. [发文机构] 某市科学技术局 一、任务 1. 建设。",  # 2 missing
        "1. [主题分类] 科技。本方案所称孵化器是指…… 2. [发文机构] 某市科学技术局",  # a sentence between
        "2. [主题分类] 科技 3. [发文机构] 某市科学技术局",  # not starting at 1
    ):
        assert [p.kind for p in parts.layout(clean.prepare(text)).parts] == [PartKind.BODY], text


def test_a_one_line_page_starting_with_a_breadcrumb_keeps_its_text() -> None:
    """`当前位置：…` is page furniture on a line of its own; on a one-line page it is not the page."""
    text = (
        "当前位置：首页 > 政策 某区孵化器方案 "
        + PREAMBLE * 5
        + " 一、重点任务 1. 建设孵化器。（责任单位：区科委） 2. 培育企业。"
    )
    assert len(text) > 300 and clean.prepare(text).residue == ()
    assert _tasks(text) == [("一", "1", "|", "区科委:lead"), ("一", "2", "|")]
    line = "当前位置：首页 > 政策\n一、重点任务\n"
    assert [s.slice(line) for s in clean.prepare(line).residue] == ["当前位置：首页 > 政策"]


def _meta(text: str) -> tuple[str, str | None, str | None]:
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    return doc.meta.title, doc.meta.doc_number, doc.meta.dates.written


def test_crlf_line_endings_read_like_lf() -> None:
    lf = (
        "【法宝引证码】 CLI.12.1\n原文链接：https://example.org/a.html\n"
        "北京市经济和信息化局印发《关于推进数据专区建设的指导意见》的通知\n京经信发〔2022〕87号\n各区政府：\n"
        "现将《关于推进数据专区建设的指导意见》印发给你们。\n北京市经济和信息化局\n2022年11月21日\n"
        "关于推进数据专区建设的指导意见\n一、主要任务\n（一）建立机制。加强统筹。\n"
    )
    expected = (
        "北京市经济和信息化局印发《关于推进数据专区建设的指导意见》的通知",
        "京经信发〔2022〕87号",
        "2022-11-21",
    )
    assert _meta(lf) == _meta(lf.replace("\n", "\r\n")) == expected
    assert (
        _outline_of(lf.replace("\n", "\r\n"))
        == _outline_of(lf)
        == [("一", "主要任务"), ("（一）", "建立机制")]
    )


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            "国务院办公厅关于加快发展\n\n体育竞赛表演产业的指导意见\n",
            "国务院办公厅关于加快发展体育竞赛表演产业的指导意见",
        ),
        (
            "北京市人民政府办公厅\n关于印发《促进科技创新若干措施》的通知\n",
            "北京市人民政府办公厅关于印发《促进科技创新若干措施》的通知",
        ),
        (
            "（此件公开发布）\n关于印发《促进科技创新若干措施》的通知\n",
            "关于印发《促进科技创新若干措施》的通知",
        ),
    ],
    ids=["wrapped", "issuer-above", "aside-above"],
)
def test_a_title_wrapped_over_two_lines(head: str, title: str) -> None:
    assert _meta(head + "国办发〔2018〕121号\n各省、自治区、直辖市人民政府：\n一、总体要求\n")[:2] == (
        title,
        "国办发〔2018〕121号",
    )


def test_a_chapter_first_article_running_on_after_its_title() -> None:
    text = "第一章\u3000总则\u3000\u3000第一条\u2002为了规范管理，制定本办法。\n\u3000\u3000第二条\u2002本办法适用于全州。\n第二章\u3000附则\u3000\u3000第三条\u2002本办法自印发之日起施行。\n"
    assert _outline_of(text) == [
        ("第一章", "总则"),
        ("第一条", "为了规范管理，制定本办法"),
        ("第二条", "本办法适用于全州"),
        ("第二章", "附则"),
        ("第三条", "本办法自印发之日起施行"),
    ]


def test_a_sentence_starting_with_attachment_is_not_an_attachment() -> None:
    text = (
        "一、主要任务\n（一）加强统筹。做好工作。\n附件所列清单由各区负责落实。\n（二）强化保障。落实经费。\n"
    )
    assert _outline_of(text) == [("一", "主要任务"), ("（一）", "加强统筹"), ("（二）", "强化保障")]


def test_a_list_of_attachment_names_is_not_headings() -> None:
    text = (
        "一、主要任务\n（一）加强统筹。做好工作。\n（二）强化保障。落实经费。\n"
        "附件：1.重点任务分工表\n      2.国土资源部关于巴东县地质险情\n调研情况的报告\n"
        "附件1\n重点任务分工表\n一、做强产业\n"
    )
    assert _outline_of(text) == [
        ("一", "主要任务"),
        ("（一）", "加强统筹"),
        ("（二）", "强化保障"),
        ("一", "做强产业"),
    ]


def test_label_bits_say_which_labels_a_document_can_have() -> None:
    bits = labels.label_bits(["二", "（三）", "12", "5-2", "第十二条", "①"])
    assert dict(bits) == {
        "一": 1 << 2,
        "（一）": 1 << 3,
        "1": (1 << 12) | (1 << 5),
        "条": 1 << 12,
        "①": 1 << 1,
    }
    has = [ref for ref in ["十二", "12", "13", "（三）", "（四）", "第十二条", "第十三条", "5-2", "二（三）12"]
           if labels.may_have_label(bits, (labels.reference(ref) or [set()])[-1])]  # fmt: skip
    assert has == ["十二", "12", "（三）", "第十二条", "5-2", "二（三）12"]


def test_catalog_index_finds_documents_as_a_pass_over_every_record_would(seeds: KnowledgeBase) -> None:
    from kb.resolve import CatalogIndex

    index = CatalogIndex(seeds.catalog)
    for text in ["孵化器", "标杆孵化器培育行动方案", "方案北京", "上海市", "中关村", "x\x00y", ""]:
        expected = [r.id for r in seeds.catalog.values() if text and any(text in t for t in r.title_keys)]
        assert [r.id for r in index.title_contains(text)] == expected
    assert [r.id for r in index.in_places(["北京"])] == [BEIJING, ZGC, CHAOYANG]
    assert [r.id for r in index.in_places(["北京", "朝阳"])] == [CHAOYANG]
    assert [r.id for r in index.by_number("京科發[2022]19號")] == [BEIJING]


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_headings_starting_with_a_year_or_a_number(to_script: Callable[[str], str]) -> None:
    text = to_script(
        "一、2023年工作回顾\n（一）经济运行稳中向好。地区生产总值增长5.2%。\n（二）改革持续深化。\n"
        "二、2024年政府工作安排\n（一）扩大有效需求。\n1.2024年底前完成新城建设。\n2.推进旧区改造。\n"
        "（二）40岁以上人员纳入筛查。\n三、“十五五”时期主要目标\n（一）3个方面的重点。\n"
    )
    assert [label for label, _ in _outline_of(text)] == [
        "一", "（一）", "（二）", "二", "（一）", "1", "2", "（二）", "三", "（一）",
    ]  # fmt: skip
    titles = [title for _, title in _outline_of(text)]  # simplified, whatever the script
    assert [titles[0], titles[3], titles[5], titles[8]] == [
        "2023年工作回顾", "2024年政府工作安排", "2024年底前完成新城建设", "“十五五”时期主要目标",
    ]  # fmt: skip


def test_a_decimal_or_a_date_after_a_label_is_not_a_year_heading() -> None:
    text = "一、任务\n1.加强统筹。\n2.5亿元用于建设。\n2022.12完成验收。\n3.2023.6前完成。\n2.推进改革。\n"
    assert _outline_of(text) == [("一", "任务"), ("1", "加强统筹"), ("2", "推进改革")]


# -- files as portals' exports save them: YAML front matter, Markdown ---------------------------

FRONT_MATTER_PAGE = """---
标题: 某市人民政府办公厅关于印发《某市甲乙行动方案》的通知
文号: 某府办发〔2024〕3号
发布单位: 某市人民政府
发布日期: 2024-02-05
状态: 有效
官方链接: https://example.org/a.html
---

> 本文正文由脚本自某市官方公开页面提取，仅供检索查阅；以[官方链接](https://example.org/a.html)发布版本为准。
> 依《中华人民共和国著作权法》第五条第一项，具有立法、行政、司法性质的文件不适用著作权法。

# 某市人民政府办公厅关于印发《某市甲乙行动方案》的通知

各区人民政府：

《某市甲乙行动方案》已经市政府同意，现印发给你们。

某市人民政府办公厅

2024年2月4日

某市甲乙行动方案

一、重点任务
（一）建设平台。推进建设。（责任单位：市甲局、市乙委）
"""


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_yaml_front_matter_is_the_header(to_script: Callable[[str], str]) -> None:
    text = to_script(FRONT_MATTER_PAGE)
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [p.kind for p in doc.parts] == [PartKind.HEADER, PartKind.NOTICE, PartKind.BODY]
    header, notice, body = doc.parts
    assert header.span.slice(text).endswith(to_script("不适用著作权法。"))  # its notes are the header's
    assert notice.title == "某市人民政府办公厅关于印发《某市甲乙行动方案》的通知"  # no `# `
    assert body.title == "某市甲乙行动方案"
    m = doc.meta
    assert (m.title, m.doc_number, m.dates.published, m.dates.written) == (
        "某市人民政府办公厅关于印发《某市甲乙行动方案》的通知", "某府办发〔2024〕3号", "2024-02-05", "2024-02-04",
    )  # fmt: skip
    assert m.issuers == ("某市人民政府办公厅",)  # the signature, before the export's 发布单位
    assert m.title_original == to_script(m.title)
    assert [(t.label, [r.name for r in t.responsibilities]) for t in doc.tasks] == [
        ("（一）", ["市甲局", "市乙委"])
    ]


def test_front_matter_fields_fill_what_the_text_does_not_say() -> None:
    text = (
        '---\ntitle: "某区甲乙实施办法"\n文号:\ndate: 2025-03-01\n发布单位: 某区人民政府\ntags:\n  - 规划\n---\n'
        "# 某区甲乙实施办法\n\n某政发〔2025〕7号\n\n第一条 为了规范管理，制定本办法。\n"
    )
    doc = parse(Source("t", "t.md", None, text, "utf-8", "md"))
    m = doc.meta
    assert (m.title, m.doc_number, m.dates.published, m.issuers) == (
        "某区甲乙实施办法", "某政发〔2025〕7号", "2025-03-01", ("某区人民政府",),
    )  # fmt: skip
    assert [p.kind for p in doc.parts] == [PartKind.HEADER, PartKind.BODY]


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_front_matter_with_english_keys(to_script: Callable[[str], str]) -> None:
    # a file exported by a script of one's own names its fields in English
    text = to_script(
        "---\ntitle: 某市甲乙建设实施方案\ndoc_number: 某府办〔2025〕22号\nissuer: 某市人民政府办公厅\n"
        "date: 2025-06-03\n---\n\n# 某市甲乙建设实施方案\n\n一、重点任务\n（一）建设平台。（责任单位：市甲局）\n"
    )
    m = parse(Source("t", "t.md", None, text, "utf-8", "md")).meta
    assert (m.title, m.doc_number, m.dates.published, m.issuers) == (
        "某市甲乙建设实施方案", "某府办〔2025〕22号", "2025-06-03", ("某市人民政府办公厅",),
    )  # fmt: skip


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_a_markdown_heading_is_the_title_and_a_rule_is_not_front_matter(
    to_script: Callable[[str], str],
) -> None:
    text = to_script(
        "---\n# 2-2 青年政策参与\n\n## 方案说明\n* 承诺事项的起迄时间：2021/01 ~ 2024/05\n"
        "* 主（协）办机关：教育部\n### 承诺事项之描述\n1. 参与阻力：\n(1) 青年参与公共政策讨论的机会不足。\n"
    )
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [p.kind for p in doc.parts] == [PartKind.BODY]
    assert (doc.meta.title, doc.meta.title_original) == ("2-2青年政策参与", to_script("2-2青年政策参与"))


def test_export_notes_are_residue_wherever_they_stand() -> None:
    text = "一、任务\n> 本文正文由脚本自某市官方页面提取，仅供参考。\n（一）建设平台。推进建设。\n"
    views = clean.prepare(text)
    assert [s.slice(text) for s in views.residue] == ["> 本文正文由脚本自某市官方页面提取，仅供参考。"]
    assert _outline_of(text) == [("一", "任务"), ("（一）", "建设平台")]


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_a_notice_forwarding_a_report_with_titles_wrapped_over_lines(to_script: Callable[[str], str]) -> None:
    text = to_script(
        "某市人民政府办公厅转发市甲局\n\n关于加强甲乙工作\n\n意见的通知\n\n某府办发〔2024〕2号\n\n各区人民政府：\n\n"
        "市甲局《关于加强甲乙工作意见》已经市政府同意，现转发给你们。要按照《某市人民政府办公厅关于印发丙丁方案的通知》精神做好工作。\n\n"
        "某市人民政府办公厅\n\n2024年2月5日\n\n关于加强甲乙\n\n工作意见\n\n一、主要任务\n（一）建设平台。推进建设。\n"
    )
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [(p.kind, p.title) for p in doc.parts] == [
        (PartKind.NOTICE, "某市人民政府办公厅转发市甲局关于加强甲乙工作意见的通知"),
        (PartKind.BODY, "关于加强甲乙工作意见"),
    ]
    assert [t.path for t in doc.tasks] == [("一", "（一）")]


LAW_COMPILATION = """某市甲乙条例
第一条 为了规范管理，制定本条例。
第二条 本条例自公布之日起施行。
附件一：甲乙事项清单
一、甲事项
二、乙事项
某市人民代表大会常务委员会关于

《某市甲乙条例》

附件一所列事项增减的决定

（2020年1月1日某市第十五届人民代表大会常务委员会第五次会议通过）

一、在附件一中增加下列事项：
1．丙事项；
2．丁事项。
二、在附件一中删去乙事项。
某市甲乙条例附件一修正案
（2022年3月1日批准）
一、甲事项改为戊事项。
"""


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_a_decision_appended_after_an_attachment_starts_its_numbering_afresh(
    to_script: Callable[[str], str],
) -> None:
    text = to_script(LAW_COMPILATION)
    views = clean.prepare(text)
    found = structure.sections(views, parts.layout(views).parts)
    assert [s.label for s in found] == ["第一条", "第二条", "一", "二", "一", "1", "2", "二", "一"]
    second = found[3]  # 二、乙事项 ends before the decision's title
    assert second.span.slice(text) == to_script("二、乙事项")
    assert [found[i].parent for i in (5, 6)] == [4, 4]


def test_an_adoption_note_in_the_text_itself_does_not_restart_the_numbering() -> None:
    text = "某市甲乙条例\n（2020年1月1日通过）\n第一条 为了规范管理，制定本条例。\n某市甲乙条例修正案\n（2022年3月1日通过）\n第二条 本条例自公布之日起施行。\n"
    assert [label for label, _ in _outline_of(text)] == ["第一条", "第二条"]


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
def test_numbering_restarts_under_each_markdown_heading(to_script: Callable[[str], str]) -> None:
    text = to_script(
        "# 2-1 某市甲乙承诺事项\n## 方案说明\n### 承诺事项将涉及哪些公共问题？\n1.甲问题不足\n2.乙问题不足\n"
        "### 承诺事项为何？\n1.建设甲平台，扩大参与。\n2.提升乙透明度。\n3.保护个人资料。\n"
    )
    views = clean.prepare(text)
    found = structure.sections(views, parts.layout(views).parts)
    assert [s.label for s in found] == ["1", "2", "1", "2", "3"]
    assert found[1].span.slice(text).strip() == to_script("2.乙问题不足")  # ends before the next heading
    law = "# 某市甲乙条例\n## 第一章 总则\n第一条 为了规范管理，制定本条例。\n## 第二章 附则\n第二条 本条例自公布之日起施行。\n"
    assert [label for label, _ in _outline_of(law)] == [
        "第一章",
        "第一条",
        "第二章",
        "第二条",
    ]  # numbered headings


@pytest.mark.parametrize("to_script", [str, opencc.OpenCC("s2tw").convert], ids=["simplified", "traditional"])
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("甲乙推动方案（114年至117年）\n一、推动甲项。（主办机关：甲部；协办机关：乙署）\n", "台湾省"),
        ("甲乙推动计划\n一、推动甲项。依行政院核定之计划办理。\n", "台湾省"),
        ("甲乙新措施一览\n措施1：推行甲项。\n负责政策局/部门：甲局\n", "香港特别行政区"),
        (
            "甲乙培训办法\n一、组织行政院校开展培训。（责任单位：甲局）\n",
            None,
        ),  # 行政院校, a mainland college
    ],
)
def test_the_place_of_a_document_that_names_none(
    to_script: Callable[[str], str], text: str, where: str | None
) -> None:
    # Taiwan's and Hong Kong's own labels and years say where a page without a place is from
    doc = parse(Source("t", "t.txt", None, to_script(text), "utf-8", "txt"))
    assert doc.meta.jurisdiction == where
