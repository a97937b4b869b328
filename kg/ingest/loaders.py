"""Walk paths and load every supported file into articles, one result per record."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from kg.errors import IngestError
from kg.extract.dates import publication_date_from_head
from kg.ingest.checks import checked
from kg.ingest.html import article_from_html
from kg.ingest.text import FRONT_MATTER_KEYS, article_from_text, to_date
from kg.model import Article

SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".csv", ".html", ".htm")
RECORD_KEYS = (*FRONT_MATTER_KEYS, "text")
# Field names other datasets use for the same things.
_ALIASES = {"content": "text", "body": "text", "date": "published", "source": "outlet", "headline": "title"}

LoadResult = Article | IngestError
# Article texts in CSV cells may be longer than the csv module's default field limit (131,072
# characters); the article length limit (KG_MAX_ARTICLE_CHARS) refuses the longest with its own error.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))
NO_ARTICLES = "no articles: the file holds no records"
TOO_DEEP = "malformed JSON: nested too deep (an article record is an object of plain values)"


def load_paths(paths: Iterable[str | Path], csv_columns: Mapping[str, str] | None = None) -> Iterator[LoadResult]:
    """Every article (or error) under the given files and folders, folders walked in name order."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                if not child.name.endswith(".gold.jsonl"):
                    yield from load_file(child, csv_columns)
        elif path.exists():
            yield from load_file(path, csv_columns)
        else:
            yield IngestError(str(path), "no such file or folder")


def load_file(path: Path, csv_columns: Mapping[str, str] | None = None) -> Iterator[LoadResult]:
    """The articles of one file; errors name the file and the line or record."""
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield IngestError(origin, f"unsupported file type {suffix!r}; supported: {', '.join(SUFFIXES)}")
        return
    if suffix == ".jsonl":  # read a line at a time (memory stays flat), each line on its own
        try:
            with path.open("rb") as lines:
                yield from _jsonl(lines, origin)
        except OSError as exc:
            yield IngestError(origin, f"cannot read: {exc.strerror}")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(origin, f"cannot read: {exc.strerror}")
        return
    if b"\x00" in data[:4096]:
        yield IngestError(origin, "binary file (NUL bytes), not text")
        return
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        yield IngestError(f"{origin}:{line}", f"not UTF-8 (byte {exc.start})")
        return
    if suffix == ".json":
        yield from _json(raw, origin, path.stem)
    elif suffix == ".csv":
        yield from _csv(raw, origin, csv_columns or {})
    elif suffix in (".html", ".htm"):
        yield _guard(lambda: checked(article_from_html(path.stem, raw, origin)))
    else:
        yield _guard(lambda: checked(article_from_text(path.stem, raw, origin)))


def article_from_record(record: object, origin: str, default_id: str | None = None) -> Article:
    """An article from a JSON-like mapping with the keys of `RECORD_KEYS` (or common aliases)."""
    if not isinstance(record, dict):
        raise IngestError(origin, f"record is a {type(record).__name__}, expected an object")
    fields: dict[str, object] = {}
    for key, value in record.items():
        fields.setdefault(_ALIASES.get(str(key), str(key)), value)
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(origin, "missing or empty 'text'")
    article_id = fields.get("id") or default_id
    if not article_id:
        raise IngestError(origin, "missing 'id'")
    return checked(Article(
        id=str(article_id),
        text=text,
        outlet=_opt(fields.get("outlet")),
        published=to_date(fields.get("published"), origin) or publication_date_from_head(text),
        url=_opt(fields.get("url")),
        title=_opt(fields.get("title")),
        language=str(fields.get("language") or "en"),
        origin=origin,
    ))


def _jsonl(lines: Iterable[bytes], origin: str) -> Iterator[LoadResult]:
    """One record a line, lines split on "\n" alone (binary lines: U+2028, U+2029 and U+0085 are
    characters a JSON string may hold) and decoded one by one, so one bad byte rejects its line only."""
    records = 0
    for number, raw_line in enumerate(lines, start=1):
        raw_line = raw_line.removesuffix(b"\n")
        where = f"{origin}:{number}"
        if number == 1 and raw_line.startswith(b"\xef\xbb\xbf"):
            raw_line = raw_line[3:]
        if not raw_line.strip():
            continue
        records += 1
        if b"\x00" in raw_line:
            yield IngestError(where, "binary data (NUL bytes), not text")
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield IngestError(where, f"not UTF-8 (byte {exc.start} of the line)")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield IngestError(where, TOO_DEEP)
            continue
        yield _record(record, where)
    if not records:
        yield IngestError(origin, NO_ARTICLES)


def _json(raw: str, origin: str, stem: str) -> Iterator[LoadResult]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield IngestError(f"{origin}:{exc.lineno}", f"malformed JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield IngestError(origin, TOO_DEEP)
        return
    if isinstance(data, list):
        if not data:
            yield IngestError(origin, NO_ARTICLES)
        for index, record in enumerate(data):
            where = f"{origin}[{index}]"
            yield _record(record, where)
    else:
        yield _record(data, origin, default_id=stem)


def _csv(raw: str, origin: str, columns: Mapping[str, str]) -> Iterator[LoadResult]:
    """CSV with a header row; `columns` maps article fields to column names (`text=article_content`).
    Strict: a quote never closed, or text after a closing quote, is an error naming the line."""
    reader = csv.DictReader(io.StringIO(raw, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield IngestError(f"{origin}:1", f"malformed CSV header: {exc}")
        return
    missing = [col for col in columns.values() if col not in header]
    if missing:
        yield IngestError(f"{origin}:1", f"columns {missing} not in header {header}")
        return
    rename = {col: field for field, col in columns.items()}
    lines = reader.reader  # the underlying reader counts physical lines, errors included
    records = 0
    while True:
        start = lines.line_num + 1  # the line the next record starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            records += 1
            reason = f"a quote opened on line {start} is never closed" if "end of data" in str(exc) else str(exc)
            yield IngestError(f"{origin}:{start}", f"malformed CSV: {reason}")
            if lines.line_num < start:  # nothing was read: stop rather than loop
                break
            continue
        records += 1
        where = f"{origin}:{start}"
        if None in row:
            yield IngestError(where, f"row has more cells than the header's {len(header)}")
            continue
        record = {rename.get(k, k): v for k, v in row.items() if k in rename or k in RECORD_KEYS or k in _ALIASES}
        yield _record(record, where)
    if not records:
        yield IngestError(origin, NO_ARTICLES + (" (a header row only)" if header else ""))


def _guard(make: Callable[[], Article]) -> LoadResult:
    try:
        return make()
    except IngestError as exc:
        return exc


def _record(record: object, where: str, default_id: str | None = None) -> LoadResult:
    return _guard(lambda: article_from_record(record, where, default_id))


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
