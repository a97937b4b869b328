"""Graph export for Gephi and network tools: store views as networkx graphs, written as GEXF 1.3,
GraphML or CSV tables, streamed."""

from kg.export.formats import FORMATS, Rendered, render
from kg.export.gexf import gexf_chunks, iter_gexf, write_gexf
from kg.export.graphml import graphml_chunks, iter_graphml
from kg.export.tables import csv_zip, table_chunks
from kg.export.views import VIEWS, build_view
from kg.views.scope import Filters, parse_filters

__all__ = [
    "FORMATS",
    "VIEWS",
    "Filters",
    "Rendered",
    "build_view",
    "csv_zip",
    "gexf_chunks",
    "graphml_chunks",
    "iter_gexf",
    "iter_graphml",
    "parse_filters",
    "render",
    "table_chunks",
    "write_gexf",
]
