"""Answers about named tasks: who owns, leads or supports them, by when, and whether an agency
is responsible (yes or no, with the task quoted as evidence).

Every answer names the agencies with their roles, cites the task as 《title》（number） section
› item and quotes it as written. A task whose document names no responsible unit gets
`no_owner`; a label the document does not print, answered as its task in that position, says
so first.
"""

from __future__ import annotations

import re

from kb.citation import Citation, for_task, title_of
from kb.model import Responsibility, Role, Task, path_text
from kb.normalize import match_key
from kb.qa import phrasing
from kb.qa.result import AMBIGUOUS, NO_OWNER, Answer, Asked, not_found
from kb.qa.wording import say
from kb.resolve import Candidate, Target

_ASKED_ZH = {"lead": "牵头", "support": "配合", "guide": "指导"}


def owners(a: Asked) -> Answer:
    """Who owns, leads or supports each task named."""
    return _per_task(a, lambda t, cite: _roles(a, t, cite))


def text(a: Asked) -> Answer:
    """What each task named says, in its own words, with its agencies and deadline."""

    def line(target: Target, cite: Citation) -> str:
        task = target.task
        if task.responsibilities:
            owned = phrasing.roles_text(task.responsibilities, "owner_of_task", a.english)
        else:
            owned = say("no_owner", a.english).rstrip("。.")
        due = say("deadline_is", a.english, deadline=task.deadline) if task.deadline else ""
        facts = say("parts", a.english).join(p for p in (owned, due) if p)
        says = say("task_says", a.english, text=task.text.strip(), facts=facts)
        return phrasing.where(cite, a.english).rstrip(" ") + says

    return _per_task(a, line, kind=a.kind)


def deadline(a: Asked) -> Answer:
    """By when each task named is due, with its agencies."""

    def line(target: Target, cite: Citation) -> str:
        task = target.task
        dated = None if task.deadline else dated_sentence(task.text, a.q.words or a.q.quoted or "")
        due = (
            say("deadline_is", a.english, deadline=task.deadline)
            if task.deadline
            else say("deadline_in_text", a.english, sentence=dated)
            if dated
            else say("no_deadline", a.english)
        )
        owned = phrasing.roles_text(task.responsibilities, _role_kind(a), a.english)
        return (
            phrasing.where(cite, a.english)
            + say("parts", a.english).join(p for p in (due, owned) if p)
            + say("end", a.english)
        )

    return _per_task(a, line, kind=a.kind)


# a date a sentence of a task sets: 2026年底前, 到2025年, 2023年6月底前, 于2025年5月底
_DATED = re.compile(
    r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末|内)?(?:前|以前|之前)?"
    r"|(?:年底|年末|年内|汛前|汛期前|上半年|下半年|\d{1,2}\s*月底)(?:前|以前|之前)?(?:完成|建成|完工|到位)"
)  # … or a time of the year it is due by: 年底前建成, 汛前完成, 6月底前完成
_SENTENCES = re.compile(r"[^。；;\n]+")
# … and what tells a date that is due from one that is only mentioned (2023年汛期出现渍水的点位)
_DUE_WORDS = re.compile(r"完成时限|时间节点|时限|期限|(?:底|末)?(?:前|以前|之前)|完成|建成|完工|到位|实现")


def dated_sentence(text: str, words: str) -> str | None:
    """The sentence of a task's text that sets a date, the one sharing most of the words asked
    about (a task may state its date in its text instead of a 完成时限 field)."""
    key = match_key(words)
    pairs = {key[i : i + 2] for i in range(len(key) - 1)}
    found = [_balanced(m.group(0).strip()) for m in _SENTENCES.finditer(text) if _DATED.search(m.group(0))]
    if not found:
        return None
    return max(found, key=lambda x: (bool(_DUE_WORDS.search(x)), sum(1 for p in pairs if p in match_key(x)),
                                     -found.index(x)))  # fmt: skip


def _balanced(sentence: str) -> str:
    """A sentence cut out of a marker without the bracket it does not open (完成时限：…）)."""
    for close, open_ in (("）", "（"), (")", "(")):
        while sentence.endswith(close) and sentence.count(close) > sentence.count(open_):
            sentence = sentence[:-1]
    return sentence


def yes_no(a: Asked) -> Answer:
    """Whether the agencies named are responsible for the task (in the role asked)."""
    keys = {k for match in a.res.agencies for k in match.keys}
    verdicts: list[bool] = []

    def line(target: Target, cite: Citation) -> str:
        verdict, text = _verdict(a, target.task, keys)
        verdicts.append(verdict)
        evidence = phrasing.where(cite, a.english)
        evidence += phrasing.roles_text(target.task.responsibilities, "owner_of_task", a.english) or say(
            "no_owner", a.english
        ).rstrip("。.")
        return text + say("end", a.english) + evidence + say("end", a.english)

    answer = _per_task(a, line, kind=a.kind)
    return _with(answer, verdict=bool(verdicts) and all(verdicts))


