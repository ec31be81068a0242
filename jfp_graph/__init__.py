"""jfp-graph: joint forward plans as a machine-checkable knowledge graph."""

__version__ = "0.1.0"
