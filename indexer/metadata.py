"""Metadata: title, issuers, document number, dates, jurisdiction and addressees.

Sources, most reliable first: a portal's labelled block (`[发文字号] …`), fields the container
gives (.jsonl `doc_no`, `date`), the signature block above the date, the title line, a
publication note (`X印发《Y》`), and the document number's province abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from indexer import lines
from indexer.clean import Views, plain
from indexer.dates import DATE, iso_date
from indexer.page_titles import is_banner, without_site
from indexer.parts import FIELD, LABELLED, Layout
from kb import places
from kb.agencies import split_issuers
from kb.model import Dates, Metadata, PartKind, Span
from kb.normalize import DOC_NUMBER_MAINLAND as MAINLAND_NUMBER
from kb.normalize import DOC_NUMBER_TAIWAN as TAIWAN_NUMBER
from kb.normalize import squeeze, to_simplified

DOC_NUMBER = re.compile(MAINLAND_NUMBER)
_TAIWAN_NUMBER = re.compile(TAIWAN_NUMBER)
_INLINE_SIGNATURE = re.compile(
    rf"[。！][ \t\u3000]+((?:[^\s。，；：]{{3,40}}[ \t\u3000]+){{1,8}}?)(?:{DATE.pattern})"
)
_DATE_LINE = re.compile(rf"^[ \t\u3000]*(?:{DATE.pattern})[ \t\u3000]*$", re.MULTILINE)
_DOC_TYPES = (
    "通知|通告|公告|意见|方案|办法|规定|条例|措施|决定|细则|规划|计划|纲要|报告|批复|函|决议|指引|"
    "指南|政策|纪要|规则|章程|要点|安排|清单|目录|公报|法|令|守则|标准|说明|纲领|蓝图|白皮书"
)
_TITLE_LINE = re.compile(
    rf"^[ \t\u3000]*([^\n。；]{{4,150}}?(?:{_DOC_TYPES})"
    r"(?:[ \t\u3000]*[（(][^\n）)]{1,20}[）)])?)[ \t\u3000]*$",
    re.MULTILINE,
)
_MARKDOWN_TITLE = re.compile(r"^[ \t]*#[ \t]+(\S[^\n]*?)[ \t#]*$", re.MULTILINE)  # `# title`, one #
_PUBLICATION = re.compile(r"([^\n，。,：:\d]{4,40}?)(?:联合)?印发(?:了)?《([^《》\n]{4,100})》")
_EFFECTIVE = re.compile(
    r"本[^\n。]{0,12}?(?:自|从)[ \t]*(?:((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)|(印发|发布|公布)之日)"
    r"起(?:施行|实施|执行)"
)
_PUBLISHED_LINE = re.compile(r"(?:发表于|发布时间|发布日期|发文日期|时间)[：:][ \t]*([0-9年月日\-./ ]{8,14})")
_ADDRESSEES = re.compile(
    r"(?:^|(?<=[\n]))[ \t\u3000]*([^\n。：]{2,160}?)[：][ \t\u3000]*(?=\S|$)", re.MULTILINE
)
_ADDRESSEE_WORDS = re.compile(r"^各|有关部门|有关单位|人民政府|各部门|各委|各直属|各区|各市|各县")
_LABELS = {
    "title": ("标题", "名称", "文件名称", "文件标题", "title"),
    "issuers": (
        "发文机构",
        "发布机构",
        "发文机关",
        "制定机关",
        "发布部门",
        "颁布机关",
        "发文单位",
        "发布单位",
        "发文部门",
        "制发机关",
        "issuer",  # English keys of a Markdown file's front matter
        "issuers",
        "publisher",
    ),
    "joint": ("联合发文单位", "联合发布单位"),
    "doc_number": ("发文字号", "文号", "发布文号", "doc_number", "document_number", "doc_no", "number"),
    "written": ("成文日期", "发文日期", "written"),
    "published": ("发布日期", "公布日期", "发布时间", "date", "published"),
    "effective": ("实施日期", "施行日期", "生效日期", "effective"),
    "repealed": ("废止日期", "失效日期"),
}


def metadata(views: Views, lay: Layout, title: str | None, fields: Mapping[str, str]) -> Metadata:
    """The metadata of a document from its views, layout and container fields."""
    labelled = _labelled(views, lay)
    title_span = _title_span(views, lay, labelled)
    title = without_site(title) if title and not is_banner(title) else None
    if title:
        title_s, title_o = squeeze(to_simplified(title)), squeeze(title)
    else:  # a first line may be a page's title too: `…方案_某市人民政府`
        title_s, title_o = (
            (plain(views, title_span), plain(views, title_span, original=True))
            if title_span is not None
            else _fallback_title(views, lay)
        )
        title_s, title_o = without_site(title_s), without_site(title_o)
    issuers = _issuers(views, lay, labelled, title_s)
    number = labelled.get("doc_number") or fields.get("doc_no") or _doc_number(views, lay, title_span)
    dates = _dates(views, lay, labelled, fields)
    return Metadata(
        title=title_s,
        title_original=title_o,
        doc_number=squeeze(to_simplified(number)) if number else None,
        issuers=issuers,
        dates=dates,
        jurisdiction=_jurisdiction(views, issuers, title_s, number)
        or _head_place(views, lay, title_span)
        or _hong_kong(views)
        or _taiwan(views),
        addressees=_addressees(views, lay),
    )


def _labelled(views: Views, lay: Layout) -> dict[str, str]:
    """Fields of a portal's labelled block or a Markdown file's front matter, by our names."""
    out: dict[str, str] = {}
    for part in lay.parts:
        if part.kind is not PartKind.HEADER:
            continue
        found = list(LABELLED.finditer(views.view, part.span.start, part.span.end))
        if views.simplified.startswith("---", part.span.start):  # front matter: `文号: …`
            found += FIELD.finditer(views.simplified, part.span.start, part.span.end)
        for m in found:
            label = re.sub(r"\s+", "", m.group(1)).lower()
            value = views.simplified[m.start(2) : m.end(2)].strip().strip("\"'")
            for key, names in _LABELS.items():
                if m.re is FIELD and key == "issuers":
                    # An export's 发布单位 is the site's owner as often as the issuer, or a short
                    # name (区政府办公室): the signature and the title come first.
                    key = "listed_issuers"
                if label in names and value and key not in out:
                    out[key] = value
    return out


def _body_start(lay: Layout) -> Span:
    """The notice if there is one, else the body: where header facts are printed."""
    for kind in (PartKind.NOTICE, PartKind.BODY):
        for part in lay.parts:
            if part.kind is kind:
                return part.span
    return lay.parts[-1].span if lay.parts else Span(0, 0)


def _title_span(views: Views, lay: Layout, labelled: dict[str, str]) -> Span | None:
    """Where the title is printed: the first title-like line near the top."""
    if "title" in labelled:
        value = labelled["title"]
        pos = views.simplified.find(value)
        return Span(pos, pos + len(value)) if pos != -1 else None
    area = _body_start(lay)
    limit = min(area.end, area.start + 1500)
    heading = _MARKDOWN_TITLE.search(views.simplified, area.start, limit)
    if heading is not None:  # Markdown says which line is the title: `# 2-1 全国性公民投票案电子连署`
        return Span(heading.start(1), heading.end(1))
    for m in _TITLE_LINE.finditer(views.view, area.start, limit):
        line = m.group(1)
        if not re.match(
            r"[ \t\u3000]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|第)", line
        ):
            return Span(_title_start(views.view, m.start(1), area.start), m.end(1))
    return None


_TITLE_HEAD = re.compile(r"[^\n。，；：！？:]{2,60}")


def _title_start(view: str, start: int, floor: int) -> int:
    """Where a title wrapped over two lines starts: `国务院关于加快发展` above `…的指导意见`, or an
    issuer alone above `关于…的通知` (blank lines between them allowed)."""
    lines_above = view[max(floor, start - 200) : start].split("\n")
    if lines_above[-1].strip() or len(lines_above) < 2:
        return start
    pos = start - len(lines_above[-1]) - 1  # the newline ending the line above
    blanks = 0
    for text in reversed(lines_above[:-1]):
        if text.strip():
            break
        blanks += 1
        pos -= len(text) + 1
    else:
        return start
    head = text.strip(" \t\u3000")
    head_start = pos - len(text) + (len(text) - len(text.lstrip(" \t\u3000")))
    end = view.find("\n", start)
    line = view[start : end if end != -1 else len(view)]
    if blanks > 2 or head_start < floor or not _TITLE_HEAD.fullmatch(head):
        return start
    if "关于" in head and "关于" not in line:
        return head_start
    if line.startswith("关于") and "关于" not in head and places.is_org_name(head):
        return head_start
    return start


@lru_cache(maxsize=8)
def _publication(views: Views) -> re.Match[str] | None:
    """`X印发《Y》` near the top: X an issuer, Y the title (found from 印发, searched once)."""
    head = views.view[:2000]
    pos = head.find("印发")
    while pos != -1:
        m = _PUBLICATION.match(head, max(0, pos - 42), pos + 110)
        if m is None:  # the issuer may start closer to 印发
            m = next((x for x in _PUBLICATION.finditer(head, max(0, pos - 42), pos + 110)), None)
        if m is not None:
            return m
        pos = head.find("印发", pos + 2)
    return None


def _fallback_title(views: Views, lay: Layout) -> tuple[str, str]:
    """No title line: the plan a publication note names, the body's title, or the first line."""
    m = _publication(views)
    if m:
        span = Span(m.start(2), m.end(2))
    else:
        body = next((p for p in lay.parts if p.kind is PartKind.BODY and p.heading), None)
        if body is not None and body.heading is not None:
            return _fallback_span(views, body.heading)
        first = next((line for line in views.view.splitlines() if line.strip()), "")
        start = views.view.find(first)
        span = Span(start, start + min(len(first), 150))
    return _fallback_span(views, span)


