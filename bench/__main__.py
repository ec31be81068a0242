"""``python -m bench``: jfp-graph side by side with the engines it competes with, at national scale.

Installs what it needs (Debian's libapache-jena-java, wrk), generates the synthetic national graph with
``jfp-graph synth``, and measures load, named queries, validation, the API and peak memory. Each
comparison first checks that both engines did the same work (same triples, same rows, same validation
results); if not, it stops with a clear message instead of printing a ratio. Results go to
bench/results/*.json and docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import sys
import urllib.parse
from pathlib import Path

from bench import api, jena
from bench.compare import same_count, same_keys, same_rows
from bench.engines import REPORTS_FILE
from bench.errors import BenchError, MismatchError
from bench.measure import median_run, run
from jfp_graph.layout import CATALOGUE_GRAPH as CATALOGUE
from jfp_graph.layout import is_derived

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
ID = "https://w3id.org/jfp-graph/id/"


def parse_size(text: str) -> int:
    text = text.lower().strip()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def engine(step: str, *args: str, **kwargs) -> tuple[dict, object]:
    measured = run([PY, "-m", "bench.engines", step, *args], cwd=ROOT, **kwargs)
    return json.loads(measured.stdout.strip().splitlines()[-1]), measured


def log(message: str) -> None:
    print(message, flush=True)


class Bench:
    def __init__(self, work: Path, seed: int, repeat: int, wrk_seconds: int, rdflib_budget: float) -> None:
        self.work = work
        self.seed = seed
        self.repeat = repeat
        self.wrk_seconds = wrk_seconds
        self.rdflib_budget = rdflib_budget
        self.mismatches: list[str] = []

    def check(self, compare, *args) -> bool:
        try:
            compare(*args)
            return True
        except MismatchError as error:
            self.mismatches.append(str(error))
            log(f"  MISMATCH: {error}")
            return False

    # -- one size ---------------------------------------------------------------------------------
    def size(self, size: int, parts: set[str]) -> dict:
        name = label(size)
        here = self.work / name
        shutil.rmtree(here, ignore_errors=True)
        here.mkdir(parents=True)
        data = here / "data"
        synth = run(["jfp-graph", "synth", "--triples", str(size), "--seed", str(self.seed), "--output", str(data)])
        manifest = json.loads((data / "manifest.json").read_text())
        log(f"[{name}] {synth.stderr.strip()}")
        result: dict = {
            "size": size,
            "triples": manifest["triples"],
            "scale": manifest["scale"],
            "synth_seconds": synth.seconds,
        }
        plans = sorted((data / "plans").glob("*.ttl"))
        first = plans[0].stem
        ods = first.split("-")[0]
        latest = max(p.stem for p in plans if p.stem.startswith(ods + "-"))
        params = {
            "plan_iri": f"{ID}plan/{latest.replace('-', '/')}",
            "edition_iri": f"{ID}plan/{latest.replace('-', '/')}",
            "icb_iri": f"{ID}icb/{ods}",
            "priority_iri": f"{ID}ics/{ods}/2023/priority/1",
            **_board_and_trust(f"{ID}icb/{ods}"),
            "as_of_date": "2025-01-01",
            "condition": "neurological",
        }
        jfp_store, raw_store = here / "jfp-store", here / "raw-store"
        result["load"] = self.load(data, jfp_store, raw_store, manifest["triples"], with_rdflib=size <= 2_000_000)
        if "query" in parts:
            result["queries"] = self.queries(data, jfp_store, raw_store, params, with_rdflib=size <= 2_000_000)
        if "validate" in parts:
            result["validation"] = self.validation(data, here)
        if "api" in parts:
            result["api"] = self.api(jfp_store, raw_store, params)
        shutil.rmtree(here / "mat", ignore_errors=True)
        return result

    def load(self, data: Path, jfp_store: Path, raw_store: Path, triples: int, with_rdflib: bool) -> dict:
        engine("base-jfp", str(jfp_store))
        engine("base-raw", str(raw_store))
        ours = run(["jfp-graph", "load", str(data / "plans"), str(data / "strategies"), "--store", str(jfp_store)])
        _, raw = engine("load-raw", str(raw_store), str(data))
        ours_counts, _ = engine("counts", str(jfp_store))
        raw_counts, _ = engine("counts", str(raw_store))
        ours_counts.pop(CATALOGUE, None)
        # Our load also validates each plan and stores its report and the current editions: the same files are
        # loaded, plus these derived graphs, which the raw store is then given (untimed) so that queries read
        # the same data in both.
        reports = {g: n for g, n in ours_counts.items() if is_derived(g)}
        ours_counts = {g: n for g, n in ours_counts.items() if g not in reports}
        engine("copy-reports", str(jfp_store), str(raw_store), str(data.parent / REPORTS_FILE))
        out = {
            "reports": {"graphs": len(reports), "triples": sum(reports.values())},
            "jfp_graph": {"seconds": ours.seconds, "peak_mb": ours.peak_mb},
            "pyoxigraph": {"seconds": raw.seconds, "peak_mb": raw.peak_mb},
        }
        if self.check(
            same_count, "load", sum(ours_counts.values()), sum(raw_counts.values()), "pyoxigraph"
        ) and self.check(same_keys, "load (graphs)", ours_counts.items(), raw_counts.items(), "pyoxigraph"):
            out["ratio_vs_pyoxigraph"] = ours.seconds / raw.seconds
        if with_rdflib:
            parsed, rdf = engine("load-rdflib", str(data))
            out["rdflib"] = {"seconds": rdf.seconds, "peak_mb": rdf.peak_mb}
            if self.check(same_count, "load", triples, parsed["triples"], "rdflib"):
                out["ratio_vs_rdflib"] = ours.seconds / rdf.seconds
        log(
            f"  load: jfp-graph {ours.seconds:.1f} s ({ours.peak_mb:.0f} MB), pyoxigraph {raw.seconds:.1f} s "
            f"({raw.peak_mb:.0f} MB)" + (f", rdflib {out['rdflib']['seconds']:.1f} s" if with_rdflib else "")
        )
        return out

    def queries(self, data: Path, jfp_store: Path, raw_store: Path, params: dict, with_rdflib: bool) -> dict:
        ours, ours_run = self.per_query("jfp", jfp_store, params)
        raw, raw_run = self.per_query("raw", raw_store, params)
        rdf = rdf_run = None
        if with_rdflib:
            budget = dict(params, _budget_seconds=self.rdflib_budget)
            rdf, rdf_run = engine(
                "queries", "rdflib", "-", json.dumps(budget), "1", str(data), preexec_fn=_limit_memory, timeout=3600
            )
        out: dict = {"peak_mb": {"jfp_graph": ours_run.peak_mb, "pyoxigraph": raw_run.peak_mb}}
        if rdf_run:
            out["peak_mb"]["rdflib"] = rdf_run.peak_mb
            out["rdflib_parse_seconds"] = rdf["parse_seconds"]
        rows = {}
        for name, mine in ours["queries"].items():
            if "failed" in mine or "failed" in raw["queries"][name]:
                rows[name] = {"failed": mine.get("failed") or raw["queries"][name]["failed"]}
                log(f"  query {name}: {rows[name]['failed']}")
                continue
            entry = {"rows": mine["rows"], "jfp_graph": mine["median"], "params": mine["params"]}
            theirs = raw["queries"][name]
            entry["pyoxigraph"] = theirs["median"]
            if self.check(same_rows, f"query {name}", mine["result"], theirs["result"], "pyoxigraph"):
                entry["ratio_vs_pyoxigraph"] = mine["median"] / theirs["median"]
            if rdf:
                other = rdf["queries"][name]
                if "skipped" in other:
                    entry["rdflib"] = None
                    entry["rdflib_note"] = other["skipped"]
                else:
                    entry["rdflib"] = other["median"]
                    if self.check(same_rows, f"query {name}", mine["result"], other["result"], "rdflib"):
                        entry["ratio_vs_rdflib"] = mine["median"] / other["median"]
            rows[name] = entry
            log(
                f"  query {name}: {entry['rows']} rows, jfp-graph {entry['jfp_graph'] * 1000:.1f} ms, "
                f"pyoxigraph {entry['pyoxigraph'] * 1000:.1f} ms"
                + (f", rdflib {entry['rdflib'] * 1000:.0f} ms" if entry.get("rdflib") else "")
            )
        out["queries"] = rows
        ratios = [e["ratio_vs_pyoxigraph"] for e in rows.values() if "ratio_vs_pyoxigraph" in e]
        out["worst_ratio_vs_pyoxigraph"] = max(ratios) if ratios else None
        out["median_ratio_vs_pyoxigraph"] = statistics.median(ratios) if ratios else None
        return out

    def per_query(self, which: str, store: Path, params: dict):
        """Each query in its own process under a memory limit: one query that explodes cannot take the rest."""
        from jfp_graph.queries import query_names

        found: dict = {"queries": {}}
        peak = None
        for name in query_names():
            try:
                answer, measured = engine(
                    "queries",
                    which,
                    str(store),
                    json.dumps(dict(params, _only=name)),
                    str(self.repeat),
                    preexec_fn=_limit_memory,
                    timeout=900,
                )
            except BenchError as error:
                # The step's last line of error output says why (memory past the limit, a bad parameter, ...).
                why = ([line for line in str(error).splitlines() if line.strip()] or [""])[-1][-200:]
                found["queries"][name] = {"failed": f"{which}: failed (memory limit {MEMORY_LIMIT_GB} GB): {why}"}
                continue
            found["queries"].update(answer["queries"])
            peak = measured if peak is None or measured.peak_mb > peak.peak_mb else peak
        return found, peak

    def validation(self, data: Path, here: Path) -> dict:
        cp = jena.compile_driver(self.work)
        jena_cp = jena.classpath(self.work)
        mat = here / "mat"
        ours_keys, _ = engine("materialise", str(data), str(mat))
        parents = json.loads((mat / "parents.json").read_text())
        ours = {tuple(k) for k in ours_keys["keys"]}

        def jena_keys(lines, file_name=None):
            keys = set()
            for line in lines:
                if line.startswith("#") or not line.strip():
                    continue
                name, focus, shape, severity = line.rstrip("\n").split("\t")
                shape = shape.strip("<>")
                keys.add((file_name or name, focus, parents.get(shape, shape), severity))
            return keys

        # Whole national graph: our command line on the plans and strategies; Jena on our materialised graphs.
        report = here / "validate.json"
        cli = run(
            [
                "jfp-graph",
                "validate",
                str(data / "plans"),
                "--context",
                str(data / "strategies"),
                "--format",
                "json",
                "-o",
                str(report),
                "--no-progress",
                "--fail-on",
                "none",
            ]
        )
        # Findings are the validator's results as users read them (several results about one requirement of a
        # plan can be one finding), so the two are compared by plan and severity.
        found = {(Path(p["source"]).stem, f["severity"]) for p in json.loads(report.read_text())["plans"]
                 for f in p["findings"]}
        jr = run(["java", "-cp", cp, "ValidateEach", str(mat / "shapes.nt"), str(mat / "data")])
        theirs = jena_keys(jr.stdout.splitlines())
        out = {
            "plans": len(list((data / "plans").glob("*.ttl"))),
            "results": len(ours),
            "national": {
                "jfp_graph": {"seconds": cli.seconds, "peak_mb": cli.peak_mb},
                "jena": {"seconds": jr.seconds, "peak_mb": jr.peak_mb},
            },
        }
        materialised = {(Path(k[0]).stem, k[3].rsplit("#", 1)[-1].lower()) for k in ours_keys["keys"]}
        if self.check(
            same_keys,
            "validation (our command line vs our materialised run)",
            materialised,
            found,
            "jfp-graph validate",
        ) and self.check(same_keys, "national validation", ours, theirs, "Jena SHACL"):
            out["national"]["ratio_vs_jena"] = cli.seconds / jr.seconds
        log(
            f"  validate national: jfp-graph {cli.seconds:.1f} s ({cli.peak_mb:.0f} MB), Jena {jr.seconds:.1f} s "
            f"({jr.peak_mb:.0f} MB); {len(ours)} results"
        )

        # One plan from a cold process: the plan with its own ICS, JLHWSs and capital plan as context.
        plan = sorted((data / "plans").glob("*.ttl"))[0]
        ods, year = plan.stem.split("-")
        text = plan.read_text()
        strategies = data / "strategies"
        context = [strategies / f"ics-{ods}-2023.ttl", strategies / f"capital-{ods}-{year}.ttl"]
        context += sorted(p for p in strategies.glob("jlhws-*.ttl") if f"jlhws/{p.stem.split('-')[1]}/" in text)
        ours_cmd = ["jfp-graph", "validate", str(plan), "--fail-on", "none"]
        for path in context:
            ours_cmd += ["--context", str(path)]
        ours_t, ours_times, ours_run = median_run(ours_cmd, self.repeat)
        jena_cmd = [
            "java",
            "-cp",
            jena_cp,
            "shacl.shacl",
            "validate",
            "--shapes",
            str(mat / "shapes.nt"),
            "--data",
            str(mat / "data" / f"{plan.stem}.nt"),
        ]
        jena_t, jena_times, jena_run = median_run(jena_cmd, self.repeat)
        from rdflib import Graph
        from rdflib.namespace import SH

        graph = Graph().parse(data=jena_run.stdout, format="turtle")
        theirs_one = {
            (
                f"{plan.stem}.nt",
                f"<{graph.value(r, SH.focusNode)}>",
                parents.get(str(graph.value(r, SH.sourceShape)), str(graph.value(r, SH.sourceShape))),
                str(graph.value(r, SH.resultSeverity)),
            )
            for r in graph.objects(None, SH.result)
        }
        ours_one = {k for k in ours if k[0] == f"{plan.stem}.nt"}
        out["one_plan_cold"] = {
            "plan": plan.name,
            "jfp_graph": {"seconds": ours_t, "times": ours_times, "peak_mb": ours_run.peak_mb},
            "jena": {"seconds": jena_t, "times": jena_times, "peak_mb": jena_run.peak_mb},
        }
        if self.check(same_keys, f"validation of {plan.name}", ours_one, theirs_one, "Jena shacl validate"):
            out["one_plan_cold"]["ratio_vs_jena"] = ours_t / jena_t
        log(f"  validate one plan cold: jfp-graph {ours_t:.2f} s, Jena {jena_t:.2f} s")
        return out

    def api(self, jfp_store: Path, raw_store: Path, params: dict) -> dict:
        from jfp_graph.queries import load_query
        from jfp_graph.sparql import inject_values

        plans, icbs, requirements = _subjects(raw_store)
        named = load_query("plans")
        q = urllib.parse.quote

        def plan_sparql(plan: str) -> str:
            return (
                "PREFIX jfp: <https://w3id.org/jfp-graph/def#> SELECT ?objective ?metric ?target WHERE { "
                f"<{plan}> jfp:hasObjective ?objective . ?objective jfp:hasMetric ?metric . "
                "?metric jfp:target ?target }"
            )

        def named_text(icb: str) -> str:
            return inject_values(named.text, named.bindings({"icb_iri": icb}))

        def page(iri: str) -> str:
            return "/id/" + iri[len(ID) :]

        json_rs = "application/sparql-results+json"
        # Each case cycles through every subject of its kind (every plan edition, every ICB, every requirement),
        # so an answer is never the one just computed. What a page reads is asked of the raw server as a
        # DESCRIBE of the same subject.
        cases = {
            "plan_pages": (
                [page(p) for p in plans],
                "text/html",
                [f"/query?query={q(f'DESCRIBE <{p}>')}" for p in plans],
                "application/n-triples",
            ),
            "icb_pages": (
                [page(i) for i in icbs],
                "text/html",
                [f"/query?query={q(f'DESCRIBE <{i}>')}" for i in icbs],
                "application/n-triples",
            ),
            "requirement_pages": (
                [page(r) for r in requirements],
                "text/html",
                [f"/query?query={q(f'DESCRIBE <{r}>')}" for r in requirements],
                "application/n-triples",
            ),
            "named_query": (
                [f"/queries/plans?icb_iri={q(i)}&format=json" for i in icbs],
                "application/json",
                [f"/query?query={q(named_text(i))}" for i in icbs],
                json_rs,
            ),
            "sparql": (
                [f"/sparql?query={q(plan_sparql(p))}" for p in plans],
                json_rs,
                [f"/query?query={q(plan_sparql(p))}" for p in plans],
                json_rs,
            ),
        }
        jfp_port, ox_port = api.free_port(), api.free_port()
        out: dict = {"wrk": {"seconds": self.wrk_seconds, "connections": 8, "threads": 2}}
        jfp_cmd = ["jfp-graph", "serve", "--store", str(jfp_store), "--no-bundle", "--port", str(jfp_port)]
        ox_cmd = [
            "oxigraph",
            "serve",
            "--location",
            str(raw_store),
            "--bind",
            f"{api.HOST}:{ox_port}",
            "--union-default-graph",
        ]
        results: dict = {name: {} for name in cases}
        ours: dict = {}
        # The first address of each query case is fetched (its answer kept for the comparison) before wrk.
        with api.server(jfp_cmd, jfp_port, "/"):
            base = f"http://{api.HOST}:{jfp_port}"
            for case in ("sparql", "named_query"):
                ours[case] = json.loads(api.fetch(base + cases[case][0][0], cases[case][1]))
            for case, (paths, accept, _, _) in cases.items():
                results[case]["jfp_graph"] = api.wrk(base, paths, accept, self.wrk_seconds)
        with api.server(jfp_cmd, jfp_port, "/", env={"JFP_GRAPH_WEB_CACHE_MB": "0"}):
            base = f"http://{api.HOST}:{jfp_port}"
            for case, (paths, accept, _, _) in cases.items():
                results[case]["jfp_graph_uncached"] = api.wrk(base, paths, accept, self.wrk_seconds)
        raw: dict = {}
        with api.server(ox_cmd, ox_port, "/query?query=" + q("ASK {}")):
            base = f"http://{api.HOST}:{ox_port}"
            for case in ("sparql", "named_query"):
                raw[case] = json.loads(api.fetch(base + cases[case][2][0], json_rs))
            for case, (_, _, paths, accept) in cases.items():
                results[case]["oxigraph_serve"] = api.wrk(base, paths, accept, self.wrk_seconds)
        same = {
            "sparql": self.check(
                same_count,
                "API /sparql rows",
                len(ours["sparql"]["results"]["bindings"]),
                len(raw["sparql"]["results"]["bindings"]),
                "oxigraph serve",
            ),
            "named_query": self.check(
                same_count,
                "API named query rows",
                len(ours["named_query"].get("rows", ours["named_query"].get("results", []))),
                len(raw["named_query"]["results"]["bindings"]),
                "oxigraph serve",
            ),
        }
        for case, entry in results.items():
            if not same.get(case, True):
                continue
            if any(entry[k]["non_2xx"] for k in ("jfp_graph", "jfp_graph_uncached", "oxigraph_serve")):
                self.mismatches.append(f"API {case}: non-2xx answers under wrk ({entry}); no share given")
                continue
            raw_rps = entry["oxigraph_serve"]["requests_per_s"]
            entry["throughput_share"] = entry["jfp_graph"]["requests_per_s"] / raw_rps
            entry["uncached_share"] = entry["jfp_graph_uncached"]["requests_per_s"] / raw_rps
            log(
                f"  api {case} ({entry['jfp_graph']['addresses']} addresses): jfp-graph "
                f"{entry['jfp_graph']['requests_per_s']:.0f} req/s "
                f"({entry['jfp_graph_uncached']['requests_per_s']:.0f} uncached, p50 "
                f"{entry['jfp_graph_uncached']['p50_ms']} ms), oxigraph serve {raw_rps:.0f} req/s"
            )
        out["cases"] = results
        return out


def _subjects(store_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """Every plan edition, ICB and requirement in a store, in a stable order."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    jfp = "https://w3id.org/jfp-graph/def#"

    def of(cls: str) -> list[str]:
        rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a <{jfp}{cls}> }} }} ORDER BY ?s")
        return [row["s"].value for row in rows]

    return of("JointForwardPlan"), of("IntegratedCareBoard"), of("StatutoryRequirement")


