"""Build the reference graph from the published CSVs in ``data/sources``.

The reference graph holds the organisations and geography every plan refers to: the 42 ICBs and
their year-versioned ONS codes, the seven NHS England regions, the upper-tier local authorities
(HWB areas) with their health and wellbeing boards, the LSOA best-fit overlaps of those areas with
ICBs, the partners named in ICB constitutions, NHS trusts and financial years.

The output must be byte-stable: the graph has no blank nodes (every node has an IRI) and is
serialised by rdflib's Turtle writer, which sorts subjects, predicates and objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from jfp_graph.layout import REFERENCE_GRAPH
from jfp_graph.namespaces import (
    DCTERMS,
    JFP,
    JFPID,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
)
from tools.reference.rows import Row, read_source
from tools.reference.sources import (
    APPORTIONMENT,
    CC_BY_4,
    DELEGATION,
    ICBS,
    MYSOCIETY,
    ODS_TRUSTS,
    OGL_V3,
    OVERLAPS,
    PARTNER_LAS,
    PARTNER_TRUSTS,
    REGIONS,
    SOURCE_FILES,
    UTLAS,
    SourceFile,
)

GRAPH_IRI = URIRef(REFERENCE_GRAPH)
NHS_ENGLAND = JFPID["org/nhs-england"]

# ICBs were established on 1 July 2022 (Health and Care Act 2022 commencement; SOURCES.md
# "Boundary years"). The 2023 ONS ICB codes took effect with the April 2023 boundaries.
ICB_ESTABLISHED = date(2022, 7, 1)
ICB23_CODES_FROM = date(2023, 4, 1)
FIRST_FINANCIAL_YEAR = 2022
LAST_FINANCIAL_YEAR = 2035  # jfpid:fy/2035-36 covers the last year of a plan made in 2031

_ICB_ODS = re.compile(r"^Q[A-Z0-9]{2}$")
_GSS_UTLA = re.compile(r"^E(06|07|08|09|10)\d{6}$")


def _source_iri(source: SourceFile) -> URIRef:
    return JFPID[f"source/reference/{source.name}"]


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _decimal(value: Decimal) -> Literal:
    return Literal(str(value), datatype=XSD.decimal)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


@dataclass(frozen=True)
class _Icb:
    ods: str
    ons24: str
    ons22: str
    name: str


def _unique(rows: list[Row], column: str) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        key = row.text(column)
        if key in seen:
            raise row.error(f"duplicate {column} '{key}' (first on line {seen[key].line})")
        seen[key] = row
    return seen


def _known_icb(row: Row, column: str, icbs: dict[str, _Icb]) -> str:
    code = row.text(column)
    if code not in icbs:
        raise row.error(f"unknown ICB code '{code}' in column '{column}' (not in {ICBS.name})")
    return code


def _add_regions(g: Graph, rows: list[Row]) -> set[str]:
    codes = _unique(rows, "NHSER23CDH")
    for code, row in codes.items():
        region = JFPID[f"region/{code}"]
        g.add((region, RDF.type, JFP.NHSEnglandRegion))
        g.add((region, RDFS.label, Literal(row.text("NHSER23NM"))))
        g.add((region, ORG.unitOf, NHS_ENGLAND))
        g.add((region, JFP.odsCode, Literal(code)))
        g.add((region, JFP.onsCode, Literal(row.text("NHSER23CD"))))
        g.add((region, JFP.population, _integer(row.integer("pop_mid2022"))))
    return set(codes)


def _add_delegations(g: Graph, rows: list[Row], regions: set[str]) -> None:
    """Specialised commissioning delegated in each region from a date: to joint committees of NHS England and
    the region's ICBs, or to the ICBs themselves (which then hold delegated specialised services)."""
    for row in rows:
        region = row.text("NHSER23CDH")
        if region not in regions:
            raise row.error(f"unknown NHS England region '{region}' (not in {REGIONS.name})")
        try:
            start = date.fromisoformat(row.text("FROM"))
        except ValueError:
            raise row.error(f"column 'FROM': '{row.text('FROM')}' is not a YYYY-MM-DD date") from None
        to_icbs = row.boolean("DELEGATED_TO_ICBS")
        node = JFPID[f"delegation/{region}/{start.isoformat()}"]
        name = str(g.value(JFPID[f"region/{region}"], RDFS.label))
        to = "integrated care boards" if to_icbs else "joint committees of NHS England and integrated care boards"
        g.add((node, RDF.type, JFP.SpecialisedCommissioningDelegation))
        label = f"Specialised commissioning delegated to {to}, {name}, from {start.day} {start:%B %Y}"
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, JFP.delegationRegion, JFPID[f"region/{region}"]))
        g.add((node, JFP.delegatedToICBs, Literal(to_icbs)))
        g.add((node, JFP.delegationStarts, _date(start)))
        g.add((node, DCTERMS.source, URIRef(row.text("SOURCE_URL"))))
        g.add((node, SKOS.note, Literal(row.text("NOTE"))))


