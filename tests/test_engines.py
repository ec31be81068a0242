"""The two SHACL engines give the same findings: the compiled default and pySHACL, kept as the reference."""

from __future__ import annotations

import json
import random
from functools import cache

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import URIRef
from test_shapes import violating_fixtures
from test_validate_support import EXAMPLE_PLANS, EXAMPLES_DIR, defect_copy, patched_copy, validator

from jfp_graph.cli import main
from jfp_graph.cli.validate import ENGINE_NAMES
from jfp_graph.iris import DEF, XSD
from jfp_graph.rdfio import InputError
from jfp_graph.validation import PlanValidator, validate_paths
from jfp_graph.validation.engines import DEFAULT_ENGINE, ENGINES, make_engine
from jfp_graph.validation.inputs import read_document

STRATEGIES = EXAMPLES_DIR / "strategies"


@cache
def reference() -> PlanValidator:
    """pySHACL over the same prepared context as the default validator."""
    return PlanValidator(validator().context, engine="pyshacl")


def outcomes(run) -> list[tuple]:
    return [(plan.plan, plan.findings, plan.applicable, plan.label) for plan in run.plans]


def test_the_default_engine_is_the_compiled_one():
    assert validator().engine.name == "shacl"
    assert reference().engine.name == "pyshacl"
    assert sorted(ENGINES) == ["pyshacl", "shacl"]


def test_an_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena': choose shacl, pyshacl"):
        make_engine("jena", validator().context.shapes)


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda p: p.stem)
def test_engines_agree_on_the_examples(plan):
    ours = validate_paths([plan], [STRATEGIES], validator=validator())
    theirs = validate_paths([plan], [STRATEGIES], validator=reference())
    assert ours.errors == theirs.errors == []
    assert outcomes(ours) == outcomes(theirs)
    assert ours.plans[0].findings == []


@pytest.mark.parametrize("shape", sorted(violating_fixtures()), ids=lambda s: s.rsplit("#", 1)[-1])
def test_engines_agree_on_each_shapes_violating_fixture(shape, tmp_path):
    base, update, slug = violating_fixtures()[shape]
    broken = patched_copy(base, update, tmp_path)
    ours = validate_paths([broken], validator=validator())
    theirs = validate_paths([broken], validator=reference())
    assert outcomes(ours) == outcomes(theirs)
    assert {f.requirement.slug for f in ours.plans[0].findings} == {slug}


def test_engines_agree_on_a_synthetic_national_graph(synthetic_national):
    folder = synthetic_national
    ours = validate_paths([folder / "plans"], [folder / "strategies"], validator=validator())
    theirs = validate_paths([folder / "plans"], [folder / "strategies"], validator=reference())
    assert ours.errors == theirs.errors == []
    manifest = json.loads((folder / "manifest.json").read_text())
    found = {report.plan: sorted({f.requirement.slug for f in report.findings}) for report in ours.plans}
    assert found == {plan: entry["expect"] for plan, entry in manifest["plans"].items()}
    assert outcomes(ours) == outcomes(theirs)


def test_the_command_line_offers_every_engine_default_first():
    assert ENGINE_NAMES == (DEFAULT_ENGINE, *sorted(set(ENGINES) - {DEFAULT_ENGINE}, reverse=True))
    assert set(ENGINE_NAMES) == set(ENGINES)


@pytest.mark.parametrize("engine", ["shacl", "pyshacl"])
def test_the_command_line_reports_the_same_with_either_engine(engine, tmp_path):
    broken = defect_copy("must-no-opinion-hwb", tmp_path)
    result = CliRunner().invoke(main, ["validate", str(broken), "--engine", engine, "--format", "github"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"::error file={broken},line=1,title=hwb-opinion-statement%3A Statement of each health")
    assert (
        "::The plan has no statement of the final opinion of Portsmouth Health and Wellbeing Board. Legal basis: "
        "NHS Act 2006 s.14Z54 (section partly verified), s.14Z55 (section unconfirmed).%0A"
    ) in first


# -- ill-typed literals and randomly mutated plans -------------------------------------------------------
def _findings(validator_: PlanValidator, plan: str, quads: list[ox.Quad]) -> list[tuple]:
    icb = validator_.context.check_plan(plan, quads, "mutant", "")
    report = validator_.validate_plan(plan, icb, quads, "mutant")
    return [(f.focus, f.path, f.severity, f.shape, f.message, f.value, f.value_label) for f in report.findings]


def _example(index: int) -> tuple[str, list[ox.Quad]]:
    ((plan, quads),) = read_document(EXAMPLE_PLANS[index]).plans()
    return plan, quads


def _with_object(quads: list[ox.Quad], subject: str, predicate: str, obj: ox.Literal) -> list[ox.Quad]:
    return [
        ox.Quad(q.subject, q.predicate, obj, q.graph_name)
        if (q.subject.value, q.predicate.value) == (subject, predicate)
        else q
        for q in quads
    ]


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("2024-03-28T00:00:00", "date"),  # rdflib reads it as 2024-03-28
        ("2024-03-28 00:00:00", "dateTime"),
        ("2024-03-28", "dateTime"),
        ("2024-02-30", "date"),
        ("TBC", "date"),
    ],
)
def test_engines_agree_on_an_ill_typed_date(lexical, datatype):
    plan, quads = _example(-1)
    created = "http://purl.org/dc/terms/created"
    mutant = _with_object(quads, plan, created, ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype)))
    ours = _findings(validator(), plan, mutant)
    assert ours == _findings(reference(), plan, mutant)
    # sh:datatype xsd:date fails: the literal is not a date, whatever a parser makes of it.
    assert [(focus, path, value) for focus, path, _, _, _, value, _ in ours] == [(plan, created, lexical)]


