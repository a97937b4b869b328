"""The export benchmark runs end to end on a small synthetic graph (figures are not asserted)."""

from __future__ import annotations

import networkx as nx
from conftest import shared_path
from lxml import etree

from kg.export.bench import Synthetic, bench_export


def test_bench_writes_what_it_reports(tmp_path, iris) -> None:  # type: ignore[no-untyped-def]
    results = bench_export(None, iris, nodes=1500, out_dir=tmp_path, formats=("gexf", "graphml"), trace=True)
    assert [m.label for m in results] == ["start", "synthetic: write gexf", "synthetic: write graphml"]
    synthetic = Synthetic(1500)
    assert synthetic.agents + synthetic.articles + synthetic.claims == 1500
    path = tmp_path / "synthetic-1500.gexf"
    assert results[1].bytes_written == path.stat().st_size
    schema = etree.XMLSchema(etree.parse(str(shared_path("schemas", "gexf-1.3", "gexf.xsd"))))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    graph = nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (1500, synthetic.edges)
    assert nx.read_graphml(tmp_path / "synthetic-1500.graphml").number_of_nodes() == 1500
    assert results[1].peak_mb is not None and results[1].held_mb is not None
