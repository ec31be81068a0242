"""What the pages show: each resource's facts, read from the store with the project's own queries.

Every function returns plain data (dicts, lists, strings) so the HTML pages and the JSON twins are the
same content in two dresses.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from jfp_graph.namespaces import JFP, JFPREQ
from jfp_graph.rendering import page_json
from jfp_graph.store import GraphStore
from jfp_graph.web.links import legislation_gov_uk, local_path

PREFIXES = """
PREFIX jfp: <https://w3id.org/jfp-graph/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
# A resource's display label: the first of these it has.
LABEL_PREDICATES = ("rdfs:label", "skos:prefLabel", "dcterms:title", "jfp:sectionNumber")


def term_json(term) -> dict | None:
    return page_json(term, local_path)


def _text(term) -> str | None:
    return None if term is None else term.value


def _rows(store: GraphStore, query: str, bindings=None) -> list[dict]:
    return store.select(PREFIXES + query, bindings or {}).rows


def exists(store: GraphStore, iri: str) -> bool:
    node = ox.NamedNode(iri)
    rows = _rows(store, "SELECT ?x WHERE { { ?r ?p ?x } UNION { ?x ?p ?r } } LIMIT 1", {"r": node})
    return bool(rows)


def label(store: GraphStore, iri: str) -> str | None:
    rows = _rows(
        store,
        "SELECT ?l WHERE { VALUES ?p { rdfs:label skos:prefLabel dcterms:title jfp:sectionNumber } ?r ?p ?l } LIMIT 1",
        {"r": ox.NamedNode(iri)},
    )
    return rows[0]["l"].value if rows else None


def labels(store: GraphStore, terms) -> dict[str, str]:
    """The display label of every IRI among ``terms`` that has one, in one query.

    Looking labels up once per distinct IRI costs far less than OPTIONAL label patterns on every row of
    a bigger query: on an on-disk store each term read is an index lookup.
    """
    iris = sorted({str(t) for t in terms if isinstance(t, ox.NamedNode)})
    if not iris:
        return {}
    optionals = " ".join(f"OPTIONAL {{ ?x {p} ?l{i} }}" for i, p in enumerate(LABEL_PREDICATES))
    rows = _rows(store, f"SELECT * WHERE {{ VALUES ?x {{ {' '.join(iris)} }} {optionals} }}")
    found: dict[str, str] = {}
    for row in rows:
        label = next((row[f"l{i}"] for i in range(len(LABEL_PREDICATES)) if row[f"l{i}"] is not None), None)
        if label is not None:
            found.setdefault(row["x"].value, label.value)
    return found


def _by_text(*terms) -> tuple:
    """Sort key as SPARQL's ``ORDER BY STR(...)``: unbound first, then blank nodes (no string), then by text."""
    return tuple((0, "") if t is None else (1, t.value) if isinstance(t, ox.BlankNode) else (2, t.value) for t in terms)


