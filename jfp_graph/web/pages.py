"""Pages and their twins: home, ICB and requirement lists, national coverage, and every resource by IRI."""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse

from jfp_graph.iris import DEF
from jfp_graph.media import JSON, MediaFormat
from jfp_graph.web import describe
from jfp_graph.web.links import iri_for, split_representation
from jfp_graph.web.negotiate import offers
from jfp_graph.web.pagequeries import PageQueries
from jfp_graph.web.respond import answer
from jfp_graph.web.runner import Outcome

router = APIRouter()
Page = Annotated[MediaFormat, offers("html", "json")]
Table = Annotated[MediaFormat, offers("html", "json", "csv")]
Resource = Annotated[MediaFormat, offers("html", "json", "jsonld", "ttl", "nt", "rdf")]


def _reader(request: Request) -> PageQueries:
    return request.app.state.service.pages.for_request(request)


@router.get("/", summary="Home: what the graph holds", tags=["pages"])
def home(request: Request, chosen: Page):
    reader = _reader(request)
    counts = [{"what": r["what"].value, "count": int(r["count"].value)} for r in reader.rows("summary")]
    return answer(request, chosen, {"counts": counts, "icbs": describe.icbs(reader)}, "home.html")


@router.get("/icbs", summary="Integrated care boards", tags=["pages"])
def icb_list(request: Request, chosen: Page):
    return answer(request, chosen, {"icbs": describe.icbs(_reader(request))}, "icbs.html")


@router.get("/requirements", summary="Statutory requirements a plan is checked against", tags=["pages"])
def requirement_list(request: Request, chosen: Page):
    return answer(request, chosen, {"requirements": describe.requirements(_reader(request))}, "requirements.html")


@router.get("/graphs", summary="Named graphs in the store, with their sizes", tags=["data"])
def graphs(request: Request):
    sizes = {r["g"].value: int(r["n"].value) for r in _reader(request).rows("pages/graph-sizes")}
    return answer(request, JSON, {"graphs": [{"graph": g, "triples": sizes[g]} for g in sorted(sizes)]})


def _coverage_table(data: dict) -> Outcome:
    """The matrix as a table: one row per ICB, one column per requirement ("addressed", "gap" or empty)."""
    columns = ["icb", "icb_name", "plan"] + [r["slug"] for r in data["requirements"]]
    rows = []
    for row in data["rows"]:
        plan = row["plan"]
        cells = [None if c is None else ox.Literal("addressed" if c else "gap") for c in row["cells"]]
        rows.append([ox.NamedNode(row["icb"]["iri"]), ox.Literal(row["icb"]["name"]),
                     None if plan is None else ox.NamedNode(plan["iri"])] + cells)
    return Outcome("select", columns, rows)


@router.get("/coverage", summary="National coverage: ICB × requirement", tags=["pages"])
@router.get("/coverage.json", include_in_schema=False)
def coverage(request: Request, chosen: Table):
    data = describe.coverage(_reader(request))
    return answer(request, chosen, _coverage_table(data) if chosen.name == "csv" else data, "coverage.html")


@router.get("/sparql/yasgui", include_in_schema=False)
def yasgui_alias():
    return RedirectResponse("/sparql", status_code=308)


def _resource(request: Request, chosen: MediaFormat, kind: str, rest: str):
    iri = iri_for(kind, split_representation(rest)[0])
    reader = _reader(request)
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise HTTPException(404, f"not a resource address: {rest}") from None
    if not describe.exists(reader, iri):
        raise HTTPException(404, f"nothing is known about <{iri}>")
    if chosen.rdf is not None:
        return answer(request, chosen, reader.run("pages/resource-triples", resource_iri=iri))
    description = describe.properties(reader, iri)
    data = dict(description, **_sections(reader, iri, description))
    return answer(request, chosen, {"r": data} if chosen.name == "html" else data, "resource.html")


def _sections(reader: PageQueries, iri: str, description: dict) -> dict:
    """Extra content for the kinds of resource policy teams read most."""
    types = describe.type_iris(description)
    if DEF + "IntegratedCareBoard" in types:
        return {"kind": "icb", "latest": describe.icb_verdict(reader, iri),
                "documents": describe.icb_documents(reader, iri),
                "relevant_hwbs": describe.relevant_hwbs(reader, iri)}
    if DEF + "JointForwardPlan" in types:
        report = describe.validation(reader, iri)
        return {
            "kind": "plan",
            "validation": {key: value for key, value in report.items() if key not in ("outcomes", "findings")},
            "scorecard": describe.scorecard(reader, iri, report),
            "trace": describe.plan_trace(reader, iri),
            "opinions": describe.plan_opinions(reader, iri),
            "consultation": describe.plan_consultation(reader, iri),
            "editions": describe.plan_editions(reader, iri),
        }
    if DEF + "StatutoryRequirement" in types:
        found = describe.requirements(reader, iri)
        return {"kind": "requirement", "requirement": found[0] if found else None}
    return {"kind": "resource"}


ID_PATH = Path(..., description="The IRI's path after https://w3id.org/jfp-graph/id/, e.g. icb/QRL or plan/QRL/2024; "
                              "add .json, .jsonld or .ttl for another representation")


@router.get("/id/{rest:path}", summary="A resource of the graph (ICB, plan, strategy, HWB, requirement, ...)",
            tags=["resources"])
def resource(request: Request, chosen: Resource, rest: str = ID_PATH):
    return _resource(request, chosen, "id", rest)


@router.get("/legislation/{rest:path}", summary="An Act or section of legislation (linking to legislation.gov.uk)",
            tags=["resources"])
def legislation(request: Request, chosen: Resource,
                rest: str = Path(..., description="e.g. ukpga/2006/41/section/14Z52")):
    return _resource(request, chosen, "legislation", rest)


@router.get("/def/{rest:path}", summary="An ontology term (class, property or concept)", tags=["resources"])
def definition(request: Request, chosen: Resource, rest: str = Path(..., description="e.g. JointForwardPlan")):
    return _resource(request, chosen, "def", rest)