def _add_icbs(g: Graph, rows: list[Row], regions: set[str]) -> dict[str, _Icb]:
    icbs: dict[str, _Icb] = {}
    for ods, row in _unique(rows, "ICB_ODS_CODE").items():
        if not _ICB_ODS.match(ods):
            raise row.error(f"'{ods}' is not an ICB ODS code (Q followed by two letters or digits)")
        region = row.text("NHSER23CDH")
        if region not in regions:
            raise row.error(f"unknown NHS England region '{region}' (not in {REGIONS.name})")
        icb = _Icb(ods, row.text("ICB24CD"), row.text("ICB22CD"), row.text("ICB24NM"))
        icbs[ods] = icb
        node = JFPID[f"icb/{ods}"]
        g.add((node, RDF.type, JFP.IntegratedCareBoard))
        g.add((node, RDFS.label, Literal(icb.name)))
        g.add((node, JFP.odsCode, Literal(ods)))
        g.add((node, JFP.onsCode, Literal(icb.ons24)))
        g.add((node, JFP.nhsEnglandRegion, JFPID[f"region/{region}"]))
        g.add((node, JFP.population, _integer(row.integer("pop_mid2022"))))
        g.add((node, JFP.establishedOn, _date(ICB_ESTABLISHED)))
        _add_partnership(g, node, ods, icb.name)
        # ONS codes are year-versioned; only Surrey Heartlands and Sussex changed (April 2023).
        if icb.ons22 == icb.ons24:
            _add_code_assignment(g, node, icb.ons24, ICB_ESTABLISHED, None)
        else:
            _add_code_assignment(g, node, icb.ons22, ICB_ESTABLISHED, date(2023, 3, 31))
            _add_code_assignment(g, node, icb.ons24, ICB23_CODES_FROM, None)
    return icbs


def _add_partnership(g: Graph, icb: URIRef, ods: str, icb_name: str) -> None:
    """Each ICB and the responsible local authorities of its area have an ICP (LGPIHA 2007 s.116ZA)."""
    icp = JFPID[f"icp/{ods}"]
    area = icb_name.removeprefix("NHS ").removesuffix(" Integrated Care Board")
    g.add((icp, RDF.type, JFP.IntegratedCarePartnership))
    g.add((icp, RDFS.label, Literal(f"{area} Integrated Care Partnership")))
    g.add((icp, JFP.integratedCarePartnershipOf, icb))
    g.add(
        (
            icp,
            SKOS.note,
            Literal(
                "The partnership's name is derived from its ICB's name and may differ from the name it publishes; "
                "its existence follows from LGPIHA 2007 s.116ZA."
            ),
        )
    )


def _add_code_assignment(g: Graph, owner: URIRef, code: str, valid_from: date, valid_until: date | None) -> None:
    node = URIRef(f"{owner}/ons-code/{code}")
    g.add((owner, JFP.hasCodeAssignment, node))
    g.add((node, RDF.type, JFP.CodeAssignment))
    g.add((node, RDFS.label, Literal(f"ONS code {code}")))
    g.add((node, JFP.code, Literal(code)))
    g.add((node, JFP.validFrom, _date(valid_from)))
    if valid_until is not None:
        g.add((node, JFP.validUntil, _date(valid_until)))
    g.add((node, DCTERMS.source, _source_iri(ICBS)))