def _fallback_span(views: Views, span: Span) -> tuple[str, str]:
    return plain(views, span), plain(views, span, original=True)


def _doc_number(views: Views, lay: Layout, title: Span | None) -> str | None:
    """A number printed on its own line near the top, or right after the title."""
    area = _body_start(lay)
    limit = min(area.end, area.start + 2500)
    found: Iterable[re.Match[str]] = DOC_NUMBER.finditer(views.view, area.start, limit)
    if views.view.find("字第", area.start, limit) != -1:  # Taiwan's numbers: only where they may be
        taiwan = _TAIWAN_NUMBER.finditer(views.view, area.start, limit)
        found = sorted([*found, *taiwan], key=lambda m: m.start())
    for m in found:
        line = views.view[lines.line_start(views.view, m.start()) : lines.line_end(views.view, m.end())]
        labelled = _LABELLED_NUMBER.search(views.view, lines.line_start(views.view, m.start()), m.start())
        line = _NUMBER_LABEL.sub("", line, count=1)  # `发文字号：府授资综字第…号` (Taiwan)
        own_line = line.strip(" \t\u3000（）") == m.group(0).strip() or labelled is not None
        after_title = title is not None and 0 <= m.start() - title.end <= 4
        if own_line or after_title:
            return views.simplified[m.start() : m.end()]
    return None


