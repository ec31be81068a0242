"""The reference graph: exact counts and spot checks against the published sources, byte-stable rebuilds,
the relevant-HWBs query on both engines, and located errors for bad source files."""

from __future__ import annotations

import ast
import csv
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef

from jfp_graph.namespaces import DCTERMS, JFP, JFPG, JFPID, ORG, RDF, RDFS, SKOS, TIME, XSD
from jfp_graph.sparql import inject_values
from tools.reference import (
    SOURCE_FILES,
    ReferenceBuildError,
    build_reference_graph,
    serialize_reference,
    write_reference,
)
from tools.reference.__main__ import DATA_DIR as CHECKOUT_DATA

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
COMMITTED = ROOT / "data" / "reference.ttl"
QUERY = (ROOT / "queries" / "relevant-hwbs.rq").read_text(encoding="utf-8")
GRAPH = JFPG["reference"]


def icb(ods: str) -> URIRef:
    return JFPID[f"icb/{ods}"]


def la(gss: str) -> URIRef:
    return JFPID[f"la/{gss}"]


def hwb(gss: str) -> URIRef:
    return JFPID[f"hwb/{gss}"]


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return build_reference_graph(SOURCES)


@pytest.fixture(scope="module")
def committed() -> rdflib.Graph:
    return rdflib.Graph().parse(COMMITTED, format="turtle")


@pytest.fixture(scope="module")
def oxstore() -> ox.Store:
    store = ox.Store()
    store.load(path=str(COMMITTED), format=ox.RdfFormat.TURTLE)
    return store


def instances(g: rdflib.Graph, cls: URIRef) -> set:
    return set(g.subjects(RDF.type, cls))


def relevant(g: rdflib.Graph, icb_iri: URIRef | None = None) -> list[dict]:
    query = QUERY if icb_iri is None else inject_values(QUERY, {"_icb_iri": ox.NamedNode(str(icb_iri))})
    return [row.asdict() for row in g.query(query)]


# --- rebuilds -------------------------------------------------------------------------------------


def test_rebuild_from_data_sources_is_byte_identical_to_committed_file(graph, tmp_path):
    assert serialize_reference(graph) == COMMITTED.read_bytes()
    out = tmp_path / "reference.ttl"
    write_reference(out, SOURCES)
    assert out.read_bytes() == COMMITTED.read_bytes()


def build_command(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``python -m tools.reference ARGS`` from the top of the checkout, as its users run it."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    command = [sys.executable, "-m", "tools.reference", *args]
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=ROOT)


def test_rebuild_is_byte_identical_under_another_hash_seed(tmp_path):
    out = tmp_path / "reference.ttl"
    completed = build_command("--sources", str(SOURCES), "--output", str(out), PYTHONHASHSEED="4242")
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, f"wrote {out}\n", "")
    assert out.read_bytes() == COMMITTED.read_bytes()


def test_build_command_reports_a_broken_source_with_its_location(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    overlaps = sources / "utla23_icb24_overlap.csv"
    lines = overlaps.read_text().splitlines(keepends=True)
    assert ",QHM," in lines[3]
    lines[3] = lines[3].replace(",QHM,", ",QZZ,")  # an ICB code no source knows
    overlaps.write_text("".join(lines))
    completed = build_command("--sources", str(sources), "--output", str(tmp_path / "o.ttl"))
    assert completed.returncode == 2
    assert completed.stderr == f"error: {overlaps}:4: unknown ICB code 'QZZ' in column 'ICB24CDH' (not in icbs.csv)\n"
    assert completed.stdout == ""
    assert not (tmp_path / "o.ttl").exists()


def test_build_command_defaults_to_the_checkouts_data_folder():
    # Not run without --output here: by default it rewrites the committed file itself.
    assert CHECKOUT_DATA == ROOT / "data"
    completed = build_command("--help")
    assert completed.returncode == 0
    assert completed.stdout.startswith("Usage: python -m tools.reference [OPTIONS]")
    assert "Default: data/reference.ttl." in completed.stdout


def test_the_runtime_package_never_imports_the_build_tools():
    importers = []
    for path in sorted((ROOT / "jfp_graph").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "tools" or name.startswith("tools.") for name in names):
                importers.append(path.relative_to(ROOT))
    assert importers == []


def test_graph_has_no_blank_nodes_and_matches_committed_triples(graph, committed):
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)
    assert set(graph) == set(committed)
    assert len(graph) == 5649