def _add_utlas(g: Graph, rows: list[Row]) -> dict[str, str]:
    """Upper-tier LAs and their HWBs; returns GSS code → name."""
    names: dict[str, str] = {}
    for gss, row in _unique(rows, "UTLA23CD").items():
        if not _GSS_UTLA.match(gss):
            raise row.error(f"'{gss}' is not an English local authority GSS code")
        name = row.text("UTLA23NM")
        names[gss] = name
        la, hwb = JFPID[f"la/{gss}"], JFPID[f"hwb/{gss}"]
        g.add((la, RDF.type, JFP.UpperTierLocalAuthority))
        g.add((la, RDFS.label, Literal(name)))
        g.add((la, SKOS.altLabel, Literal(row.text("OFFICIAL_NAME_MYSOCIETY"))))
        g.add((la, JFP.onsCode, Literal(gss)))
        g.add((la, JFP.localAuthorityType, Literal(row.text("LA_TYPE_MYSOCIETY"))))
        g.add((la, JFP.population, _integer(row.integer("pop_mid2022"))))
        g.add((hwb, RDF.type, JFP.HealthAndWellbeingBoard))
        g.add((hwb, RDFS.label, Literal(f"{name} Health and Wellbeing Board")))
        g.add((hwb, JFP.healthAndWellbeingBoardOf, la))
    return names


def _add_overlaps(
    g: Graph, rows: list[Row], icbs: dict[str, _Icb], utlas: dict[str, str]
) -> dict[tuple[str, str], Row]:
    overlaps: dict[tuple[str, str], Row] = {}
    for row in rows:
        gss = row.text("UTLA23CD")
        if gss not in utlas:
            raise row.error(f"unknown upper-tier local authority '{gss}' (not in {UTLAS.name})")
        ods = _known_icb(row, "ICB24CDH", icbs)
        if row.text("ICB24CD") != icbs[ods].ons24:
            raise row.error(f"ICB24CD '{row['ICB24CD']}' is not the current ONS code of {ods} ({icbs[ods].ons24})")
        if (gss, ods) in overlaps:
            raise row.error(f"duplicate overlap {gss}-{ods} (first on line {overlaps[gss, ods].line})")
        overlaps[gss, ods] = row
        node = JFPID[f"overlap/{gss}-{ods}"]
        g.add((node, RDF.type, JFP.GeographicOverlap))
        g.add((node, RDFS.label, Literal(f"{utlas[gss]} / {icbs[ods].name}")))
        g.add((node, JFP.overlapLocalAuthority, JFPID[f"la/{gss}"]))
        g.add((node, JFP.overlapICB, JFPID[f"icb/{ods}"]))
        g.add((node, JFP.lsoaCount, _integer(row.integer("n_lsoa"))))
        g.add((node, JFP.population, _integer(row.integer("pop_mid2022"))))
        g.add((node, JFP.shareOfAreaPopulation, _decimal(row.decimal("share_of_area_pop"))))
        g.add((node, JFP.shareOfICBPopulation, _decimal(row.decimal("share_of_icb_pop"))))
        g.add((node, JFP.isMainICBForArea, Literal(row.boolean("is_main_icb_for_area"))))
    return overlaps


def _partnership(
    row: Row, partner_column: str, icbs: dict[str, _Icb], seen: dict[tuple[str, str], int]
) -> tuple[str, str]:
    """The (ICB, partner code) pair a row of a constitution's partners names; ``seen`` records each pair's line."""
    ods = _known_icb(row, "ICB_ODS_CODE", icbs)
    code = row.text(partner_column)
    if (ods, code) in seen:
        raise row.error(f"duplicate partnership {ods}-{code} (first on line {seen[ods, code]})")
    seen[ods, code] = row.line
    return ods, code


