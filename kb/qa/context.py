"""Pieces of a question read again in their context, before the slots are read: what a
piece is depends on its neighbours.

Quotes inside a name or a task's words are part of it (大件运输“一件事”实施方案); 措施 after a
place and a topic is a document's kind (杭州人才措施第11条); an English role word between a word
and a noun is a modifier (tax support policies). Content is text, places, agencies, and lexicon
words that are neither question nor frame words (kb.qa.runs.content).
"""

from __future__ import annotations

import re

from kb.qa import tokens as tk
from kb.qa.runs import content, textlike
from kb.qa.tokens import Token


def inline_quotes(pieces: list[Token]) -> list[Token]:
    """Quotes written inside a name or a task's words (大件运输“一件事”实施方案, 强化大企业反向“硬孵化”)
    are part of it: text, not quoted words."""
    out = list(pieces)
    for i, t in enumerate(pieces):
        if t.kind != tk.QUOTE:
            continue
        before = pieces[i - 1] if i > 0 else None
        after = pieces[i + 1] if i + 1 < len(pieces) else None
        touching = [x for x in (before, after) if x is not None and (x.end == t.start or x.start == t.end)]
        following = next((x for x in pieces[i + 1 :] if x.kind != tk.SPACE), None)
        named = following is not None and following.has("doc_noun") and t.text[:1] == "'"
        if _after_document(before, after, t):
            continue  # 方案「三、服务优化」第1项, 方案“推广电子支付”由谁负责: the heading or task quoted
        if named or any(content(x) and x.kind != tk.AGENCY for x in touching):  # the 'one thing' plan
            out[i] = Token(tk.TEXT, t.text, t.start, t.end)
    return out


def _after_document(before: Token | None, after: Token | None, quote: Token) -> bool:
    """Whether a quote follows a document's name (its noun touching the quote) and nothing of
    the name goes on after it: the words quoted are a heading's or a task's, not the name's."""
    if before is None or before.end != quote.start or not (before.kind == tk.WORD and before.has("doc_noun")):
        return False
    glued = after is not None and after.start == quote.end and content(after)
    part = after is not None and _PART_NOUN.match(after.text) is not None  # “服务优化”部分第1项
    return (part or not glued) and not before.text.isascii()


_PART_NOUN = re.compile(r"^(?:部分|章节|板块)$")


_MEASURES = frozenset({"措施", "举措", "measures"})


def measures_named(pieces: list[Token]) -> list[Token]:
    """措施 after a place and a topic names a document (杭州人才措施第11条, 甲市人才措施里, the
    Hangzhou talent measures): a title kind of its own (若干措施), read as a document noun when
    what follows is a task's label, 里/中, or nothing more (a task noun after 的 stays one)."""
    out = list(pieces)
    for i, t in enumerate(pieces):
        if t.kind != tk.WORD or t.text not in _MEASURES:
            continue
        run = _content_before(pieces, i)
        if not any(x.kind == tk.PLACE for x in run) or not textlike(run[-1], place=True):
            continue  # the Changsha measures, 长沙措施: a place's 若干措施 too
        following = next((x for x in pieces[i + 1 :] if x.kind != tk.SPACE), None)
        if (
            following is None
            or following.kind in (tk.TASK, tk.PUNCT)
            or following.has("locative", "ask")
            or following.text == "的"  # 杭州人才措施的有效期
        ):
            out[i] = Token(tk.WORD, t.text, t.start, t.end, cats={"doc_noun": "doc"})
    return out


def modifiers(pieces: list[Token]) -> list[Token]:
    """An English role word between a word and a noun is a modifier, part of a task's words
    (fiscal and tax support policies, talent service system), not the role asked."""
    out = list(pieces)
    solid = [i for i, t in enumerate(pieces) if t.kind != tk.SPACE]
    for a, i, b in zip(solid, solid[1:], solid[2:], strict=False):
        t = pieces[i]
        if (
            t.kind == tk.WORD
            and t.has("role_asked", "role_label")
            and pieces[a].kind == tk.TEXT
            and (pieces[b].kind == tk.TEXT or pieces[b].has("doc_noun"))
        ):
            out[i] = Token(tk.TEXT, t.text, t.start, t.end)
    return out


def _content_before(pieces: list[Token], i: int) -> list[Token]:
    """The content pieces just before piece `i` (blanks and small words between them), in order."""
    run: list[Token] = []
    for x in reversed(pieces[:i]):
        if x.kind == tk.SPACE:
            continue
        if not (content(x) or x.has("filler")):
            break
        run.insert(0, x)
    return run


