"""POST /articles as a job: bounded body and record count (413), type-checked uploads (400, 415),
larger batches answered 202 with a job resource at /jobs/{id}, a bounded queue (503), jobs that end
when the server stops; CORS off by default and on for configured origins."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from apiclient import Client

from api.app import create_app
from kg.rdf.store import OxigraphStore
from kg.settings import load_config

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def record(n: int, text: str | None = None) -> dict[str, str]:
    return {"id": f"job-{n}", "outlet": "Press TV", "published": "2018-11-18",
            "text": text or f"At least {n + 3} people were killed in airstrikes on village {n}, state media reported."}


def make_client(extractor: Any, resolvers: Any, pipeline: Any = None, **settings: object) -> Client:
    config = load_config({"store": "memory", "api_token": TOKEN, "sync_ingest_records": 2, **settings}, environ={})
    return Client(create_app(config, OxigraphStore(None), pipeline=pipeline or (lambda: (extractor, resolvers))))


def finished(client: Client, response: Any) -> dict[str, Any]:
    """The job a 202 answer started, once it has ended."""
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    assert response.headers["location"] == f"/jobs/{job_id}"
    job = client.app.state.ctx.jobs.get(job_id)
    assert job.ended.wait(120), "the job did not end"
    answer = client.get(f"/jobs/{job_id}", headers=AUTH)
    assert answer.status_code == 200
    return answer.json()


@pytest.fixture()
def client(extractor, resolvers) -> Client:  # type: ignore[no-untyped-def]
    return make_client(extractor, resolvers)


def test_a_small_batch_is_answered_at_once(client: Client) -> None:
    response = client.post("/articles", json=[record(1), record(2)], headers=AUTH)
    assert response.status_code == 200 and response.json()["changed"] == 2


def test_a_larger_batch_is_a_job_with_progress_counts_errors_and_links(client: Client) -> None:
    batch = [record(1), record(2), {"id": "no-text"}, record(4), record(1, "Another text, said SANA.")]
    job = finished(client, client.post("/articles", json=batch, headers=AUTH))
    assert job["state"] == "done" and job["reason"] is None
    assert job["progress"] == {"done": 5, "total": 5}
    assert job["counts"] == {"stored": 3, "unchanged": 0, "replaced": 0, "failed": 2}
    assert job["claims"] >= 3 and job["incidents"] >= 1
    errors = {e["record"]: e for e in job["errors"]}
    assert set(errors) == {3, 5}
    assert "empty 'text'" in errors[3]["reason"] and errors[3]["origin"] == "request[2]"
    assert "another text" in errors[5]["reason"] and errors[5]["code"] == "E102"
    assert [a["href"] for a in job["articles"]] == ["/articles/job-1", "/articles/job-2", "/articles/job-4"]
    assert client.get("/articles/job-4").status_code == 200

    again = finished(client, client.post("/articles", json=batch[:2] + batch[3:4], headers=AUTH))
    assert again["counts"] == {"stored": 0, "unchanged": 3, "replaced": 0, "failed": 0}


def test_an_uploaded_file_job_names_records_by_line(client: Client) -> None:
    lines = [json.dumps(record(n)) for n in range(1, 4)] + ["{oops"]
    files = {"file": ("batch.jsonl", "\n".join(lines).encode(), "application/x-ndjson")}
    job = finished(client, client.post("/articles", files=files, headers=AUTH))
    assert job["counts"]["stored"] == 3 and job["counts"]["failed"] == 1
    assert job["errors"][0]["record"] == 4 and job["errors"][0]["origin"] == "batch.jsonl:4"
    assert "malformed JSON" in job["errors"][0]["reason"]


def test_jobs_need_the_token_and_unknown_ones_are_404(client: Client) -> None:
    job_id = client.post("/articles", json=[record(n) for n in range(3)], headers=AUTH).json()["id"]
    assert client.get(f"/jobs/{job_id}").status_code == 401
    assert client.get("/jobs/nope", headers=AUTH).status_code == 404


def test_body_size_and_record_count_are_bounded_before_ingest(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    client = make_client(extractor, resolvers, max_upload_bytes=2000, max_upload_records=3)
    big = client.post("/articles", json=record(1, "x " * 2000), headers=AUTH)
    assert big.status_code == 413
    problem = big.json()
    assert problem["limit"] == "bytes" and problem["maximum"] == 2000 and problem["setting"] == "KG_MAX_UPLOAD_BYTES"
    assert problem["value"] > 2000 and "KG_MAX_UPLOAD_BYTES" in problem["detail"]

    async def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: counted while read
        for _ in range(10):
            yield b" " * 500

    streamed = client.post("/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["limit"] == "bytes"

    many = client.post("/articles", json=[{"id": str(n), "text": "t"} for n in range(4)], headers=AUTH)
    assert many.status_code == 413 and many.json()["limit"] == "records" and many.json()["value"] == 4
    lines = "\n".join(json.dumps({"id": str(n), "text": "t"}) for n in range(50)).encode()
    upload = client.post("/articles", files={"file": ("many.jsonl", lines, "application/jsonl")}, headers=AUTH)
    assert upload.status_code == 413 and upload.json()["setting"] == "KG_MAX_UPLOAD_RECORDS"
    assert client.get("/articles").json()["items"] == []


@pytest.mark.parametrize(("files", "status", "words"), [
    ({"file": ("a.csv", b"id,text\n1,x\n", "image/png")}, 415, "declared as image/png"),
    ({"file": ("a.exe", b"MZ", "application/octet-stream")}, 415, "kind ingest does not read"),
    ({"file": ("a.txt", b"text\x00\x01\x02", "text/plain")}, 400, "binary data"),
    ({"other": ("a.txt", b"text", "text/plain")}, 400, "'file' field"),
])
def test_uploads_are_type_checked(client: Client, files: dict[str, Any], status: int, words: str) -> None:
    response = client.post("/articles", files=files, headers=AUTH)
    assert response.status_code == status and words in response.json()["detail"]


@pytest.mark.parametrize(("body", "status", "words"), [
    (b"\xff\xfe not utf-8", 400, "not UTF-8"), (b"[1, 2", 400, "not JSON"),
    (b'"a string"', 400, "send an object or a list"),
    (b"[" * 100_000 + b"]" * 100_000, 422, "nested too deep"),  # JSON, but no records: as from a file
])
def test_a_json_body_must_be_json(client: Client, body: bytes, status: int, words: str) -> None:
    response = client.post("/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == status and words in response.json()["detail"]


def test_a_full_queue_is_503_with_retry_after_and_stop_ends_jobs(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    loading = threading.Event()

    def slow_pipeline() -> tuple[Any, Any]:  # the first job holds the worker until released
        loading.set()
        assert release.wait(60)
        return extractor, resolvers

    client = make_client(extractor, resolvers, pipeline=slow_pipeline, ingest_queue_length=1)
    batch = [record(n) for n in range(3)]
    first = client.post("/articles", json=batch, headers=AUTH)
    assert first.status_code == 202 and loading.wait(60)
    waiting = client.post("/articles", json=batch, headers=AUTH)
    assert waiting.status_code == 202 and waiting.json()["state"] == "queued"
    small = client.post("/articles", json=batch[:1], headers=AUTH)  # a job runs: even a small batch waits its turn
    assert small.status_code == 503 and small.headers["retry-after"]
    assert "KG_INGEST_QUEUE_LENGTH" in small.json()["detail"]

    jobs = client.app.state.ctx.jobs
    jobs.stop(wait=0)  # the server stops while the first job runs
    release.set()
    jobs.stop()  # and waits for it
    ran, queued = jobs.get(first.json()["id"]), jobs.get(waiting.json()["id"])
    assert ran.state == "failed" and "server stopped" in (ran.reason or "") and ran.done == 0
    assert queued.state == "failed" and "before this job ran" in (queued.reason or "")
    assert client.get("/articles").json()["items"] == []
    assert client.post("/articles", json=batch, headers=AUTH).status_code == 503


def test_cors_is_off_by_default_and_on_for_configured_origins(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    origin = {"Origin": "https://elsewhere.example"}
    off = make_client(extractor, resolvers).get("/health", headers=origin)
    assert off.status_code == 200 and "access-control-allow-origin" not in off.headers
    on = make_client(extractor, resolvers, cors_origins="https://elsewhere.example https://b.example")
    answer = on.get("/health", headers=origin)
    assert answer.headers["access-control-allow-origin"] == "https://elsewhere.example"
    assert "access-control-allow-origin" not in on.get("/health", headers={"Origin": "https://evil.example"}).headers
    preflight = on.request("OPTIONS", "/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_the_server_stopping_stops_its_jobs(client: Client) -> None:
    import asyncio

    async def serve_and_stop() -> None:  # what uvicorn runs around serving (lifespan start, then shutdown)
        async with client.app.router.lifespan_context(client.app):
            pass

    asyncio.run(serve_and_stop())
    refused = client.post("/articles", json=[record(n) for n in range(3)], headers=AUTH)
    assert refused.status_code == 503 and "stopping" in refused.json()["detail"]