def _add_partner_las(
    g: Graph, rows: list[Row], icbs: dict[str, _Icb], utlas: dict[str, str], mysociety: dict[str, Row]
) -> list[tuple[str, str, Row]]:
    """Constitutional LA partners; district councils get their own node. Returns (ICB, GSS, row)."""
    partners: list[tuple[str, str, Row]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        ods, gss = _partnership(row, "LA_GSS_CODE", icbs, seen)
        if row.boolean("IS_UPPER_TIER"):
            if gss not in utlas:
                raise row.error(f"unknown upper-tier local authority '{gss}' (not in {UTLAS.name})")
        else:
            _add_district(g, row, gss, mysociety)
        g.add((JFPID[f"icb/{ods}"], JFP.partnerLocalAuthority, JFPID[f"la/{gss}"]))
        partners.append((ods, gss, row))
    return partners


def _add_district(g: Graph, row: Row, gss: str, mysociety: dict[str, Row]) -> None:
    entry = mysociety.get(gss)
    if entry is None or entry["current-authority"] != "True":
        raise row.error(f"lower-tier local authority '{gss}' is not a current authority in {MYSOCIETY.name}")
    kind = entry.text("local-authority-type")
    if kind != "NMD":
        raise row.error(f"'{gss}' is marked IS_UPPER_TIER=False but its type is {kind}, not NMD (district)")
    la = JFPID[f"la/{gss}"]
    g.add((la, RDF.type, JFP.LowerTierLocalAuthority))
    g.add((la, RDFS.label, Literal(row.text("LA_NAME_ONS"))))
    g.add((la, SKOS.altLabel, Literal(entry.text("official-name"))))
    g.add((la, JFP.onsCode, Literal(gss)))
    g.add((la, JFP.localAuthorityType, Literal(kind)))


def _add_trusts(
    g: Graph,
    partner_rows: list[Row],
    apportionment_rows: list[Row],
    ods_rows: list[Row],
    icbs: dict[str, _Icb],
) -> list[str]:
    """Partner trusts with principal and HQ ICBs. Returns caveats about names the workbook gives."""
    principal = _unique(apportionment_rows, "ODS Trust Code")
    for row in principal.values():
        _known_icb(row, "ODS ICB Code", icbs)
    ods_trusts = _unique(ods_rows, "OrganisationCode")
    name_owner = {row.text("NHS Trusts"): code for code, row in principal.items()}

    notes: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for row in partner_rows:
        ods, code = _partnership(row, "TRUST_ODS_CODE", icbs, seen)
        if code not in principal:
            raise row.error(f"trust '{code}' has no principal ICB in {APPORTIONMENT.name}")
        expected = principal[code].text("ODS ICB Code")
        if row.text("PRINCIPAL_ICB_ODS_FINANCIAL") != expected:
            given = row["PRINCIPAL_ICB_ODS_FINANCIAL"]
            raise row.error(f"principal ICB '{given}' disagrees with {APPORTIONMENT.name} ({expected})")
        g.add((JFPID[f"icb/{ods}"], JFP.partnerTrust, JFPID[f"trust/{code}"]))
        published, official = row.text("TRUST_NAME"), principal[code].text("NHS Trusts")
        if published != official:
            note = f"{ods} lists '{published}' with ODS code {code}, which the apportionment sheet names '{official}'"
            other = name_owner.get(published)
            if other and other != code:
                note += f"; that name belongs to {other}, so {other} may have been meant (unconfirmed)"
            notes.append(note)

    for code in sorted({code for _, code in seen}):
        row = principal[code]
        name = row.text("NHS Trusts")
        trust = JFPID[f"trust/{code}"]
        g.add((trust, RDF.type, JFP.NHSFoundationTrust if "Foundation Trust" in name else JFP.NHSTrust))
        g.add((trust, RDFS.label, Literal(name)))
        g.add((trust, JFP.odsCode, Literal(code)))
        g.add((trust, JFP.principalICB, JFPID[f"icb/{row.text('ODS ICB Code')}"]))
        record = ods_trusts.get(code)
        if record is None:  # care trusts (T-codes) are in the ODS ect file, which is not used
            continue
        hq = record["HighLevelHealthGeography"].strip()
        if hq:
            if hq not in icbs:
                raise record.error(f"unknown ICB code '{hq}' in column 'HighLevelHealthGeography'")
            g.add((trust, JFP.hqICB, JFPID[f"icb/{hq}"]))
        opened, closed = record.ods_date("OpenDate"), record.ods_date("CloseDate")
        if opened:
            g.add((trust, JFP.establishedOn, _date(opened)))
        if closed:
            g.add((trust, JFP.dissolvedOn, _date(closed)))
    return notes


def _add_financial_years(g: Graph) -> None:
    for start in range(FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR + 1):
        slug = f"{start}-{(start + 1) % 100:02d}"
        fy = JFPID[f"fy/{slug}"]
        g.add((fy, RDF.type, JFP.FinancialYear))
        g.add((fy, RDFS.label, Literal(f"{start}/{(start + 1) % 100:02d}")))
        g.add((fy, JFP.startYear, _integer(start)))
        ends = ((TIME.hasBeginning, "beginning", date(start, 4, 1)), (TIME.hasEnd, "end", date(start + 1, 3, 31)))
        for prop, suffix, day in ends:
            instant = URIRef(f"{fy}/{suffix}")
            g.add((fy, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, TIME.inXSDDate, _date(day)))


def _caveats(
    icbs: dict[str, _Icb],
    utlas: dict[str, str],
    overlaps: dict[tuple[str, str], Row],
    partner_las: list[tuple[str, str, Row]],
    trust_notes: list[str],
) -> list[str]:
    partner_pairs = {(gss, ods) for ods, gss, row in partner_las if gss in utlas}
    without_overlap = sorted(partner_pairs - set(overlaps))
    not_partner = sorted(set(overlaps) - partner_pairs)
    small = sorted(
        (key for key, row in overlaps.items() if row.decimal("share_of_area_pop") < Decimal("0.01")),
    )
    districts = sorted((ods, row.text("LA_NAME_ONS")) for ods, gss, row in partner_las if gss not in utlas)

    def pair(key: tuple[str, str]) -> str:
        gss, ods = key
        return f"{utlas[gss]} ({gss}) - {icbs[ods].name} ({ods})"

    def share(key: tuple[str, str]) -> str:
        return f"{pair(key)}: {Decimal(overlaps[key]['share_of_area_pop']) * 100:.2f}% of the area's population"

    caveats = [
        "Geography and partnership are different relations. jfp:GeographicOverlap records where an upper-tier local "
        "authority (HWB area) and an ICB overlap on the ground (ONS LSOA 2021 best fit, April 2024 ICB boundaries, "
        "mid-2022 population); jfp:partnerLocalAuthority and jfp:partnerTrust record the partners named in each "
        "ICB's constitution (ICB Partners MASTER workbook, December 2024). The HWBs an ICB must involve in its joint "
        "forward plan follow geography: each HWB 'whose area coincides with that of the ICB, wholly or in part' "
        "(NHS England JFP guidance 2022, section 4.1); the plan must set out steps to implement the JLHWSs it must "
        "have regard to (NHS Act 2006 s.14Z52(2)(c)).",
        "Overlaps are LSOA best fit. Shares below about 1% may be artefacts of the best fit rather than real "
        "overlaps (Oxfordshire - BSW is 4 LSOAs in Vale of White Horse). Overlaps below 1% here: "
        + "; ".join(share(key) for key in small) + ".",
        "Constitutional partnerships with no geographic overlap: " + "; ".join(pair(k) for k in without_overlap) + ".",
        "Geographic overlaps that are not constitutional partnerships: "
        + "; ".join(pair(k) for k in not_partner) + ".",
        "District councils named as constitutional partners (not HWB areas): "
        + "; ".join(f"{name} ({ods})" for ods, name in districts) + ".",
        "ONS ICB codes are year-versioned (jfp:hasCodeAssignment). Only Surrey Heartlands (QXU) and Sussex (QNX) "
        "changed: E54000052 and E54000053 from 1 July 2022, replaced on 1 April 2023 by E54000063 and E54000064; "
        "jfp:validUntil is the last day a code was in use. ODS codes are stable and key the ICB IRIs.",
        "Populations are ONS mid-2022 LSOA estimates on 2024 boundaries (official statistics in development), not "
        "GP-registered populations.",
        "Trust jfp:establishedOn is the ODS record's OpenDate, which for older trusts is the date the ODS record "
        "opened rather than a statutory establishment date; jfp:dissolvedOn is the ODS CloseDate. jfp:hqICB is the ICB "
        "of the trust's HQ postcode (ODS HighLevelHealthGeography); care trusts with T codes have none here. "
        "jfp:principalICB is NHS England's financial apportionment.",
    ]
    if trust_notes:
        caveats.append(
            "Trust names in the workbook's ICB Partners sheet that differ from the apportionment sheet (labels follow "
            "the apportionment sheet; partnerships follow the ODS code as published): " + "; ".join(trust_notes) + "."
        )
    return caveats


def _add_provenance(g: Graph, caveats: list[str]) -> None:
    g.add((GRAPH_IRI, RDF.type, PROV.Entity))
    g.add((GRAPH_IRI, RDFS.label, Literal("jfp-graph reference data")))
    title = "Reference data: ICBs, NHS England regions, HWB areas, partners and trusts"
    g.add((GRAPH_IRI, DCTERMS.title, Literal(title)))
    g.add((GRAPH_IRI, DCTERMS.license, OGL_V3))
    g.add((GRAPH_IRI, DCTERMS.license, CC_BY_4))
    g.add((GRAPH_IRI, DCTERMS.rights, Literal(
        "Contains public sector information licensed under the Open Government Licence v3.0. Source: Office for "
        "National Statistics licensed under the Open Government Licence v3.0. Contains information from the "
        "Organisation Data Service (ODS), NHS England, licensed under the Open Government Licence v3.0. Local "
        "authority names and types from mySociety 'UK local authority names and codes', licensed under CC BY 4.0."
    )))
    for caveat in caveats:
        g.add((GRAPH_IRI, DCTERMS.description, Literal(caveat)))
    for source in SOURCE_FILES:
        node = _source_iri(source)
        g.add((GRAPH_IRI, DCTERMS.source, node))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDFS.label, Literal(f"data/sources/{source.name}")))
        g.add((node, DCTERMS.title, Literal(source.title)))
        g.add((node, DCTERMS.description, Literal(source.upstream)))
        for licence in source.licences:
            g.add((node, DCTERMS.license, licence))
        for upstream in source.derived_from:
            g.add((node, PROV.wasDerivedFrom, URIRef(upstream)))


