"""Property-based requests generated from /openapi.json: no request may make the server fail (5xx)."""

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from jfp_graph.web import Settings, create_app

TOKEN = "schema-token-0123456789abcdef"

app = create_app(Settings(store="memory", workers=2, write_token=TOKEN, query_timeout=5.0))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schemathesis.serializer("application/sparql-query", "text/turtle", "application/x-turtle", "application/trig",
                         "application/n-triples", "application/n-quads", "application/ld+json",
                         "application/rdf+xml", "application/yaml", "application/x-yaml", "text/yaml")
def as_text(ctx, value):
    return value.encode() if isinstance(value, str) else str(value).encode()


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_makes_the_server_fail(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, (case.method, case.path, response.text[:300])


def test_the_schema_documents_every_route():
    paths = set(schema.raw_schema["paths"])
    assert {"/sparql", "/validate", "/queries", "/queries/relevant-hwbs", "/id/{rest}", "/legislation/{rest}",
            "/coverage", "/id/plan/{ods}/{year}"} <= paths
