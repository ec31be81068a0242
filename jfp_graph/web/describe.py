"""What the pages show: each resource's facts, shaped from the rows of the pages' named queries.

The queries are ``queries/pages/*.rq`` (and, where the library answers the question already, the library's
own), run by ``PageQueries``. Every function here only shapes rows into plain data (dicts, lists, strings),
so the HTML pages and the JSON twins are the same content in two dresses.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

import pyoxigraph as ox

from jfp_graph.iris import DCTERMS, DEF, RDF_TYPE, RDFS, REQUIREMENT, SH, SKOS
from jfp_graph.rendering import page_json
from jfp_graph.sparql import inject_values
from jfp_graph.web.links import legislation_gov_uk, local_path
from jfp_graph.web.pagequeries import PageQueries

# A resource's title on its own page: the first of these among its statements.
TITLE_PREDICATES = (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title")
# The statements referring to a resource a page shows at most (pages/resource-incoming reads one more).
INCOMING_SHOWN = 500
# A resource's display label: the first of these it has (the properties pages/labels reads).
LABEL_PREDICATES = (*TITLE_PREDICATES, DEF + "sectionNumber")


def term_json(term) -> dict | None:
    return page_json(term, local_path)


def _text(term) -> str | None:
    return None if term is None else term.value


def exists(reader: PageQueries, iri: str) -> bool:
    return reader.ask("pages/resource-exists", resource_iri=iri)


def labels(reader: PageQueries, terms) -> dict[str, str]:
    """The display label of every IRI among ``terms`` that has one, in one query (``pages/labels``)."""
    iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})
    if not iris:
        return {}
    found: dict[str, tuple[int, str]] = {}
    for row in reader.rows("pages/labels", iri=iris):
        rank = LABEL_PREDICATES.index(row["property"].value)
        if rank < found.get(row["iri"].value, (len(LABEL_PREDICATES), ""))[0]:
            found[row["iri"].value] = (rank, row["label"].value)
    return {iri: label for iri, (_, label) in found.items()}


def _by_text(*terms) -> tuple:
    """Sort key as SPARQL's ``ORDER BY STR(...)``: unbound first, then blank nodes (no string), then by text."""
    return tuple((0, "") if t is None else (1, t.value) if isinstance(t, ox.BlankNode) else (2, t.value) for t in terms)


def properties(reader: PageQueries, iri: str) -> dict:
    """The resource's own statements and the statements about it, with labels for every IRI."""
    # Sorted here rather than by ORDER BY STR(...), which reads every term's text in the store first.
    outgoing = sorted(reader.rows("pages/resource-statements", resource_iri=iri),
                      key=lambda row: _by_text(row["p"], row["o"]))[:2000]
    # At most one more than is shown (pages/resource-incoming), to know whether there are more.
    referring = reader.rows("pages/resource-incoming", resource_iri=iri)
    incoming = sorted(referring[:INCOMING_SHOWN], key=lambda row: _by_text(row["p"], row["s"]))
    graphs = reader.rows("pages/resource-graphs", resource_iri=iri)
    named = labels(reader, [row["p"] for row in outgoing + incoming] + [row["o"] for row in outgoing]
                   + [row["s"] for row in incoming])

    def described(term, fallback: bool) -> dict:
        label = named.get(term.value) if isinstance(term, ox.NamedNode) else None
        if fallback:
            return dict(term_json(term), label=label or _short(term.value))
        return dict(term_json(term), **({"label": label} if label else {}))

    title = next((row["o"].value for key in TITLE_PREDICATES for row in outgoing if row["p"].value == key), None)
    return {
        "iri": iri,
        "path": local_path(iri),
        "label": title or iri.rsplit("/", 1)[-1],
        "types": [described(row["o"], True) for row in outgoing if row["p"].value == RDF_TYPE],
        "properties": [{"predicate": described(row["p"], True), "value": described(row["o"], False)}
                       for row in outgoing],
        "incoming": [{"predicate": described(row["p"], True), "subject": described(row["s"], False)}
                     for row in incoming],
        "more_incoming": _all_incoming(iri) if len(referring) > INCOMING_SHOWN else None,
        "graphs": [row["g"].value for row in graphs],
        "legislation_gov_uk": legislation_gov_uk(iri),
    }


