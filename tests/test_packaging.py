"""The package is self-contained: its resources (named queries, ontology, shapes, JSON-LD context,
registries, templates) are read through `kg.resources` and ship inside the wheel, so `kg` works
installed outside the checkout; a missing resource is an error that names it.

The wheel test builds the wheel from a copy of the checkout, installs it into a fresh virtualenv in a
temporary folder (its dependencies come from this environment's site-packages through a .pth file,
so nothing is downloaded) and runs `kg` there, from a folder outside the checkout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from kg.queries import QueryCatalog
from kg.resources import ResourceMissing, folder, named_query_files, resource, resource_text

SEED_CLAIMS = 20  # claims the pipeline finds in the seed article


# ---------------------------------------------------------------------------------------------
# The lookup, in this environment (the editable install of the checkout)


def test_every_resource_kind_is_found() -> None:
    assert {p.name for p in named_query_files()} == {p.name for p in (ROOT / "queries").glob("*.rq")}
    assert len(QueryCatalog.load()) == len(named_query_files())
    assert resource_text("ontology", "shapes.ttl") == (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    assert resource("data", "agents.csv").is_file() and resource("data", "lexicon/hedges.txt").is_file()
    assert folder("data").joinpath("syria_admin.json").is_file()


def test_a_missing_resource_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ResourceMissing, match=r"ontology/nothing\.ttl"):
        resource("ontology", "nothing.ttl")
    with pytest.raises(ResourceMissing, match=r"data/lexicon/nothing\.txt"):
        resource_text("data", "lexicon/nothing.txt")
    with pytest.raises(ResourceMissing, match=r"\*\.rq"):  # an empty folder of queries is no empty catalog
        QueryCatalog.load(tmp_path)
    with pytest.raises(ValueError, match="kinds: ontology, queries, data"):
        folder("templates")


def test_kg_query_runs_a_named_query_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["--store", "memory", "query", "claims-per-article", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("article,id,published,claims")
    assert main(["--store", "memory", "query", "no-such-query"]) == 2
    assert "known: chains-through-agency, claims-by-source" in capsys.readouterr().err
    assert main(["--store", "memory", "query", "claims-by-source", "--param", "source"]) == 2
    assert "want NAME=VALUE" in capsys.readouterr().err
    assert main(["--store", "memory", "query", "claims-by-source", "--param", "colour=red"]) == 2
    assert "has no parameter colour" in capsys.readouterr().err
    assert main(["--store", "memory", "query", "ASK { ?s ?p ?o }", "--param", "a=b"]) == 2
    assert "named query" in capsys.readouterr().err


def test_every_package_is_configured() -> None:
    """pyproject.toml lists the packages (two of them map top-level folders); none may be forgotten."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("kg", "api") for p in (ROOT / top).rglob("*.py")
             if "__pycache__" not in p.parts}
    assert found - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"] == {"kg.resources.ontology": "ontology", "kg.resources.queries": "queries"}


# ---------------------------------------------------------------------------------------------
# The wheel, installed outside the checkout


def _source_files() -> list[Path]:
    """The files a release is built from: tracked and new (not ignored) ones, as git sees them."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("the checkout's files are listed with git, which is not available here")
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def _run(argv: list[str], cwd: Path, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if ok:
        assert done.returncode == 0, f"{' '.join(argv)} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def test_wheel_installed_outside_the_checkout_runs_named_queries_and_validate(tmp_path: Path) -> None:
    assert not tmp_path.is_relative_to(ROOT)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}

    # a copy of the checkout, so that the build leaves nothing in it
    source = tmp_path / "source"
    files = _source_files()
    for path in files:
        target = source / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(dist), str(source)], tmp_path, env)
    (wheel,) = dist.glob("claimgraph-*.whl")

    # the wheel holds the code and every resource
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    inside = [p.relative_to(ROOT) for p in files if p.parts[len(ROOT.parts)] in ("kg", "api")]
    expected = {str(p) for p in inside if p.suffix != ".md" or p.parts[:2] == ("kg", "data")}  # notes stay home
    expected |= {f"kg/resources/ontology/{p.name}" for p in (ROOT / "ontology").iterdir() if p.is_file()}
    expected |= {f"kg/resources/queries/{p.name}" for p in (ROOT / "queries").iterdir() if p.is_file()}
    assert expected - names == set()
    assert "kg/resources/queries/claims-per-article.rq" in names and "api/templates/base.html" in names

    # a fresh virtualenv, outside the checkout, whose dependencies are this environment's
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, env).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_claimgraph_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
          "--ignore-installed", "-q", str(wheel)], tmp_path, env)

    work = tmp_path / "work"  # the working folder: nothing of the checkout in it
    (work / "articles").mkdir(parents=True)
    shutil.copy2(SEED, work / "articles" / SEED.name)
    where = _run([str(python), "-c", "import kg, api, kg.resources as r; "
                  "print(kg.__file__); print(api.__file__); print(r.resource('ontology', 'shapes.ttl'))"],
                 work, env).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where

    kg = [str(venv / "bin" / "kg"), "--store", str(work / "store")]
    ingested = _run([*kg, "ingest", "--quiet", "articles"], work, env).stdout
    assert f"{SEED_CLAIMS} claims" in ingested

    per_article = _run([*kg, "query", "claims-per-article", "--format", "csv"], work, env).stdout
    (row,) = csv.DictReader(io.StringIO(per_article))
    assert row["id"] == SEED.stem and int(row["claims"]) == SEED_CLAIMS
    by_source = json.loads(_run([*kg, "query", "claims-by-source", "--param", "source=agent/sohr",
                                 "--format", "json"], work, env).stdout)
    assert {b["sourceLabel"]["value"] for b in by_source["results"]["bindings"]} == {
        "Syrian Observatory for Human Rights"}
    graph = json.loads(_run([*kg, "query", "CONSTRUCT { ?c a <https://claimgraph.org/ontology#Claim> } "
                             "WHERE { ?c a <https://claimgraph.org/ontology#Claim> }", "--format", "jsonld"],
                            work, env).stdout)
    assert graph["@context"]["cg"] == "https://claimgraph.org/ontology#"  # the shipped JSON-LD context

    report = json.loads(_run([*kg, "validate", "--format", "json"], work, env).stdout)
    assert report["conforms"] and report["results"] == [] and report["triples"] > 500

    pages = _run([str(python), "-c", "from fastapi.testclient import TestClient; from api.app import create_app; "
                  "from kg.settings import load_config; c = TestClient(create_app(load_config({'store': 'memory'}, "
                  "environ={}))); print(len(c.get('/queries').json()['items']), "
                  "c.get('/queries', headers={'Accept': 'text/html'}).status_code)"], work, env).stdout.split()
    assert pages == [str(len(named_query_files())), "200"]

    # take resources away from the installed package: each failure names what is missing
    installed = site / "kg" / "resources"
    (installed / "ontology" / "shapes.ttl").unlink()
    failed = _run([*kg, "validate"], work, env, ok=False)
    assert failed.returncode == 2 and "ontology/shapes.ttl" in failed.stderr, failed.stderr
    for query in (installed / "queries").glob("*.rq"):
        query.unlink()
    failed = _run([*kg, "query", "claims-per-article"], work, env, ok=False)
    assert failed.returncode == 2 and "queries/*.rq" in failed.stderr, failed.stderr
