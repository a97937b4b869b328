"""Loaders: files and records in, `Article` objects (or the errors that name what was wrong) out.

`load_paths` walks files and folders and yields, in order, an `Article` or an `IngestError` per
record, so one bad record never stops the others.
"""

from kg.ingest.loaders import SUFFIXES, load_file, load_paths
from kg.ingest.text import article_from_text

__all__ = ["SUFFIXES", "article_from_text", "load_file", "load_paths"]
