"""The HTTP API over the claims graph: SPARQL 1.1 Protocol, REST resources, pages."""

from api.app import create_app

__all__ = ["create_app"]