def _all_incoming(iri: str) -> str:
    """The address of every statement referring to ``iri``, as the SPARQL endpoint lists them."""
    query = inject_values("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nSELECT DISTINCT ?s ?p "
                          "WHERE { ?s ?p ?target FILTER(?p != rdf:type) } ORDER BY STR(?p) STR(?s)",
                          {"target": ox.NamedNode(iri)})
    return "/sparql?" + urlencode({"query": query})


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def type_iris(description: dict) -> set[str]:
    return {t["iri"] for t in description["types"] if "iri" in t}


# -- ICBs ------------------------------------------------------------------------------------------
def icbs(reader: PageQueries) -> list[dict]:
    return [
        {"iri": r["icb"].value, "href": local_path(r["icb"].value), "name": r["name"].value,
         "ods": _text(r["ods"]), "plans": int(r["plans"].value)}
        for r in reader.rows("pages/icbs")
    ]


def icb_documents(reader: PageQueries, icb: str) -> dict:
    found: dict[str, list] = defaultdict(list)
    for r in reader.rows("pages/icb-documents", icb_iri=icb):
        found[_short(r["type"].value)].append(
            {"iri": r["doc"].value, "href": local_path(r["doc"].value),
             "title": _text(r["title"]) or _short(r["doc"].value), "period_start": _text(r["start"]),
             "issued": _text(r["issued"])}
        )
    return dict(found)


def icb_verdict(reader: PageQueries, icb: str) -> dict | None:
    """The ICB's latest edition (as coverage-matrix defines it) and what its stored report says: requirements
    met or not applicable, and not met by modality. ``None`` without an edition; ``validated`` False without
    a report."""
    rows = reader.rows("coverage-matrix", icb_iri=icb)
    if not rows:
        return None
    plan = rows[0]["plan"].value
    not_met: dict[str, int] = {"must": 0, "should": 0, "could": 0}
    for r in rows:
        if r["addressed"] is not None and r["addressed"].value == "false":
            not_met[r["modality"].value.rsplit("modality-", 1)[-1]] += 1
    return {
        "plan": {"iri": plan, "href": local_path(plan)},
        "validated": all(r["outcome"] is not None for r in rows),
        "met": sum(1 for r in rows if r["addressed"] is not None and r["addressed"].value == "true"),
        "requirements": len(rows),
        "not_met": not_met,
    }


def relevant_hwbs(reader: PageQueries, icb: str) -> list[dict]:
    by_hwb: dict[str, list] = defaultdict(list)
    for r in reader.rows("pages/hwb-strategies", icb_iri=icb):
        by_hwb[r["hwb"].value].append({"iri": r["doc"].value, "href": local_path(r["doc"].value),
                                       "title": _text(r["title"]) or _short(r["doc"].value)})
    return [
        {
            "iri": row["hwb"].value,
            "href": local_path(row["hwb"].value),
            "name": row["hwb_name"].value,
            "share_of_area_population": float(row["share_of_area_population"].value),
            "constitutional_partner": row["is_constitutional_partner"].value == "true",
            "strategies": by_hwb.get(row["hwb"].value, []),
        }
        for row in reader.rows("relevant-hwbs", icb_iri=icb)
    ]


