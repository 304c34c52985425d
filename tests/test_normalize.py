"""Normalisation: one function for documents and queries, script- and vocabulary-insensitive."""

from __future__ import annotations

import pytest

from kb.model import Script
from kb.normalize import (
    detect_script,
    match_key,
    normalize,
    normalize_with_offsets,
    number_key,
    original_span,
    squeeze,
    to_simplified,
)


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["知識產權", "知識産權", "智慧財產權", "智慧财产权", "知识产权"], "知识产权"),
        (["數位化", "数位化", "数字化", "數字化"], "数字化"),
        (["資訊技術", "资讯技术", "信息技术"], "信息技术"),
        (["網際網路", "互联网"], "互联网"),
        (["最佳化", "优化"], "优化"),
        (["智慧硬體", "智能硬件"], "智能硬件"),
        (["高品質發展", "高质量发展"], "高质量发展"),
        (["成果轉化套用", "成果转化应用"], "成果转化应用"),
    ],
)
def test_scripts_and_taiwan_vocabulary_meet(variants: list[str], expected: str) -> None:
    assert {normalize(v) for v in variants} == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("執行", "执行"),
        ("资料", "资料"),
        ("資料", "资料"),
        ("智慧城市", "智慧城市"),
        ("數位專家", "数位专家"),
        ("資料庫", "数据库"),
        ("执行力", "执行力"),
    ],
)
def test_exceptions_keep_mainland_words(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_width_and_case_fold() -> None:
    assert normalize("第３項 ＡＢＣ") == "第3项 abc"


def test_to_simplified_keeps_length_and_offsets() -> None:
    text = "強化大企業反向“硬孵化”(責任單位:市科委、中關村管委會)"
    out = to_simplified(text)
    assert out == "强化大企业反向“硬孵化”(责任单位:市科委、中关村管委会)"
    assert len(out) == len(text)


def test_offsets_map_a_replaced_phrase_back() -> None:
    text = "加強智慧財產權保護，推動數位化"
    norm, offsets = normalize_with_offsets(text)
    assert norm == "加强知识产权保护,推动数字化"
    start = norm.index("知识产权")
    s, e = original_span(offsets, start, start + 4)
    assert text[s:e] == "智慧財產權"
    start = norm.index("数字化")
    s, e = original_span(offsets, start, start + 3)
    assert text[s:e] == "數位化"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("北京市科學技術委員會關於印發", Script.TRADITIONAL),
        ("北京市科学技术委员会关于印发", Script.SIMPLIFIED),
        ("北京市科學技術委員會关于印发标杆孵化器培育行动方案的通知", Script.MIXED),
        ("2022年", Script.SIMPLIFIED),
    ],
)
def test_detect_script(text: str, script: Script) -> None:
    assert detect_script(text) is script


def test_keys_for_names_and_numbers() -> None:
    assert (
        number_key("京科發[2022]19號") == number_key("京科发〔2022〕19号") == number_key("京科发（2022）19号")
    )
    assert match_key("《標桿孵化器培育行動方案（2022-2025年）》") == match_key(
        "标杆孵化器培育行动方案2022—2025年"
    )
    assert squeeze("关于 促进 中关村 (征求意见稿) web3.0 XR") == "关于促进中关村(征求意见稿) web3.0 XR"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("創新標桿孵化器支援政策", "创新标杆孵化器支持政策"),
        ("创新标杆孵化器支援政策", "创新标杆孵化器支持政策"),  # simplified characters, Taiwan words
        ("實施全球創新網路融入行動", "实施全球创新网络融入行动"),
        ("提升智慧財產權服務能級", "提升知识产权服务能级"),
        ("推動數位化與最佳化", "推动数字化与优化"),
        # the exceptions of matching: mainland words OpenCC tw2sp would damage stay as written
        ("執行資料報送制度", "执行资料报送制度"),
        ("建設智慧城市", "建设智慧城市"),
        ("數位專家參與對口支援", "数位专家参与对口支援"),
        # punctuation, width and case stay: display is not matching
        ("（責任單位：市甲局；ＡＢＣ）", "（责任单位：市甲局；ＡＢＣ）"),
    ],
)
def test_display_in_simplified_script_gives_mainland_words(text: str, shown: str) -> None:
    from kb.normalize import convert, to_mainland

    assert to_mainland(text) == shown
    assert convert(text, "simplified", vocabulary=True) == shown
    assert convert(text, "simplified") == to_simplified(text)  # a mainland document: characters only
    assert convert(text, "original", vocabulary=True) == text
