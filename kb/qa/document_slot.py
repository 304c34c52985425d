"""The document a question names: by number (any bracket style), 《title》, a description ending
with a document noun (上海的孵化器方案, 那个RCEP的文件, the Beijing incubator plan, the State Council
guideline on …), the measures it lists (…改革举措里) or a place; the other runs are left for the
task's words and the agencies.
"""

from __future__ import annotations

import re

from kb.qa import tokens as tk
from kb.qa.asked import FRAME
from kb.qa.runs import CONTENT, Run, content, glue, textlike
from kb.qa.tokens import Token


def document(norm: str, pieces: list[Token], runs: list[Run]) -> tuple[str | None, str | None, list[Run]]:
    """The document named (by number, 《title》, description or place) and the other runs."""
    number = next((t.value for t in pieces if t.kind == tk.NUMBER), None)
    title = next((t.value for t in pieces if t.kind == tk.TITLE), None)
    rest: list[Run] = []
    phrase = place = None
    joined: set[int] = set()  # runs read as part of the document's name
    phrase_run: Run | None = None
    chosen = _named_last(runs)
    for k, run in enumerate(runs):
        if k in joined:
            continue
        split = _doc_split(run) if chosen is None or k == chosen else None
        if split is None and phrase is None and _of_tasks(pieces, run):
            split = len(run.tokens) - 1  # the Qingpu construction waste tasks: a place's document
        listed = _listed_in(pieces, run) if split is None and phrase is None else None
        if listed is not None:
            phrase, phrase_run = norm[run.start : listed], run
            continue
        issuer = _issuer_before(norm, runs, k) if split is None and phrase is None else None
        if issuer is not None:
            split = 0  # the State Council guideline on …: the issuer, then the document noun
        if split is not None and phrase is None and not _EVERY.match(norm[run.start : run.tokens[split].end]):
            start = _issuer_start(norm, runs, k, pieces) if issuer is None else issuer
            phrase, phrase_run, others = _description(norm, runs, k, split, start, joined)
            rest += others
        elif all(t.kind == tk.PLACE or glue(t) for t in run.tokens) and place is None:
            place = norm[run.start : run.end]
            rest.append(run)
        elif (
            place is None
            and len(run.tokens) > 2
            and run.tokens[0].kind == tk.PLACE
            and run.tokens[1].text == "的"
        ):
            place = run.tokens[0].text  # 崇明的强化养护资金使用监督管理: the place's document, then the task
            rest.append(Run(run.tokens[2:]))
        else:
            rest.append(run)
    if phrase:
        rest = [r for r in rest if not (_issuer_of(r, runs, phrase, norm) or _within(r, norm, phrase))]
    if phrase:
        phrase, rest = _with_years(norm, phrase, rest)
    if (number or title) and phrase and phrase_run is not None and len(phrase) >= 4:
        rest.append(Run(phrase_run.tokens + (LAST,)))  # 沪府办发〔2024〕3号编制系统方案: maybe a task's words
    if number:
        return number, "number", rest
    if title:
        return title, "title", rest
    if phrase:
        return phrase, "phrase", rest
    return (
        (place, "place", [r for r in rest if norm[r.start : r.end] != place]) if place else (None, None, rest)
    )


def _description(
    norm: str, runs: list[Run], k: int, split: int, start: int, joined: set[int]
) -> tuple[str, Run, list[Run]]:
    """A document's description that ends at `split` in run `k`: the words, its run, and the
    runs of the words before and after it."""
    run = runs[k]
    others: list[Run] = []
    cut = _of_cut(run, split)  # the joint testing stage of the oversize transport plan
    if cut:
        others.append(Run(run.tokens[: cut[0]]))
        start = run.tokens[cut[1]].start
    phrase = norm[start : run.tokens[split].end]
    if split == len(run.tokens) - 1 and k + 1 < len(runs) and _about(norm, run, runs[k + 1]):
        phrase = norm[start : runs[k + 1].end]  # the guideline on the sports … industry
        joined.add(k + 1)
    after = list(run.tokens[split + 1 :])
    while after and (not content(after[0]) or after[0].has("doc_noun")):
        after = after[1:]
    if after:
        others.append(Run(tuple(after)))
    return phrase, Run(run.tokens[cut[1] if cut else 0 : split + 1]), others


