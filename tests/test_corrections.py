"""Corrections: an official fixes a task's agencies once, and every answer, export and graph
says so, across re-indexing; orphans are listed, never dropped; the CSV sheet round trip."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import BEIJING, CORPUS

from cli import main
from kb.corrections import CorrectionLog
from kb.knowledge import KnowledgeBase

BJ = "京科发〔2022〕19号"
TASK_12 = "强化大企业反向“硬孵化”"
EXTRACTED_12 = [
    ["市科委、中关村管委会", "lead"], ["市经济和信息化局", "support"], ["市国资委", "support"],
    ["人民银行营业管理部", "support"], ["市金融监管局", "support"], ["北京证监局", "support"],
]  # fmt: skip
NOTE = "依据2023年市政府专题会议纪要"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the seeds that a test may edit."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture
def kb(store_location: str, corpus: Path):  # noqa: ANN201 - a small command runner, on each backend
    store = store_location
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, ["--store", str(store), *args])
        assert result.exit_code == code, (args, result.output, result.stderr)
        return result.output if code == 0 else result.stderr

    run("index", str(corpus), "-q")
    run.store = store  # type: ignore[attr-defined]
    return run


def _correct_12(kb) -> str:  # noqa: ANN001
    return kb(
        "correct", BJ, "12", "--lead", "市经济和信息化局", "--support", "市国资委,北京证监局",
        "--note", NOTE, "--by", "张三",
    )  # fmt: skip


def _owners_json(kb) -> dict:  # noqa: ANN001
    return json.loads(kb("owners", BJ, "12", "--json"))


def test_a_correction_replaces_the_agencies_everywhere_and_keeps_what_extraction_said(kb) -> None:  # noqa: ANN001
    said = _correct_12(kb)
    assert "corrected 二（三）12 强化大企业反向“硬孵化” of 000_9df154392c23cece (by 张三" in said
    owners = _owners_json(kb)
    assert owners["agencies"] == [
        {"name": "市经济和信息化局", "canonical": "北京市经济和信息化局", "role": "lead", "collective": False,
         "verb": "", "implied": False},
        {"name": "市国资委", "canonical": "北京市人民政府国有资产监督管理委员会", "role": "support",
         "collective": False, "verb": "", "implied": False},
        {"name": "北京证监局", "canonical": "中国证券监督管理委员会北京监管局", "role": "support", "collective": False,
         "verb": "", "implied": False},
    ]  # fmt: skip
    corrected = owners["task"]["corrected"]
    assert (corrected["by"], corrected["note"]) == ("张三", NOTE)
    assert [[a["name"], a["role"]] for a in corrected["extracted"]] == EXTRACTED_12
    text = kb("owners", BJ, "12")
    assert "12.强化大企业反向“硬孵化”（已更正）" in text
    assert "  lead        市经济和信息化局   (北京市经济和信息化局)" in text
    assert (
        "（已更正） by 张三 at " in text
        and "extraction read: 市科委、中关村管委会 (lead)；市经济和信息化局 (support)" in text
    )

    # kb agency: the corrected lead has task 12 as lead; the old lead no longer has it at all
    led = json.loads(kb("agency", "市经济和信息化局", "--json"))
    roles = {t["seq"]: (t["role"], t["corrected"]) for d in led["documents"] for t in d["tasks"]}
    assert roles[12] == ("lead", True) and roles[10] == ("support", False)
    old = json.loads(kb("agency", "中关村管委会", "--json"))
    assert 12 not in {t["seq"] for d in old["documents"] for t in d["tasks"]}
    assert old["agencies"][0]["lead"] == 24  # 25 read, one corrected away

    # kb tasks and kb ask
    tasks = json.loads(kb("tasks", BJ, "--agency", "北京证监局", "--json"))
    assert [t["seq"] for t in tasks] == [12, 16, 18, 19]
    answer = json.loads(kb("ask", "北京标杆孵化器方案第12项任务由哪个部门负责？", "--json"))
    assert [(a["name"], a["role"]) for a in answer["agencies"]] == [
        ("市经济和信息化局", "lead"), ("市国资委", "support"), ("北京证监局", "support"),
    ]  # fmt: skip
    assert "（已更正：张三，" in answer["answer"] and NOTE in answer["answer"]


def test_the_exported_table_matrix_and_graph_show_the_correction(kb, tmp_path: Path) -> None:  # noqa: ANN001
    _correct_12(kb)
    kb("export", "tasks", BJ, "-o", str(tmp_path / "t.xlsx"))
    rows = [
        [c or "" for c in r]
        for r in openpyxl.load_workbook(tmp_path / "t.xlsx").active.iter_rows(values_only=True)
    ]
    row = next(r for r in rows if str(r[0]) == "12")
    assert row[1:5] == ["强化大企业反向“硬孵化”（已更正）", "市经济和信息化局", "市国资委；北京证监局", ""]
    kb("export", "matrix", BJ, "-o", str(tmp_path / "m.csv"))
    lines = list(csv.reader((tmp_path / "m.csv").read_text(encoding="utf-8-sig").splitlines()))
    header = next(r for r in lines if "市经济和信息化局" in r)
    row = next(r for r in lines if "强化大企业反向“硬孵化”（已更正）" in r)
    marks = {name: row[i] for i, name in enumerate(header) if row[i] in ("●", "○")}
    assert marks == {"市经济和信息化局": "●", "市国资委": "○", "北京证监局": "○"}
    kb("graph", "export", "--format", "json", "-o", str(tmp_path / "g.json"))
    graph = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    edges = sorted((e["target"], e["role"]) for e in graph["edges"] if e["source"] == f"task:{BEIJING}:12"
                   and e["kind"] == "responsibility")  # fmt: skip
    assert edges == [
        ("agency:中国证券监督管理委员会北京监管局", "support"), ("agency:北京市人民政府国有资产监督管理委员会", "support"),
        ("agency:北京市经济和信息化局", "lead"),
    ]  # fmt: skip


def test_it_holds_across_reindexing_and_edits_elsewhere_and_is_orphaned_when_the_task_changes(
    kb,
    corpus: Path,  # noqa: ANN001
) -> None:
    _correct_12(kb)
    kb("index", "--rebuild", str(corpus), "-q")
    assert _owners_json(kb)["agencies"][0]["name"] == "市经济和信息化局"
    # the document changes elsewhere (another task's words): the correction holds
    path = corpus / f"{BEIJING}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("甄選全球資源建設標桿孵化器", "甄選全球優質資源建設標桿孵化器"), encoding="utf-8"
    )
    out = CliRunner().invoke(main, ["--store", str(kb.store), "index", str(corpus), "-q"])
    assert out.exit_code == 0 and "updated" in out.output and "no longer applies" not in out.stderr
    assert _owners_json(kb)["agencies"][0]["name"] == "市經濟和信息化局".replace("經濟", "经济")
    # the task's own words change: orphaned, said by kb index and kb corrections, extraction holds
    path.write_text(
        path.read_text(encoding="utf-8").replace("支援國內外大企業", "支援國內大企業"), encoding="utf-8"
    )
    out = CliRunner().invoke(main, ["--store", str(kb.store), "index", str(corpus), "-q"])
    assert out.exit_code == 0
    assert (
        f"note: the correction of {BEIJING} 二（三）12 (强化大企业反向“硬孵化”, by 张三) no longer applies: "
        "the task's words changed" in out.stderr
    )
    assert [[a["name"], a["role"]] for a in _owners_json(kb)["agencies"]] == EXTRACTED_12
    assert _owners_json(kb)["task"]["corrected"] is None
    listed = kb("corrections")
    assert (
        "000_9df154392c23cece  二（三）12  强化大企业反向“硬孵化”  [ORPHANED: the task's words changed]"
        in listed
    )
    assert listed.rstrip().endswith("1 correction, 1 orphaned")
    kb("correct", BJ, "二（三）12", "--undo")
    assert kb("corrections").strip() == "0 corrections"


def test_csv_round_trip_into_another_store(kb, tmp_path: Path, corpus: Path) -> None:  # noqa: ANN001
    _correct_12(kb)
    kb("correct", "003", "二（三）3", "--none", "--note", "重复任务", "--by", "李四")
    kb("correct", "003", "二（一）1", "--deadline", "2025年底前", "--note", "会议确定", "--by", "李四")
    sheet = tmp_path / "corrections.csv"
    assert kb("corrections", "export", "-o", str(sheet)).strip() == f"wrote 3 corrections to {sheet}"
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["文件", "文号", "序号", "重点任务", "牵头单位", "配合单位", "指导单位", "完成时限", "依据",
                       "更正人", "更正时间", "原提取结果", "状态"]  # fmt: skip
    by_task = {r[2]: r for r in rows[1:]}
    assert by_task["二（三）12"][:9] == [BEIJING, BJ, "二（三）12", TASK_12, "市经济和信息化局", "市国资委；北京证监局", "",
                                        "", NOTE]  # fmt: skip
    assert by_task["二（三）12"][11].startswith("市科委、中关村管委会（牵头）；市经济和信息化局（配合）")
    assert by_task["二（三）3"][4] == "（无）" and by_task["二（一）1"][4:8] == ["", "", "", "2025年底前"]
    assert {r[12] for r in rows[1:]} == {"已应用"}

    other = CliRunner()
    store = tmp_path / "other"
    assert other.invoke(main, ["--store", str(store), "index", str(corpus), "-q"]).exit_code == 0
    done = other.invoke(main, ["--store", str(store), "corrections", "import", str(sheet)])
    assert done.exit_code == 0 and done.output.strip() == "imported 3 corrections, refused 0"
    base = KnowledgeBase.open(store)
    task = base.owners(BJ, "12").task
    assert [(r.name, str(r.role)) for r in task.responsibilities] == [
        ("市经济和信息化局", "lead"), ("市国资委", "support"), ("北京证监局", "support"),
    ]  # fmt: skip
    assert task.corrected is not None and task.corrected.by == "张三"
    assert base.owners("003", "二（三）3").task.responsibilities == ()
    assert base.owners("003", "二（一）1").task.deadline == "2025年底前"
    assert [len(t.responsibilities) for t in [base.owners("003", "二（一）1").task]] == [5]  # agencies kept


def test_a_sheet_row_whose_task_changed_is_refused_and_named(kb, tmp_path: Path) -> None:  # noqa: ANN001
    _correct_12(kb)
    sheet = tmp_path / "c.csv"
    kb("corrections", "export", "-o", str(sheet))
    text = sheet.read_text(encoding="utf-8-sig").replace(TASK_12, "另一项任务")
    sheet.write_text(text, encoding="utf-8-sig")
    err = kb("corrections", "import", str(sheet), code=1)
    assert f"error: {sheet}, row 2: task 二（三）12 of {BEIJING} is now “{TASK_12}”, not “另一项任务”" in err


def test_unknown_agency_is_refused_with_candidates_unless_new(kb) -> None:  # noqa: ANN001
    err = kb("correct", BJ, "12", "--lead", "市经信局局", "--note", NOTE, code=1)
    assert "Error: no agency named '市经信局局' is known; known: " in err and "北京市经济和信息化局" in err
    assert "add --new-agency if it is a new one" in err
    kb("correct", BJ, "12", "--lead", "市数字经济促进中心", "--note", NOTE, "--new-agency")
    assert _owners_json(kb)["agencies"] == [
        {
            "name": "市数字经济促进中心",
            "canonical": "北京市数字经济促进中心",
            "role": "lead",
            "collective": False,
            "verb": "",
            "implied": False,
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lead", "市财政局"], "say why with --note"),
        (["--none", "--lead", "市财政局", "--note", "x"], "--none says the task has no responsible unit"),
        (["--note", "x"], "nothing to correct"),
        (["--lead", "市财政局", "--support", "市财政局", "--note", "x"], "市财政局 is named twice"),
    ],
)
def test_a_correction_that_says_too_little_or_contradicts_itself(kb, args: list[str], message: str) -> None:  # noqa: ANN001
    assert message in kb("correct", BJ, "12", *args, code=1)
    assert kb("corrections").strip() == "0 corrections"


def test_undo_of_a_task_without_correction_says_so(kb) -> None:  # noqa: ANN001
    assert "task 12 of 000_9df154392c23cece has no correction" in kb("correct", BJ, "12", "--undo", code=1)


def test_a_correction_written_while_kb_index_holds_the_lock_is_refused_cleanly(kb) -> None:  # noqa: ANN001
    from kb.backends.factory import open_store

    with open_store(kb.store).locked():
        err = kb("correct", BJ, "12", "--lead", "市财政局", "--note", NOTE, code=1)
    assert err.startswith("Error: ") and "kb index" in err
    assert kb("corrections").strip() == "0 corrections"


def test_the_log_survives_sigkill_mid_write(tmp_path: Path) -> None:
    """A writer killed at any moment leaves the corrections before or after its change."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from kb.corrections import Correction, CorrectionLog
        log = CorrectionLog({str(tmp_path)!r})
        n = 0
        log.write([Correction("d", "h", "0", "w", "t", (), None, "x", "y", "z")])
        print("ready", flush=True)
        while True:
            n += 1
            log.write([Correction("d", "h", f"{{i}}", "w", "t" * 2000, (), None, "x", "y", "z") for i in range(n % 50 + 1)])
    """)
    for delay in (0.05, 0.2, 0.35):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        found = CorrectionLog(tmp_path).read()  # parses: never half a file
        assert 1 <= len(found) <= 50
