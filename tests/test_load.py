"""Loading: encodings, containers, broken files and discovery, on real files in tmp_path."""

from __future__ import annotations

import json
import os
import pickle
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import docx
import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from indexer import load
from indexer.document import parse
from indexer.load import LoadError, Source

POLICY = "关于印发《上海市促进人工智能产业发展行动方案》的通知\n各区人民政府：\n现将方案印发。"
POLICY_TRAD = "關於印發《臺北市促進人工智慧產業發展行動方案》的通知\n各區公所：\n現將方案印發。"
NOT_TEXT = "not UTF-8, GB18030, Big5 or UTF-16 text (binary data?)"
SUPPORTED = ".txt, .md, .markdown, .html, .htm, .docx, .xlsx, .csv, .pdf, .jsonl"


def read_one(path: Path) -> Source | LoadError:
    items = list(load.read(path))
    assert len(items) == 1, items
    return items[0]


def source(path: Path) -> Source:
    item = read_one(path)
    assert isinstance(item, Source), item
    return item


def cause(path: Path) -> str:
    item = read_one(path)
    assert isinstance(item, LoadError), item
    return item.cause


# --- text encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "encoding"),
    [
        (POLICY, POLICY.encode("utf-8"), "utf-8"),
        (POLICY, POLICY.encode("utf-8-sig"), "utf-8-sig"),
        (POLICY, POLICY.encode("gbk"), "gb18030"),
        (POLICY + "𠮷€", (POLICY + "𠮷€").encode("gb18030"), "gb18030"),  # 4-byte sequences
        (POLICY_TRAD, POLICY_TRAD.encode("big5"), "big5"),
        (POLICY, b"\xff\xfe" + POLICY.encode("utf-16-le"), "utf-16"),
        (POLICY, b"\xfe\xff" + POLICY.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "big5", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_text_encodings(tmp_path: Path, text: str, data: bytes, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert source(path) == Source("doc", str(path), None, text, encoding, "txt")


def test_short_gbk_is_not_taken_for_big5() -> None:
    # charset-normalizer calls these four bytes Big5 ("籵眭"); both decode strictly.
    assert load.decode(b"\xcd\xa8\xd6\xaa") == ("通知", "gb18030")
    assert load.decode("通知".encode("big5")) == ("通知", "big5")
    assert load.decode("關於".encode("big5")) == ("關於", "big5")


def test_big5_extensions_fall_back_to_cp950() -> None:
    text = "圍棋：碁"  # 碁 is an ETEN extension, outside plain Big5
    assert load.decode(text.encode("cp950")) == (text, "cp950")


def test_utf16_without_bom() -> None:
    text = "Notice 2024-01\r\n关于开展检查的通知\r\n"
    assert load.decode(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert load.decode(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_line_endings_kept(tmp_path: Path) -> None:
    text = "第一条 总则\r\n第二条 适用范围\n第三条 职责\r第四条 附则\r\n\r\n"
    path = tmp_path / "mixed.md"
    path.write_bytes(text.encode("utf-8"))
    doc = source(path)
    assert (doc.text, doc.format, doc.id) == (text, "md", "mixed")


def test_binary_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert cause(path) == NOT_TEXT


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            "一、任务\n1.推进建设。\n".encode() + b"\xff" + "2.完善机制。\n".encode(),
            "一、任务\n1.推进建设。\n\ufffd2.完善机制。\n",
        ),
        (
            "一、任务\n1.推进建设。".encode() + "机".encode()[:2],
            "一、任务\n1.推进建设。\ufffd",
        ),  # last character cut off
    ],
    ids=["stray-byte", "cut-off"],
)
def test_utf8_with_a_few_bad_bytes_is_read_with_them_replaced(data: bytes, text: str) -> None:
    assert load.decode(data) == (text, "utf-8 (invalid bytes replaced)")


def test_control_characters_are_binary() -> None:
    with pytest.raises(ValueError, match=r"^not UTF-8, GB18030, Big5 or UTF-16 text"):
        load.decode(b"abc\x01\x02\x03def\x04\x05\x06" * 10)
    assert load.decode("通知\x1a".encode("gbk")) == ("通知\x1a", "gb18030")  # DOS end mark


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert cause(path) == "empty file"


def test_large_single_line_memory(tmp_path: Path) -> None:
    path = tmp_path / "one line.txt"
    line = "第一条 为了规范口岸开放，提高口岸通关效率，保障口岸安全畅通。" * 1000
    repeats = 20_000_000 // len(line.encode("utf-8"))
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(repeats):
            f.write(line)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        doc = source(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * size  # bytes and text are held together once, briefly
    assert doc.text == line * repeats


@given(st.binary(max_size=300))
def test_decode_returns_text_or_value_error(data: bytes) -> None:
    try:
        text, encoding = load.decode(data)
    except ValueError as e:
        assert str(e)
    else:
        assert isinstance(text, str) and encoding


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(load.SUPPORTED))
def test_read_never_raises(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "x" + suffix)
        path.write_bytes(data)
        for item in load.read(path):
            assert isinstance(item, Source | LoadError)


# --- HTML ----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title> 关于印发行动方案
  的通知 </title><style>p { color: red }</style><script>var s = "脚本";</script></head>
<body><header>网站首页</header><nav><a>首页</a> &gt; <a>政策文件</a></nav>
<div class="content"><h1>关于印发行动方案的通知</h1>
<p>各区人民政府，
市各有关部门：</p><p>现将《行动方案》印发给你们。<br>请认真贯彻执行。</p>
<table><tr><th>序号</th><th>任务</th><th>责任单位</th></tr>
<tr><td>1</td><td> 建设平台 </td><td>市科委</td></tr></table>
<!-- 注释 --><form><input value="搜索"><button>搜索</button></form>
<p>Open   data,
 open   government.</p></div>
<footer>版权所有</footer><noscript>请启用脚本</noscript></body></html>"""


def test_html_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("gbk"))
    doc = source(path)
    assert doc.text == (
        "关于印发行动方案的通知\n"
        "各区人民政府，市各有关部门：\n"
        "现将《行动方案》印发给你们。\n"
        "请认真贯彻执行。\n"
        "序号\t任务\t责任单位\n"
        "1\t建设平台\t市科委\n"
        "Open data, open government."
    )
    assert (doc.title, doc.encoding, doc.format, doc.id) == (
        "关于印发行动方案的通知",
        "gb18030",
        "html",
        "page",
    )


def test_html_cells_spanning_rows_and_columns_fill_their_places(tmp_path: Path) -> None:
    path = tmp_path / "table.html"
    path.write_text(
        "<table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>"
        "<tr><td colspan='5'>一、优化营商环境</td></tr>"
        "<tr><td>1</td><td>深化商事制度改革。</td><td rowspan='2'>市市场监管局</td><td>市税务局</td>"
        "<td rowspan='3'>2024年底前</td></tr>"
        "<tr><td>2</td><td>优化纳税服务。</td><td>市财政局</td></tr>"
        "<tr><td>3</td><td colspan='2'>推进一网通办。</td><td>市司法局</td></tr></table>",
        encoding="utf-8",
    )
    assert source(path).text == (
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "一、优化营商环境\n"
        "1\t深化商事制度改革。\t市市场监管局\t市税务局\t2024年底前\n"
        "2\t优化纳税服务。\t市市场监管局\t市财政局\t2024年底前\n"
        "3\t推进一网通办。\t\t市司法局\t2024年底前"
    )


def test_html_article_keeps_its_header(tmp_path: Path) -> None:
    path = tmp_path / "article.htm"
    path.write_text(
        "<header>门户</header><article><header><h1>实施意见</h1></header><p>正文。</p>"
        "<footer>市政府办公厅</footer></article><footer>联系我们</footer>",
        encoding="utf-8",
    )
    assert source(path).text == "实施意见\n正文。\n市政府办公厅"


def test_malformed_html(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text(
        "<p>段落一<div>段落二<p>段落三</b></i><table><tr><td>甲<td>乙</table>末尾<li>条目<p",
        encoding="utf-8",
    )
    doc = source(path)
    assert (doc.text, doc.title) == ("段落一\n段落二\n段落三\n甲\t乙\n末尾\n条目", None)


# A crawler's .txt: the portal's content cell cut out of the page, as gov.cn serves it.
FRAGMENT = (
    '<tbody> \n <tr> \n  <td class="b12c" id="UCAP-CONTENT"><p style="text-align: center;">'
    "<span>{title1}</span></p> <p><span>{title2}</span></p> <p>{number}</p>"
    "<p><br> </p><p>{addressees}</p><p><span>一、{heading}</span></p>"
    "<p>（一）{item}。{text}（{marker}）</p>"
    "<table><tr><td><p>序号</p></td><td><p>任务</p></td><td><p>{unit_column}</p></td></tr>"
    "<tr><td><p>1</p></td><td><p>{task}</p><p>{more}</p></td><td><p>市丙局</p></td></tr></table>"
    "<p>{issuer}&nbsp;&nbsp;&nbsp;&nbsp;</p><p>2024年3月1日&nbsp;&nbsp;</p></td></tr></tbody>"
)
FRAGMENT_FIELDS = {
    "title1": "某市人民政府关于加快",
    "title2": "建设孵化器的意见",
    "number": "某政发〔2024〕3号",
    "addressees": "各区人民政府，市政府各部门：",
    "heading": "重点任务",
    "item": "建设平台",
    "text": "推进建设。",
    "marker": "市甲局、市乙委负责",
    "unit_column": "责任单位",
    "task": "培育企业。",
    "more": "加强服务。",
    "issuer": "某市人民政府",
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_txt_holding_html_is_read_as_html(tmp_path: Path, script: str) -> None:
    fields = FRAGMENT_FIELDS
    if script == "traditional":
        convert = opencc.OpenCC("s2tw").convert
        fields = {k: convert(v) for k, v in fields.items()}
    path = tmp_path / "page.txt"
    path.write_text(FRAGMENT.format(**fields), encoding="utf-8")
    doc = source(path)
    f = fields
    assert doc.format == "html"
    assert doc.text.split("\n") == [
        f["title1"], f["title2"], f["number"], f["addressees"], f"一、{f['heading']}",
        f"（一）{f['item']}。{f['text']}（{f['marker']}）",
        f"序号\t任务\t{f['unit_column']}",
        f"1\t{f['task']} {f['more']}\t市丙局",  # a cell's paragraphs joined as .docx cells are
        f["issuer"], "2024年3月1日",  # &nbsp; padding is not text
    ]  # fmt: skip
    meta = parse(doc).meta
    assert (meta.title, meta.doc_number, meta.dates.written, meta.issuers) == (
        "某市人民政府关于加快建设孵化器的意见", "某政发〔2024〕3号", "2024-03-01", ("某市人民政府",),
    )  # fmt: skip


def test_text_that_only_mentions_markup_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    text = "<!-- INFO END -->\n# 某市条例\n第一条 为了规范<p>标签的使用，制定本条例。\n"
    path.write_text(text, encoding="utf-8")
    doc = source(path)
    assert (doc.format, doc.text) == ("txt", text)
    assert load.is_html("<p>正文</p>") and load.is_html("  <!-- x -->\n<TABLE><tr><td>甲</td></tr></TABLE>")
    assert not load.is_html("正文 <br> 之后") and not load.is_html("<甲>乙")


def test_a_portal_page_laid_out_in_one_cell_keeps_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "layout.html"
    path.write_text(
        "<table><tr><td><p>标题</p><p>正文第一段。</p>"
        "<table><tr><td>1</td><td><p>甲任务</p></td><td>市甲局</td></tr></table></td></tr></table>"
        "<table><tr><td><p>第二页</p><p>末段。</p></td></tr></table>",
        encoding="utf-8",
    )
    assert source(path).text == "标题\n正文第一段。\n1\t甲任务\t市甲局\n第二页\n末段。"
    path.write_text("<tbody><tr><td><p>标题</p><p>正文。</p></td></tr></tbody>", encoding="utf-8")
    assert source(path).text == "标题\n正文。"  # a cell cut out of its table


def test_html_wrong_declared_charset_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "gbk.html"
    path.write_bytes('<meta charset="utf-8"><p>通知正文</p>'.encode("gbk"))
    doc = source(path)
    assert (doc.text, doc.encoding) == ("通知正文", "gb18030")


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text("<html><body><script>render()</script><nav>菜单</nav></body></html>")
    assert cause(path) == "no text in page (only scripts, navigation or markup)"


# --- .docx ---------------------------------------------------------------------------------


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于开展专项检查的通知")
    document.add_paragraph("各有关单位：")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "任务", "责任单位"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["1", "建设平台", "市科委、市经信委"], strict=True):
        cell.text = value
    document.add_paragraph("特此通知。")
    document.save(str(path))


def test_docx_paragraphs_and_table(tmp_path: Path) -> None:
    path = tmp_path / "通知.docx"
    make_docx(path)
    doc = source(path)
    assert doc.text == (
        "关于开展专项检查的通知\n各有关单位：\n序号\t任务\t责任单位\n1\t建设平台\t市科委、市经信委\n特此通知。"
    )
    assert (doc.id, doc.encoding, doc.format) == ("通知", "docx", "docx")


def test_truncated_docx(tmp_path: Path) -> None:
    whole = tmp_path / "whole.docx"
    make_docx(whole)
    path = tmp_path / "cut.docx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert cause(path) == "truncated or corrupt .docx (not a zip archive)"


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert cause(path).startswith("corrupt .docx (")


def write_zeros(path: Path, size: int) -> None:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):  # 1 MB at a time: the test never holds the whole member
            member.write(chunk)


def test_zip_bomb_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    write_zeros(path, 300 << 20)
    assert cause(path) == "refused: .docx would expand to 315 MB (limit 200 MB)"


def test_zip_bomb_refused_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "dense.docx"
    write_zeros(path, 20 << 20)
    assert cause(path).startswith("refused: .docx member word/document.xml expands ")
    assert cause(path).endswith(":1 (zip bomb?)")


# --- .pdf ----------------------------------------------------------------------------------


def make_pdf(pages: list[str]) -> bytes:
    """A minimal PDF, one Helvetica text object per page, with a correct xref table."""
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_with_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    path.write_bytes(make_pdf(["Notice on open data", "Article 2 applies"]))
    doc = source(path)
    assert (doc.text, doc.encoding, doc.format) == ("Notice on open data\nArticle 2 applies", "pdf", "pdf")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as f:
        writer.write(f)
    assert cause(path) == "no text layer; OCR is not supported"


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", "Readable without a password"),
        ("secret", "encrypted .pdf; remove the password and index it again"),
    ],
)
def test_encrypted_pdf(tmp_path: Path, password: str, expected: str) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf(["Readable without a password"]))
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    item = read_one(path)
    assert (item.text if isinstance(item, Source) else item.cause) == expected


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    assert cause(path).startswith("corrupt or unreadable .pdf (")


# --- .jsonl --------------------------------------------------------------------------------

LAW_ID = "lawrefbook/DLC/上海地方法规/地方性法规/上海/上海口岸服务条例(2020-05-14)"


def test_jsonl_good_and_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "bulk.jsonl"
    good = {
        "id": LAW_ID,
        "title": "上海口岸服务条例",
        "text": "# 上海口岸服务条例\r\n\n第一条 …",
        "source": "github:LawRefBook/Laws",
        "category": "地方性法规",
    }
    other = {
        "id": "gov/1",
        "text": "通知正文",
        "date": "2019-01-02",
        "doc_no": "国办发〔2019〕1号",
        "year": 2019,
        "tags": ["a", "b"],
        "url": None,
    }
    lines = [
        json.dumps(good, ensure_ascii=False),
        '{"id": "x" "text": "y"}',
        "   ",
        json.dumps(other, ensure_ascii=False),
        '{"id": "gov/2"}',
        "[1, 2]",
        '{"id": "gov/3", "text": "未完',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(load.read(path))
    assert items[0] == Source(
        LAW_ID,
        str(path),
        1,
        good["text"],
        "utf-8",
        "jsonl",
        "上海口岸服务条例",
        {"source": "github:LawRefBook/Laws", "category": "地方性法规"},
    )
    assert str(items[1]) == f"{path}:2: invalid JSON: Expecting ',' delimiter at column 12"
    assert items[2] == Source(
        "gov/1",
        str(path),
        4,
        "通知正文",
        "utf-8",
        "jsonl",
        None,
        {"date": "2019-01-02", "doc_no": "国办发〔2019〕1号", "year": "2019", "tags": '["a", "b"]'},
    )
    assert [str(e) for e in items[3:]] == [
        f'{path}:5: missing "text"',
        f"{path}:6: not a JSON object",
        f"{path}:7: invalid JSON: Unterminated string starting at column 25",
    ]


def test_jsonl_text_holding_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    records = [
        {"id": "a", "text": "<html><head><title>關於印發方案的通知</title></head><body><p>通知正文</p><p>一、任務</p></body></html>"},
        {"id": "b", "title": "自带标题", "text": "<div><p>正文</p></div>"},
        {"id": "c", "text": "<div><script>x()</script></div>"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    a, b, c = load.read(path)
    assert isinstance(a, Source) and (a.text, a.title) == ("通知正文\n一、任務", "關於印發方案的通知")
    assert isinstance(b, Source) and (b.text, b.title) == ("正文", "自带标题")
    assert str(c) == f'{path}:3: "text" is HTML without text'


def test_jsonl_line_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good, bad = '{"id": "a", "text": "甲"}\n', '{"id": "b", "text": "乙"}\n'
    path.write_bytes(good.encode("utf-8") + bad.encode("gbk"))
    first, second = load.read(path)
    assert isinstance(first, Source) and first.text == "甲"
    assert str(second) == f"{path}:2: not UTF-8 (JSON Lines files must be UTF-8)"


def test_text_file_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_TEXT_BYTES", 2_000_000)
    for name in ("big.txt", "big.html", "big.md"):
        (tmp_path / name).write_text("通知" * 1_000_000, encoding="utf-8")  # 6 MB
        assert cause(tmp_path / name) == "too large (6 MB; at most 2 MB of text): split it into smaller files"
    (tmp_path / "fits.txt").write_text("通知" * 300_000, encoding="utf-8")
    assert source(tmp_path / "fits.txt").text == "通知" * 300_000


def test_jsonl_line_over_the_limit_is_skipped_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The long line is read past in pieces, never whole; the lines after it keep their numbers."""
    monkeypatch.setattr(load, "MAX_TEXT_BYTES", 2_000_000)
    path = tmp_path / "bulk.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"id": "a", "text": "甲"}\n')
        f.write(json.dumps({"id": "big", "text": "乙" * 1_700_000}, ensure_ascii=False) + "\n")  # 5.1 MB
        f.write('{"id": "c", "text": "丙"}\n')
        f.write(json.dumps({"id": "last", "text": "丁" * 900_000}, ensure_ascii=False))  # 2.7 MB, no newline
    first, big, third, last = load.read(path)
    assert isinstance(first, Source) and (first.id, first.line) == ("a", 1)
    assert str(big) == f"{path}:2: line too long (5 MB; at most 2 MB): split the document"
    assert isinstance(third, Source) and (third.id, third.line) == ("c", 3)
    assert str(last) == f"{path}:4: line too long (3 MB; at most 2 MB): split the document"


# --- files and folders ---------------------------------------------------------------------


def test_name_with_spaces_and_chinese(tmp_path: Path) -> None:
    path = tmp_path / "北京市 关于印发 通知.2024.txt"
    path.write_text("通知正文", encoding="utf-8")
    found, errors = load.discover([tmp_path])
    assert (found, errors) == ([path], [])
    expected = Source("北京市 关于印发 通知.2024", str(path), None, "通知正文", "utf-8", "txt")
    assert source(path) == expected


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    found, errors = load.discover([missing])
    assert found == []
    assert [str(e) for e in errors] == [f"{missing}: no such file or directory"]
    assert cause(missing) == "no such file or directory"
    assert cause(tmp_path) == "is a directory"


def test_unsupported_extension_given_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "table.xyz"
    path.write_text("a,b")
    found, errors = load.discover([path])
    assert found == []
    assert [(e.path, e.cause) for e in errors] == [
        (str(path), f"unsupported file type .xyz; supported: {SUPPORTED}")
    ]


def test_folder_walk_with_symlink_loop(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    for name in ["a.txt", "B.HTM", "sub/c.md", "sub/d.jsonl", ".hidden.txt", ".git/e.txt", "notes.xyz"]:
        (root / name).write_text("x", encoding="utf-8")
    os.symlink(root, root / "sub" / "loop")  # docs/sub/loop -> docs
    os.symlink(root / "a.txt", root / "sub" / "alias.txt")  # the same file twice
    os.symlink(root / "gone.txt", root / "dangling.txt")
    found, errors = load.discover([root, root / "a.txt", root / ".hidden.txt"])
    assert found == [
        root / ".hidden.txt",
        root / "B.HTM",
        root / "a.txt",
        root / "sub" / "c.md",
        root / "sub" / "d.jsonl",
    ]
    assert [str(e) for e in errors] == [f"{root / 'dangling.txt'}: broken symbolic link"]


def test_load_error_format_and_pickle() -> None:
    error = LoadError("a/b.jsonl", 'missing "text"', line=3)
    assert str(error) == 'a/b.jsonl:3: missing "text"'
    assert str(LoadError(Path("c.txt"), "empty file")) == "c.txt: empty file"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.cause, copy.line, str(copy)) == (error.path, error.cause, error.line, str(error))
