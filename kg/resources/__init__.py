"""The files the package ships besides code, found with `importlib.resources`: the one owner of their lookup.

A resource is named by its kind and its file name:

- `ontology`: the repository's top-level `ontology/` folder (claims.ttl, shapes.ttl, context.jsonld),
  shipped as the subpackage `kg.resources.ontology`;
- `queries`: the top-level `queries/` folder (the named `.rq` queries), shipped as `kg.resources.queries`;
- `data`: `kg/data/` (the agent and place registries, the lexicon, the models), the package `kg.data`.

`pyproject.toml` maps the two top-level folders onto their subpackages (`package-dir`), so the same
lookup reads the checkout's files under an editable install (`make install`) and the installed copies
from a wheel; nothing is found by a path from the checkout. A resource that is not there is an error
(`ResourceMissing`) naming it, never an empty answer.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from kg.errors import KGError

PACKAGES = {"ontology": "kg.resources.ontology", "queries": "kg.resources.queries", "data": "kg.data"}
QUERY_SUFFIX = ".rq"


class ResourceMissing(KGError):
    """A file the package should ship (ontology, shapes, JSON-LD context, named queries, registries) is not
    installed; `resource` names it as KIND/NAME."""

    code = "E701"

    def __init__(self, resource: str, reason: str = "") -> None:
        super().__init__(f"resource {resource} is missing from the installed package"
                         + (f" ({reason})" if reason else "")
                         + "; reinstall claimgraph (in a checkout: make install)")
        self.resource = resource


@cache
def folder(kind: str) -> Traversable:
    """The shipped folder of resources of `kind` (ontology, queries, data)."""
    if kind not in PACKAGES:
        raise ValueError(f"no kind of resource {kind!r}; kinds: {', '.join(PACKAGES)}")
    try:
        found = resources.files(PACKAGES[kind])
    except ModuleNotFoundError as exc:
        raise ResourceMissing(f"{kind}/", f"no package {PACKAGES[kind]}: {exc}") from None
    if not found.is_dir():
        raise ResourceMissing(f"{kind}/", f"{PACKAGES[kind]} has no folder")
    return found


def resource(kind: str, name: str) -> Traversable:
    """The shipped file `name` (parts split by '/') of `kind`, or ResourceMissing naming it."""
    path = folder(kind).joinpath(*name.split("/"))
    if not path.is_file():
        raise ResourceMissing(f"{kind}/{name}")
    return path


def resource_text(kind: str, name: str) -> str:
    """The text (UTF-8) of the shipped file `name` of `kind`."""
    return resource(kind, name).read_text(encoding="utf-8")


def resource_bytes(kind: str, name: str) -> bytes:
    """The bytes of the shipped file `name` of `kind`."""
    return resource(kind, name).read_bytes()


def named_query_files() -> list[Traversable]:
    """The shipped named queries (`queries/*.rq`) sorted by file name; none at all is ResourceMissing."""
    found = sorted((p for p in folder("queries").iterdir() if p.name.endswith(QUERY_SUFFIX) and p.is_file()),
                   key=lambda p: p.name)
    if not found:
        raise ResourceMissing(f"queries/*{QUERY_SUFFIX}", "no named query is installed")
    return found
