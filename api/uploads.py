"""What POST /articles reads before anything is ingested: a body of bounded size, of the type it says.

The body is read as a stream and refused (413) once past `max_upload_bytes`, whatever its
Content-Length says; a JSON body must be JSON (400; JSON nested too deep for a record is 422, as
from a file); an uploaded file must have a supported name, a declared type that agrees with it
(415) and text, not binary data (400).
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.types import Message

from kg.errors import BadRequestBody, IngestError, RequestTooLarge, UnsupportedUpload
from kg.ingest import SUFFIXES
from kg.ingest.loaders import TOO_DEEP

# Declared types a file part may carry for each supported name (besides none and octet-stream, which
# say nothing); text/plain goes with every text format, as some clients send it for all of them.
_TEXT = "text/plain"
PART_TYPES: dict[str, frozenset[str]] = {
    ".txt": frozenset({_TEXT}),
    ".md": frozenset({_TEXT, "text/markdown", "text/x-markdown"}),
    ".json": frozenset({_TEXT, "application/json"}),
    ".jsonl": frozenset({_TEXT, "application/json", "application/jsonl", "application/x-ndjson",
                         "application/x-jsonlines", "application/jsonlines"}),
    ".csv": frozenset({_TEXT, "text/csv", "application/csv", "application/vnd.ms-excel"}),
    ".html": frozenset({_TEXT, "text/html", "application/xhtml+xml"}),
    ".htm": frozenset({_TEXT, "text/html", "application/xhtml+xml"}),
}
UNDECLARED = frozenset({"", "application/octet-stream"})


def media_type_of(header: str | None) -> str:
    """The media type of a Content-Type header, lower case, without its parameters."""
    return (header or "").split(";")[0].strip().lower()


def too_large(size: int, maximum: int, *, at_least: bool) -> RequestTooLarge:
    said = f"more than {maximum:,}" if at_least else f"{size:,}"
    return RequestTooLarge(f"the request body holds {said} bytes; at most {maximum:,} are taken "
                           "(setting KG_MAX_UPLOAD_BYTES): send the records in several requests",
                           limit="bytes", value=size, maximum=maximum, setting="KG_MAX_UPLOAD_BYTES")


async def read_body(request: Request, maximum: int) -> bytes:
    """The whole body, or `RequestTooLarge` as soon as it is known to be longer than `maximum` bytes
    (from Content-Length before reading, else while reading)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > maximum:
        raise too_large(int(declared), maximum, at_least=False)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > maximum:
            raise too_large(size, maximum, at_least=True)
        chunks.append(chunk)
    return b"".join(chunks)


def json_records(body: bytes) -> list[object]:
    """The records of a JSON body (an object, or a list of them); `BadRequestBody` when it is not JSON."""
    try:
        text = body.decode("utf-8-sig")  # JSON is UTF-8 (RFC 8259); json.loads would guess UTF-16 or 32 from bytes
    except UnicodeDecodeError as exc:
        raise BadRequestBody(f"the body is sent as application/json but is not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadRequestBody(f"the body is sent as application/json but is not JSON: {exc}") from None
    except RecursionError:  # JSON, but no batch of records: refused as the file loaders refuse it
        raise IngestError("request body", TOO_DEEP) from None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise BadRequestBody(f"the JSON body is a {type(data).__name__}; send an object or a list of objects")


async def uploaded_file(request: Request, body: bytes) -> tuple[str, str, bytes]:
    """The name, declared type and bytes of the multipart field `file` of `body` (already read)."""
    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async with Request(request.scope, replay).form(max_files=1, max_fields=8) as form:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise BadRequestBody("a multipart upload needs one 'file' field holding the file")
        return upload.filename or "upload.txt", media_type_of(upload.content_type), await upload.read()


def check_upload(filename: str, declared: str, data: bytes) -> None:
    """415 for a file name the loaders do not read, or a declared type that disagrees with it; 400
    for binary data (NUL bytes) where text is expected."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedUpload(f"the file {filename!r} is of a kind ingest does not read; "
                                f"send a file ending in {', '.join(SUFFIXES)}")
    if declared not in UNDECLARED and declared not in PART_TYPES[suffix]:
        raise UnsupportedUpload(f"the file {filename!r} is declared as {declared}, which a {suffix} file is not; "
                                f"declare it as one of {', '.join(sorted(PART_TYPES[suffix]))}, "
                                "or application/octet-stream")
    if b"\x00" in data[:4096]:
        raise BadRequestBody(f"the file {filename!r} holds binary data (NUL bytes), not text")