def test_data_sources_hold_exactly_the_files_the_build_reads():
    expected = {source.name for source in SOURCE_FILES} | {"SOURCES.md", "LICENCES.md"}
    assert {path.name for path in SOURCES.iterdir()} == expected
    licences = (SOURCES / "LICENCES.md").read_text(encoding="utf-8")
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in licences
    assert "CC BY 4.0" in licences and "mySociety" in licences


# --- counts -------------------------------------------------------------------------------------


def test_counts(graph):
    assert len(instances(graph, JFP.IntegratedCareBoard)) == 42
    assert len(instances(graph, JFP.NHSEnglandRegion)) == 7
    assert len(instances(graph, JFP.UpperTierLocalAuthority)) == 153
    assert len(instances(graph, JFP.HealthAndWellbeingBoard)) == 153
    assert len(instances(graph, JFP.LowerTierLocalAuthority)) == 4
    assert len(instances(graph, JFP.GeographicOverlap)) == 165
    assert len(instances(graph, JFP.NHSFoundationTrust)) == 143
    assert len(instances(graph, JFP.NHSTrust)) == 63
    assert len(instances(graph, JFP.NHSFoundationTrust) | instances(graph, JFP.NHSTrust)) == 206
    assert len(list(graph.triples((None, JFP.partnerLocalAuthority, None)))) == 170
    assert len(list(graph.triples((None, JFP.partnerTrust, None)))) == 270
    assert len(set(graph.objects(None, JFP.partnerTrust))) == 206
    assert len(instances(graph, JFP.CodeAssignment)) == 44
    assert len(instances(graph, JFP.FinancialYear)) == 14
    assert instances(graph, JFP.NHSEngland) == {JFPID["org/nhs-england"]}
    assert len(instances(graph, JFP.SpecialisedCommissioningDelegation)) == 14


def test_specialised_commissioning_delegation_by_region_and_date(graph):
    to_icbs = {
        str(graph.value(d, RDFS.label)).rsplit(", ", 2)[1]: str(graph.value(d, JFP.delegationStarts))
        for d in instances(graph, JFP.SpecialisedCommissioningDelegation)
        if graph.value(d, JFP.delegatedToICBs).toPython() is True
    }
    assert to_icbs == {
        "East of England": "2024-04-01", "Midlands": "2024-04-01", "North West": "2024-04-01",
        "London": "2025-04-01", "South East": "2025-04-01", "South West": "2025-04-01",
        "North East and Yorkshire": "2025-04-01",
    }  # fmt: skip
    joint = [d for d in instances(graph, JFP.SpecialisedCommissioningDelegation)
             if graph.value(d, JFP.delegatedToICBs).toPython() is False]  # fmt: skip
    assert len(joint) == 7 and {str(graph.value(d, JFP.delegationStarts)) for d in joint} == {"2023-04-01"}
    for d in instances(graph, JFP.SpecialisedCommissioningDelegation):
        assert str(graph.value(d, DCTERMS.source)).startswith("https://www.england.nhs.uk/long-read/")


def test_every_upper_tier_authority_has_exactly_one_hwb(graph):
    for authority in instances(graph, JFP.UpperTierLocalAuthority):
        gss = str(authority).rsplit("/", 1)[1]
        assert list(graph.subjects(JFP.healthAndWellbeingBoardOf, authority)) == [hwb(gss)]
        assert graph.value(hwb(gss), RDFS.label) == Literal(f"{graph.value(authority, RDFS.label)} Health and Wellbeing Board")


