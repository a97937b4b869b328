"""Quotation marks: where quotations run in an article, and whether a content is quoted."""

from __future__ import annotations

import re

from spacy.tokens import Span

from kg.extract.phrases import Range
from kg.extract.sentences import doc_text
from kg.model import QuoteType


def quoted_regions(text: str, longest: int = 2000) -> list[Range]:
    """Stretches between paired quotation marks (curly pairs, or straight ones taken in turn).

    A paragraph break closes an open quotation: a quote running on into the next paragraph opens
    again there, by the usual convention, and an unpaired mark must not swallow the article.
    """
    regions: list[Range] = []
    opened: int | None = None
    for m in _QUOTE_OR_BREAK.finditer(text):
        i, ch = m.start(), m.group()
        if ch.startswith("\n"):
            if opened is not None:
                regions.append((opened, i))
            opened = None
        elif ch == "“" or (ch == '"' and opened is None):
            opened = i
        elif opened is not None:
            if i - opened <= longest:
                regions.append((opened, i + 1))
            opened = None
    return regions


_QUOTE_OR_BREAK = re.compile(r'["“”]|\n\s*\n')


def quote_ends_before(unit: Span, pos: int) -> bool:
    text = doc_text(unit.doc)[unit.start_char:pos].rstrip(" ,")
    return text.endswith(('"', "”")) and text.lstrip()[:1] in ('"', "“")


def quote_type(text: str, content: Range | None) -> QuoteType:
    """direct when the content is a quotation, mixed when it holds quoted fragments, else indirect."""
    if content is None:
        return "indirect"
    piece = text[content[0]:content[1]].strip(" ,.;:")
    if not any(q in piece for q in '"“”'):
        return "indirect"
    if piece[:1] in '"“' and piece.rstrip(".,!?")[-1:] in '"”':
        return "direct"
    return "mixed"


__all__ = ["quote_ends_before", "quote_type", "quoted_regions"]
