"""Plain text articles: the seed style (`date YYYY-MM-DD` run into the text) and YAML front matter."""

from __future__ import annotations

import re
from datetime import date, datetime

import yaml

from kg.errors import IngestError
from kg.extract.dates import publication_date_from_head
from kg.model import Article

_SEED_HEAD = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b")
_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)
FRONT_MATTER_KEYS = ("id", "url", "outlet", "published", "title", "language")


def to_date(value: object, origin: str) -> date | None:
    """A `published` value from metadata as a date; a clear error when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        parsed = publication_date_from_head(text)
        if parsed is None:
            raise IngestError(origin, f"'published' is not a date: {text!r}") from None
        return parsed


MAX_YAML_ALIASES = 20  # front matter is a handful of plain values: no use for more


class TooManyAliases(yaml.YAMLError):
    """A YAML document refers back to anchors more often than front matter ever needs."""


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader (plain values only, no Python objects) with alias expansion bounded: an
    alias bomb ("billion laughs") fails at once instead of filling memory."""

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise TooManyAliases(f"more than {MAX_YAML_ALIASES} YAML aliases (*name)")
        return super().compose_node(parent, index)


def article_from_text(article_id: str, raw: str, origin: str) -> Article:
    """An article from a text file's content: front matter, seed head, or bare text."""
    if not raw.strip():
        raise IngestError(origin, "empty article: no text")
    front = _FRONT.match(raw)
    if front:
        try:
            meta = yaml.load(front.group(1), Loader=_FrontMatterLoader) or {}  # noqa: S506 - a SafeLoader
        except TooManyAliases as exc:
            raise IngestError(origin, f"front matter is refused: {exc}") from None
        except RecursionError:
            raise IngestError(origin, "front matter is refused: nested too deep") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            problem = getattr(exc, "problem", None)
            raise IngestError(origin, f"front matter is not valid YAML{where}" + (f": {problem}" if problem else "")
                              ) from None
        if not isinstance(meta, dict):
            raise IngestError(origin, "front matter must be a mapping of keys to values")
        unknown = sorted(map(str, set(meta) - set(FRONT_MATTER_KEYS)))
        if unknown:
            raise IngestError(origin, f"unknown front matter keys {unknown}; known: {list(FRONT_MATTER_KEYS)}")
        for key, value in meta.items():
            if isinstance(value, list | dict | set):
                raise IngestError(origin, f"front matter {key!r} must be a single value, not a {type(value).__name__}")
        text = raw[front.end():]
        if not text.strip():
            raise IngestError(origin, "empty article: front matter but no text")
        published = to_date(meta.get("published"), origin) or publication_date_from_head(text)
        return Article(
            id=str(meta.get("id") or article_id),
            text=text,
            outlet=_opt(meta.get("outlet")),
            published=published,
            url=_opt(meta.get("url")),
            title=_opt(meta.get("title")),
            language=str(meta.get("language") or "en"),
            origin=origin,
        )
    seed = _SEED_HEAD.match(raw)
    published = date.fromisoformat(seed.group(1)) if seed else publication_date_from_head(raw)
    return Article(id=article_id, text=raw, published=published, origin=origin)


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