def _with_years(norm: str, phrase: str, rest: list[Run]) -> tuple[str, list[Run]]:
    """…实施方案(2023年), …行动方案(2022-2025年): the years printed after a title are the title's."""
    years = _YEARS.match(norm, norm.find(phrase) + len(phrase))
    if years is None:
        return phrase, rest
    kept = [r for r in rest if not (years.start() <= r.start and r.end <= years.end())]
    return norm[norm.find(phrase) : years.end()], kept


# every document, 所有文件, these documents: no document in particular
_EVERY = re.compile(
    r"^(?:across |in |of |from )?(?:(?:all|every|any|each)(?: of)?(?: the| these| those)?|these|those|the)"
    r" (?:documents?|files?|policies|plans)$"
    r"|^(?:所有|全部|各|各个|各份|任何)(?:的)?(?:文件|政策|方案)$"
)
_ABOUT = re.compile(r"\s+(?:on|about|regarding|concerning|for)\s+(?:the\s+)?")


def _named_last(runs: list[Run]) -> int | None:
    """In English, of several runs ending with a document noun, the document is the last (the
    one with a place, if any): `implementing the tax support policies in the recycling action
    plan`; None when there is one or none, or in Chinese (the first is read as now)."""
    if not runs or not runs[0].tokens[0].text.isascii():
        return None
    named = [k for k, r in enumerate(runs) if _doc_split(r) is not None]
    if len(named) < 2:
        return None
    placed = [k for k in named if any(t.kind == tk.PLACE for t in runs[k].tokens)]
    return (placed or named)[-1]


def _of_tasks(pieces: list[Token], run: Run) -> bool:
    """Whether an English run with a place in it comes just before `tasks` (which Qingpu
    construction waste tasks …): it describes the document the tasks are in."""
    if not run.tokens[0].text.isascii() or not any(t.kind == tk.PLACE for t in run.tokens):
        return False
    if all(t.kind == tk.PLACE or glue(t) for t in run.tokens):
        return False
    if any(t.kind == tk.WORD and t.has(*FRAME) for t in run.tokens):
        return False  # Shaoxing finish its talent housing task: a sentence, not a description
    following = next((t for t in pieces if t.start >= run.end and t.kind != tk.SPACE), None)
    return following is not None and following.has("task_noun")


def _about(norm: str, run: Run, following: Run) -> bool:
    """Whether an English document noun is followed by what it is about (guideline on …)."""
    return bool(_ABOUT.fullmatch(norm[run.end : following.start])) and not any(
        t.kind == tk.AGENCY for t in following.tokens
    )


_YEARS = re.compile(r"\s*\((?:19|20)\d{2}(?:\s*[-—–~至]\s*(?:19|20)\d{2})?\s*年?(?:度)?\)")
LAST = Token(tk.SPACE, "", -1, -1)  # marks a run read as words only when no other run is


def _doc_split(run: Run) -> int | None:
    """Where a run's document name ends: the last document noun after some content that no
    text follows directly (计划建设 is a verb, 方案里 a document)."""
    found = None
    for i, t in enumerate(run.tokens):
        if not (t.kind == tk.WORD and t.has("doc_noun")) or not any(
            x.kind in CONTENT for x in run.tokens[:i]
        ):
            continue
        after = run.tokens[i + 1] if i + 1 < len(run.tokens) else None
        if after is not None and after.kind == tk.WORD and after.has("locative"):
            return i  # 崇明的方案里强化法规政策…: 方案里 ends the name, 政策 is a task's word
        if (
            after is None
            or not (after.kind in CONTENT or textlike(after))
            or _every_item(run.tokens[i + 1 :])
        ):
            found = i
    return found


# 各, 每, 三个, 两项: the words after a document noun that point at all its items, not a task
_EVERY_ITEM = re.compile(r"^(?:各|每|[一二三四五六七八九十两\d]+(?=[个项条]))")


