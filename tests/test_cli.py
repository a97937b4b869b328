"""The `kg` command end to end, in process: extract, ingest, query, gazetteer import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED, SEEDS, shared_path

from kg.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_prints_gold_format_records_with_spans(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(SEED), "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert code == 0 and records
    for record in records:
        assert record["article"] == SEED.stem
        start, end = (int(x) for x in record["claim"].rsplit("/", 1)[1].split("-"))
        assert text[start:end] == record["text"]
        for field in ("content_span", "source_span", "cue_span"):
            # a span, or (a content its source and cue interrupt) a list of fragments
            spans = record[field] if record[field] and isinstance(record[field][0], list) else [record[field]]
            for span in filter(None, spans):
                assert 0 <= span[0] < span[1] <= len(text)


def test_ingest_query_and_idempotence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    code, out, _ = run(capsys, "--store", store, "ingest", "--quiet", str(SEEDS))
    assert code == 0 and "1 articles (1 new or changed, 0 replaced)" in out
    code, out, _ = run(capsys, "--store", store, "ingest", "--quiet", str(SEEDS))
    assert "(0 new or changed, 0 replaced)" in out
    query = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://claimgraph.org/ontology#Claim> }"
    code, out, _ = run(capsys, "--store", store, "query", query, "--format", "json")
    claims = int(json.loads(out)["results"]["bindings"][0]["n"]["value"])
    code, csv_out, _ = run(capsys, "--store", store, "query", query, "--format", "csv")
    assert csv_out.splitlines() == ["n", str(claims)] and claims > 0
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT { ?c a <https://claimgraph.org/ontology#Claim> } "
                  "WHERE { ?c a <https://claimgraph.org/ontology#Claim> }", encoding="utf-8")
    code, out, _ = run(capsys, "--store", store, "query", str(rq), "--format", "turtle")
    assert code == 0 and out.count("cg:Claim") == claims


def test_ingest_reports_bad_records_and_keeps_the_rest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{"id": "ok", "text": "Ten people were killed, the monitor said."}\n{nope\n', encoding="utf-8")
    code, out, err = run(capsys, "--store", str(tmp_path / "s"), "ingest", "--quiet", str(bad))
    assert code == 1 and "1 articles" in out and "1 errors" in out
    assert f"{bad}:2" in err and "malformed JSON" in err


def test_malformed_query_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "--store", str(tmp_path / "s"), "ingest", "--quiet", str(SEEDS))
    code, _, err = run(capsys, "--store", str(tmp_path / "s"), "query", "SELECT WHERE {")
    assert code == 2 and "malformed SPARQL" in err


def test_unknown_setting_stops_the_command(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORRE", "x")
    code, _, err = run(capsys, "extract", str(SEED))
    assert code == 2 and "KG_STORRE" in err


def test_gazetteer_import_places_claims_near_airwars(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    airwars = shared_path("corpus", "airwars", "airwars_syria_incidents.jsonl")
    store = str(tmp_path / "store")
    code, out, _ = run(capsys, "--store", store, "gazetteer", "import", str(airwars))
    assert code == 0 and "places" in out
    run(capsys, "--store", store, "ingest", "--quiet", str(SEEDS))
    query = ("PREFIX cg: <https://claimgraph.org/ontology#> PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> "
             "SELECT ?name ?lat WHERE { ?c cg:placeName ?name ; cg:place ?p . ?p geo:lat ?lat }")
    code, out, _ = run(capsys, "--store", store, "query", query, "--format", "csv")
    located = {line.split(",")[0] for line in out.splitlines()[1:]}
    assert {"Al-Shaafa", "Al-Buqa'an"} <= {name.removesuffix(" village") for name in located}


def test_eval_scores_a_gold_folder(capsys: pytest.CaptureFixture[str]) -> None:
    gold = shared_path("gold")
    code, out, _ = run(capsys, "eval", str(gold), "--json")
    scores = json.loads(out)
    assert code == 0 and scores["gold_claims"] == 20 and 0.0 <= scores["attribution_f1"] <= 1.0
    assert scores["matched"] > 0


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    """`kg query ... | head -1`: the pipe closes under a long answer; no traceback, exit 0."""
    import subprocess
    import sys

    values = " ".join(str(n) for n in range(300))  # 90,000 rows: far longer than a pipe's buffer
    command = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main(sys.argv[1:]))",
               "--store", "memory", "query", f"SELECT * WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} }}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip()
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(60) == 0 and "Traceback" not in errors, errors
