"""What a question asks: the aspect (who owns, which tasks, yes or no, how many, by when …)
and the role, read from its question words, role words and nouns (kb/data/lexicon.tsv).

A question word asks about the noun next to it: 哪个部门 asks who, 哪些任务 which tasks, 几项 how
many tasks, 哪些文件 which documents; 完成时限 or 什么时候 by when; 是否, 吗, `Is …` yes or no.
"""

from __future__ import annotations

import re

from kb import lexicon
from kb.qa import tokens as tk
from kb.qa.tokens import Token

OWNERS, LEAD, SUPPORT, TASKS, YES_NO, COUNT, DEADLINE, ISSUER, DEFINITION, FIGURE, DOCUMENTS, TOPIC = (
    "owners", "lead", "support", "tasks", "yes_no", "count", "deadline", "issuer", "definition",
    "figure", "documents", "topic",
)  # fmt: skip
DATE = "date"  # when a document was written, issued or takes effect
UNOWNED = "unowned"  # the tasks that name no responsible unit (kb.qa.unowned)
CONTENT = "content"  # what a named task says: 第5项任务的具体内容, What does task 5 say?
DOC_NUMBER = "doc_number"  # a document's number: 这个方案的文号是什么, What is the document number of …
FRAME = ("ask", "aux", "role_asked", "role_label", "unit_asked", "unit_word", "aspect_word", "mention",
          "task_noun", "measure", "joint", "each", "this")  # fmt: skip
_HOW = re.compile(r"如何|怎么|怎样|^how$")
# how something is settled (按什么原则确定, on what basis): a rule the text states
_MANNER = re.compile(
    r"(?:按照?|依据|根据|依照|凭)(?:什么|何种)|什么(?:原则|标准|条件|程序|依据)|(?:如何|怎么|怎样)(?:确定|认定|划分)"
    r"|on what (?:basis|principle|grounds)|by what (?:principle|criteria|rule)"
)
_ROLE_OF_ASPECT = {"owners": "any", "lead": "lead", "support": "support", "guide": "guide"}
_DEFINED = re.compile(
    r"^(?:请问)?什么(?:是|叫)|^[^的]{2,20}?(?:是什么|指什么|如何界定|怎么界定|怎样界定|如何定义)[?]?$"
    r"|^what (?:is|are) (?!the )(?:an? )?(?:(?! of ).)+$"
)


# a document's annex named (the projects listed in the annex, 附件2有几项): what it lists are items
ANNEX_ASKED = re.compile(
    r"\b(?:annex|annexe|attachment|appendix)(?:es)?(?:\s+(?:no\.?\s*)?(\d{1,2}))?\b|附件\s*(\d{1,2})?"
)


def asks_of(
    pieces: list[Token], inside: set[int], phrase: frozenset[int] = frozenset()
) -> dict[str, set[str]]:
    """Each question word's value with the kind of noun it asks about (unit, task, doc).
    `phrase`: the positions of a document named by a phrase (有哪些关于孵化器的文件): a question
    word right before it asks for documents."""
    asks: dict[str, set[str]] = {}
    for i, t in enumerate(pieces):
        if i in inside or t.kind != tk.WORD or "ask" not in t.cats:
            continue
        value = t.cats["ask"]
        after = next((j for j in range(i + 1, len(pieces)) if not _small(pieces[j])), None)
        noun = (
            ("unit" if t.has("unit_asked") else None)
            or ("doc" if after in phrase else None)
            or _noun(pieces[i + 1 :])
            or _noun(pieces[:i][::-1], backwards=True)
        )  # 哪个处: the word holds its noun
        asks.setdefault(value, set()).add(noun or "")
    return asks


def _small(t: Token) -> bool:
    """A space, 关于 or a filler word between a question word and what it asks about."""
    return t.kind == tk.SPACE or (t.kind == tk.WORD and t.has("mention", "filler"))


def _noun(following: list[Token], backwards: bool = False) -> str | None:
    """The kind of noun a question word is about: the next noun, skipping small words."""
    skipped = False
    for t in following[:6]:
        if t.kind == tk.TEXT and not skipped and not backwards and t.text.isascii():
            skipped = True  # how many marked tasks: a word between the question word and its noun
            continue
        if t.kind == tk.SPACE or (t.kind == tk.WORD and t.has("filler", "locative") and not t.has(*FRAME)):
            continue
        if t.kind == tk.WORD and t.has("measure"):
            if t.cats["measure"] == "task":
                return _measured(following[following.index(t) + 1 :])
            continue
        if t.kind == tk.WORD and (
            t.has("unit_asked", "unit_word") or t.cats.get("aspect_word") in _ROLE_OF_ASPECT
        ):
            return "unit"
        if t.kind == tk.WORD and t.has("task_noun"):
            return "task"
        if t.kind == tk.WORD and t.has("doc_noun"):
            return "doc"
        if t.kind == tk.WORD and (t.has("role_asked", "role_label") or t.has("aux")) and not backwards:
            continue
        return None
    return None


