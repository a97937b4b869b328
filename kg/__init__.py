"""claimgraph: attributed claims from conflict reporting, as an RDF knowledge graph."""

from kg.model import OUTLET_VOICE, Agent, Article, Claim, Extraction, Figure, Hop, Incident, Place, Span

__version__ = "0.1.0"

__all__ = [
    "OUTLET_VOICE",
    "Agent",
    "Article",
    "Claim",
    "Extraction",
    "Figure",
    "Hop",
    "Incident",
    "Place",
    "Span",
    "__version__",
]