# -- requirements ----------------------------------------------------------------------------------
def requirements(reader: PageQueries, requirement: str | None = None) -> list[dict]:
    """Every requirement, in modality then slug order; or the one ``requirement`` alone."""
    order = {"must": 0, "should": 1, "could": 2}
    found = []
    for r in reader.rows("pages/requirements", requirement_iri=requirement):
        modality = r["modality"].value.rsplit("modality-", 1)[-1]
        bases = sorted(set((r["bases"].value or "").split()))
        found.append(
            {
                "iri": r["req"].value,
                "href": local_path(r["req"].value),
                "slug": _text(r["notation"]) or r["req"].value[len(REQUIREMENT) :],
                "label": r["label"].value,
                "modality": modality,
                "group": _short(r["group"].value).removeprefix("group-") if r["group"] else None,
                "fix_hint": _text(r["fix"]),
                "legal_basis": [{"iri": b, "href": local_path(b), "label": _legislation_label(b)} for b in bases],
            }
        )
    found.sort(key=lambda r: (order.get(r["modality"], 3), r["slug"]))
    return found


def _legislation_label(iri: str) -> str:
    """``.../ukpga/2006/41/section/14Z52/2/c`` → ``2006 c.41 s.14Z52(2)(c)``."""
    parts = iri.split("/id/", 1)[-1].split("/")
    if len(parts) >= 5 and parts[3] == "section":
        head = f"{parts[1]} c.{parts[2]} s.{parts[4]}"
        return head + "".join(f"({p})" for p in parts[5:])
    return iri.split("/id/", 1)[-1]


# -- plans -----------------------------------------------------------------------------------------
def plan_claims(reader: PageQueries, plan: str) -> dict[str, list[dict]]:
    """The plan's claims, by requirement: which parts address it and the evidence given."""
    claims: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in reader.rows("pages/plan-claims", plan_iri=plan):
        claim = claims[r["req"].value].setdefault(
            r["claim"].value,
            {"iri": r["claim"].value, "href": local_path(r["claim"].value), "parts": {}, "strategy": None,
             "evidence": None},
        )
        if r["part"] is not None:
            claim["parts"][r["part"].value] = {"iri": r["part"].value, "href": local_path(r["part"].value),
                                               "title": _text(r["part_title"]) or _short(r["part"].value)}
        if r["strategy"] is not None:
            claim["strategy"] = {"iri": r["strategy"].value, "href": local_path(r["strategy"].value)}
        if r["doc"] is not None or r["quote"] is not None:
            claim["evidence"] = {"document": _text(r["doc"]), "page": _text(r["page"]), "quote": _text(r["quote"])}
    return {
        req: [dict(c, parts=list(c["parts"].values())) for c in by_claim.values()] for req, by_claim in claims.items()
    }


SEVERITY = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
OUTCOME_STATUS = {"met": "met", "not met": "not met", "not applicable": "n/a"}


def validation(reader: PageQueries, plan: str) -> dict:
    """What the edition's stored validation report says: outcomes and findings by requirement IRI, when and with
    which engine it was made, the documents its context lacked, or why it could not be made (no report: empty)."""
    rows = reader.rows("requirement-outcomes", plan_iri=plan)
    if not rows:
        return {}
    results = reader.rows("validation-results", plan_iri=plan)
    named = labels(reader, [r["focus"] for r in results])
    findings: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        if r["requirement"] is None:
            continue
        focus = r["focus"].value
        findings[r["requirement"].value].append(
            {"severity": SEVERITY[r["severity"].value], "message": r["message"].value, "focus": focus,
             "focus_label": named.get(focus) or _short(focus)})
    return {
        "outcomes": {r["requirement"].value: OUTCOME_STATUS[r["outcome"].value] for r in rows if r["requirement"]},
        "findings": findings,
        "generated": rows[0]["generated"].value,
        "engine": rows[0]["engine"].value,
        "missing": sorted({r["missing"].value for r in rows if r["missing"] is not None}),
        "error": next((r["validation_error"].value for r in rows if r["validation_error"] is not None), None),
    }


def scorecard(reader: PageQueries, plan: str, report: dict) -> list[dict]:
    """Each requirement with its outcome and findings from the stored report (``validation``), and the plan's
    claims. Without a report every requirement is "not validated": claims alone never make one met."""
    claims = plan_claims(reader, plan)
    outcomes = report.get("outcomes", {})
    card = []
    for requirement in requirements(reader):
        state = outcomes.get(requirement["iri"], "not validated")
        card.append(dict(requirement, claims=claims.get(requirement["iri"], []),
                         findings=report.get("findings", {}).get(requirement["iri"], []), status=state,
                         addressed=state in ("met", "n/a"), validated=bool(outcomes)))
    return card