def test_every_icb_has_a_partner_trust_a_relevant_hwb_and_a_region(graph):
    with_hwb = {row["icb"] for row in relevant(graph)}
    for board in instances(graph, JFP.IntegratedCareBoard):
        assert graph.value(board, JFP.partnerTrust) is not None, board
        assert board in with_hwb, board
        assert (graph.value(board, JFP.nhsEnglandRegion), RDF.type, JFP.NHSEnglandRegion) in graph
        assert graph.value(board, JFP.establishedOn) == Literal("2022-07-01", datatype=XSD.date)


def test_regions_are_units_of_nhs_england_with_their_icbs(graph):
    per_region = {
        str(graph.value(region, JFP.odsCode)): len(list(graph.subjects(JFP.nhsEnglandRegion, region)))
        for region in instances(graph, JFP.NHSEnglandRegion)
    }
    assert per_region == {"Y56": 5, "Y59": 6, "Y58": 7, "Y61": 6, "Y62": 3, "Y60": 11, "Y63": 4}
    for region in instances(graph, JFP.NHSEnglandRegion):
        assert graph.value(region, ORG.unitOf) == JFPID["org/nhs-england"]
    assert graph.value(JFPID["region/Y59"], JFP.onsCode) == Literal("E40000005")
    assert graph.value(JFPID["region/Y59"], JFP.population) == Literal(9073701)


# --- ICB codes ----------------------------------------------------------------------------------


def assignments(graph: rdflib.Graph, board: URIRef) -> dict[str, tuple]:
    return {
        str(graph.value(node, JFP.code)): (graph.value(node, JFP.validFrom), graph.value(node, JFP.validUntil))
        for node in graph.objects(board, JFP.hasCodeAssignment)
    }


def day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def test_surrey_heartlands_and_sussex_changed_ons_code_in_april_2023(graph):
    assert assignments(graph, icb("QXU")) == {
        "E54000052": (day("2022-07-01"), day("2023-03-31")),
        "E54000063": (day("2023-04-01"), None),
    }
    assert assignments(graph, icb("QNX")) == {
        "E54000053": (day("2022-07-01"), day("2023-03-31")),
        "E54000064": (day("2023-04-01"), None),
    }
    assert graph.value(icb("QXU"), JFP.onsCode) == Literal("E54000063")
    assert graph.value(icb("QNX"), JFP.onsCode) == Literal("E54000064")


def test_other_icbs_kept_one_ons_code_since_july_2022(graph):
    for board in instances(graph, JFP.IntegratedCareBoard) - {icb("QXU"), icb("QNX")}:
        assert assignments(graph, board) == {str(graph.value(board, JFP.onsCode)): (day("2022-07-01"), None)}
    assert graph.value(icb("QYG"), RDFS.label) == Literal("NHS Cheshire and Merseyside Integrated Care Board")


# --- relevant HWBs and partnerships -------------------------------------------------------------


def test_essex_hwb_is_relevant_to_exactly_three_icbs(graph):
    rows = [row for row in relevant(graph) if row["hwb"] == hwb("E10000012")]
    assert {row["icb"]: row["share_of_area_population"].toPython() for row in rows} == {
        icb("QH8"): Decimal("0.5605"),
        icb("QJG"): Decimal("0.2276"),
        icb("QM7"): Decimal("0.2119"),
    }


def test_hampshire_and_isle_of_wight_relevant_hwbs(graph):
    rows = relevant(graph, icb("QRL"))
    assert sorted(str(row["hwb_name"]) for row in rows) == [
        "Hampshire Health and Wellbeing Board",
        "Isle of Wight Health and Wellbeing Board",
        "Portsmouth Health and Wellbeing Board",
        "Southampton Health and Wellbeing Board",
    ]
    assert all(row["is_constitutional_partner"] == Literal(True) for row in rows)
    assert {row["icb"] for row in rows} == {icb("QRL")}


