"""The batched segment writer writes exactly what whoosh's own writer would."""

from __future__ import annotations

from pathlib import Path

from whoosh import index

from kb.knowledge import KnowledgeBase
from kb.search.units import units
from kb.search.whoosh_engine import BatchSegmentWriter, fields, schema


def _contents(directory: Path) -> tuple[list[tuple[object, ...]], list[dict[str, object]], dict[str, int]]:
    ix = index.open_dir(str(directory))
    with ix.reader() as reader:
        postings = []
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                postings.append((fieldname, text, matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
        stored = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
        lengths = {f: reader.field_length(f) for f in ("content", "title", "names")}
    return postings, stored, lengths


def test_batch_writer_matches_whoosh(seeds: KnowledgeBase, tmp_path: Path) -> None:
    all_units = [u for doc in seeds.generation.documents() for u in units(doc)]
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for d in (ours, theirs):
        d.mkdir()
        index.create_in(str(d), schema())
    writer = BatchSegmentWriter(index.open_dir(str(ours)))
    for unit in all_units:
        writer.add_unit(unit)
    segment = writer.finish()
    ix = index.open_dir(str(ours))
    toc = ix.writer()
    toc._close_segment()
    toc._commit_toc([segment])
    toc._finish()
    reference = index.open_dir(str(theirs)).writer()
    for unit in all_units:
        reference.add_document(**fields(unit))
    reference.commit()
    assert [u.kind for u in all_units].count("task") == 111  # tasks, paragraphs and documents
    assert _contents(ours) == _contents(theirs)
