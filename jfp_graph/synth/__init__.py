"""A deterministic synthetic national graph: plans for the real ICBs, with their strategies and defects.

Organisations and codes (ICBs, their relevant HWBs, upper-tier local authorities and partner trusts) come
from the bundled reference graph; everything written about them is invented and every document says so.
What a plan contains follows the statute graph and the shapes: a section and a claim for every requirement
(the section given the topic a shape asks for), and the parts the structural requirements ask for.
A controlled share of plans carries one defect each, planted by the patches in ``data/examples/defects``;
the manifest (``manifest.json``) names each plan's defect and the requirements validation must then report.

Modules: ``model`` (the real organisations, sizes), ``requirements`` (read from the statute and shapes),
``content`` (invented text), ``document``, ``strategies``, ``plan`` with ``draft``, ``claims``,
``objectives``, ``engagement`` and ``sharing`` (a plan edition, part by part), ``defects``, ``generator``
(documents and sizing), ``writer`` and ``national`` (``synthesise``).
"""

from jfp_graph.synth.defects import DEFECTS, Patch
from jfp_graph.synth.model import Scale
from jfp_graph.synth.national import SynthResult, synthesise

__all__ = ["DEFECTS", "Patch", "Scale", "SynthResult", "synthesise"]
