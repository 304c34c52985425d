"""policykb: a knowledge base of Chinese government policy documents.

from kb import KnowledgeBase
base = KnowledgeBase.open()          # --store / $KB_STORE / $KB_HOME / default location
for record in base.docs():
    print(record.id, record.doc_number, record.title)
"""

from kb.backends.factory import open_store
from kb.corrections import Correction
from kb.errors import (
    AmbiguousDocument,
    AmbiguousTask,
    DocumentNotFound,
    KbError,
    StoreError,
    StoreLocked,
    StoreVersionError,
    TaskNotFound,
)
from kb.knowledge import KnowledgeBase
from kb.model import Document, Metadata, Part, Responsibility, Role, Script, Section, Span, Task
from kb.removal import Removal, remove
from kb.store import DocumentRecord, Store, resolve_root

__all__ = [
    "AmbiguousDocument",
    "AmbiguousTask",
    "Correction",
    "Document",
    "DocumentNotFound",
    "DocumentRecord",
    "KbError",
    "KnowledgeBase",
    "Metadata",
    "Part",
    "Removal",
    "Responsibility",
    "Role",
    "Script",
    "Section",
    "Span",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreVersionError",
    "Task",
    "TaskNotFound",
    "open_store",
    "remove",
    "resolve_root",
]
