"""The bench refuses to print a ratio over different work: its comparisons, on real engine results."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef

from bench.compare import oxigraph_key, rdflib_key, same_count, same_keys, same_rows
from bench.errors import MismatchError

DATA = """
<urn:p1> <urn:target> "78.0"^^<http://www.w3.org/2001/XMLSchema#decimal> ; <urn:label> "Plan"@en-GB .
<urn:p2> <urn:target> "80"^^<http://www.w3.org/2001/XMLSchema#decimal> ; <urn:label> "Plan"@en-gb .
"""
QUERY = "SELECT ?p ?t ?l WHERE { ?p <urn:target> ?t ; <urn:label> ?l }"


def oxigraph_rows(data: str = DATA) -> list[list[str]]:
    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    return [[oxigraph_key(s[v]) for v in ("p", "t", "l")] for s in store.query(QUERY)]


def rdflib_rows(data: str = DATA) -> list[list[str]]:
    dataset = Dataset(default_union=True)
    dataset.parse(data=data, format="turtle")
    return [[rdflib_key(term) for term in row] for row in dataset.query(QUERY)]


def test_equal_results_from_two_engines_pass_in_any_order():
    ours, theirs = oxigraph_rows(), rdflib_rows()
    assert len(ours) == 2
    same_rows("query", ours, list(reversed(theirs)), "rdflib")


def test_different_rows_are_refused_with_a_clear_message():
    ours = oxigraph_rows()
    theirs = rdflib_rows(DATA.replace('"80"', '"81"'))
    with pytest.raises(
        MismatchError, match=r"query targets: rdflib returned different results from jfp-graph \(2 rows vs 2\)"
    ):
        same_rows("query targets", ours, theirs, "rdflib")


def test_a_missing_row_is_refused():
    with pytest.raises(MismatchError, match=r"\(2 rows vs 1\)"):
        same_rows("q", oxigraph_rows(), oxigraph_rows(DATA.split("\n<urn:p2>")[0] + "\n"), "pyoxigraph")


def test_equal_numbers_and_language_tags_compare_equal_across_spellings():
    assert oxigraph_key(ox.Literal("80.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))) == (
        rdflib_key(Literal("80", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    )
    assert rdflib_key(Literal("Plan", lang="en-GB")) == oxigraph_key(ox.Literal("Plan", language="en-gb"))


def test_group_concat_order_is_free_but_members_are_not():
    a = [[rdflib_key(Literal("https://x/a https://x/b"))]]
    same_rows("q", a, [[rdflib_key(Literal("https://x/b https://x/a"))]], "rdflib")
    with pytest.raises(MismatchError):
        same_rows("q", a, [[rdflib_key(Literal("https://x/b https://x/c"))]], "rdflib")


def test_validation_results_must_be_the_same_set():
    ours = {("QE1-2023.nt", "<https://w3id.org/jfp-graph/id/plan/QE1/2023>", "jfpsh:published", "sh:Violation")}
    same_keys("validation", ours, set(ours), "Jena SHACL")
    with pytest.raises(MismatchError, match=r"Jena SHACL reported different results from jfp-graph \(1 vs 0\)"):
        same_keys("validation", ours, set(), "Jena SHACL")


def test_different_triple_counts_are_refused():
    same_count("load", 10, 10, "rdflib")
    with pytest.raises(MismatchError, match="rdflib holds 9 triples, jfp-graph 10: not the same work"):
        same_count("load", 10, 9, "rdflib")
