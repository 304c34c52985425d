"""Real documents labelled by hand (tests/data/dev): every task's agencies, lead and deadline.

Each labelled document must be read exactly as its label says; `python -m bench.devset -v`
shows the differences and the F1 / lead accuracy over the whole set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import devset
from kb.model import Document

LABELS = devset.labels()


@pytest.fixture(scope="module")
def dev_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    return devset.read_documents(tmp_path_factory.mktemp("dev") / "store", LABELS)


@pytest.mark.parametrize("label", LABELS, ids=[lb.doc_id[:2] for lb in LABELS])
def test_document_reads_as_labelled(label: devset.Label, dev_documents: dict[str, Document]) -> None:
    result = devset.score(dev_documents[label.doc_id], label)
    assert result.wrong == []


def test_every_label_names_a_document_and_finds_text_once() -> None:
    for label in LABELS:
        text = (devset.DOCS / label.file).read_text(encoding="utf-8")
        flat = "".join(text.split())
        for entry in label.tasks:
            needle = "".join(entry["find"].split())
            if "occurrence" in entry:  # no piece of the task's text is unique: the n-th place
                assert 2 <= entry["occurrence"] <= flat.count(needle), (label.file, entry["find"])
            else:
                assert flat.count(needle) == 1, (label.file, entry["find"])
            assert entry["agencies"], (label.file, entry["find"])
        assert Path(devset.DOCS / label.file).exists()
