"""claimgraph: attributed claims from conflict reporting, as an RDF knowledge graph."""

from kg.model import Agent, Article, Claim, Extraction, Figure, Hop, Incident, Place, Span

__version__ = "0.1.0"

__all__ = [
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
