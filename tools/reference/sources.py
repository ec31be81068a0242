"""The source CSVs in ``data/sources``: for each, the columns the build needs, its title, where it came from
(with the upstream files at pinned commits) and its licences. They become the provenance of the reference graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

OGL_V3 = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class SourceFile:
    """One copied source CSV: the columns the build needs and where it came from."""

    name: str
    required: tuple[str, ...]
    title: str
    upstream: str
    derived_from: tuple[str, ...]
    licences: tuple[URIRef, ...] = (OGL_V3,)


_GH = "https://github.com/"
_ONS_SICBL23 = (
    _GH + "nhsx/open-cyber/blob/7d9f4303ae17facd1a85e6651df43026994067c2/data/auxiliary/22_23/"
    "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(April_2023)_Lookup_in_England%20(1).csv"
)
_ONS_ICB24 = _GH + "jhau/nhs-spend/blob/e602ea98154e694e9afddca87e50caef0b8488b9/data/icb_names_codes_dec_2024.csv"
_GEOGRAPHR_LSOA21_ICB24 = (
    _GH + "humaniverse/geographr/blob/8fa83ff1f9b5cebfc5c83dd4e28851a369f7ab2c/"
    "data/lookup_lsoa21_icb24.rda"
)
_GEOGRAPHR_LSOA21_LAD24 = (
    _GH + "humaniverse/geographr/blob/484d32b89ba6b8df291eade9b19b5f28da981467/"
    "data/lookup_lsoa21_ward24_ltla24.rda"
)
_GEOGRAPHR_LSOA11_ICB22 = (
    _GH + "humaniverse/geographr/blob/ae07d1e3432d28d21d2607b200c502c5fa6bf2d3/"
    "data/lookup_lsoa11_sicbl22_icb22_ltla22.rda"
)
_GEODB_LSOA_UTLA = (
    _GH + "LibrariesHacked/geography-db/blob/7a64426006ec1788c9c35ce39d9d9dbb3138a8e5/"
    "data/lsoa21_to_utla23.csv"
)
_GEODB_LSOA_POP = (
    _GH + "LibrariesHacked/geography-db/blob/7a64426006ec1788c9c35ce39d9d9dbb3138a8e5/"
    "data/lsoa_population.csv"
)
_GEODB_LTLA_UTLA = (
    _GH + "LibrariesHacked/geography-db/blob/b3157afa799c96cd9d0f1d3df15c511725517729/"
    "data/lower_upper_lookup.csv"
)
_MYSOCIETY = (
    _GH + "mysociety/uk_local_authority_names_and_codes/blob/67ef8b118938678401a452f4f19f669a7221cc73/"
    "data/packages/uk_la_past_current/uk_local_authorities_current.csv"
)
_ICB_PARTNERS_XLSX = (
    _GH + "markknapp83-del/NHS-Analytics-Final/blob/734e08ad598d3f40efc23a6cf542043f72069e7a/"
    "scripts/icb-partners.xlsx"
)
_ODS_ETR = _GH + "jhau/nhs-spend/blob/e602ea98154e694e9afddca87e50caef0b8488b9/data/etr.csv"

_WORKBOOK = (
    "NHS England / ODS 'ICB Partners MASTER' workbook (last updated 23 Dec 2024, partner data as at "
    "7 Feb 2024), vendored in markknapp83-del/NHS-Analytics-Final, path scripts/icb-partners.xlsx, commit "
    "734e08ad598d3f40efc23a6cf542043f72069e7a (file sha256 "
    "7cba7b9c156adad64dc13995011f33cc1c16eec82d5dbcc3dc184858befcbff4)"
)

ICBS = SourceFile(
    "icbs.csv",
    ("ICB_ODS_CODE", "ICB24CD", "ICB22CD", "ICB24NM", "NHSER23CDH", "pop_mid2022"),
    "Integrated care boards (master table)",
    "Derived (SOURCES.md file 9) from: ONS Integrated Care Boards (December 2024) Names and Codes "
    "(jhau/nhs-spend data/icb_names_codes_dec_2024.csv, commit e602ea98154e694e9afddca87e50caef0b8488b9); "
    "ONS SICBL to ICB to NHS England (Region) (April 2023) lookup (nhsx/open-cyber, commit "
    "7d9f4303ae17facd1a85e6651df43026994067c2); ONS LSOA (2021) to SICBL to ICB (April 2024) lookup "
    "(humaniverse/geographr data/lookup_lsoa21_icb24.rda, commit 8fa83ff1f9b5cebfc5c83dd4e28851a369f7ab2c); "
    "ONS LSOA (2011) to SICBL to ICB (July 2022) lookup (geographr data/lookup_lsoa11_sicbl22_icb22_ltla22.rda, "
    "commit ae07d1e3432d28d21d2607b200c502c5fa6bf2d3); ONS mid-2022 LSOA population (LibrariesHacked/geography-db "
    "data/lsoa_population.csv, commit 7a64426006ec1788c9c35ce39d9d9dbb3138a8e5).",
    (_ONS_ICB24, _ONS_SICBL23, _GEOGRAPHR_LSOA21_ICB24, _GEOGRAPHR_LSOA11_ICB22, _GEODB_LSOA_POP),
)
REGIONS = SourceFile(
    "nhs_england_regions.csv",
    ("NHSER23CD", "NHSER23CDH", "NHSER23NM", "pop_mid2022"),
    "NHS England regions",
    "Derived (SOURCES.md file 10) from the ONS SICBL to ICB to NHS England (Region) (April 2023) lookup "
    "(nhsx/open-cyber, commit 7d9f4303ae17facd1a85e6651df43026994067c2) and ONS mid-2022 LSOA population "
    "(LibrariesHacked/geography-db, commit 7a64426006ec1788c9c35ce39d9d9dbb3138a8e5).",
    (_ONS_SICBL23, _GEODB_LSOA_POP),
)
UTLAS = SourceFile(
    "upper_tier_local_authorities_2023.csv",
    ("UTLA23CD", "UTLA23NM", "LA_TYPE_MYSOCIETY", "OFFICIAL_NAME_MYSOCIETY", "pop_mid2022"),
    "Upper-tier local authorities in England (HWB areas), April 2023",
    "Derived (SOURCES.md file 12) from the ONS LTLA to UTLA (April 2023) lookup (LibrariesHacked/geography-db "
    "data/lower_upper_lookup.csv, commit b3157afa799c96cd9d0f1d3df15c511725517729), the ONS LSOA 2021 to UTLA 2023 "
    "best-fit lookup and mid-2022 LSOA population (geography-db, commit 7a64426006ec1788c9c35ce39d9d9dbb3138a8e5) "
    "and mySociety uk_local_authority_names_and_codes (commit 67ef8b118938678401a452f4f19f669a7221cc73) for "
    "official names and authority types.",
    (_GEODB_LTLA_UTLA, _GEODB_LSOA_UTLA, _GEODB_LSOA_POP, _MYSOCIETY),
    (OGL_V3, CC_BY_4),
)
OVERLAPS = SourceFile(
    "utla23_icb24_overlap.csv",
    (
        "UTLA23CD", "ICB24CD", "ICB24CDH", "n_lsoa", "pop_mid2022", "share_of_area_pop",
        "share_of_icb_pop", "is_main_icb_for_area",
    ),
    "HWB area (UTLA 2023) to ICB (2024) overlaps, LSOA best fit",
    "Derived (SOURCES.md files 4 and 6) by aggregating 2021 LSOAs by (UTLA23CD, ICB24CD): ONS LSOA (2021) to "
    "SICBL to ICB (April 2024) lookup (humaniverse/geographr data/lookup_lsoa21_icb24.rda, commit "
    "8fa83ff1f9b5cebfc5c83dd4e28851a369f7ab2c), ONS LSOA (2021) to ward to LAD (2024) lookup (geographr "
    "data/lookup_lsoa21_ward24_ltla24.rda, commit 484d32b89ba6b8df291eade9b19b5f28da981467), ONS LSOA 2021 to "
    "UTLA 2023 best-fit lookup and mid-2022 LSOA population (LibrariesHacked/geography-db data/lsoa21_to_utla23.csv "
    "and data/lsoa_population.csv, commit 7a64426006ec1788c9c35ce39d9d9dbb3138a8e5).",
    (_GEOGRAPHR_LSOA21_ICB24, _GEOGRAPHR_LSOA21_LAD24, _GEODB_LSOA_UTLA, _GEODB_LSOA_POP),
)
PARTNER_LAS = SourceFile(
    "icb_partner_local_authorities_2024-12.csv",
    ("ICB_ODS_CODE", "LA_NAME_AS_PUBLISHED", "LA_GSS_CODE", "LA_NAME_ONS", "LA_TYPE_MYSOCIETY", "IS_UPPER_TIER"),
    "Local authorities named in ICB constitutions (ICB Partners MASTER, December 2024)",
    "Derived (SOURCES.md file 11) from the 'ICB Partners' sheet of the " + _WORKBOOK + "; GSS codes added by "
    "name matching against mySociety names (25 names fixed by hand, all 170 rows checked by eye).",
    (_ICB_PARTNERS_XLSX, _MYSOCIETY),
    (OGL_V3, CC_BY_4),
)
PARTNER_TRUSTS = SourceFile(
    "icb_partner_trusts_2024-12.csv",
    ("ICB_ODS_CODE", "TRUST_NAME", "TRUST_ODS_CODE", "PRINCIPAL_ICB_ODS_FINANCIAL"),
    "NHS trusts named in ICB constitutions (ICB Partners MASTER, December 2024)",
    "Derived (SOURCES.md file 11) from the 'ICB Partners' and 'ICB Financial Apportionment' sheets of the "
    + _WORKBOOK + ".",
    (_ICB_PARTNERS_XLSX,),
)
APPORTIONMENT = SourceFile(
    "icb_trust_financial_apportionment_2024-12.csv",
    ("ODS ICB Code", "NHS Trusts", "ODS Trust Code"),
    "Principal ICB of each NHS trust (ICB Financial Apportionment, December 2024)",
    "The 'ICB Financial Apportionment' sheet of the " + _WORKBOOK + ", converted to CSV (SOURCES.md file 11).",
    (_ICB_PARTNERS_XLSX,),
)
ODS_TRUSTS = SourceFile(
    "ods_etr_nhs_trusts.csv",
    ("OrganisationCode", "Name", "HighLevelHealthGeography", "OpenDate", "CloseDate"),
    "ODS NHS trusts (etr), early 2025 extract",
    "ODS etr.csv (NHS trusts) from jhau/nhs-spend, path data/etr.csv, commit "
    "e602ea98154e694e9afddca87e50caef0b8488b9; header added and empty columns removed (SOURCES.md file 13).",
    (_ODS_ETR,),
)
MYSOCIETY = SourceFile(
    "mysociety_uk_local_authorities.csv",
    ("gss-code", "official-name", "local-authority-type", "current-authority"),
    "mySociety UK local authority names and codes (uk_la_past_current v1.6.1)",
    "Verbatim copy of mysociety/uk_local_authority_names_and_codes, path "
    "data/packages/uk_la_past_current/uk_local_authorities_current.csv, commit "
    "67ef8b118938678401a452f4f19f669a7221cc73 (SOURCES.md file 15). Licence CC BY 4.0.",
    (_MYSOCIETY,),
    (CC_BY_4,),
)

_NHSE_DELEGATION_2024 = (
    "https://www.england.nhs.uk/long-read/"
    "specialised-commissioning-2024-25-next-steps-with-delegation-to-integrated-care-boards/"
)
_NHSE_DELEGATION_2025 = (
    "https://www.england.nhs.uk/long-read/"
    "commissioning-integration-delegation-of-specialised-services-to-integrated-care-boards-2025-26/"
)
DELEGATION = SourceFile(
    "specialised_commissioning_delegation.csv",
    ("NHSER23CDH", "DELEGATED_TO_ICBS", "FROM", "SOURCE_URL", "NOTE"),
    "Delegation of specialised commissioning by NHS England region and date",
    "Transcribed by hand (SOURCES.md file 16; no upstream file or commit) from NHS England's Board papers: "
    "'Specialised commissioning: 2024/25 next steps with delegation to integrated care boards' (7 December 2023) "
    "and 'Commissioning integration: delegation of specialised services to integrated care boards 2025/26'.",
    (_NHSE_DELEGATION_2024, _NHSE_DELEGATION_2025),
)

SOURCE_FILES: tuple[SourceFile, ...] = (
    ICBS, REGIONS, UTLAS, OVERLAPS, PARTNER_LAS, PARTNER_TRUSTS, APPORTIONMENT, ODS_TRUSTS, MYSOCIETY, DELEGATION,
)