def test_partnerships_without_geographic_overlap_are_not_relevant_hwbs(graph):
    # Birmingham is a constitutional partner of Black Country ICB, West Sussex of Surrey Heartlands.
    for board, gss in (("QUA", "E08000025"), ("QXU", "E10000032")):
        assert (icb(board), JFP.partnerLocalAuthority, la(gss)) in graph
        assert hwb(gss) not in {row["hwb"] for row in relevant(graph, icb(board))}
    assert [str(row["hwb_name"]) for row in relevant(graph, icb("QXU"))] == ["Surrey Health and Wellbeing Board"]


def test_overlap_that_is_not_a_partnership_is_still_relevant(graph):
    rows = [row for row in relevant(graph, icb("QOX")) if row["la"] == la("E10000025")]
    assert len(rows) == 1
    assert rows[0]["share_of_area_population"].toPython() == Decimal("0.0091")
    assert rows[0]["is_constitutional_partner"] == Literal(False)


def test_frimley_district_partners(graph):
    districts = {la(gss) for gss in ("E07000089", "E07000092", "E07000214", "E07000216")}
    assert instances(graph, JFP.LowerTierLocalAuthority) == districts
    assert districts <= set(graph.objects(icb("QNQ"), JFP.partnerLocalAuthority))
    assert graph.value(la("E07000089"), SKOS.altLabel) == Literal("Hart District Council")
    assert graph.value(la("E07000089"), JFP.localAuthorityType) == Literal("NMD")
    assert all(graph.value(None, JFP.healthAndWellbeingBoardOf, district) is None for district in districts)


def test_overlap_node_values(graph):
    node = JFPID["overlap/E10000012-QH8"]
    assert graph.value(node, JFP.overlapLocalAuthority) == la("E10000012")
    assert graph.value(node, JFP.overlapICB) == icb("QH8")
    assert graph.value(node, JFP.lsoaCount) == Literal(512)
    assert graph.value(node, JFP.population) == Literal(851688)
    assert graph.value(node, JFP.shareOfAreaPopulation) == Literal("0.5605", datatype=XSD.decimal)
    assert graph.value(node, JFP.shareOfICBPopulation) == Literal("0.7042", datatype=XSD.decimal)
    assert graph.value(node, JFP.isMainICBForArea) == Literal(True)
    assert graph.value(la("E10000012"), JFP.population) == Literal(1519509)
    assert graph.value(la("E10000012"), SKOS.altLabel) == Literal("Essex County Council")
    assert graph.value(la("E10000012"), JFP.localAuthorityType) == Literal("CTY")


# --- trusts -------------------------------------------------------------------------------------


def test_trust_details(graph):
    rtd = JFPID["trust/RTD"]
    assert (rtd, RDF.type, JFP.NHSFoundationTrust) in graph
    assert graph.value(rtd, RDFS.label) == Literal("The Newcastle Upon Tyne Hospitals NHS Foundation Trust")
    assert graph.value(rtd, JFP.odsCode) == Literal("RTD")
    assert graph.value(rtd, JFP.principalICB) == icb("QHM")
    rap = JFPID["trust/RAP"]  # North Middlesex: closed by ODS on 31 December 2024
    assert (rap, RDF.type, JFP.NHSTrust) in graph
    assert graph.value(rap, JFP.dissolvedOn) == day("2024-12-31")
    assert graph.value(rap, JFP.establishedOn) == day("1991-04-01")
    rye = JFPID["trust/RYE"]  # South Central Ambulance: HQ in BOB, principal ICB Hampshire and Isle of Wight
    assert graph.value(rye, JFP.hqICB) == icb("QU9")
    assert graph.value(rye, JFP.principalICB) == icb("QRL")
    tad = JFPID["trust/TAD"]  # care trusts are not in the ODS etr file
    assert graph.value(tad, JFP.principalICB) == icb("QWO")
    assert graph.value(tad, JFP.hqICB) is None and graph.value(tad, JFP.establishedOn) is None


