"""English topics put into the Chinese words the documents of a store hold.

kb.qa.glossary knows several renderings of many words (`smart` 智慧|智能, `metropolis` 都会区|
都市圈); which one a question means is the one the documents write, found by searching the store
for each as a phrase (a few searches, English questions only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.errors import KbError
from kb.qa.glossary import to_chinese

if TYPE_CHECKING:
    from collections.abc import Callable

    from kb.knowledge import KnowledgeBase


def in_store(base: KnowledgeBase, english: str) -> str:
    """The Chinese words of an English phrase, each as the store's documents write it."""
    return to_chinese(english, held_by(base))


def held_by(base: KnowledgeBase) -> Callable[[str], bool]:
    """Whether some unit of the store holds a Chinese word or compound (as a phrase)."""
    seen: dict[str, bool] = {}

    def held(chinese: str) -> bool:
        if chinese not in seen:
            try:
                seen[chinese] = bool(base.search(f'"{chinese}"', limit=1).hits)
            except KbError:
                seen[chinese] = False
        return seen[chinese]

    return held