def _measured(following: list[Token]) -> str | None:
    """What 几项 counts: tasks, unless other words follow it that end in no task noun
    (推出多少项体育精品赛事 asks for a figure the text states; 几项改革举措 counts tasks)."""
    rest = [t for t in following[:3] if t.kind != tk.SPACE]
    if not rest or rest[0].kind != tk.TEXT or rest[0].text.isascii():
        return "task"
    after = rest[1] if len(rest) > 1 else None
    noun = after is not None and after.kind == tk.WORD and after.has("task_noun") and len(after.text) > 1
    return "task" if noun else None  # 赛事 is no 事项


# before a role word, the role set aside: support rather than lead, lead but not merely assist,
# 配合而非牵头, 不是牵头单位而是配合单位 (是不是 asks yes or no)
_DENIED = re.compile(
    r"(?:\brather than|\binstead of|\bnot|n't|而非|而不是|并非|(?<!是)不是)\s*"
    r"(?:(?:merely|just|simply|only|acting as|as|a|an|the|being|作为|担任)\s*)*$"
)


def role_of(frame: list[Token], norm: str = "") -> str | None:
    """The role asked about; None for any (负责, 涉及) or for several (牵头单位和配合单位). A role
    set aside (`support rather than lead`, 配合而非牵头) is not asked about."""
    roles = set()
    for t in frame:
        role = lexicon.asked_role(t.cats) or _ROLE_OF_ASPECT.get(t.cats.get("aspect_word", ""))
        if role and not (norm and _DENIED.search(norm[max(0, t.start - 30) : t.start])):
            roles.add(role)
    specific = roles - {"any"}
    return specific.pop() if len(specific) == 1 else None


def aspect_of(
    norm: str, pieces: list[Token], frame: list[Token], asks: dict[str, set[str]], agencies: bool,
    language: str,
) -> tuple[str, str | None]:  # fmt: skip
    aspects = {
        t.cats["aspect_word"] for t in frame if "aspect_word" in t.cats and not _post_of_role(pieces, t)
    } | _role_units(pieces)
    who = "who" in asks or "unit" in asks.get("which", set())
    first = next((t for t in pieces if t.kind != tk.SPACE), None)
    yes_no = "yes_no" in asks or (language == "english" and first is not None and first.has("aux"))
    if "doc_number" in aspects and not names_task(pieces) and not any(t.kind == tk.NUMBER for t in pieces):
        return (
            DOC_NUMBER,
            None,
        )  # 文号是什么: the number itself (a question giving a number asks something else)
    if "issuer" in aspects and (who or "which" in asks) and not names_task(pieces):
        return ISSUER, None
    if ("definition" in aspects or _composition(pieces) or _about_body(pieces)) and not names_task(pieces):
        return DEFINITION, None  # 总指挥由谁担任, X包括哪些单位, 工作专班由谁牵头: prose, not a marker
    if _MANNER.search(norm) and "who" not in asks:
        return TOPIC, None  # 主办单位按什么原则确定: the rule the text states, not a task's units
    if "validity" in aspects and not names_task(pieces):
        return TOPIC, None  # 有效期多长, how long are the measures valid: the sentence that says it
    often = any(t.cats.get("aspect_word") == "frequency" for t in pieces)
    if often and ("when" in asks or ("frequency" in aspects and not (who or agencies))):
        return TOPIC, None  # 多长时间报送一次, how often: the sentence that says it, not a deadline
    if "when" in asks or "deadline" in aspects:
        about_tasks = names_task(pieces) or agencies or any(t.has("task_noun", "measure") for t in frame)
        if "deadline" not in aspects and ("issuer" in aspects or not about_tasks):
            return DATE, None  # 这份文件是什么时候印发的 / 是哪一年的: the document's date
        return DEADLINE, None
    if yes_no and agencies:
        return YES_NO, None
    unit_words = bool(aspects & set(_ROLE_OF_ASPECT)) or any(
        t.has("unit_word", "unit_asked") or lexicon.asked_role(t.cats) for t in frame
    )  # 有没有配合单位, 是…的责任单位吗: about the task's units (not 是否已经完成)
    if yes_no and names_task(pieces) and "count" not in asks and not (who or "which" in asks) and unit_words:
        return YES_NO, None  # 第3项有没有配合单位 / 市丁局是第3项的责任单位吗: yes or no, about the task
    if "count" in asks:
        nouns = asks["count"]
        counted = "tasks" if "task" in nouns else "agencies" if "unit" in nouns else None
        if counted is None and ANNEX_ASKED.search(norm):  # 附件列了几项重大项目: the items it lists
            counted = "tasks"
        return (COUNT, counted) if counted else (FIGURE, None)
    if "doc" in asks.get("which", set()):
        return (TASKS if agencies else DOCUMENTS), None  # 北京证监局在哪些文件里有任务: its tasks
    if "doc" in asks.get("yes_no", set()) and not agencies:
        return DOCUMENTS, None  # 有没有关于孵化器的文件: the documents, or none
    if "task" in asks.get("which", set()) or ("" in asks.get("which", set()) and _role_then_what(pieces)):
        return TASKS, None  # X负责什么: what X is responsible for, as for X负责哪些任务
    roles = {lexicon.asked_role(t.cats) for t in frame} | {_ROLE_OF_ASPECT.get(a) for a in aspects}
    roles.discard(None)
    if who or aspects & set(_ROLE_OF_ASPECT) or _ends_with_role(pieces, frame, asks, agencies):
        return _who(frame, norm), None
    if agencies and (any(t.has("task_noun") for t in frame) or roles or "which" in asks):
        return (TASKS if asks or not names_task(pieces) else YES_NO), None
    if yes_no:
        return YES_NO, None
    if names_task(pieces) and ("content" in aspects or "which" in asks):
        return CONTENT, None  # 第5项任务是什么 / 具体内容 / 讲了什么: the task's own words
    if _DEFINED.search(norm) or "definition" in aspects:
        return DEFINITION, None
    return TOPIC, None


