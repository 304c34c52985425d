"""Task references in a question (normal form): 第十二项, 任务12, （三）, 二（三）3, 贰、（一）, 参、2,
第二部分第3项, 第N点, #12, task 12, the 12th task, item (1) of part three; and the reference
each stands for, as kb.resolve reads it (kb.labels.reference)."""

from __future__ import annotations

import re

from kb.labels import cn_number, cn_numeral
from kb.qa import glossary

_CN = "一二三四五六七八九十百零〇两"
_N = rf"(?:\d+|[{_CN}]+)"
_BIG = "壹贰参叁肆伍陆柒捌玖拾"  # the capital numerals of Taiwan's parts (壹、貳、參), in simplified script
_TASK_NOUN = r"(?:重点|主要)?(?:任务|工作|措施|举措|事项)"
_UNIT_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
)
_ORDINALS = rf"[a-z]+(?:[- ](?:{_UNIT_WORDS}))?"  # a number word (checked in task_value): twenty-one
TASK_REF = re.compile(
    # 第四部分第三项第2条: a part, the section in it, the item in that (四（三）2)
    rf"第\s*(?P<p3>[{_CN}]+)\s*部分\s*第\s*\(?(?P<m3>[{_CN}\d]+)\)?\s*(?:项|条|点)\s*第\s*(?P<i3>[{_CN}\d]+)\s*(?:项|条|点|款)"
    # 第四部分第（一）项, 第二部分（三）3: a part of the document, then the item in it
    rf"|第\s*(?P<part>[{_CN}]+)\s*(?:部分|大项)\s*(?:(?:(?!第)[\u4e00-\u9fff]){{2,12}}\s*(?=第))?"
    rf"第?\s*(?P<within>\([{_CN}]+\)(?:\d+)?|[{_CN}\d]+)?\s*(?:项|条)?"
    rf"|第\s*(?P<ppart>\([{_CN}]+\))\s*部分\s*第?\s*(?P<pwithin>\d+)?\s*(?:项|条)?"  # 第（三）部分第1项
    rf"|第?(?P<path>(?:[{_CN}]+|[{_BIG}]{{1,2}})、?\([{_CN}]+\)(?:\d+(?:-\d+)?|\(\d+\))?|\([{_CN}]+\)\d+(?:-\d+)?)"
    rf"|(?P<big>[{_BIG}]{{1,2}})、?\s*(?P<bigitem>\d{{1,3}})(?![\d.])"  # 参、2: item 2 of part 参
    # （一）优化空间布局第2项: the item under the heading its label and words name
    rf"|(?P<hpar>\([{_CN}]+\))[\u4e00-\u9fff]{{2,16}}?(?:中|里|下)?的?第\s*(?P<hitem>\d+|[{_CN}]+)\s*(?:项|条|点)"
    # 贰、一: item 一 of part 贰
    rf"|(?P<bigcn>[{_BIG}]{{1,2}})、\s*(?P<bigcnitem>[一二三四五六七八九十]{{1,3}})(?![、.\d])"
    # 第二条第（二）项, 第三条（一）, 第二条第3项: the item under an article (第二条（二）)
    rf"|第\s*(?P<art>{_N})\s*条\s*(?:第\s*)?(?:(?P<artpar>\([{_CN}\d]+\))\s*(?:项|款)?|(?P<artitem>{_N})\s*(?:项|款))"
    # 第（二）项第1条, 第（二）条第1项: item 1 under the item printed （二） (the path （二）1)
    rf"|第\s*(?P<under>\([{_CN}]+\))\s*(?:项|条)\s*第\s*(?P<underitem>[{_CN}\d]+)\s*(?:项|条|点|款)"
    r"|第\s*(?P<dotted>\d{1,3}(?:\.\d{1,3}){1,3})\s*(?:项|条|点|款)?"  # 第2.3项: the item printed 2.3
    rf"|第\s*(?P<ord>{_N})\s*(?P<kind>项|条|个|款|点)\s*{_TASK_NOUN}?"
    rf"|第\s*(?P<ord2>{_N})\s*{_TASK_NOUN}"
    rf"|第\s*(?P<paren>\([{_CN}]+\))\s*(?:项|条)?\s*{_TASK_NOUN}?"
    rf"|(?:任务|事项|措施|条目)\s*(?:编号|序号)?\s*(?P<after>\d+(?![\d年])|[{_CN}]+(?![{_CN}]*[项条个共起样同道般些直致览体批步系揽]))"
    r"|(?<![\d.第几])(?P<bare>\d+)\s*项(?!目)"
    r"|#\s*(?P<seq>\d+)"
    # 最后一项, 最后一条任务, 倒数第二项: a position counted from the end (#-1, #-2)
    rf"|(?:最后|倒数第)\s*(?P<back>[{_CN}\d]+)\s*(?:项|条|个)\s*{_TASK_NOUN}?"
    # item (1) of part three, task 2 in section 3: the item inside a part (三（一）, 三2); task 2 in
    # section I (2): 一（二）2
    rf"|\b(?:(?:task|item|measure|point)\s*)?(?:\((?P<pitem>\d{{1,2}})\)|(?P<nitem>\d{{1,2}}))\s+(?:of|in|under)\s+"
    rf"(?:the\s+)?(?:part|section|chapter)\s+(?P<epart>\d{{1,2}}|{_UNIT_WORDS}|ten|[ivx]{{1,4}})\b"
    r"(?:\s*\((?P<esub>\d{1,2})\))?"
    # task 2 under (1): the item under the heading （一）
    r"|\b(?:task|item|measure|point)\s*(?P<uitem>\d{1,2})\s+(?:of|in|under)\s+(?:heading\s+|item\s+)?"
    r"\((?P<upar>\d{1,2})\)"
    rf"|\b(?:part|section|chapter)\s+(?P<epart2>\d{{1,2}}|{_UNIT_WORDS}|ten|[ivx]{{1,4}})\s*,?\s*"
    rf"(?:task|item|measure|point)\s*(?:\((?P<pitem2>\d{{1,2}})\)|(?P<nitem2>\d{{1,2}}))"
    rf"|\b(?:task|item|measure|action|point|reform|commitment)s?\s*(?:no\.?|number|#)?\s*(?P<en>\d+(?![\d(]|-\d|\.\d)|(?:{_ORDINALS})\b)"
    rf"|\b(?:the\s+)?(?P<nth>\d+)(?:st|nd|rd|th)\s+(?:task|item|measure|action|point)\b"
    rf"|\b(?:the\s+)?(?P<word>{_ORDINALS})\s+(?:task|item|measure|action|point)\b"
    r"|\b(?P<enpath>\d{1,2})\s*\((?P<enpar>\d{1,2})\)(?:\s*(?P<enitem>\d{1,3})\b)?"  # 2(7), 3(1)2: 二（七）
    r"|\b(?:part|chapter|section)\s+(?P<enpart>\d{1,2})\b(?![.(])"  # part 3: 三, the part printed 三、
    rf"|(?P<lone>\([{_CN}]+\)|\(\d+\))"
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def _part_number(word: str) -> int | None:
    """A part's number as an English question writes it: 3, three, third, III."""
    if word.isdigit():
        return int(word)
    return _ROMAN.get(word) or glossary.NUMBER_WORDS.get(word)


def task_value(m: re.Match[str], english: bool = False) -> str | None:
    """The reference a task pattern matched, as kb.resolve reads it: 12, 十二, 第十二条, （三）,
    二（三）3, #12. In English, `(14)` is item （十四） (kb.resolve also tries （14）) and `2(7)`
    the path 二（七）: an English question cannot write the numerals as the document does."""
    g = m.groupdict()
    if g["ppart"]:
        return g["ppart"].replace("(", "（").replace(")", "）") + (g["pwithin"] or "")
    if g["p3"]:
        middle = g["m3"] if not g["m3"].isdigit() else cn_numeral(int(g["m3"]))
        item = g["i3"] if g["i3"].isdigit() else str(cn_number(g["i3"]))
        return f"{g['p3']}（{middle}）{item}"
    if g["epart"] or g["epart2"]:
        part = _part_number(g["epart"] or g["epart2"])
        paren, plain = g["pitem"] or g["pitem2"], g["nitem"] or g["nitem2"]
        if part is None:
            return None
        sub = f"（{cn_numeral(int(g['esub']))}）" if g["esub"] else ""
        return cn_numeral(part) + sub + (f"（{cn_numeral(int(paren))}）" if paren else str(int(plain)))
    if g["hpar"]:
        item = g["hitem"] if g["hitem"].isdigit() else str(cn_number(g["hitem"]))
        return g["hpar"].replace("(", "（").replace(")", "）") + item
    if g["uitem"]:
        return f"（{cn_numeral(int(g['upar']))}）{int(g['uitem'])}"
    if g["enpart"]:
        return cn_numeral(int(g["enpart"]))
    if g["enpath"]:
        return f"{cn_numeral(int(g['enpath']))}（{cn_numeral(int(g['enpar']))}）{g['enitem'] or ''}"
    if english and g["lone"] and g["lone"][1:-1].isdigit():
        return f"（{cn_numeral(int(g['lone'][1:-1]))}）"
    if g["part"]:
        within = (g["within"] or "").replace("(", "（").replace(")", "）")
        if within and not within.startswith("（"):  # 第二部分第3项: the item as a number
            within = str(cn_number(within))
        return g["part"] + within
    if g["path"]:
        return g["path"].replace("、", "").replace("(", "（").replace(")", "）")
    if g["big"]:
        return g["big"] + str(int(g["bigitem"]))
    if g["bigcn"]:
        return g["bigcn"] + g["bigcnitem"]
    if g["under"]:
        item = g["underitem"] if g["underitem"].isdigit() else str(cn_number(g["underitem"]))
        return g["under"].replace("(", "（").replace(")", "）") + item
    if g["art"]:
        article = f"第{cn_numeral(cn_number(g['art']))}条"
        item = g["artpar"] or (g["artitem"] if g["artitem"].isdigit() else f"({g['artitem']})")
        return article + item.replace("(", "（").replace(")", "）")
    if g["dotted"]:
        return g["dotted"]
    if g["ord"]:  # the number as typed (十二 or 12): an item, or an article (第十二条)
        if g["kind"] == "点":  # 第2点: point 2, printed 二、 or 2. (kb.labels reads both)
            return f"第{g['ord']}点"
        return f"第{cn_numeral(cn_number(g['ord']))}条" if g["kind"] in ("条", "款") else g["ord"]
    for name in ("ord2", "after", "nth", "bare"):
        if g[name]:
            return g[name]
    if g["paren"] or g["lone"]:
        return (g["paren"] or g["lone"]).replace("(", "（").replace(")", "）")
    if g["seq"]:
        return f"#{int(g['seq'])}"
    if g["back"]:
        return f"#-{g['back'] if g['back'].isdigit() else cn_number(g['back'])}"
    word = g["en"] or g["word"]
    if word:
        if word.isdigit():
            return word
        number = glossary.NUMBER_WORDS.get(word)
        return str(number) if number is not None else None
    return None
