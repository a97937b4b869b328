"""Domain errors: one home for every failure a user can act on.

Each error carries a stable code (like `[E101]`) so messages can be searched and documented.
Third-party exceptions (rdflib, pyoxigraph, spaCy) are translated into these at the boundary.
"""

from __future__ import annotations


class KGError(Exception):
    """Base of all claimgraph errors: `code` is stable, `str()` is the message for a user."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class IngestError(KGError):
    """An input file or record could not be read as an article; names where and why."""

    code = "E101"

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        # pickled as it was made (an article's error comes back from an extraction process)
        return type(self), (self.origin, self.reason)


class LimitExceeded(KGError):
    """Something measured is past a configured limit: `limit` names which, `value` what was measured
    (a lower bound when the counting stopped at the limit), `maximum` the limit, `setting` what sets it."""

    def __init__(self, message: str, *, limit: str, value: int, maximum: int, setting: str) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value
        self.maximum = maximum
        self.setting = setting

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled whole (a query process sends it to the server)."""
        return _limit_exceeded, (type(self), str(self), self.limit, self.value, self.maximum, self.setting)


def _limit_exceeded(cls: type[LimitExceeded], message: str, limit: str, value: int, maximum: int,
                    setting: str) -> LimitExceeded:
    return cls(message, limit=limit, value=value, maximum=maximum, setting=setting)


class RequestTooLarge(LimitExceeded):
    """A request body is past one of the ingest limits (bytes, records), found before it is ingested."""

    code = "E103"


class BadRequestBody(KGError):
    """A request body is not what its content type says (not JSON, binary data where text is expected)."""

    code = "E104"


class IngestBusy(KGError):
    """The ingest job queue is full (or the server is stopping); try again later."""

    code = "E105"


class JobStopped(KGError):
    """The server stopped while an ingest job ran or waited."""

    code = "E106"


class UnsupportedUpload(KGError):
    """An uploaded file of a kind ingest does not read, or whose declared type disagrees with its name."""

    code = "E107"


class SettingsError(KGError):
    """A setting is unknown or has a value of the wrong kind."""

    code = "E201"


class StoreError(KGError):
    """The store could not be opened, read or written."""

    code = "E301"


class QueryError(KGError):
    """A SPARQL query is malformed, not allowed, or failed."""

    code = "E401"


class QueryRefused(QueryError):
    """A query asks for something the endpoint does not allow (update, remote SERVICE)."""

    code = "E402"


class QueryTimeout(QueryError):
    """A query ran past the configured time limit."""

    code = "E403"


class QueryBusy(QueryError):
    """Every query worker is taken (by queries still running past their limit); try again later."""

    code = "E405"


class QueryTooLarge(LimitExceeded, QueryError):
    """A query is past one of the endpoint's size limits (bytes, nesting depth, triple patterns),
    measured before it reaches the engine (the counting stops once past the limit, so for depth and
    triple patterns `value` is a lower bound)."""

    code = "E407"


class AnswerTooLarge(LimitExceeded, QueryError):
    """A query of a page, REST resource or export found more rows than a served store reads for one
    query (KG_READ_MAX_ROWS): refused rather than cut, as a cut answer would be a wrong one."""

    code = "E408"


class ParameterError(KGError):
    """A request parameter has a value that cannot be used (a bad date, an unknown filter value)."""

    code = "E406"


class NotAuthorized(KGError):
    """An operation that needs the configured token was called without it, or it is disabled."""

    code = "E405"


class NotFound(KGError):
    """A resource named by id does not exist."""

    code = "E404"


class ExtractorError(KGError):
    """The extractor could not be loaded (for example a missing spaCy model)."""

    code = "E501"


class ValidationUnavailable(KGError):
    """SHACL validation cannot run: pySHACL refuses the shapes."""

    code = "E601"


class ValidationInputError(KGError):
    """A file given for validation could not be read as RDF."""

    code = "E602"