def _verdict(a: Asked, task: Task, keys: set[str]) -> tuple[bool, str]:
    names = "、".join(m.name for m in a.res.agencies)
    mine = [r for r in task.responsibilities if r.key in keys]
    if not task.responsibilities:
        return False, say("no_owner_named", a.english, agency=names)
    if not mine:
        return False, say("no_agency_in_task", a.english, agency=names)
    role = mine[0].role
    label = str(role) if a.english else phrasing.ROLE_ZH[role]
    if _ASSESSING.search(a.q.norm):  # 负责考核吗, 是牵头考核单位吗: the assessing column's units
        assessing = [r for r in mine if "考" in r.verb]
        if assessing:
            verb = "assessing" if a.english else assessing[0].verb  # 牵头考核单位, not 指导单位
            return True, say("yes_role", a.english, agency=assessing[0].name, role=verb)
        return False, say("yes_other_role", a.english, asked="考核" if not a.english else "assessing",
                          agency=mine[0].name, role=label)  # fmt: skip
    if a.q.role and a.q.role != str(role) and not (a.q.role == "lead" and role is Role.RESPONSIBLE):
        asked = a.q.role if a.english else _ASKED_ZH.get(a.q.role, a.q.role)
        return False, say("yes_other_role", a.english, asked=asked, agency=mine[0].name, role=label)
    if not a.q.role and all(r.role is Role.GUIDE for r in mine) and _RESPONSIBLE.search(a.q.norm):
        # 是第13项的责任单位吗 of the unit that only assesses (guides) it: no, and what it is
        asked = "responsible" if a.english else "责任"
        return False, say("yes_other_role", a.english, asked=asked, agency=mine[0].name, role=label)
    return True, say("yes_role", a.english, agency=mine[0].name, role=label)


_RESPONSIBLE = re.compile(r"责任|负责|主责|responsib|in charge|accountable")
_ASSESSING = re.compile(r"牵头考核|负责考核|考核(?:单位|部门|科室)")


def _roles(a: Asked, target: Target, cite: Citation) -> str:
    if not target.task.responsibilities:
        return phrasing.no_owner(cite, a.english)
    return phrasing.task_roles(cite, target.task.responsibilities, a.kind, a.english)


def _role_kind(a: Asked) -> str:
    return {"lead": "lead_of_task", "support": "support_of_task"}.get(a.q.role or "", "owner_of_task")


def _per_task(a: Asked, line: object, kind: str | None = None) -> Answer:
    """One line per task named (with a head when several documents have it)."""
    targets = a.res.targets
    ref = a.q.task or a.q.quoted or a.q.words or ""
    if not targets:
        if a.q.task:
            what = phrasing.missing_task(a.q.task, [a.base.cached(r.id) for r in a.res.records], a.english)
        else:
            what = say("what_task_words", a.english, ref=ref)
        return not_found(a.q.question, a.script, what)
    texts: list[str] = []
    several = len({t.record.id for t in targets}) > 1
    guessed = several and not a.res.records and not a.q.task and a.kind != "yes_no"
    described = several and a.q.doc_kind == "phrase" and len(a.res.records) > 1
    if guessed:  # the words name a task in several documents and the question names none of them
        texts.append(say("words_in_documents", a.english, ref=ref, n=len(targets)))
    elif described:  # 青年工作方案: a description two titles fit equally well; which one is meant
        texts.append(say("described_documents", a.english, ref=a.q.doc or "", n=len(a.res.records)))
    elif several:
        texts.append(phrasing.in_several_documents(ref, len(targets), a.english))
    citations: list[Citation] = []
    agencies: list[Responsibility] = []
    for target in targets:
        cite = for_task(target.doc, target.task)
        citations.append(cite)
        agencies.extend(target.task.responsibilities)
        prefix = phrasing.by_order(target.by_order, target.task, a.english) if target.by_order else ""
        if target.shared:
            key = "shared_label_owned" if a.q.task else "shared_words_owned"
            prefix += say(key, a.english, ref=a.q.task or a.q.quoted or a.q.words or "", n=target.shared)
        if target.ordinal:
            task = target.task
            where = {"n": task.seq, "path": path_text(task.path), "title": task.title}
            prefix += say("ordinal_shared", a.english, shared=target.ordinal, label=a.q.task or "", **where)
        texts.append(prefix + line(target, cite))  # type: ignore[operator]
        if target.task.corrected is not None:
            texts[-1] += phrasing.corrected(target.task.corrected, a.english)
    if guessed or described:
        listed = tuple(Candidate(t.record.id, title_of(t.doc, t.task.span.start), path_text(t.task.path),
                                 t.task.title) for t in targets)  # fmt: skip
        return Answer(a.q.question, AMBIGUOUS, a.text("\n".join(texts)), citations=tuple(citations),
                      candidates=listed, script=a.script)  # fmt: skip
    chosen = kind or (NO_OWNER if not agencies else a.kind)
    return Answer(a.q.question, chosen, a.text("\n".join(texts)), tuple(agencies),
                  tuple(t.task for t in targets), tuple(citations), script=a.script)  # fmt: skip


def _with(answer: Answer, **changes: object) -> Answer:
    from dataclasses import replace

    return replace(answer, **changes)  # type: ignore[arg-type]