def test_every_trust_has_one_principal_icb(graph):
    trusts = instances(graph, JFP.NHSFoundationTrust) | instances(graph, JFP.NHSTrust)
    for trust in trusts:
        assert len(list(graph.objects(trust, JFP.principalICB))) == 1, trust
    assert len([t for t in trusts if graph.value(t, JFP.hqICB) is not None]) == 203


# --- financial years and provenance ---------------------------------------------------------------


def test_financial_years(graph):
    years = sorted(int(graph.value(fy, JFP.startYear)) for fy in instances(graph, JFP.FinancialYear))
    assert years == list(range(2022, 2036))
    fy = JFPID["fy/2024-25"]
    assert graph.value(fy, RDFS.label) == Literal("2024/25")
    assert graph.value(fy, JFP.startYear) == Literal(2024)
    assert graph.value(graph.value(fy, TIME.hasBeginning), TIME.inXSDDate) == day("2024-04-01")
    assert graph.value(graph.value(fy, TIME.hasEnd), TIME.inXSDDate) == day("2025-03-31")
    assert (graph.value(fy, TIME.hasEnd), RDF.type, TIME.Instant) in graph


def test_graph_provenance(graph):
    sources = set(graph.objects(GRAPH, DCTERMS.source))
    assert {str(graph.value(s, RDFS.label)) for s in sources} == {f"data/sources/{f.name}" for f in SOURCE_FILES}
    assert all("commit" in str(graph.value(s, DCTERMS.description)) for s in sources)
    assert set(graph.objects(GRAPH, DCTERMS.license)) == {
        URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    }
    caveats = " ".join(str(d) for d in graph.objects(GRAPH, DCTERMS.description))
    assert "Birmingham (E08000025) - NHS Black Country Integrated Care Board (QUA)" in caveats
    assert "West Sussex (E10000032) - NHS Surrey Heartlands Integrated Care Board (QXU)" in caveats
    assert "Oxfordshire (E10000025) - NHS Bath and North East Somerset, Swindon and Wiltshire" in caveats
    assert "RYX may have been meant (unconfirmed)" in caveats
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in str(
        graph.value(GRAPH, DCTERMS.rights)
    )


# --- the relevant-hwbs query on both engines ----------------------------------------------------


def _normal(term) -> tuple[str, str]:
    """Compare terms across engines: decimals by value (engines differ on canonical lexical forms)."""
    if term is None:
        return ("unbound", "")
    if isinstance(term, (ox.NamedNode, URIRef)):
        return ("iri", str(term.value if isinstance(term, ox.NamedNode) else term))
    if isinstance(term, ox.Literal):
        value, datatype = term.value, term.datatype.value
    else:  # rdflib leaves a plain literal's datatype unset; in RDF 1.1 it is xsd:string
        value, datatype = str(term), str(term.datatype or XSD.string)
    if datatype == str(XSD.decimal):
        value = str(Decimal(value).normalize())
    return (datatype, value)


VARIABLES = ["icb", "icb_name", "hwb", "hwb_name", "la", "share_of_area_population", "is_constitutional_partner"]


@pytest.mark.parametrize("icb_ods", [None, "QRL", "QH8", "QNQ"])
def test_relevant_hwbs_query_gives_same_rows_on_pyoxigraph_and_rdflib(committed, oxstore, icb_ods):
    query = QUERY
    if icb_ods is not None:
        query = inject_values(QUERY, {"_icb_iri": ox.NamedNode(str(icb(icb_ods)))})
    ox_result = oxstore.query(query)
    assert [v.value for v in ox_result.variables] == VARIABLES
    ox_rows = [tuple(_normal(solution[v]) for v in VARIABLES) for solution in ox_result]
    rdflib_result = committed.query(query)
    assert [str(v) for v in rdflib_result.vars] == VARIABLES
    rdflib_rows = [tuple(_normal(term) for term in row) for row in rdflib_result]
    assert ox_rows == rdflib_rows
    expected = {None: 165, "QRL": 4, "QH8": 3, "QNQ": 5}[icb_ods]
    assert len(ox_rows) == expected
    assert ox_rows == sorted(ox_rows, key=lambda r: (r[0][1], r[4][1]))  # ordered by ICB, then local authority


