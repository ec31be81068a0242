"""Checking joint forward plans against the statutory requirements with SHACL.

``ValidationContext`` prepares the ontology, statute, reference graphs and shapes once;
``validate_paths`` checks each plan in the given files against it, one plan at a time.
"""

from jfp_graph.validation.context import ValidationContext
from jfp_graph.validation.model import THRESHOLDS, Finding, PlanReport, Requirement, RunReport, Severity
from jfp_graph.validation.runner import PlanValidator, validate_paths
from jfp_graph.validation.shapes import ShapesError

__all__ = [
    "THRESHOLDS",
    "Finding",
    "PlanReport",
    "PlanValidator",
    "Requirement",
    "RunReport",
    "Severity",
    "ShapesError",
    "ValidationContext",
    "validate_paths",
]
