"""Runs of content in a question's pieces: text, places, agencies and document nouns joined by
small words (的, 和, of between capitalised words); a role word between two pieces of text is a
task's word (加强市级统筹和指导监督), an agency a role word follows is the question's subject.

kb.qa.slots reads the slots from these runs; kb.qa.document_slot the document they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb import lexicon
from kb.normalize import fold_width
from kb.qa import tokens as tk
from kb.qa.asked import FRAME
from kb.qa.tokens import Token

CONTENT = (tk.TEXT, tk.PLACE, tk.AGENCY)


@dataclass(frozen=True, slots=True)
class Run:
    """Pieces of content joined by small words (市甲局和市乙委, 上海的孵化器方案)."""

    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def content(t: Token) -> bool:
    return t.kind in CONTENT or (t.kind == tk.WORD and t.has("word", "doc_noun") and not t.has(*FRAME))


def textlike(t: Token, place: bool = False) -> bool:
    return t.kind == tk.TEXT or (t.kind == tk.WORD and t.has("word")) or (place and t.kind == tk.PLACE)


def glue(t: Token) -> bool:
    return t.kind == tk.SPACE or (t.kind == tk.WORD and not t.has(*FRAME) and not content(t))


def cased_form(question: str, norm: str) -> str | None:
    """The question with its capitals, aligned with its normal form (English only): a run may
    go over `of` between capitalised words (the Ministry of Magic)."""
    cased = re.sub(r"\s+", " ", fold_width(question)).strip()
    return cased if len(cased) == len(norm) else None


def runs_of(pieces: list[Token], cased: str | None = None) -> tuple[list[Run], set[int]]:
    """Runs of content, and the indexes of the pieces inside them (a role word between two
    pieces of text is a task's word: 加强市级统筹和指导监督)."""
    runs: list[Run] = []
    inside: set[int] = set()
    current: list[int] = []
    pending: list[int] = []
    subjects = _subjects(pieces)
    for i, t in enumerate(pieces):
        if content(t):
            if (
                current
                and t.start not in subjects
                and _joins(pieces[current[-1]], [pieces[j] for j in pending], t, cased)
            ):
                current += pending + [i]
            else:
                if current:
                    runs.append(Run(tuple(pieces[j] for j in current)))
                    inside.update(current)
                current = [i]
            pending = []
        elif current and (t.kind in (tk.SPACE, tk.WORD)):
            pending.append(i)
        else:
            if current:
                runs.append(Run(tuple(pieces[j] for j in current)))
                inside.update(current)
            current, pending = [], []
    if current:
        runs.append(Run(tuple(pieces[j] for j in current)))
        inside.update(current)
    return runs, inside


def _subjects(pieces: list[Token]) -> set[int]:
    """Where agencies start that a role word follows (…正式运行阶段市大数据中心参与吗): the subject of
    the question, never the end of the words before it."""
    out = set()
    for i, t in enumerate(pieces[:-1]):
        # 市财政局参与 / 市财政局是否参与 / 市财政局有没有牵头
        following = next((x for x in pieces[i + 1 :] if x.kind != tk.SPACE and not x.has("ask", "aux")), None)
        if t.kind == tk.AGENCY and following is not None and lexicon.asked_role(following.cats):
            out.add(t.start)
    return out


def _joins(before: Token, between: list[Token], after: Token, cased: str | None = None) -> bool:
    if not between:  # 上海孵化器方案市科委负责…: a document's name ends at its noun, the agency follows
        return not (after.kind == tk.AGENCY and before.kind == tk.WORD and before.has("doc_noun"))
    if any(t.has("prep") for t in between):
        capitals = cased is not None and cased[before.start].isupper() and cased[after.start].isupper()
        if capitals:
            return all(t.kind == tk.SPACE or t.text in ("of", "and") for t in between)
        # a task described in English: strengthening supervision of maintenance fund use
        english = before.kind == after.kind == tk.TEXT and before.text.isascii() and after.text.isascii()
        return english and all(t.kind == tk.SPACE or t.text in ("of", "the", "a", "an") for t in between)
    if any(t.has(*FRAME) for t in between):
        pointing = all(t.kind == tk.SPACE or t.has("this") for t in between)
        if pointing and (after.has("doc_noun") or any(t.text.endswith("份") for t in between)):
            return True  # 桂城街道这份方案, 甲区这个方案, 嘉定这份海绵方案: the document of that place
        if (
            before.kind == tk.TEXT
            and not before.text.isascii()
            and after.has("doc_noun")
            and _titled(between)
        ):
            return True  # 青年参与方案, 青年参与的那个文件: a role word inside a title
        blocked = any(t.has("ask", "aux", "this", "joint", "each") for t in between)
        return not blocked and textlike(before, place=True) and textlike(after, place=True)
    if before.kind == tk.AGENCY and after.kind == tk.WORD and after.has("doc_noun"):
        return all(
            t.kind == tk.SPACE or t.text == "的" for t in between
        )  # 南京市政府的实施意见: its issuer's
    if tk.AGENCY in (before.kind, after.kind):  # 市甲局和市乙委: a list; 市甲局在上海方案: not one run
        return before.kind == after.kind == tk.AGENCY and all(
            t.kind == tk.SPACE or t.has("conj") for t in between
        )
    return True


def _titled(between: list[Token]) -> bool:
    """Whether what stands between a topic's words and a document noun is a role word of the
    title (青年参与方案, 青年参与的方案, 青年参与那个文件), not a question's frame."""
    roles = [t for t in between if t.kind == tk.WORD and t.has("role_asked", "role_label")]
    rest = [t for t in between if t not in roles]
    pointing = all(t.kind == tk.SPACE or t.has("this", "filler") for t in rest)
    return bool(roles) and pointing and between[0] in roles