def test_query_header_is_grlc_yaml():
    import yaml

    header = yaml.safe_load("\n".join(line[3:] for line in QUERY.splitlines() if line.startswith("#+ ")))
    assert header["tags"] == ["reference", "hwb"]
    assert "14Z52(2)(c)" in header["description"] and "wholly or in part" in header["description"]
    assert [next(iter(p)) for p in header["params"]] == ["icb_iri"]


# --- bad input ----------------------------------------------------------------------------------


@pytest.fixture()
def sources_copy(tmp_path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)
    return target


def rewrite(path: Path, edit) -> None:
    """Rewrite a CSV through ``edit(header, rows)``; rows keep their order and so their line numbers."""
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    header, rows = edit(header, rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def test_missing_required_column(sources_copy):
    path = sources_copy / "icbs.csv"

    def drop_name(header, rows):
        i = header.index("ICB24NM")
        return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]

    rewrite(path, drop_name)
    with pytest.raises(ReferenceBuildError) as caught:
        build_reference_graph(sources_copy)
    assert (caught.value.path, caught.value.line) == (str(path), 1)
    assert str(caught.value) == f"{path}, line 1: missing required column(s): ICB24NM"
    assert isinstance(caught.value, ValueError)


def test_unknown_icb_code_in_overlaps(sources_copy):
    path = sources_copy / "utla23_icb24_overlap.csv"

    def bad_code(header, rows):
        rows[9][header.index("ICB24CDH")] = "QZZ"  # data row 10 = line 11
        return header, rows

    rewrite(path, bad_code)
    with pytest.raises(ReferenceBuildError) as caught:
        build_reference_graph(sources_copy)
    assert str(caught.value) == (
        f"{path}, line 11: unknown ICB code 'QZZ' in column 'ICB24CDH' (not in icbs.csv)"
    )


def test_unknown_icb_code_in_partner_trusts(sources_copy):
    path = sources_copy / "icb_partner_trusts_2024-12.csv"

    def bad_code(header, rows):
        rows[0][header.index("ICB_ODS_CODE")] = "Q99"
        return header, rows

    rewrite(path, bad_code)
    with pytest.raises(ReferenceBuildError) as caught:
        build_reference_graph(sources_copy)
    assert (caught.value.line, caught.value.reason) == (2, "unknown ICB code 'Q99' in column 'ICB_ODS_CODE' (not in icbs.csv)")


def test_malformed_number_and_missing_file(sources_copy):
    path = sources_copy / "upper_tier_local_authorities_2023.csv"

    def bad_population(header, rows):
        rows[2][header.index("pop_mid2022")] = "about 137k"
        return header, rows

    rewrite(path, bad_population)
    with pytest.raises(ReferenceBuildError, match=r"line 4: column 'pop_mid2022': 'about 137k' is not a whole number"):
        build_reference_graph(sources_copy)
    (sources_copy / "icbs.csv").unlink()
    with pytest.raises(ReferenceBuildError) as caught:
        build_reference_graph(sources_copy)
    assert (caught.value.path, caught.value.line, caught.value.reason) == (str(sources_copy / "icbs.csv"), None, "file not found")


def test_every_icb_has_one_integrated_care_partnership(graph):
    partnerships = {icp: icb for icp, icb in graph.subject_objects(JFP.integratedCarePartnershipOf)}
    assert len(partnerships) == 42
    assert set(partnerships.values()) == set(graph.subjects(RDF.type, JFP.IntegratedCareBoard))
    assert set(graph.subjects(RDF.type, JFP.IntegratedCarePartnership)) == set(partnerships)
    qrl = JFPID["icp/QRL"]
    assert partnerships[qrl] == JFPID["icb/QRL"]
    assert str(graph.value(qrl, RDFS.label)) == "Hampshire and Isle of Wight Integrated Care Partnership"
