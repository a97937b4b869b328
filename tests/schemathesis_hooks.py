"""Hooks for a schemathesis run against the OpenAPI schema (SCHEMATHESIS_HOOKS=schemathesis_hooks):
teaches it to send the SPARQL Protocol's `application/sparql-query` bodies."""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.serializer("application/sparql-query")
def sparql_query(ctx: Any, value: Any) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")