def test_a_well_typed_date_in_another_form_is_kept_as_written():
    plan, quads = _example(-1)
    created = "http://purl.org/dc/terms/created"
    # A time zone is part of xsd:date's lexical space: no finding from either engine.
    mutant = _with_object(quads, plan, created, ox.Literal("2024-03-27Z", datatype=ox.NamedNode(XSD + "date")))
    assert _findings(validator(), plan, mutant) == _findings(reference(), plan, mutant) == []
    # Not the same term as the expected end, so sh:equals fails; rdflib would have reported it as "2029-03-31".
    end = ox.Literal("2029-03-31Z", datatype=ox.NamedNode(XSD + "date"))
    mutant = _with_object(quads, plan, DEF + "periodEnd", end)
    ours = _findings(validator(), plan, mutant)
    assert ours == _findings(reference(), plan, mutant)
    assert [value for *_, value, _ in ours] == ["2029-03-31Z"]


MUTANTS = 300
SEED = 20261130
_DATATYPES = [XSD + name for name in ("string", "date", "dateTime", "gYear", "gYearMonth", "integer", "boolean")]
_DATATYPES.append(DEF + "financialYear")
_LEXICAL_CHANGES = (
    lambda text: text + "T00:00:00",
    lambda text: text[:-1],
    lambda text: "",
    lambda text: "TBC",
    lambda text: text.replace("-", "/"),
    lambda text: " " + text,
    lambda text: text[:7],
    lambda text: text[:4],
    lambda text: "2024/25",
    lambda text: "March 2024",
)


def _mutant(rng: random.Random, quads: list[ox.Quad], watched: frozenset[str]) -> tuple[str, list[ox.Quad]]:
    """One random change to a plan: a triple dropped, a literal's lexical form or datatype changed, or an IRI
    retargeted at another node of the plan. Mostly on predicates the shapes mention, where findings come from."""
    quads = list(quads)
    kind = rng.choice(("drop", "lexical", "datatype", "retarget"))
    wanted = ox.NamedNode if kind == "retarget" else ox.Literal if kind in ("lexical", "datatype") else object
    candidates = [i for i, q in enumerate(quads) if isinstance(q.object, wanted)]
    if rng.random() < 0.7:
        candidates = [i for i in candidates if quads[i].predicate.value in watched] or candidates
    i = rng.choice(candidates)
    q = quads[i]
    if kind == "drop":
        del quads[i]
        return f"drop {q}", quads
    if kind == "retarget":
        nodes = sorted({t.value for t in (*(x.subject for x in quads), *(x.object for x in quads))
                        if isinstance(t, ox.NamedNode)})  # fmt: skip
        obj = ox.NamedNode(rng.choice(nodes))
    elif kind == "lexical":
        text = rng.choice(_LEXICAL_CHANGES)(q.object.value)
        obj = (
            ox.Literal(text, language=q.object.language)
            if q.object.language
            else ox.Literal(text, datatype=q.object.datatype)
        )
    else:
        obj = ox.Literal(q.object.value, datatype=ox.NamedNode(rng.choice(_DATATYPES)))
    quads[i] = ox.Quad(q.subject, q.predicate, obj, q.graph_name)
    return f"{kind} {q} -> {obj}", quads


def test_engines_agree_on_randomly_mutated_plans():
    rng = random.Random(SEED)
    shapes = validator().context.shapes.graph
    watched = frozenset(str(term) for term in shapes.objects() if isinstance(term, URIRef))
    examples = [_example(i) for i in range(len(EXAMPLE_PLANS))]
    disagreements, checked, with_findings = [], 0, 0
    for number in range(MUTANTS):
        plan, quads = examples[number % len(examples)]
        change, mutant = _mutant(rng, quads, watched)
        try:
            ours = _findings(validator(), plan, mutant)
        except InputError:  # e.g. the ICB dropped: not a plan that can be checked, for either engine
            continue
        theirs = _findings(reference(), plan, mutant)
        checked += 1
        with_findings += bool(ours)
        # The (focus, path, severity, source shape) of every finding, and then every finding as reported.
        if {f[:4] for f in ours} != {f[:4] for f in theirs} or ours != theirs:
            disagreements.append((number, change, sorted(set(ours) ^ set(theirs))))
    assert disagreements == []
    # Nearly every mutant can be checked, and enough of them break a shape that the findings compared are
    # not mostly empty.
    assert checked >= MUTANTS * 0.9 and with_findings >= MUTANTS // 4, (checked, with_findings)


def test_an_ill_typed_date_compared_with_a_deadline_is_reported_by_both_engines():
    """"2024-06-28"^^xsd:integer cannot be compared with the date the plan had to be shared by: SHACL reports
    it (rdflib's own order said it was earlier, so pySHACL passed it)."""
    plan, quads = next((p, q) for p, q in map(_example, range(len(EXAMPLE_PLANS))) if p.endswith("QNQ/2024"))
    shared_on = "https://w3id.org/jfp-graph/def#sharedOn"
    mutant = [
        ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value, datatype=ox.NamedNode(XSD_INTEGER)), q.graph_name)
        if q.predicate.value == shared_on and q.subject.value.endswith("plan-sharing/icp") else q
        for q in quads
    ]
    assert mutant != quads
    ours, theirs = _findings(validator(), plan, mutant), _findings(reference(), plan, mutant)
    assert ours == theirs
    assert [(f[3].rsplit("#", 1)[1], f[5]) for f in ours if "shared after" in f[4]] == [
        ("later-edition-dates", "2024-06-28")
    ]


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
