"""The measured tables in docs/performance.md (between the bench markers; the prose around them is kept)."""

from __future__ import annotations

import itertools
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _s(value) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def _x(value) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _mb(value) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def _ms(value) -> str:
    """A latency from wrk (in milliseconds), written as the other times are."""
    return "—" if value is None else _s(value / 1000)


def _share(value) -> str:
    return "—" if value is None else f"{value:.0%}"


def _rdflib(entry: dict) -> str:
    if entry.get("rdflib"):
        return _s(entry["rdflib"])
    note = entry.get("rdflib_note", "")
    return "error" if note.startswith("rdflib error") else (note or "—")


def _rdflib_ratio(entry: dict) -> str:
    if entry.get("rdflib") and "ratio_vs_rdflib" not in entry:
        return "rows differ"
    return _x(entry.get("ratio_vs_rdflib"))


def tables(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Measured on {report['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}, shacl {m.get('shacl', '—')} (our SHACL engine), "
        f"pySHACL {m['pyshacl']}, {m['java']}, Jena {m['jena']}. Seed {report['seed']}. "
        "Ratios are jfp-graph ÷ the other engine (below 1 = faster).",
        "",
    ]
    for name, size in report["sizes"].items():
        scale = size["scale"]
        lines += [
            f"### {name} ({size['triples']:,} triples: {scale['icbs']} ICBs × {scale['editions']} editions × "
            f"{scale['objectives']} objectives)",
            "",
        ]
        load = size["load"]
        lines += [
            "| load (same files, on-disk store) | jfp-graph | pyoxigraph | ratio | rdflib | ratio |",
            "|---|---|---|---|---|---|",
            f"| time | {_s(load['jfp_graph']['seconds'])} | {_s(load['pyoxigraph']['seconds'])} | "
            f"{_x(load.get('ratio_vs_pyoxigraph'))} | {_s((load.get('rdflib') or {}).get('seconds'))} | "
            f"{_x(load.get('ratio_vs_rdflib'))} |",
            f"| peak RSS | {_mb(load['jfp_graph']['peak_mb'])} | {_mb(load['pyoxigraph']['peak_mb'])} | | "
            f"{_mb((load.get('rdflib') or {}).get('peak_mb'))} | |",
            "",
        ]
        if "queries" in size:
            q = size["queries"]
            lines += [
                "| named query | rows | jfp-graph | pyoxigraph | ratio | rdflib | ratio |",
                "|---|---|---|---|---|---|---|",
            ]
            for qname, e in q["queries"].items():
                if "failed" in e:
                    lines.append(f"| {qname} | — | failed: {e['failed'].split(' (')[0]} | | | | |")
                    continue
                lines.append(
                    f"| {qname} | {e['rows']} | {_s(e['jfp_graph'])} | {_s(e['pyoxigraph'])} | "
                    f"{_x(e.get('ratio_vs_pyoxigraph'))} | {_rdflib(e)} | {_rdflib_ratio(e)} |"
                )
            peaks = q["peak_mb"]
            lines += [
                "",
                f"Worst query ratio vs pyoxigraph {_x(q['worst_ratio_vs_pyoxigraph'])}, median "
                f"{_x(q['median_ratio_vs_pyoxigraph'])}. Peak RSS of the query process: jfp-graph "
                f"{_mb(peaks.get('jfp_graph'))}, pyoxigraph {_mb(peaks.get('pyoxigraph'))}"
                + (
                    f", rdflib {_mb(peaks.get('rdflib'))} (parse {_s(q.get('rdflib_parse_seconds'))})"
                    if "rdflib" in peaks
                    else ""
                )
                + ".",
                "",
            ]
        if "validation" in size:
            v = size["validation"]
            n, c = v["national"], v["one_plan_cold"]
            lines += [
                "| validation (same results checked) | jfp-graph | Jena SHACL | ratio | peak RSS jfp-graph "
                "| peak RSS Jena |",
                "|---|---|---|---|---|---|",
                f"| whole national graph ({v['plans']} plans, {v['results']} results) | "
                f"{_s(n['jfp_graph']['seconds'])} | {_s(n['jena']['seconds'])} | {_x(n.get('ratio_vs_jena'))} | "
                f"{_mb(n['jfp_graph']['peak_mb'])} | {_mb(n['jena']['peak_mb'])} |",
                f"| one plan, cold process ({c['plan']}) | {_s(c['jfp_graph']['seconds'])} | "
                f"{_s(c['jena']['seconds'])} | {_x(c.get('ratio_vs_jena'))} | {_mb(c['jfp_graph']['peak_mb'])} | "
                f"{_mb(c['jena']['peak_mb'])} |",
                "",
            ]
        if "api" in size:
            a = size["api"]
            lines += [
                f"| API under wrk ({a['wrk']['threads']} threads, {a['wrk']['connections']} connections, "
                f"{a['wrk']['seconds']} s) | jfp-graph req/s | p50 | p99 | cache off req/s | p50 | p99 | "
                "oxigraph serve req/s | p50 | p99 | share | share, cache off |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|",
            ]
            for case, e in a["cases"].items():
                j, u, o = e["jfp_graph"], e.get("jfp_graph_uncached"), e["oxigraph_serve"]
                uncached = f"{u['requests_per_s']:.0f} | {_ms(u['p50_ms'])} | {_ms(u['p99_ms'])}" if u else "— | — | —"
                addresses = f" ({j['addresses']} addresses)" if j.get("addresses", 1) > 1 else ""
                lines.append(
                    f"| {case.replace('_', ' ')}{addresses} | {j['requests_per_s']:.0f} | "
                    f"{_ms(j['p50_ms'])} | {_ms(j['p99_ms'])} | "
                    f"{uncached} | {o['requests_per_s']:.0f} | {_ms(o['p50_ms'])} | {_ms(o['p99_ms'])} | "
                    f"{_share(e.get('throughput_share'))} | {_share(e.get('uncached_share'))} |"
                )
            lines.append("")
    lines += _scale_ratios(report["sizes"])
    if report.get("mismatches"):
        lines += ["Engines that disagreed (no ratio given):", ""] + [f"- {m}" for m in report["mismatches"]] + [""]
    return "\n".join(lines)


def _scale_ratios(sizes: dict) -> list[str]:
    """Each named query's time at every size and its growth from one size to the next: per-plan questions
    should cost the plan, not the country."""
    measured = [(name, size["queries"]["queries"]) for name, size in sizes.items() if "queries" in size]
    if len(measured) < 2:
        return []
    steps = list(itertools.pairwise(measured))
    header = " | ".join(name for name, _ in measured)
    growth = " | ".join(f"{b} ÷ {a}" for (a, _), (b, _) in steps)
    lines = [
        f"| named query (jfp-graph) | {header} | {growth} |",
        "|---|" + "---|" * (len(measured) + len(steps)),
    ]
    for query in measured[0][1]:
        times = [queries.get(query, {}).get("jfp_graph") for _, queries in measured]
        ratios = [b / a if a and b else None for a, b in itertools.pairwise(times)]
        lines.append(f"| {query} | " + " | ".join(map(_s, times)) + " | " + " | ".join(map(_x, ratios)) + " |")
    return lines + [""]


def write_markdown(report: dict, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    path.write_text(f"{before}{START}\n{tables(report)}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    # Rewrite the tables from bench/results/ without measuring again.
    import json

    results = Path(__file__).resolve().parent / "results"
    sizes = {p.stem: json.loads(p.read_text()) for p in results.glob("*.json") if p.stem != "machine"}
    stamp = max(p.stat().st_mtime for p in results.glob("*.json"))
    import datetime

    report = {
        "date": datetime.date.fromtimestamp(stamp).isoformat(),
        "machine": json.loads((results / "machine.json").read_text()),
        "seed": 1,
        "sizes": dict(sorted(sizes.items(), key=lambda kv: kv[1]["size"])),
    }
    write_markdown(report, Path(__file__).resolve().parent.parent / "docs" / "performance.md")
