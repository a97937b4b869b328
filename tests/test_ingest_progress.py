"""`kg ingest`'s progress bar knows its total (and so shows the time left) when the records can be
counted without parsing them."""

from __future__ import annotations

from pathlib import Path

from kg.commands.ingest import count_records


def test_records_are_counted_as_the_loader_walks_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One article.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}', encoding="utf-8")
    (tmp_path / "b.gold.jsonl").write_text('{"claim": 1}\n', encoding="utf-8")  # gold: not loaded
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not a supported type: not loaded
    assert count_records([tmp_path]) == 4
    assert count_records([tmp_path / "b.jsonl", tmp_path / "a.txt", tmp_path / "missing.txt"]) == 4
    (tmp_path / "c.csv").write_text("id,text\n1,x\n", encoding="utf-8")
    assert count_records([tmp_path]) is None  # a CSV's records are known only by parsing it