def _board_and_trust(icb: str) -> dict:
    """An HWB whose area overlaps the ICB's and one of its partner trusts, from the reference graph."""
    import pyoxigraph as ox

    from jfp_graph.paths import DATA_DIR

    reference = ox.Store()
    reference.bulk_load(path=str(DATA_DIR / "reference.ttl"), format=ox.RdfFormat.TURTLE)
    jfp = "https://w3id.org/jfp-graph/def#"
    row = next(iter(reference.query(
        f"SELECT ?hwb ?trust WHERE {{ ?o <{jfp}overlapICB> <{icb}> ; <{jfp}overlapLocalAuthority> ?la . "
        f"?hwb <{jfp}healthAndWellbeingBoardOf> ?la . <{icb}> <{jfp}partnerTrust> ?trust }} "
        "ORDER BY ?hwb ?trust LIMIT 1"
    )))
    return {"hwb_iri": row["hwb"].value, "trust_iri": row["trust"].value}


MEMORY_LIMIT_GB = 8


def _limit_memory() -> None:
    import resource

    limit = MEMORY_LIMIT_GB << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def machine() -> dict:
    import pyoxigraph
    import pyshacl
    import rdflib
    import shacl

    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    java = run(["java", "-version"]).stderr.splitlines()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem / 1024 / 1024, 1),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "pyshacl": pyshacl.__version__,
        "shacl": shacl.__version__,
        "java": java,
        "jena": "4.5.0 (Debian libapache-jena-java)",
        "os": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M", help="Comma-separated sizes in triples (e.g. 100k,1M,10M).")
    parser.add_argument("--parts", default="load,query,validate,api", help="Which comparisons to run.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per query and per cold start.")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--rdflib-budget", type=float, default=600, help="Seconds of rdflib queries per size.")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    try:
        jena.ensure_installed()
        for tool in ("java", "javac", "wrk", "oxigraph", "jfp-graph"):
            if shutil.which(tool) is None:
                raise BenchError(f"{tool} is not on PATH: the comparison cannot run without it")
        args.work.mkdir(parents=True, exist_ok=True)
        bench = Bench(args.work, args.seed, args.repeat, args.wrk_seconds, args.rdflib_budget)
        report = {"date": datetime.date.today().isoformat(), "machine": machine(), "seed": args.seed, "sizes": {}}
        parts = set(args.parts.split(","))
        for size in (parse_size(s) for s in args.sizes.split(",")):
            report["sizes"][label(size)] = bench.size(size, parts)
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / f"{label(size)}.json").write_text(json.dumps(report["sizes"][label(size)], indent=1) + "\n")
        # The tables show every size measured so far on this machine (one file per size), this run's last.
        for path in sorted(RESULTS.glob("*.json"), key=lambda p: p.stat().st_mtime):
            if path.stem != "machine" and path.stem not in report["sizes"]:
                report["sizes"][path.stem] = json.loads(path.read_text())
        report["sizes"] = dict(sorted(report["sizes"].items(), key=lambda kv: kv[1]["size"]))
        report["mismatches"] = bench.mismatches
        (RESULTS / "machine.json").write_text(json.dumps(report["machine"], indent=1) + "\n")
        from bench.report import write_markdown

        write_markdown(report, ROOT / "docs" / "performance.md")
        if bench.mismatches:
            print("error: engines disagreed; no ratio was given for these:", file=sys.stderr)
            for line in bench.mismatches:
                print(f"  {line}", file=sys.stderr)
            return 1
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