_ASPECT_OF_ROLE = {role: aspect for aspect, role in _ROLE_OF_ASPECT.items()}


def _role_units(pieces: list[Token]) -> set[str]:
    """A role word glued to a unit word is a label the lexicon need not list (负责政策局, 协同部门,
    牵头机构): the units of that role are asked, as by 责任单位 or 牵头单位."""
    found = set()
    for t, after in zip(pieces, pieces[1:], strict=False):
        role = lexicon.asked_role(t.cats) if t.kind == tk.WORD and not t.has("aspect_word") else None
        if (
            role in _ASPECT_OF_ROLE
            and after.start == t.end
            and after.kind == tk.WORD
            and after.has("unit_word")
        ):
            found.add(_ASPECT_OF_ROLE[role])
    return found


def _post_of_role(pieces: list[Token], t: Token) -> bool:
    """A post word before a role word (担任协办的单位, 作为牵头单位): the role is asked, not a post."""
    if t.cats.get("aspect_word") != "definition" or t not in pieces:
        return False
    after = next((x for x in pieces[pieces.index(t) + 1 :] if x.kind != tk.SPACE), None)
    return after is not None and bool(
        lexicon.asked_role(after.cats) or after.cats.get("aspect_word", "") in _ROLE_OF_ASPECT
    )  # 担任协办机关的: a role noun (an aspect word) after the post word counts too


def _role_then_what(pieces: list[Token]) -> bool:
    """A role word right before a question word that ends the question (区丙局负责什么)."""
    solid = [t for t in pieces if t.kind not in (tk.SPACE, tk.PUNCT)]
    return (
        len(solid) >= 2 and solid[-1].cats.get("ask") == "which" and bool(lexicon.asked_role(solid[-2].cats))
    )


def _composition(pieces: list[Token]) -> bool:
    """包括哪些单位 / 包含哪些部门: what a collective name (建设主管部门) is made of."""
    for i, t in enumerate(pieces[:-2]):
        including = (
            t.text in ("包括", "包含", "include", "includes") and pieces[i + 1].cats.get("ask") == "which"
        )
        if including and pieces[i + 2].has("unit_asked", "unit_word"):  # 哪些单位, not 哪些任务 (tasks)
            return True
    return False


def _about_body(pieces: list[Token]) -> bool:
    """Whether the question is about a body the document sets up (清水行动工作专班由谁牵头), not a
    task: a group noun ends the words and no verb before it makes it a task (成立领导小组)."""
    verbs = tuple(lexicon.words("group_verb"))
    for i, t in enumerate(pieces):
        if t.kind != tk.WORD or not t.has("group"):
            continue
        after = next((x for x in pieces[i + 1 :] if x.kind != tk.SPACE), None)
        if after is not None and (after.kind == tk.TEXT or after.has("task_noun")):
            continue
        start = i
        while (
            start > 0 and pieces[start - 1].kind in (tk.TEXT, tk.WORD) and not pieces[start - 1].has(*FRAME)
        ):
            start -= 1
        if not "".join(x.text for x in pieces[start:i]).startswith(verbs):
            return True
    return False


def _ends_with_role(
    pieces: list[Token], frame: list[Token], asks: dict[str, set[str]], agencies: bool
) -> bool:
    """A question typed as keywords that ends with a role word and asks nothing else (嘉定海绵方案
    推进排水设施提质增效 配合): who holds that role."""
    last = next((t for t in reversed(pieces) if t.kind not in (tk.SPACE, tk.PUNCT)), None)
    how = any(_HOW.search(t.text) for t in pieces if t.kind in (tk.TEXT, tk.WORD))  # 海绵城市建设如何落实
    return (
        not asks
        and not agencies
        and not how
        and last is not None
        and last in frame
        and bool(lexicon.asked_role(last.cats))
    )


def _who(frame: list[Token], norm: str = "") -> str:
    role = role_of(frame, norm)
    return LEAD if role == "lead" else SUPPORT if role == "support" else OWNERS


def names_task(pieces: list[Token]) -> bool:
    return any(t.kind in (tk.TASK, tk.QUOTE) for t in pieces)
