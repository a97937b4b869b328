"""Any text given to the extractor yields a SHACL-valid article graph or a clear error of the
project's own type (`KGError`), never another exception.

The text comes in as ingest takes it: inside a JSON record (a lone surrogate is then a `\\udXXX`
escape, which the loader refuses), read by `article_from_record`; the extractor runs on it directly
(so that an exception is seen as it is, not as the error ingest reports for a failed article),
then the article goes through `kg.operations.ingest` into an empty store, which `kg validate`'s
check must find conforming. The extractor is the configured default, loaded once for the module.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.ingest.loaders import article_from_record
from kg.operations import ingest
from kg.pipeline import Pipeline, build_pipeline, extract
from kg.rdf.store import OxigraphStore
from kg.rdf.validate import validate_store
from kg.settings import load_config

SENTENCES = ("At least 40 people were killed in airstrikes on Hajin, state media reported.",
             "The Observatory said 17 children died, AFP reported.", "Rami Abdel Rahman said 'between 900 and 10'.",
             "He said.", "Minus 5 people were injured, the ministry said on Tuesday.")
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and control characters included
TEXTS = st.one_of(
    st.text(ANY_CHARACTER, max_size=300),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Po"]), max_size=200),
    st.lists(st.one_of(st.sampled_from(SENTENCES), st.text(ANY_CHARACTER, max_size=40)), max_size=8).map(" ".join),
    st.builds(lambda c, n, s: s + " " + c * n + " " + s, st.characters(), st.integers(1_000, 20_000),
              st.sampled_from(SENTENCES)),  # one very long token between sentences
    st.just(""),
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(load_config(environ={}))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_gives_a_valid_graph_or_a_clear_error(pipeline: Pipeline, iris: Any, text: str) -> None:
    record = json.loads(json.dumps({"id": "property", "published": "2018-11-18", "text": text}))
    try:
        article = article_from_record(record, "property[0]")
        extractions = list(extract([article], pipeline.extractor, pipeline.resolvers))
    except KGError:
        return  # a clear error of the project's own type (an empty text, a lone surrogate)
    assert len(extractions) == 1
    store = OxigraphStore(None)
    report = ingest([article], store, pipeline.extractor, pipeline.resolvers, iris)
    assert report.articles == 1 and not report.errors, report.errors
    validation = validate_store(store)
    found = [v for v in validation.violations if v.severity == "Violation"]
    assert not found, validation.text()