def plan_trace(reader: PageQueries, plan: str) -> list[dict]:
    """Objective → integrated care strategy priority → JLHWS priority → JSNA need, and steps → JLHWS."""
    # Two queries, not one with both branches: that would repeat every priority row for every step.
    priorities = reader.rows("pages/plan-objectives", plan_iri=plan)
    steps = reader.rows("pages/plan-steps", plan_iri=plan)
    priorities.sort(key=lambda r: _by_text(r["objective"], r["priority"], r["need"], r["strategy"], r["jsna"]))
    steps.sort(key=lambda r: _by_text(r["objective"], r["step"], r["implements"]))
    named = labels(reader, [r[k] for r in priorities for k in ("priority", "need")] + [r["implements"] for r in steps])

    def label(term) -> str:
        return named.get(term.value) or _short(term.value)

    objectives: dict[str, dict] = {}
    for r in priorities:
        o = objectives.setdefault(
            r["objective"].value,
            {"iri": r["objective"].value, "href": local_path(r["objective"].value),
             "title": _text(r["objective_title"]) or _short(r["objective"].value), "priorities": {}, "steps": {}},
        )
        if r["priority"] is not None:
            p = o["priorities"].setdefault(
                r["priority"].value,
                {"iri": r["priority"].value, "href": local_path(r["priority"].value), "label": label(r["priority"]),
                 "strategy": None if r["strategy"] is None else {
                     "iri": r["strategy"].value, "href": local_path(r["strategy"].value),
                     "title": _text(r["strategy_title"]) or _short(r["strategy"].value)},
                 "needs": {}},
            )
            if r["need"] is not None:
                p["needs"][r["need"].value] = {
                    "iri": r["need"].value, "href": local_path(r["need"].value), "label": label(r["need"]),
                    "jsna": None if r["jsna"] is None else {"iri": r["jsna"].value,
                                                            "href": local_path(r["jsna"].value)},
                }
    for r in steps:
        s = objectives[r["objective"].value]["steps"].setdefault(
            r["step"].value,
            {"iri": r["step"].value, "href": local_path(r["step"].value),
             "title": _text(r["step_title"]) or _short(r["step"].value), "implements": {}},
        )
        if r["implements"] is not None:
            s["implements"][r["implements"].value] = {
                "iri": r["implements"].value, "href": local_path(r["implements"].value),
                "title": label(r["implements"])}
    return [
        dict(o, priorities=[dict(p, needs=list(p["needs"].values())) for p in o["priorities"].values()],
             steps=[dict(s, implements=list(s["implements"].values())) for s in o["steps"].values()])
        for o in objectives.values()
    ]


def plan_opinions(reader: PageQueries, plan: str) -> list[dict]:
    return [
        {"iri": r["opinion"].value, "href": local_path(r["opinion"].value),
         "hwb": None if r["hwb"] is None else {"iri": r["hwb"].value, "href": local_path(r["hwb"].value),
                                               "name": _text(r["hwb_name"]) or _short(r["hwb"].value)},
         "strategy": None if r["strategy"] is None else {"iri": r["strategy"].value,
                                                         "href": local_path(r["strategy"].value)},
         "given_on": _text(r["given"]), "final": _text(r["final"]) == "true",
         "takes_proper_account": None if r["proper"] is None else r["proper"].value == "true",
         "text": _text(r["text"])}
        for r in reader.rows("pages/plan-opinions", plan_iri=plan)
    ]


