"""Where each resource lives on this site: stable paths that mirror the project's IRIs.

``jfpid:icb/QRL`` ↔ ``/id/icb/QRL``; ``legislation:ukpga/2006/41/section/14Z52`` ↔
``/legislation/ukpga/2006/41/section/14Z52``; ontology terms ``jfp:Term`` ↔ ``/def/Term``.
"""

from __future__ import annotations

from urllib.parse import quote

from jfp_graph.namespaces import JFP, JFPID, LEG

_ID, _LEG, _DEF = str(JFPID), str(LEG), str(JFP)
REPRESENTATIONS = (".json", ".jsonld", ".ttl")


def local_path(iri: str) -> str | None:
    """The path of the page for ``iri``, or ``None`` when it is not one of ours."""
    if iri.startswith(_ID) and len(iri) > len(_ID):
        return "/id/" + quote(iri[len(_ID) :], safe="/-._~:")
    if iri.startswith(_LEG) and len(iri) > len(_LEG):
        return "/legislation/" + quote(iri[len(_LEG) :], safe="/-._~:")
    if iri.startswith(_DEF) and len(iri) > len(_DEF):
        return "/def/" + quote(iri[len(_DEF) :], safe="-._~")
    return None


def iri_for(kind: str, rest: str) -> str:
    return {"id": _ID, "legislation": _LEG, "def": _DEF}[kind] + rest


def split_representation(rest: str) -> tuple[str, str | None]:
    """``icb/QRL.json`` → (``icb/QRL``, ``json``). IRIs never end in these suffixes."""
    for suffix in REPRESENTATIONS:
        if rest.endswith(suffix):
            return rest[: -len(suffix)], suffix[1:]
    return rest, None


def legislation_gov_uk(iri: str) -> str | None:
    """The human page on legislation.gov.uk for a legislation ``id`` IRI."""
    if iri.startswith(_LEG):
        return "https://www.legislation.gov.uk/" + iri[len(_LEG) :]
    return None
