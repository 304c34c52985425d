"""Parts of a file: a notice issuing several documents, and a policy text with attachments.

Small invented documents in both scripts, parsed, then indexed into a real store and asked.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import opencc
import pytest

from indexer.document import parse
from indexer.load import Source
from indexer.pipeline import index
from kb.export import export_tasks
from kb.knowledge import KnowledgeBase
from kb.model import Document, PartKind

S2TW = opencc.OpenCC("s2tw").convert
SCRIPTS = pytest.mark.parametrize("to_script", [str, S2TW], ids=["simplified", "traditional"])

POLICIES = "某市支持甲产业发展若干政策"
PLAN = "某市乙产业行动计划"
SEVERAL = f"""某市人民政府关于印发《{POLICIES}》《{PLAN}》的通知
某府发〔2024〕5号
各区人民政府，市政府各委、办、局：
现将《{POLICIES}》《{PLAN}》印发给你们，请认真贯彻执行。
某市人民政府
2024年3月1日

{POLICIES}
一、支持平台建设
对新建的甲产业平台给予资金支持。（责任单位：市甲局、市乙委）
对运营良好的平台给予奖励。（责任单位：市丙局）
二、支持人才引进
对引进的高层次人才给予补贴。（责任单位：市人社局）

{PLAN}
一、主要任务
（一）建设产业园区。推进园区建设。（责任单位：市丁局）
（二）培育龙头企业。（责任单位：市戊局）
"""
SEVERAL_TASKS = [
    (("一", "一-1"), ["市甲局:lead", "市乙委:support"]),
    (("一", "一-2"), ["市丙局:lead"]),
    (("二",), ["市人社局:lead"]),
    (("一", "（一）"), ["市丁局:lead"]),
    (("一", "（二）"), ["市戊局:lead"]),
]


def read(text: str) -> Document:
    return parse(Source("t", "t.txt", None, text, "utf-8", "txt"))


def tasks(doc: Document) -> list[tuple[tuple[str, ...], list[str]]]:
    return [(t.path, [f"{r.name}:{r.role.value}" for r in t.responsibilities]) for t in doc.tasks]


@SCRIPTS
def test_a_notice_issuing_several_documents_keeps_each_as_a_part(to_script: Callable[[str], str]) -> None:
    doc = read(to_script(SEVERAL))
    assert [(p.kind, p.title) for p in doc.parts] == [
        (PartKind.NOTICE, f"某市人民政府关于印发《{POLICIES}》《{PLAN}》的通知"),
        (PartKind.BODY, POLICIES),
        (PartKind.BODY, PLAN),
    ]
    assert tasks(doc) == SEVERAL_TASKS
    first, second = doc.parts[1:]
    assert all(first.span.start <= t.span.start < first.span.end for t in doc.tasks[:3])
    assert all(second.span.start <= t.span.start < second.span.end for t in doc.tasks[3:])


@pytest.mark.parametrize(
    "issuing",
    [
        f"现将《{POLICIES}》、《{PLAN}》印发给你们。",
        f"《{POLICIES}》和《{PLAN}》已经市政府同意，现印发给你们。",
        f"现将《{POLICIES}》及《{PLAN}》印发给你们。",
    ],
    ids=["comma", "和-已经", "及"],
)
def test_the_issued_documents_may_be_listed_with_conjunctions(issuing: str) -> None:
    text = SEVERAL.replace(f"现将《{POLICIES}》《{PLAN}》印发给你们，请认真贯彻执行。", issuing)
    doc = read(text.replace(f"关于印发《{POLICIES}》《{PLAN}》的通知", "关于印发甲乙两个文件的通知"))
    assert [p.title for p in doc.parts if p.kind is PartKind.BODY] == [POLICIES, PLAN]
    assert tasks(doc) == SEVERAL_TASKS


@SCRIPTS
def test_each_issued_document_is_found_and_cited_by_its_own_title(
    tmp_path: Path, to_script: Callable[[str], str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notice.txt").write_text(to_script(SEVERAL), encoding="utf-8")
    report = index([tmp_path / "docs"], tmp_path / "store", workers=1)
    assert report.ok, report.errors
    base = KnowledgeBase.open(tmp_path / "store")
    for title in (POLICIES, PLAN, S2TW(PLAN), f"《{POLICIES}》"):
        assert base.record(title).id == "notice"
    record = base.record("notice")
    assert record.part_titles[1:] == (POLICIES, PLAN)
    owners = base.owners("notice", "#4")
    assert [r.name for r in owners.task.responsibilities] == ["市丁局"]
    answer = base.ask(to_script(f"《{PLAN}》中“建设产业园区”由哪个部门负责？"))
    assert [c.title for c in answer.citations] == [PLAN]
    assert answer.citations[0].seq == 4
    answer = base.ask(to_script(f"《{POLICIES}》第二项任务由谁负责？"))
    assert [c.title for c in answer.citations] == [POLICIES]
    out = tmp_path / "tasks.csv"
    export_tasks(base, ["notice"], out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        groups = [row[1] for row in csv.reader(f) if row and row[0] == "分组"]
    assert groups == [f"《{POLICIES}》", "一、支持平台建设", f"《{PLAN}》", "一、主要任务"]


# -- a policy text with attachments -----------------------------------------------------------

WITH_ATTACHMENT = """某市人民政府办公厅关于加强甲乙考核工作的意见
某府办发〔2024〕4号
各区人民政府：
为加强甲乙考核工作，提出以下意见。
一、总体要求
（一）指导思想。坚持问题导向。
二、指标体系
考核指标由质量、效率等方面构成。市里制定《某市甲乙考核指标》（见附件）供各区使用。
三、组织实施
（一）加强领导。各区要建立工作机制。（责任单位：各区政府）
（二）强化督导。（责任单位：市甲局）
附件：某市甲乙考核指标
某市人民政府办公厅
2024年2月1日
附件
某市甲乙考核指标
一、质量
（一）功能定位
1.甲指标达标率
（二）质量安全
2.乙指标完成率
二、效率
（三）资源效率
3.丙指标增幅
"""


@SCRIPTS
def test_a_policy_text_with_an_attachment_keeps_its_own_body(to_script: Callable[[str], str]) -> None:
    doc = read(to_script(WITH_ATTACHMENT))
    assert [p.kind for p in doc.parts] == [PartKind.BODY]
    assert doc.meta.title == "某市人民政府办公厅关于加强甲乙考核工作的意见"
    assert [(t.path, [r.name for r in t.responsibilities]) for t in doc.tasks] == [
        (("二",), []),
        (("三", "（一）"), ["各区政府"]),
        (("三", "（二）"), ["市甲局"]),
        # The attachment starts its numbering afresh; its indicators are kept, 功能定位 among them
        # (a framing word, but here an indicator group among others that are not).
        (("一", "（一）", "1"), []),
        (("一", "（二）", "2"), []),
        (("二", "（三）", "3"), []),
    ]


@SCRIPTS
def test_framing_items_among_framing_items_are_not_tasks(to_script: Callable[[str], str]) -> None:
    doc = read(
        to_script(
            "一、总体思路和目标\n（一）指导思想。坚持问题导向。\n（二）基本原则。统筹推进。\n（三）发展目标。到2025年建成。\n"
            "二、重点任务\n（一）功能定位。明确园区功能。（责任单位：市甲局）\n（二）建设平台。推进建设。\n"
        )
    )
    assert [t.path for t in doc.tasks] == [("二", "（一）"), ("二", "（二）")]


def test_a_notice_that_issues_its_plan_as_an_attachment_is_still_a_notice() -> None:
    text = (
        "某市人民政府办公厅关于印发《某市甲乙考核办法》的通知\n各区人民政府：\n"
        "现将《某市甲乙考核办法》印发给你们，并提出以下要求：\n一、加强领导。\n二、按时报送。\n"
        "某市人民政府办公厅\n2024年2月1日\n附件\n某市甲乙考核办法\n一、考核对象\n（一）各区政府。\n"
    )
    doc = read(text)
    assert [(p.kind, p.title) for p in doc.parts] == [
        (PartKind.NOTICE, "某市人民政府办公厅关于印发《某市甲乙考核办法》的通知"),
        (PartKind.BODY, "某市甲乙考核办法"),
    ]
