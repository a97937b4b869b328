"""Loaders: every input format, and bad input refused with what, where and why."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import SEED, shared_path

from kg.errors import IngestError
from kg.ingest import load_paths


def _one(path: Path):  # type: ignore[no-untyped-def]
    results = list(load_paths([path]))
    assert len(results) == 1
    return results[0]


def test_seed_format_reads_the_date_and_keeps_the_text_exact() -> None:
    article = _one(SEED)
    assert article.id == SEED.stem
    assert article.published == date(2018, 11, 18)
    assert article.text == SEED.read_text(encoding="utf-8")


def test_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\nid: x1\nurl: https://example.org/a\noutlet: SANA\npublished: 2017-04-05\n"
                    "title: T\nlanguage: en\n---\nSome text said here.\n", encoding="utf-8")
    article = _one(path)
    assert (article.id, article.outlet, article.published, article.url) == (
        "x1", "SANA", date(2017, 4, 5), "https://example.org/a")
    assert article.text == "Some text said here.\n"


def test_fakes_jsonl_loads_as_is() -> None:
    path = shared_path("corpus", "fa-kes", "articles.jsonl")
    results = list(load_paths([path]))
    assert len(results) == 792
    assert not [r for r in results if isinstance(r, IngestError)]
    first = results[0]
    assert first.id == "fakes-1914947530" and first.outlet == "NNA"
    assert first.published == date(2017, 4, 5)  # from the article's head


def test_csv_with_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("uid,article_content,src\n1,Ten people were killed,SANA\n2,,SANA\n", encoding="utf-8")
    results = list(load_paths([path], {"id": "uid", "text": "article_content", "outlet": "src"}))
    assert results[0].id == "1" and results[0].outlet == "SANA"
    assert isinstance(results[1], IngestError)
    assert f"{path}:3" in str(results[1]) and "text" in str(results[1])


def test_bad_inputs_name_file_line_and_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("ok\ncaf\xe9".encode("latin-1"))
    (tmp_path / "bad.jsonl").write_text(
        json.dumps({"id": "a", "text": "Fine text."}) + "\n{broken\n" + json.dumps({"id": "c"}) + "\n",
        encoding="utf-8")
    results = list(load_paths([tmp_path]))
    errors = {str(r) for r in results if isinstance(r, IngestError)}
    good = [r for r in results if not isinstance(r, IngestError)]
    assert [a.id for a in good] == ["a"]
    assert any("bad.jsonl:2" in e and "malformed JSON" in e for e in errors)
    assert any("bad.jsonl:3" in e and "text" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("latin.txt:2" in e and "UTF-8" in e for e in errors)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = _one(tmp_path / "nope.txt")
    assert isinstance(result, IngestError) and "no such file" in str(result)


@pytest.mark.parametrize(("head", "expected"), [
    ("Wed 05 Apr 2017 Syria attack symptoms", date(2017, 4, 5)),
    ("Published February 18 2015 Strikes", date(2015, 2, 18)),
    ("27-02-2016 Syria Terrorists", date(2016, 2, 27)),          # day first
    ("24.08.2013 Syrian state media accused", date(2013, 8, 24)),  # day first, with dots
    ("21.08.2013Get short URL 0 0 0 Syrian regime forces", date(2013, 8, 21)),  # furniture run into it
    ("Last updated at Apr 232017 An Israeli attack", date(2017, 4, 23)),  # comma stripped
    ("At least 40 people were killed in 2017", None),             # a year alone is no publication date
])
def test_publication_date_from_the_head(head: str, expected: date | None) -> None:
    from kg.extract.dates import publication_date_from_head

    assert publication_date_from_head(head) == expected


def test_jsonl_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    """The first record of a JSONL stream comes out before the rest is written (memory stays flat on a
    large file): a writer on a named pipe sends the second line only once the first article is out."""
    import os
    import threading

    pipe = tmp_path / "records.jsonl"
    os.mkfifo(pipe)
    first_out = threading.Event()
    waited: list[bool] = []

    def write() -> None:
        with open(pipe, "wb") as fh:
            fh.write(json.dumps({"id": "a1", "text": "The monitor said 3 people were killed."}).encode() + b"\n")
            fh.flush()
            waited.append(first_out.wait(20))  # False: the reader wanted the whole file first
            fh.write(json.dumps({"id": "a2", "text": "Another report."}).encode() + b"\n")

    writer = threading.Thread(target=write)
    writer.start()
    results = load_paths([pipe])
    first = next(results)
    first_out.set()
    rest = list(results)
    writer.join()
    assert waited == [True]
    assert [getattr(r, "id", None) for r in [first, *rest]] == ["a1", "a2"]