def _every_item(after: tuple[Token, ...]) -> bool:
    """Whether the words after a document noun are its items in all (方案三个阶段, 方案各项任务)."""
    text = "".join(t.text for t in after[:3])
    return bool(after) and after[0].kind == tk.TEXT and _EVERY_ITEM.match(text) is not None


def _listed_in(pieces: list[Token], run: Run) -> int | None:
    """Where a document's description ends when a task noun and 里 follow the run (第二批支持创新
    相关改革举措里，…: the document that lists the measures), given words of some length."""
    k = next((i for i, t in enumerate(pieces) if t.start == run.end), None)
    if k is None or k + 1 >= len(pieces) or run.end - run.start < 4:
        return None
    noun, after = pieces[k], pieces[k + 1]
    if noun.kind == tk.WORD and noun.has("task_noun") and len(noun.text) > 1 and after.text == "里":
        return noun.end
    return None


def _issuer_before(norm: str, runs: list[Run], k: int) -> int | None:
    """Where an English document's description starts when a run opens with a document noun
    right after agencies (the State Council guideline on …): with the agencies, its issuers."""
    run = runs[k]
    first = run.tokens[0]
    if k == 0 or not (first.kind == tk.WORD and first.has("doc_noun")) or not first.text.isascii():
        return None
    before = runs[k - 1]
    issuers = all(t.kind == tk.AGENCY or t.has("conj") or t.kind == tk.SPACE for t in before.tokens)
    between = norm[before.end : run.start].strip()  # the Nanjing municipal government's opinions
    return before.start if issuers and between in ("", "'s", "’s") else None


def _of_cut(run: Run, split: int) -> tuple[int, int] | None:
    """In an English run that ends with a document noun, the last `of` before it: the task's
    words end before it, the document's description starts after it (and after `the`)."""
    at = next((i for i in range(split - 1, 0, -1) if run.tokens[i].text == "of"), None)
    if at is None or not run.tokens[0].text.isascii():
        return None
    begin = at + 1
    while begin < split and (
        run.tokens[begin].kind == tk.SPACE or run.tokens[begin].text in ("the", "a", "an")
    ):
        begin += 1
    end = at
    while end > 0 and run.tokens[end - 1].kind == tk.SPACE:
        end -= 1
    return (end, begin) if end > 0 and begin < split else None


def _issuer_start(norm: str, runs: list[Run], k: int, pieces: list[Token]) -> int:
    """Where a described document starts: with its issuers when they come just before 关于 or
    印发 (上海市交通委员会关于印发…的通知), or before 印发的 (市政府办公厅印发的海绵城市意见; after a
    bare 的 the agency may be the question's subject: 市水务局的海绵城市意见里牵头几项)."""
    run = runs[k]
    if k == 0:
        return run.start
    before = runs[k - 1]
    between = norm[before.end : run.start].replace(" ", "")
    if all(t.kind == tk.AGENCY or t.has("conj") for t in before.tokens) and between in (
        "关于", "印发", "关于印发", "转发", "关于转发",
        "印发的", "发布的", "出台的", "制定的", "联合印发的",  # 上海市政府办公厅印发的海绵城市意见
    ):  # fmt: skip
        return before.start
    about = _ABOUT_BEFORE.search(norm, 0, run.start)
    return about.start() if about is not None else run.start  # 关于政务新媒体的那个国办意见


# 关于…的 (那个) just before a document noun's run: the document's topic, said before its issuer
_ABOUT_BEFORE = re.compile(r"关于[^,，。?？;；:：、《》]{2,24}?的(?:那个|这个|那份|这份|那|这)?$")


def _within(run: Run, norm: str, phrase: str) -> bool:
    """Whether a run lies inside the document's description (its topic before the issuer)."""
    at = norm.find(phrase)
    return at <= run.start and run.end <= at + len(phrase)


def _issuer_of(run: Run, runs: list[Run], phrase: str, norm: str) -> bool:
    """Whether an agency run is the issuer part of the described document."""
    return phrase.startswith(norm[run.start : run.end]) and all(
        t.kind == tk.AGENCY or t.has("conj") or t.kind == tk.SPACE for t in run.tokens
    )
