"""Steps run in their own process (``python -m bench.engines STEP ...``) so each has its own peak memory.

Every step prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import signal
import statistics
import sys
import time
from pathlib import Path

GRAPH = "https://w3id.org/jfp-graph/graph/"


def synth_files(folder: Path) -> list[Path]:
    return sorted((folder / "plans").glob("*.ttl")) + sorted((folder / "strategies").glob("*.ttl"))


def graph_of(path: Path) -> str:
    """The graph jfp-graph load gives a synthetic file, from its name (plans/QE1-2023.ttl -> plan/QE1/2023)."""
    if path.name == "national.ttl":
        return GRAPH + "national"
    kind, rest = ("plan", path.stem) if path.parent.name == "plans" else path.stem.split("-", 1)
    code, year = rest.rsplit("-", 1)
    return f"{GRAPH}{kind}/{code}/{year}"


def base_loads():
    """The bundled ontology, statute and reference graphs (the context every query needs)."""
    from jfp_graph.layout import ONTOLOGY_GRAPH, REFERENCE_GRAPH, STATUTE_GRAPH
    from jfp_graph.paths import DATA_DIR, ONTOLOGY_DIR

    return [
        (ONTOLOGY_GRAPH, sorted(ONTOLOGY_DIR.glob("*.ttl"))),
        (STATUTE_GRAPH, [DATA_DIR / "statute.ttl"]),
        (REFERENCE_GRAPH, [DATA_DIR / "reference.ttl"]),
    ]


def step_base_jfp(store_path: str) -> dict:
    from jfp_graph.loader import parse_into_graph, write_loads
    from jfp_graph.store import EmbeddedStore

    store = EmbeddedStore(store_path)
    write_loads(store, [parse_into_graph(graph, paths) for graph, paths in base_loads()])
    store.flush()
    return {"ok": True}


def step_base_raw(store_path: str) -> dict:
    import pyoxigraph as ox

    store = ox.Store(store_path)
    for graph, paths in base_loads():
        for path in paths:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    store.flush()
    return {"ok": True}


def step_load_raw(store_path: str, folder: str) -> dict:
    """The fastest raw pyoxigraph load measured here: parse each file, one bulk_extend of all quads."""
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(store_path)

    def quads():
        for path in synth_files(Path(folder)):
            graph = ox.NamedNode(graph_of(path))
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    store.bulk_extend(quads())
    store.flush()
    return {"seconds": time.perf_counter() - start}


REPORTS_FILE = "reports.nq"  # beside a size's data folder, written by step_copy_reports


def step_copy_reports(from_store: str, to_store: str, nquads: str) -> dict:
    """The graphs our load derived (validation reports, current editions), into the raw store and an N-Quads
    file for rdflib: every engine then queries the same data."""
    import pyoxigraph as ox

    from jfp_graph.layout import is_derived

    source = ox.Store.read_only(from_store)
    reports = [g for g in source.named_graphs() if isinstance(g, ox.NamedNode) and is_derived(g.value)]
    quads = [q for g in reports for q in source.quads_for_pattern(None, None, None, g)]
    target = ox.Store(to_store)
    target.bulk_extend(quads)
    target.flush()
    Path(nquads).write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return {"graphs": len(reports)}


def step_load_rdflib(folder: str) -> dict:
    from rdflib import Dataset, URIRef

    start = time.perf_counter()
    dataset = Dataset()
    for path in synth_files(Path(folder)):
        dataset.graph(URIRef(graph_of(path))).parse(str(path), format="turtle")
    return {"seconds": time.perf_counter() - start, "triples": sum(len(g) for g in dataset.graphs())}


def step_counts(store_path: str) -> dict:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


class QueryTooSlow(Exception):
    pass


def _too_slow(signum, frame):
    raise QueryTooSlow


def step_queries(engine: str, location: str, params_json: str, repeat: str, folder: str = "") -> dict:
    """Each named query: median time over ``repeat`` runs after one warm-up, and its rows (keyed).

    A run is timed to its answer in the engine's own terms, every row read; the keys that compare engines' rows
    are made afterwards, outside the time.
    """
    from bench.compare import oxigraph_key, rdflib_key
    from jfp_graph.queries import all_queries
    from jfp_graph.sparql import inject_values

    params = json.loads(params_json)
    n = int(repeat)
    out: dict = {"engine": engine, "queries": {}}
    if engine == "jfp":
        from jfp_graph.store import EmbeddedStore

        store = EmbeddedStore(location)

        def run(query, values):
            result = query.run(store, **values)
            return [[row[c] for c in result.columns] for row in result.rows]

        key = oxigraph_key

    elif engine == "raw":
        import pyoxigraph as ox

        raw = ox.Store(location)  # opened as jfp-graph opens its store

        def run(query, values):
            text = inject_values(query.text, query.bindings(values))
            solutions = raw.query(text, use_default_graph_as_union=True)
            return [list(s) for s in solutions]  # each solution's values, in the order of the variables

        key = oxigraph_key

    else:
        from rdflib import Dataset, URIRef
        from rdflib.plugins.sparql import prepareQuery  # noqa: F401 - imported for its side effects on plugins

        start = time.perf_counter()
        dataset = Dataset(default_union=True)
        for graph, paths in base_loads():
            for path in paths:
                dataset.graph(URIRef(graph)).parse(str(path), format="turtle")
        for path in synth_files(Path(folder)):
            dataset.graph(URIRef(graph_of(path))).parse(str(path), format="turtle")
        reports = Path(folder).parent / REPORTS_FILE
        if reports.exists():
            dataset.parse(str(reports), format="nquads")
        out["parse_seconds"] = time.perf_counter() - start

        def run(query, values):
            from rdflib import Literal

            bindings = {}
            for name, term in query.bindings(values).items():
                bindings[name] = (
                    URIRef(term.value)
                    if term.__class__.__name__ == "NamedNode"
                    else Literal(term.value, datatype=URIRef(term.datatype.value) if term.datatype else None)
                )
            text = inject_values(query.text, query.bindings(values))
            result = dataset.query(text)
            return [list(row) for row in result]

        key = rdflib_key

    budget = float(params.pop("_budget_seconds", 1e9))
    per_query = float(params.pop("_per_query_seconds", 60))
    started = time.perf_counter()
    only = params.pop("_only", None)
    for query in all_queries():
        if only and query.name != only:
            continue
        values = {p.name: params[p.name] for p in query.parameters if p.name in params and not p.optional}
        if time.perf_counter() - started > budget:
            out["queries"][query.name] = {"skipped": f"time budget of {budget:.0f} s spent"}
            continue
        t0 = time.perf_counter()
        try:
            if engine == "rdflib":
                # rdflib is pure Python, so an alarm interrupts a query that runs past the per-query limit.
                signal.signal(signal.SIGALRM, _too_slow)
                signal.alarm(int(per_query))
            rows = run(query, values)
        except QueryTooSlow:
            out["queries"][query.name] = {"skipped": f"over {per_query:.0f} s"}
            continue
        except Exception as error:  # noqa: BLE001 - an engine failing a query is a result, not a crash
            if engine != "rdflib":
                raise
            out["queries"][query.name] = {"skipped": f"rdflib error: {type(error).__name__}: {error}"[:200]}
            continue
        finally:
            signal.alarm(0)
        first = time.perf_counter() - t0
        times = [first]
        runs = n if first < 5 else 1  # a slow engine is timed once
        for _ in range(runs):
            t0 = time.perf_counter()
            run(query, values)
            times.append(time.perf_counter() - t0)
        timed = times[1:] if len(times) > 1 else times
        out["queries"][query.name] = {
            "median": statistics.median(timed),
            "times": timed,
            "rows": len(rows),
            "result": sorted([key(term) for term in row] for row in rows),
            "params": values,
        }
    return out


def step_materialise(folder: str, out_dir: str) -> dict:
    """Our validator's per-plan data graphs (derived facts included) and results, for Jena to check alike.

    The enriched shapes graph is written with its property shapes named (skolemised), so both engines
    report the same shape IRIs.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Graph, URIRef
    from rdflib.namespace import SH

    from jfp_graph.validation.context import ValidationContext
    from jfp_graph.validation.inputs import read_document
    from jfp_graph.validation.runner import PlanValidator

    out = Path(out_dir)
    data_dir = out / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    validator = PlanValidator(ValidationContext())
    context = validator.context
    shapes = context.shapes.graph
    names: dict = {}
    for n, (_, prop) in enumerate(sorted(shapes.subject_objects(SH.property), key=lambda t: (str(t[0]), str(t[1])))):
        if isinstance(prop, BNode) and prop not in names:
            names[prop] = URIRef(f"urn:jfp-graph:bench:shape/{n}")
    named = Graph()
    for s, p, o in shapes:
        named.add((names.get(s, s), p, names.get(o, o)))
    named.serialize(out / "shapes.nt", format="nt")
    parent = {str(names.get(prop, prop)): str(node) for node, prop in shapes.subject_objects(SH.property)}

    for path in sorted((Path(folder) / "strategies").glob("*.ttl")):
        context.add_supporting(read_document(path).quads)
    keys = []
    for path in sorted((Path(folder) / "plans").glob("*.ttl")):
        document = read_document(path)
        for plan, quads in document.plans():
            icb = context.check_plan(plan, quads, str(path), document.text)
            triples = context.data_graph(plan, icb, quads)
            (data_dir / f"{path.stem}.nt").write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
            for result in validator.engine.run(triples).results:  # the same call validate_plan makes
                keys.append([f"{path.stem}.nt", f"<{result.focus}>", result.shape, result.severity])
    context.clear_supporting()
    (out / "parents.json").write_text(json.dumps(parent))
    return {"keys": sorted(keys)}


STEPS = {
    "base-jfp": step_base_jfp,
    "base-raw": step_base_raw,
    "load-raw": step_load_raw,
    "load-rdflib": step_load_rdflib,
    "counts": step_counts,
    "copy-reports": step_copy_reports,
    "queries": step_queries,
    "materialise": step_materialise,
}

if __name__ == "__main__":
    print(json.dumps(STEPS[sys.argv[1]](*sys.argv[2:])))