def issuing_words(pieces: list[Token]) -> list[Token]:
    """An issuing word right after a task's words, with a role asked later, is one of the
    task's words (预警信息发布由哪个部门牵头: the task 强化预警信息发布, not who issued it)."""
    out = list(pieces)
    for i, t in enumerate(pieces):
        if t.kind != tk.WORD or t.cats.get("aspect_word") != "issuer" or i == 0:
            continue
        before = pieces[i - 1]
        later = any(x.kind == tk.WORD and x.has("role_asked", "role_label") for x in pieces[i + 1 :])
        if before.kind == tk.TEXT and before.end == t.start and not t.text.isascii() and later:
            out[i] = Token(tk.TEXT, t.text, t.start, t.end)
    return out


_CJK = re.compile(r"[\u4e00-\u9fff]")


def named_in_chinese(pieces: list[Token]) -> list[Token]:
    """In English, a Chinese name in brackets after English words is what the words gloss (the
    Department of Medical Administration (医政司), the 'one thing' (一件事) reform): the Chinese
    is used as written, the English before it set aside (quoted English: the Chinese is quoted)."""
    out = list(pieces)
    for i, t in enumerate(pieces):
        if not (t.kind == tk.PUNCT and t.text in "(（"):
            continue
        close = next((j for j in range(i + 1, min(len(pieces), i + 6)) if pieces[j].text in ")）"), None)
        inner = pieces[i + 1 : close] if close is not None else []
        if not inner or not all(content(x) or x.kind == tk.SPACE for x in inner):
            continue
        if not any(_CJK.search(x.text) for x in inner):
            continue
        if any(x.text.isascii() and x.text.strip() for x in inner):
            continue
        gloss = _gloss_before(pieces, i)
        if not gloss:
            continue
        for k in gloss:
            out[k] = Token(tk.SPACE, pieces[k].text, pieces[k].start, pieces[k].end)
        if any(pieces[k].kind == tk.QUOTE for k in gloss):  # the 'one thing' (一件事): quoted in Chinese
            start, end = inner[0].start, inner[-1].end
            text = "".join(x.text for x in inner).strip()
            out[i + 1 : close] = [Token(tk.QUOTE, text, start, end, text)] + [
                Token(tk.SPACE, "", end, end) for _ in inner[1:]
            ]
    return out


_NAME_WORDS = frozenset({"doc_noun", "word", "task_noun", "unit_word", "unit_asked"})  # Department, Policy


def _gloss_before(pieces: list[Token], i: int) -> list[int]:
    """The English pieces just before a bracket that a name in it glosses: a quote, or the words
    of a name (capitalised words and `of`, `and` between them), back to a question or frame word."""
    found: list[int] = []
    k = i - 1
    while k >= 0 and pieces[k].kind == tk.SPACE:
        k -= 1
    if k >= 0 and pieces[k].kind == tk.QUOTE and pieces[k].value.isascii():
        return [k]
    while k >= 0:
        x = pieces[k]
        if x.kind == tk.SPACE or (x.kind == tk.WORD and x.text in ("of", "and", "for", "&") and found):
            k -= 1
            continue
        named = x.kind in (tk.TEXT, tk.AGENCY) or x.kind == tk.WORD and set(x.cats) <= _NAME_WORDS
        if not x.text.isascii() or not named:
            break
        found.append(k)
        k -= 1
    while found and pieces[found[-1]].text in ("of", "and", "for", "&"):
        found.pop()
    return sorted(found)


def joint_words(pieces: list[Token]) -> list[Token]:
    """A joint word glued to the words after it and said by no agency before it is one of
    those words (联合执法, 联合采购办公室, 共同富裕): the tasks several agencies share are asked
    only after the agencies (市甲局和市乙局联合负责, 联合印发 stays a frame word)."""
    out = list(pieces)
    for i, t in enumerate(pieces):
        if t.kind != tk.WORD or not t.has("joint") or len(t.text) < 2 or t.text.isascii():
            continue
        after = pieces[i + 1] if i + 1 < len(pieces) else None
        if after is None or after.start != t.end or not content(after) or after.kind == tk.AGENCY:
            continue
        said = next(
            (x for x in reversed(pieces[:i]) if not (x.kind == tk.SPACE or x.has("conj", "joint"))), None
        )
        if said is None or said.kind != tk.AGENCY:
            out[i] = Token(tk.TEXT, t.text, t.start, t.end)
    return out