def properties(store: GraphStore, iri: str) -> dict:
    """The resource's own statements and the statements about it, with labels for every IRI."""
    node = ox.NamedNode(iri)
    # Sorted here rather than by ORDER BY STR(...), which reads every term's text in the store first.
    outgoing = sorted(_rows(store, "SELECT DISTINCT ?p ?o WHERE { ?r ?p ?o }", {"r": node}),
                      key=lambda row: _by_text(row["p"], row["o"]))[:2000]
    incoming = sorted(_rows(store, "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?r FILTER(?p != rdf:type) }", {"r": node}),
                      key=lambda row: _by_text(row["p"], row["s"]))[:500]
    graphs = _rows(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r ?p ?o } } ORDER BY ?g", {"r": node})
    named = labels(store, [row["p"] for row in outgoing + incoming] + [row["o"] for row in outgoing]
                   + [row["s"] for row in incoming])

    def described(term, fallback: bool) -> dict:
        label = named.get(term.value) if isinstance(term, ox.NamedNode) else None
        if fallback:
            return dict(term_json(term), label=label or _short(term.value))
        return dict(term_json(term), **({"label": label} if label else {}))

    title = next(
        (
            row["o"].value
            for key in ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
                        "http://purl.org/dc/terms/title")
            for row in outgoing
            if row["p"].value == key
        ),
        None,
    )
    return {
        "iri": iri,
        "path": local_path(iri),
        "label": title or iri.rsplit("/", 1)[-1],
        "types": [described(row["o"], True) for row in outgoing
                  if row["p"].value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"],
        "properties": [{"predicate": described(row["p"], True), "value": described(row["o"], False)}
                       for row in outgoing],
        "incoming": [{"predicate": described(row["p"], True), "subject": described(row["s"], False)}
                     for row in incoming],
        "graphs": [row["g"].value for row in graphs],
        "legislation_gov_uk": legislation_gov_uk(iri),
    }


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def type_iris(description: dict) -> set[str]:
    return {t["iri"] for t in description["types"] if "iri" in t}


# -- ICBs ------------------------------------------------------------------------------------------
def icbs(store: GraphStore) -> list[dict]:
    rows = _rows(
        store,
        """SELECT ?icb ?name ?ods (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
             ?icb a jfp:IntegratedCareBoard ; rdfs:label ?name . OPTIONAL { ?icb jfp:odsCode ?ods }
             OPTIONAL { ?plan a jfp:JointForwardPlan ; jfp:forICB ?icb }
           } GROUP BY ?icb ?name ?ods ORDER BY ?name""",
    )
    return [
        {"iri": r["icb"].value, "href": local_path(r["icb"].value), "name": r["name"].value,
         "ods": _text(r["ods"]), "plans": int(r["plans"].value)}
        for r in rows
    ]


def icb_documents(store: GraphStore, icb: str) -> dict:
    rows = _rows(
        store,
        """SELECT ?doc ?type ?title ?start ?issued WHERE {
             ?doc jfp:forICB ?icb ; a ?type .
             FILTER(?type IN (jfp:JointForwardPlan, jfp:IntegratedCareStrategy, jfp:CapitalResourceUsePlan,
                              jfp:AnnualReport, jfp:PerformanceAssessment))
             OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc jfp:periodStart ?start }
             OPTIONAL { ?doc dcterms:issued ?issued }
           } ORDER BY ?type DESC(?start) ?doc""",
        {"icb": ox.NamedNode(icb)},
    )
    found: dict[str, list] = defaultdict(list)
    for r in rows:
        found[_short(r["type"].value)].append(
            {"iri": r["doc"].value, "href": local_path(r["doc"].value), "title": _text(r["title"]) or _short(r["doc"].value),
             "period_start": _text(r["start"]), "issued": _text(r["issued"])}
        )
    return dict(found)


def relevant_hwbs(store: GraphStore, icb: str) -> list[dict]:
    from jfp_graph.queries import load_query

    query = load_query("relevant-hwbs")
    result = query.run(store, icb_iri=icb)
    strategies = _rows(
        store,
        "SELECT ?hwb ?doc ?title WHERE { ?doc a jfp:JointLocalHealthAndWellbeingStrategy ; jfp:publishedThrough ?hwb . "
        "OPTIONAL { ?doc dcterms:title ?title } }",
    )
    by_hwb: dict[str, list] = defaultdict(list)
    for r in strategies:
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
        for row in result.rows
    ]


