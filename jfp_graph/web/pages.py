"""Pages and their twins: home, ICB and requirement lists, national coverage, and every resource by IRI."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from jfp_graph.namespaces import JFP
from jfp_graph.sparql import inject_values
from jfp_graph.web import describe
from jfp_graph.web.formats import NotAcceptable, media_type, serialise_graph
from jfp_graph.web.links import iri_for, split_representation
from jfp_graph.web.respond import json_response, page_format, render

router = APIRouter()
# The resource's own statements and those of its parts (IRIs under its own: a plan's objectives, steps, ...).
RESOURCE_TRIPLES = (
    'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = ?r || STRSTARTS(STR(?s), CONCAT(STR(?r), "/"))) }'
)
RESOURCE_FORMATS = ["html", "json", "jsonld", "ttl", "nt", "rdf"]
FORMAT_QUERY = Query(None, description="html, json (and for resources jsonld, ttl, nt, rdf); overrides Accept")


def _service(request: Request):
    return request.app.state.service


def _templates(request: Request):
    return request.app.state.templates


def _format(request: Request, suffix: str | None, offered: list[str]) -> str:
    try:
        return page_format(request, suffix, offered)
    except NotAcceptable as error:
        raise HTTPException(406, str(error)) from None


@router.get("/", summary="Home: what the graph holds", tags=["pages"])
def home(request: Request, format: str | None = FORMAT_QUERY):
    store = _service(request).store
    from jfp_graph.queries import load_query

    counts = [(r["what"].value, int(r["count"].value)) for r in store.select(load_query("summary").text).rows]
    data = {"counts": [{"what": w, "count": c} for w, c in counts], "icbs": describe.icbs(store)}
    if _format(request, None, ["html", "json"]) == "json":
        return json_response(data)
    return render(_templates(request), request, "home.html", data)


@router.get("/icbs", summary="Integrated care boards", tags=["pages"])
def icb_list(request: Request, format: str | None = FORMAT_QUERY):
    data = {"icbs": describe.icbs(_service(request).store)}
    if _format(request, None, ["html", "json"]) == "json":
        return json_response(data)
    return render(_templates(request), request, "icbs.html", data)


@router.get("/requirements", summary="Statutory requirements a plan is checked against", tags=["pages"])
def requirement_list(request: Request, format: str | None = FORMAT_QUERY):
    data = {"requirements": describe.requirements(_service(request).store)}
    if _format(request, None, ["html", "json"]) == "json":
        return json_response(data)
    return render(_templates(request), request, "requirements.html", data)


@router.get("/graphs", summary="Named graphs in the store, with their sizes", tags=["data"])
def graphs(request: Request):
    sizes = _service(request).store.graph_sizes()
    return json_response({"graphs": [{"graph": g, "triples": sizes[g]} for g in sorted(sizes)]})


@router.get("/coverage", summary="National coverage: ICB × requirement", tags=["pages"])
def coverage(request: Request, format: str | None = Query(None, description="html, json or csv; overrides Accept")):
    data = describe.coverage(_service(request).store)
    chosen = _format(request, None, ["html", "json", "csv"])
    if chosen == "json":
        return json_response(data)
    if chosen == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["icb", "icb_name", "plan"] + [r["slug"] for r in data["requirements"]])
        for row in data["rows"]:
            cells = ["" if c is None else ("addressed" if c else "gap") for c in row["cells"]]
            writer.writerow([row["icb"]["iri"], row["icb"]["name"], (row["plan"] or {}).get("iri", "")] + cells)
        return Response(buffer.getvalue(), media_type=media_type("csv"))
    return render(_templates(request), request, "coverage.html", data)


@router.get("/coverage.json", include_in_schema=False)
def coverage_json(request: Request):
    return json_response(describe.coverage(_service(request).store))


@router.get("/sparql/yasgui", include_in_schema=False)
def yasgui_alias():
    return RedirectResponse("/sparql", status_code=308)


def _resource(request: Request, kind: str, rest: str):
    rest, suffix = split_representation(rest)
    iri = iri_for(kind, rest)
    chosen = _format(request, suffix, RESOURCE_FORMATS)
    store = _service(request).store
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise HTTPException(404, f"not a resource address: {rest}") from None
    if not describe.exists(store, iri):
        raise HTTPException(404, f"nothing is known about <{iri}>")
    if chosen in ("jsonld", "ttl", "nt", "rdf"):
        triples = store.run_query(inject_values(RESOURCE_TRIPLES, {"r": node}))
        return Response(serialise_graph(chosen, triples), media_type=media_type(chosen))
    description = describe.properties(store, iri)
    sections = _sections(_service(request), iri, description)
    data = dict(description, **sections)
    if chosen == "json":
        return json_response(data)
    return render(_templates(request), request, "resource.html", {"r": data})


def _report(service, plan: str):
    """The plan's validation report; ``None`` (claims only) when the plan cannot be validated as stored."""
    if not service.embedded:
        return None
    from jfp_graph.rdfio import InputError

    try:
        return service.stored_plan_report(plan)
    except InputError:
        return None


def _sections(service, iri: str, description: dict) -> dict:
    """Extra content for the kinds of resource policy teams read most."""
    store = service.store
    types = describe.type_iris(description)
    if str(JFP.IntegratedCareBoard) in types:
        return {"kind": "icb", "documents": describe.icb_documents(store, iri),
                "relevant_hwbs": describe.relevant_hwbs(store, iri)}
    if str(JFP.JointForwardPlan) in types:
        return {
            "kind": "plan",
            "scorecard": describe.scorecard(store, iri, _report(service, iri)),
            "trace": describe.plan_trace(store, iri),
            "opinions": describe.plan_opinions(store, iri),
            "consultation": describe.plan_consultation(store, iri),
            "editions": describe.plan_editions(store, iri),
        }
    if str(JFP.StatutoryRequirement) in types:
        found = [r for r in describe.requirements(store) if r["iri"] == iri]
        return {"kind": "requirement", "requirement": found[0] if found else None}
    return {"kind": "resource"}


ID_PATH = Path(..., description="The IRI's path after https://w3id.org/jfp-graph/id/, e.g. icb/QRL or plan/QRL/2024; "
                              "add .json, .jsonld or .ttl for another representation")


@router.get("/id/{rest:path}", summary="A resource of the graph (ICB, plan, strategy, HWB, requirement, ...)",
            tags=["resources"])
def resource(request: Request, rest: str = ID_PATH, format: str | None = FORMAT_QUERY):
    return _resource(request, "id", rest)


@router.get("/legislation/{rest:path}", summary="An Act or section of legislation (linking to legislation.gov.uk)",
            tags=["resources"])
def legislation(request: Request, rest: str = Path(..., description="e.g. ukpga/2006/41/section/14Z52"),
                format: str | None = FORMAT_QUERY):
    return _resource(request, "legislation", rest)


@router.get("/def/{rest:path}", summary="An ontology term (class, property or concept)", tags=["resources"])
def definition(request: Request, rest: str = Path(..., description="e.g. JointForwardPlan"),
               format: str | None = FORMAT_QUERY):
    return _resource(request, "def", rest)