def build_reference_graph(sources_dir: Path) -> Graph:
    """Build the reference graph from the CSVs in ``sources_dir``; raises ReferenceBuildError on bad input."""
    sources_dir = Path(sources_dir)
    rows = {source.name: read_source(sources_dir, source) for source in SOURCE_FILES}
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)

    g.add((NHS_ENGLAND, RDF.type, JFP.NHSEngland))
    g.add((NHS_ENGLAND, RDFS.label, Literal("NHS England")))
    regions = _add_regions(g, rows[REGIONS.name])
    icbs = _add_icbs(g, rows[ICBS.name], regions)
    _add_delegations(g, rows[DELEGATION.name], regions)
    utlas = _add_utlas(g, rows[UTLAS.name])
    overlaps = _add_overlaps(g, rows[OVERLAPS.name], icbs, utlas)
    mysociety = {row["gss-code"]: row for row in rows[MYSOCIETY.name] if row["gss-code"]}
    partner_las = _add_partner_las(g, rows[PARTNER_LAS.name], icbs, utlas, mysociety)
    trust_notes = _add_trusts(g, rows[PARTNER_TRUSTS.name], rows[APPORTIONMENT.name], rows[ODS_TRUSTS.name], icbs)
    _add_financial_years(g)
    _add_provenance(g, _caveats(icbs, utlas, overlaps, partner_las, trust_notes))
    return g


# The committed data/reference.ttl starts with these lines (it names the module that built it before the build
# moved to tools/): changing them changes that file.
HEADER = (
    "# jfp-graph reference data, generated by jfp_graph.reference from data/sources (do not edit by hand).\n"
    "# Licences and attribution: data/sources/LICENCES.md.\n"
)


def serialize_reference(g: Graph) -> bytes:
    """Turtle bytes for the reference graph; identical input gives identical bytes."""
    if any(isinstance(term, BNode) for triple in g for term in triple):
        raise ValueError("the reference graph must not contain blank nodes (output would not be byte-stable)")
    return HEADER.encode("utf-8") + g.serialize(format="turtle", encoding="utf-8")


def write_reference(out_path: Path, sources_dir: Path) -> None:
    """Build the reference graph from ``sources_dir`` and write it as Turtle to ``out_path``."""
    data = serialize_reference(build_reference_graph(sources_dir))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(data)
