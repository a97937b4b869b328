"""What every article must be before it reaches the extractor and the store, whatever format it came in."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date

from kg.errors import IngestError
from kg.model import Article

# Publication dates outside this range are typing errors (a year 0001 also breaks date arithmetic).
EARLIEST_PUBLISHED = date(1800, 1, 1)
LATEST_PUBLISHED = date(2199, 12, 31)
_SURROGATE = re.compile("[\ud800-\udfff]")


def checked(article: Article) -> Article:
    """The article as it is, or an `IngestError` naming where it came from and what is wrong:
    a lone surrogate in any text field (not Unicode: a JSON escape such as \\ud800 makes one),
    or a publication date outside 1800-2199."""
    origin = article.origin or article.id
    for f in fields(article):
        if f.name == "origin":
            continue
        value = getattr(article, f.name)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            raise IngestError(origin, f"'{f.name}' holds a lone surrogate (U+{ord(bad.group()):04X}) at character "
                                      f"{bad.start()}: not valid Unicode")
    if article.published and not EARLIEST_PUBLISHED <= article.published <= LATEST_PUBLISHED:
        raise IngestError(origin, f"'published' {article.published.isoformat()} is not a plausible publication "
                                  f"date ({EARLIEST_PUBLISHED.year}-{LATEST_PUBLISHED.year})")
    return article