# -- requirements ----------------------------------------------------------------------------------
def requirements(store: GraphStore) -> list[dict]:
    rows = _rows(
        store,
        """SELECT ?req ?notation ?label ?modality ?group ?fix (GROUP_CONCAT(STR(?basis); separator=" ") AS ?bases)
           WHERE {
             ?req a jfp:StatutoryRequirement ; skos:prefLabel ?label ; jfp:modality ?modality .
             OPTIONAL { ?req skos:notation ?notation } OPTIONAL { ?req jfp:requirementGroup ?group }
             OPTIONAL { ?req jfp:fixHint ?fix } OPTIONAL { ?req jfp:legalBasis ?basis }
           } GROUP BY ?req ?notation ?label ?modality ?group ?fix""",
    )
    order = {"must": 0, "should": 1, "could": 2}
    found = []
    for r in rows:
        modality = r["modality"].value.rsplit("modality-", 1)[-1]
        bases = sorted(set((r["bases"].value or "").split()))
        found.append(
            {
                "iri": r["req"].value,
                "href": local_path(r["req"].value),
                "slug": _text(r["notation"]) or r["req"].value[len(str(JFPREQ)) :],
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
def plan_claims(store: GraphStore, plan: str) -> dict[str, list[dict]]:
    """The plan's claims, by requirement: which parts address it and the evidence given."""
    rows = _rows(
        store,
        """SELECT ?req ?claim ?part ?part_title ?strategy ?doc ?page ?quote WHERE {
             ?plan jfp:hasClaim ?claim . ?claim jfp:addressesRequirement ?req .
             OPTIONAL {
               ?claim jfp:addressedBy ?part
               OPTIONAL { ?part dcterms:title ?title }
               # An HWB opinion has no title of its own: name it after its board.
               OPTIONAL { ?part jfp:opinionOf/rdfs:label ?board BIND(CONCAT("Opinion of ", ?board) AS ?opinion) }
               BIND(COALESCE(?title, ?opinion) AS ?part_title)
             }
             OPTIONAL { ?claim jfp:aboutStrategy ?strategy }
             OPTIONAL { ?claim jfp:hasEvidence ?e OPTIONAL { ?e jfp:inDocument ?doc } OPTIONAL { ?e jfp:page ?page }
                        OPTIONAL { ?e jfp:quote ?quote } }
           }""",
        {"plan": ox.NamedNode(plan)},
    )
    claims: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in rows:
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


def scorecard(store: GraphStore, plan: str, report=None) -> list[dict]:
    """Each requirement with the validation findings (when a report is given) and the plan's claims.

    With a report, a requirement is met when validation found nothing against it; without one, when the
    plan claims to address it.
    """
    claims = plan_claims(store, plan)
    findings: dict[str, list[dict]] = defaultdict(list)
    status: dict[str, str] = {}
    if report is not None:
        for finding in report.findings:
            findings[finding.requirement.slug].append(
                {"severity": finding.severity.label, "message": finding.message, "focus": finding.focus,
                 "focus_label": finding.focus_label}
            )
    card = []
    for requirement in requirements(store):
        found = claims.get(requirement["iri"], [])
        if report is not None:
            state = "not met" if findings.get(requirement["slug"]) else (
                "met" if requirement["slug"] in report.applicable else "n/a")
        else:
            state = "met" if found else "not met"
        status[requirement["slug"]] = state
        card.append(dict(requirement, claims=found, findings=findings.get(requirement["slug"], []), status=state,
                         addressed=state != "not met", validated=report is not None))
    return card


def plan_trace(store: GraphStore, plan: str) -> list[dict]:
    """Objective → integrated care strategy priority → JLHWS priority → JSNA need, and steps → JLHWS."""
    # Two queries, not one with both branches: that would repeat every priority row for every step.
    bound = {"plan": ox.NamedNode(plan)}
    priorities = _rows(
        store,
        """SELECT ?objective ?objective_title ?priority ?strategy ?strategy_title ?need ?jsna WHERE {
             ?plan jfp:hasObjective ?objective . OPTIONAL { ?objective dcterms:title ?objective_title }
             OPTIONAL {
               ?objective jfp:contributesTo ?priority .
               OPTIONAL { ?strategy jfp:hasPriority ?priority OPTIONAL { ?strategy dcterms:title ?strategy_title } }
               OPTIONAL { ?priority jfp:addressesNeed ?need OPTIONAL { ?jsna jfp:identifiesNeed ?need } }
             }
           }""",
        bound,
    )
    steps = _rows(
        store,
        """SELECT ?objective ?step ?step_title ?implements WHERE {
             ?plan jfp:hasObjective ?objective . ?objective jfp:hasStep ?step .
             OPTIONAL { ?step dcterms:title ?step_title } OPTIONAL { ?step jfp:implements ?implements }
           }""",
        bound,
    )
    priorities.sort(key=lambda r: _by_text(r["objective"], r["priority"], r["need"], r["strategy"], r["jsna"]))
    steps.sort(key=lambda r: _by_text(r["objective"], r["step"], r["implements"]))
    named = labels(store, [r[k] for r in priorities for k in ("priority", "need")] + [r["implements"] for r in steps])

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
                    "jsna": None if r["jsna"] is None else {"iri": r["jsna"].value, "href": local_path(r["jsna"].value)},
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


def plan_opinions(store: GraphStore, plan: str) -> list[dict]:
    rows = _rows(
        store,
        """SELECT ?opinion ?hwb ?hwb_name ?strategy ?given ?final ?proper ?text WHERE {
             ?plan jfp:hasOpinionStatement ?opinion .
             OPTIONAL { ?opinion jfp:opinionOf ?hwb OPTIONAL { ?hwb rdfs:label ?hwb_name } }
             OPTIONAL { ?opinion jfp:aboutStrategy ?strategy } OPTIONAL { ?opinion jfp:givenOn ?given }
             OPTIONAL { ?opinion jfp:isFinal ?final } OPTIONAL { ?opinion jfp:takesProperAccount ?proper }
             OPTIONAL { ?opinion jfp:opinionText ?text }
           } ORDER BY ?hwb_name""",
        {"plan": ox.NamedNode(plan)},
    )
    return [
        {"iri": r["opinion"].value, "href": local_path(r["opinion"].value),
         "hwb": None if r["hwb"] is None else {"iri": r["hwb"].value, "href": local_path(r["hwb"].value),
                                               "name": _text(r["hwb_name"]) or _short(r["hwb"].value)},
         "strategy": None if r["strategy"] is None else {"iri": r["strategy"].value,
                                                         "href": local_path(r["strategy"].value)},
         "given_on": _text(r["given"]), "final": _text(r["final"]) == "true",
         "takes_proper_account": None if r["proper"] is None else r["proper"].value == "true",
         "text": _text(r["text"])}
        for r in rows
    ]


def plan_consultation(store: GraphStore, plan: str) -> dict:
    activities = _rows(
        store,
        """SELECT ?activity ?title ?method ?start ?end (GROUP_CONCAT(?group_label; separator="; ") AS ?groups) WHERE {
             ?plan jfp:hasConsultation ?activity . OPTIONAL { ?activity dcterms:title ?title }
             OPTIONAL { ?activity jfp:method ?method } OPTIONAL { ?activity prov:startedAtTime ?start }
             OPTIONAL { ?activity prov:endedAtTime ?end }
             OPTIONAL { ?activity jfp:consulted ?group . ?group jfp:groupType ?type . ?type skos:prefLabel ?group_label }
           } GROUP BY ?activity ?title ?method ?start ?end ORDER BY ?activity""",
        {"plan": ox.NamedNode(plan)},
    )
    views = _rows(
        store,
        """SELECT ?view ?text ?how ?changed ?changed_title WHERE {
             ?plan jfp:hasViewsSummary ?summary . ?summary jfp:hasView ?view .
             OPTIONAL { ?view jfp:viewText ?text } OPTIONAL { ?view jfp:howTakenIntoAccount ?how }
             OPTIONAL { ?view jfp:changed ?changed OPTIONAL { ?changed dcterms:title ?changed_title } }
           } ORDER BY ?view""",
        {"plan": ox.NamedNode(plan)},
    )
    return {
        "activities": [
            {"iri": r["activity"].value, "href": local_path(r["activity"].value), "title": _text(r["title"]),
             "method": _text(r["method"]), "start": _text(r["start"]), "end": _text(r["end"]),
             "groups": _text(r["groups"]) or ""}
            for r in activities
        ],
        "views": [
            {"iri": r["view"].value, "href": local_path(r["view"].value), "text": _text(r["text"]),
             "how_taken_into_account": _text(r["how"]),
             "changed": None if r["changed"] is None else {"iri": r["changed"].value,
                                                           "href": local_path(r["changed"].value),
                                                           "title": _text(r["changed_title"])}}
            for r in views
        ],
    }


def plan_editions(store: GraphStore, plan: str) -> dict:
    """The other editions of the same ICB's plan, and the objectives added or removed since the previous one."""
    rows = _rows(
        store,
        """SELECT ?edition ?start ?previous WHERE {
             ?plan jfp:forICB ?icb . ?edition a jfp:JointForwardPlan ; jfp:forICB ?icb .
             OPTIONAL { ?edition jfp:periodStart ?start } OPTIONAL { ?edition prov:wasRevisionOf ?previous }
           } ORDER BY ?start""",
        {"plan": ox.NamedNode(plan)},
    )
    editions = [
        {"iri": r["edition"].value, "href": local_path(r["edition"].value), "period_start": _text(r["start"]),
         "revision_of": _text(r["previous"])}
        for r in rows
    ]
    previous = next((e["revision_of"] for e in editions if e["iri"] == plan), None)
    changes = None
    if previous:
        titles = {}
        for edition in (plan, previous):
            titles[edition] = {
                r["title"].value
                for r in _rows(store, "SELECT ?title WHERE { ?e jfp:hasObjective ?o . ?o dcterms:title ?title }",
                               {"e": ox.NamedNode(edition)})
            }
        changes = {
            "previous": {"iri": previous, "href": local_path(previous)},
            "objectives_added": sorted(titles[plan] - titles[previous]),
            "objectives_removed": sorted(titles[previous] - titles[plan]),
        }
    return {"editions": editions, "changes": changes}


# -- national coverage -----------------------------------------------------------------------------
def coverage(store: GraphStore) -> dict:
    """ICB × requirement: for each ICB's latest plan edition, whether each requirement is addressed."""
    latest = _rows(
        store,
        """SELECT ?icb ?name ?plan WHERE {
             ?icb a jfp:IntegratedCareBoard ; rdfs:label ?name .
             OPTIONAL { ?plan a jfp:JointForwardPlan ; jfp:forICB ?icb ; jfp:periodStart ?start
                        FILTER NOT EXISTS { ?later a jfp:JointForwardPlan ; jfp:forICB ?icb ; jfp:periodStart ?s2
                                            FILTER(?s2 > ?start) } }
           } ORDER BY ?name""",
    )
    addressed = _rows(
        store,
        "SELECT DISTINCT ?plan ?req WHERE { ?plan a jfp:JointForwardPlan ; jfp:hasClaim ?c . "
        "?c jfp:addressesRequirement ?req }",
    )
    claimed: dict[str, set[str]] = defaultdict(set)
    for r in addressed:
        claimed[r["plan"].value].add(r["req"].value)
    reqs = requirements(store)
    matrix = []
    for r in latest:
        plan = _text(r["plan"])
        cells = [None if plan is None else (q["iri"] in claimed[plan]) for q in reqs]
        matrix.append(
            {"icb": {"iri": r["icb"].value, "href": local_path(r["icb"].value), "name": r["name"].value},
             "plan": None if plan is None else {"iri": plan, "href": local_path(plan)},
             "cells": cells,
             "gaps": sum(1 for c in cells if c is False)}
        )
    return {"requirements": reqs, "rows": matrix}


def is_type(description: dict, name: str) -> bool:
    return str(JFP[name]) in type_iris(description)