def _issuers(views: Views, lay: Layout, labelled: dict[str, str], title: str) -> tuple[str, ...]:
    if "issuers" in labelled:
        joint = re.split(r"[;；]", labelled.get("joint", ""))
        return tuple(split_issuers(labelled["issuers"])) + tuple(squeeze(j) for j in joint if j.strip())
    signature = _signature(views, lay)
    if signature:
        return signature
    prefix = re.match(r"^(.{2,120}?)(?:等\s*\d+\s*(?:个)?部门)?关于", title)
    if prefix and places.is_org_name(prefix.group(1).split("、")[-1]):
        return tuple(split_issuers(prefix.group(1)))
    m = _publication(views)
    if m and places.is_org_name(squeeze(m.group(1))):
        return (squeeze(views.simplified[m.start(1) : m.end(1)]).lstrip("，,。 "),)
    return tuple(split_issuers(labelled["listed_issuers"])) if "listed_issuers" in labelled else ()


def _signature(views: Views, lay: Layout) -> tuple[str, ...]:
    """Issuers signed above the date that closes the notice (or the whole text)."""
    area = next((p.span for p in lay.parts if p.kind is PartKind.NOTICE), None)
    areas = [area] if area else [p.span for p in lay.parts if p.kind is PartKind.BODY]
    for span in areas:
        for m in _DATE_LINE.finditer(views.view, span.start, span.end):
            names = _lines_above(views, m.start(), span.start)
            if names:
                return names
        # A one-line page: `…组织实施。 青岛市科学技术局 2019年12月27日 …` (within the first lines).
        inline = _INLINE_SIGNATURE.search(views.view, span.start, min(span.end, span.start + 3000))
        if inline:
            names = tuple(n for n in inline.group(1).split() if places.is_org_name(n))
            if names:
                return tuple(squeeze(to_simplified(n)) for n in names)
    return ()


def _lines_above(views: Views, pos: int, floor: int) -> tuple[str, ...]:
    """Consecutive lines naming organisations just above `pos` (blank lines skipped)."""
    names: list[str] = []
    end = pos
    while end > floor:
        start = views.view.rfind("\n", floor, end - 1) + 1 or floor
        line = views.view[start:end].strip()
        if line:
            side_by_side = line.split()  # joint issuers signed on one line: `市甲局  市乙委`
            if len(side_by_side) > 1 and all(places.is_org_name(n) for n in side_by_side):
                names.extend(reversed([squeeze(to_simplified(n)) for n in side_by_side]))
                end = start - 1 if start > floor else floor
                continue
            if len(line) > 60 or not places.is_org_name(line):
                break
            names.append(squeeze(views.simplified[start:end]))
        end = start - 1 if start > floor else floor
    return tuple(reversed(names))


