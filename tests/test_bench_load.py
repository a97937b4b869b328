"""`kg bench load` (short): many clients at once against a real `kg serve` on the seed, every answer a
success. Figures are printed, not asserted: the load's throughput and p99 are the benchmark's business."""

from __future__ import annotations

from pathlib import Path

from kg.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_a_short_load_of_concurrent_clients_gets_no_failure(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    status = main(["bench", "load", "--corpus", str(SEEDS), "--store", str(tmp_path / "store"),
                   "--clients", "8", "--seconds", "2"])
    out = capsys.readouterr().out
    print(out)
    assert "8 clients for" in out and "0 not answered with success" in out, out
    for kind in ("incidents", "source claims", "incident claims", "sparql"):
        assert f"  {kind} " in out, kind
    assert status == 0
