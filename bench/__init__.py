"""Side-by-side benchmarks of jfp-graph against raw pyoxigraph, rdflib, Apache Jena SHACL and oxigraph serve.

Run ``python -m bench`` (see docs/performance.md). Never run by the tests.
"""
