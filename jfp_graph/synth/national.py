"""``synthesise``: write the synthetic national graph of about a given size, with its manifest."""

from __future__ import annotations

import json
import shutil
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from jfp_graph.layout import NATIONAL_GRAPH
from jfp_graph.paths import EXAMPLES_DIR
from jfp_graph.synth.defects import Patch
from jfp_graph.synth.document import SYNTHETIC_NOTE
from jfp_graph.synth.generator import Generator, choose_scale
from jfp_graph.synth.model import Scale, reference_icbs
from jfp_graph.synth.writer import write_graph, write_quads, write_turtle

NATIONAL_SOURCE = EXAMPLES_DIR / "strategies" / "national.ttl"  # mandates, planning guidance, Long Term Plan


@dataclass
class SynthResult:
    output: Path
    scale: Scale
    triples: int
    files: int
    plans: int
    defects: dict[str, Patch]  # plan IRI -> the defect planted in it


def synthesise(triples: int, seed: int, output: Path, nquads: bool = False) -> SynthResult:
    """Write the synthetic national graph of about ``triples`` triples to ``output`` (a fresh folder).

    One Turtle file per document under ``plans/`` and ``strategies/``, or one ``national.nq`` (N-Quads,
    each document in its own graph) with ``nquads``; ``manifest.json`` always. The same seed and size
    always give byte-identical files.
    """
    if triples <= 0:
        raise ValueError("the number of triples must be positive")
    icbs = reference_icbs()
    scale = choose_scale(triples, icbs)
    generator = Generator(seed, scale, icbs)
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    national = list(ox.parse(path=str(NATIONAL_SOURCE), format=ox.RdfFormat.TURTLE))
    count, documents, plans = len(national), 0, 0
    with (output / "national.nq").open("wb") if nquads else nullcontext() as bulk:
        if bulk:
            write_graph(bulk, NATIONAL_GRAPH, national)
        else:
            (output / "strategies").mkdir()
            (output / "plans").mkdir()
            shutil.copyfile(NATIONAL_SOURCE, output / "strategies" / "national.ttl")
        for doc in generator.documents():
            if bulk:
                write_quads(bulk, doc)
            else:
                write_turtle(doc, output / doc.path)
            count, documents, plans = count + len(doc.triples), documents + 1, plans + doc.path.startswith("plans/")
    defects = generator.defects()
    write_manifest(output / "manifest.json", seed, triples, count, generator, defects)
    return SynthResult(output, scale, count, 1 if nquads else 1 + documents, plans, defects)


def write_manifest(
    path: Path, seed: int, requested: int, count: int, generator: Generator, defects: dict[str, Patch]
) -> None:
    """Every plan with the defect planted in it, if any, and the requirements validation must then report."""
    scale = generator.scale
    manifest = {
        "seed": seed,
        "requested_triples": requested,
        "triples": count,
        "scale": {"icbs": scale.icbs, "editions": scale.editions, "objectives": scale.objectives, "steps": scale.steps},
        "note": SYNTHETIC_NOTE,
        "plans": {
            plan: (
                {"defect": d.name, "summary": d.summary, "expect": list(d.expect)}
                if (d := defects.get(plan))
                else {"defect": None, "expect": []}
            )
            for plan in generator.plans()
        },
    }
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