def plan_consultation(reader: PageQueries, plan: str) -> dict:
    return {
        "activities": [
            {"iri": r["activity"].value, "href": local_path(r["activity"].value), "title": _text(r["title"]),
             "method": _text(r["method"]), "start": _text(r["start"]), "end": _text(r["end"]),
             "groups": _text(r["groups"]) or ""}
            for r in reader.rows("pages/plan-consultation", plan_iri=plan)
        ],
        "views": [
            {"iri": r["view"].value, "href": local_path(r["view"].value), "text": _text(r["text"]),
             "how_taken_into_account": _text(r["how"]),
             "changed": None if r["changed"] is None else {"iri": r["changed"].value,
                                                           "href": local_path(r["changed"].value),
                                                           "title": _text(r["changed_title"])}}
            for r in reader.rows("pages/plan-views", plan_iri=plan)
        ],
    }


def plan_editions(reader: PageQueries, plan: str) -> dict:
    """The other editions of the same ICB's plan, and what changed since the previous one: objectives added or
    removed, and every change edition-diff reports."""
    editions = [
        {"iri": r["edition"].value, "href": local_path(r["edition"].value), "period_start": _text(r["start"]),
         "revision_of": _text(r["previous"])}
        for r in reader.rows("pages/plan-editions", plan_iri=plan)
    ]
    previous = next((e["revision_of"] for e in editions if e["iri"] == plan), None)
    changes = None
    if previous:
        titles: dict[str, set[str]] = {plan: set(), previous: set()}
        for r in reader.rows("pages/objective-titles", edition_iri=[plan, previous]):
            titles[r["edition"].value].add(r["title"].value)
        changes = {
            "previous": {"iri": previous, "href": local_path(previous)},
            "objectives_added": sorted(titles[plan] - titles[previous]),
            "objectives_removed": sorted(titles[previous] - titles[plan]),
            "parts": edition_changes(reader, plan, previous),
        }
    return {"editions": editions, "changes": changes}


# The order "what changed" lists changes in: slips first, as what a reader most needs to see.
CHANGE_ORDER = ("date slipped", "date brought forward", "target changed", "status changed")


def edition_changes(reader: PageQueries, plan: str, previous: str) -> list[dict]:
    """Every change edition-diff reports between ``previous`` and ``plan`` (the same named query), slips first;
    each with the part in both editions where it has one, and both values."""

    def part(term) -> dict | None:
        return None if term is None else {"iri": term.value, "href": local_path(term.value)}

    rows = reader.rows("edition-diff", edition_iri=plan, previous_iri=previous)
    found = [
        {"change": r["change"].value, "part": part(r["part"]), "previous_part": part(r["previous_part"]),
         "title": _text(r["title"]), "previous_value": _text(r["previous_value"]), "new_value": _text(r["new_value"])}
        for r in rows
    ]
    rank = {change: i for i, change in enumerate(CHANGE_ORDER)}
    return sorted(found, key=lambda c: rank.get(c["change"], len(rank)))  # stable: edition-diff's order within


# -- national coverage -----------------------------------------------------------------------------
def coverage(reader: PageQueries) -> dict:
    """ICB × requirement: for each ICB's latest plan edition (as ``coverage-matrix`` defines it), whether the plan
    claims to address each requirement; ICBs without a plan have no cells."""
    latest: dict[str, str] = {}
    claimed: set[tuple[str, str]] = set()
    for r in reader.rows("coverage-matrix"):
        latest[r["icb"].value] = r["plan"].value
        if r["addressed"].value == "true":
            claimed.add((r["icb"].value, r["requirement"].value))
    reqs = requirements(reader)
    matrix = []
    for icb in icbs(reader):
        plan = latest.get(icb["iri"])
        cells = [None if plan is None else (icb["iri"], q["iri"]) in claimed for q in reqs]
        matrix.append(
            {"icb": {"iri": icb["iri"], "href": icb["href"], "name": icb["name"]},
             "plan": None if plan is None else {"iri": plan, "href": local_path(plan)},
             "cells": cells,
             "gaps": sum(1 for c in cells if c is False)}
        )
    return {"requirements": reqs, "rows": matrix}