def _dates(views: Views, lay: Layout, labelled: dict[str, str], fields: Mapping[str, str]) -> Dates:
    found = {
        key: iso_date(labelled.get(key, "")) for key in ("written", "published", "effective", "repealed")
    }
    if not found["written"]:
        found["written"] = _signature_date(views, lay)
    if not found["published"]:
        m = _PUBLISHED_LINE.search(views.simplified, 0, min(len(views.simplified), 3000))
        note = _publication(views)
        if m:
            found["published"] = iso_date(m.group(1))
        elif note:
            found["published"] = iso_date(views.view[max(0, note.start() - 16) : note.end()])
        elif fields.get("date"):
            found["published"] = iso_date(fields["date"])
    # 本方案自…起施行 closes the text (or the notice, near the top).
    tail = max(0, len(views.view) - 3000)
    effective = _EFFECTIVE.search(views.view, tail) or _EFFECTIVE.search(views.view, 0, min(tail, 6000))
    if not found["effective"] and effective:
        found["effective"] = iso_date(effective.group(1) or "") or found["written"] or found["published"]
    return Dates(**found)


def _signature_date(views: Views, lay: Layout) -> str | None:
    """The date on its own line (or after the signature) closing the notice or the text."""
    spans = [p.span for p in lay.parts if p.kind is PartKind.NOTICE] or [
        p.span for p in lay.parts if p.kind is PartKind.BODY
    ]
    for span in spans:
        dates = list(_DATE_LINE.finditer(views.view, span.start, span.end))
        if dates:
            return iso_date(dates[-1].group(0))
        inline = re.search(
            rf"(?:局|委|会|府|厅|室|部|院)[ \t\u3000]+({DATE.pattern})", views.view[span.start : span.end]
        )
        if inline:
            return iso_date(inline.group(1))
    return None


def _jurisdiction(views: Views, issuers: tuple[str, ...], title: str, number: str | None) -> str | None:
    for name in issuers:
        place = places.place_of(name, views.simplified)
        if place:
            return place
    # `2026年上海市政府工作报告`, `关于…`: the place after the year.
    place = places.place_of(_TITLE_LEAD.sub("", title), views.simplified)
    if place:
        return place
    if number:
        return places.province_of_abbr(to_simplified(number)[0])
    return None


# Hong Kong's own words for its bodies: 负责政策局/部门, 决策局 (DOMAIN s.3; no mainland or
# Taiwan document names its bodies so), in a labelled field or a table's column
_HONG_KONG = re.compile(r"(?:负责|主责)(?:政策局|决策局)|政策局[/／]部门|决策局[/／]部门")


def _hong_kong(views: Views) -> str | None:
    """Hong Kong, for a document that names no place but labels its bodies as Hong Kong does."""
    return "香港特别行政区" if _HONG_KONG.search(views.simplified) else None


# Taiwan's own words: its organiser labels (主辦機關/協辦機關), the Executive Yuan, or a span
# of Republic-of-China years (114年至117年)
_TAIWAN = re.compile(r"(?:主办|协办)机关[：:]|行政院(?!校)|(?<!\d)1[01]\d年(?:度)?(?:至|—|-|~|～)1[01]\d年")


def _taiwan(views: Views) -> str | None:
    """Taiwan, for a document that names no place but speaks as Taiwan's documents do."""
    return places.place_of("台湾") if _TAIWAN.search(views.simplified) else None


def _head_place(views: Views, lay: Layout, title: Span | None) -> str | None:
    """The place of a body named on a line of its own above the title (`香港特别行政区政府` then
    `创新科技及工业局` over a paper that signs with its officer's title only)."""
    area = _body_start(lay)
    if title is None or not area.start <= title.start <= area.start + 1500:
        return None
    for line in views.simplified[area.start : title.start].splitlines():
        line = squeeze(line)
        if line and len(line) <= 40 and places.is_org_name(line):
            place = places.place_of(line, views.simplified)
            if place:
                return place
    return None


_TITLE_LEAD = re.compile(r"^(?:(?:19|20)\d{2}[ \t]*年(?:度)?|关于)[ \t]*")
_NUMBER_LABEL = re.compile(r"^[ \t\u3000]*(?:发文字号|文号|字号)[ \t]*[：]")
# `…\t发文字号：\t兰政办发〔2026〕7号\t发布日期：…`: a portal's row of fields, the number labelled
_LABELLED_NUMBER = re.compile(
    r"(?:^|[\t\u3000 ])(?:发文字号|文号)[ \t\u3000]*[：:][ \t\u3000]*$", re.MULTILINE
)


def _addressees(views: Views, lay: Layout) -> tuple[str, ...]:
    area = _body_start(lay)
    for m in _ADDRESSEES.finditer(views.view, area.start, min(area.end, area.start + 1500)):
        text = m.group(1).strip()
        if _ADDRESSEE_WORDS.search(text) and "。" not in text:
            raw = views.simplified[m.start(1) : m.end(1)].strip()
            return tuple(squeeze(a) for a in re.split(r"[，,；;]", raw) if a.strip())
    return ()
