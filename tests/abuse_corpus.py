"""A generated corpus of hostile requests, each with the status the server must answer it with.

Every endpoint and every accepted format: nesting and expansion bombs, malformed input in each format, oversize
bodies, headers, addresses and queries, duplicate parameters, updates and SERVICE in every spelling, unknown
graphs, path traversal in every path parameter, token misuse and wrong methods. ``tests/test_abuse.py`` sends
them to a real server. The server runs with ``TOKEN`` as its write token and the default limits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

TOKEN = "abuse-token-0123456789abcdef"
BEARER = (("Authorization", f"Bearer {TOKEN}"),)
LISTENER = "http://127.0.0.1:9/"  # where SERVICE, FROM, LOAD and remote contexts point unless a test says
PLAN = "/id/plan/QRL/2031"
MIB = 2**20


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    target: str  # the request target as sent: path and query string, already encoded
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    send_body: bool = True  # False: declare the body's length but send only the head (refused on the length)
    raw: bytes | None = None  # the whole request, sent as is
    says: str = ""  # what the answer must say (the bound it names, say)


# -- documents ----------------------------------------------------------------------------------------------
PREFIXES = "@prefix jfp: <https://w3id.org/jfp-graph/def#> .\n@base <https://w3id.org/jfp-graph/id/> .\n"
GOOD_TURTLE = (PREFIXES + "<plan/QRL/2031> a jfp:JointForwardPlan ; jfp:forICB <icb/QRL> .\n").encode()


def _nested_json(depth: int, key: str = "@context") -> bytes:
    return (('{"' + key + '": ') * depth + "{}" + "}" * depth).encode()


def _yaml_bomb(levels: int) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def _deep_xml(depth: int) -> bytes:
    return (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            + b"<a>" * depth + b"</a>" * depth + b"</rdf:RDF>")


ENTITY_XML = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
              b'rdf:about="http://x/a"><rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>\n')
XXE_XML = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'rdf:about="http://x/a"><rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>\n')

# Unreadable documents by content type: each is a 400 wherever an upload is read.
MALFORMED = {
    "text/turtle": [
        b"@prefix x: <http://x/> .\nx:a x:b",
        b"<http://x/a> <http://x/b> \"unterminated .\n",
        b"@prefix : <relative> . :a :b :c .",
        b"\xff\xfe\x00garbage\x00",
        b"<http://x/a> <http://x/b> <http://x/c> ; ; ; .\n<<",
        PREFIXES.encode() + b"<plan/QRL/2031> a jfp:JointForwardPlan ; jfp:forICB",
    ],
    "application/trig": [b"<http://x/g> { <http://x/a> <http://x/b> ", b"{ { } }", b"\x00\x01\x02"],
    "application/n-triples": [b"<http://x/a> <http://x/b> .\n", b"_:a <b> <c> .\n", b"<a b> <c> <d> .\n"],
    "application/n-quads": [b"<http://x/a> <http://x/b> <http://x/c> <g> <h> .\n", b"<http://x/a>\n"],
    "application/ld+json": [
        b'{"@context": ',
        b'{"@context": "LISTENERcontext.jsonld", "@id": "http://x/a"}',
        b'{"@context": "file:///etc/passwd", "@id": "http://x/a"}',
        b'{"@context": {"@vocab": 5}, "@id": "http://x/a"}',
        b'\xef\xbb\xbf[1, 2',
        b'{"@id": "http://x/a", "http://x/b": {"@value": {"x": 1}}}',
    ],
    "application/rdf+xml": [
        b"<rdf:RDF", b'<?xml version="1.0"?><notrdf/>', ENTITY_XML, XXE_XML,
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="x y"/>',
    ],
    "application/yaml": [
        b"a: [1, 2\n", b"key: value\n  bad indent: x\n", b"- just\n- a list\n", b"id: plan/QNQ/2030\ntpye: Plan\n",
        b"id: !!binary aGVsbG8=\n", b"id: !!python/object:os.system ls\n", b"a: &a [*a]\n", b"x: !local 1\n",
        b"\xff\xfe not utf-8",
    ],
}
# Past a bound while being read: each a 400 naming it.
DEEP_JSON, DEEP_XML, DEEP_YAML = (f"{kind} nested more than 100 levels deep" for kind in ("JSON", "XML", "YAML"))
BOMBS = {
    "application/ld+json": [(_nested_json(3000), DEEP_JSON), (_nested_json(3000, "http://x/p"), DEEP_JSON),
                            (b"[" * 5000 + b"]" * 5000, DEEP_JSON)],
    "application/rdf+xml": [(_deep_xml(100_000), DEEP_XML), (_deep_xml(101), DEEP_XML)],
    "application/yaml": [
        (_yaml_bomb(6), "aliases repeat more than 10000 nodes"),
        (_yaml_bomb(9), "aliases repeat more than 10000 nodes"),
        (b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n", DEEP_YAML),
        ("".join("  " * n + f"k{n}:\n" for n in range(200)).encode() + b"  " * 200 + b"v\n", DEEP_YAML),
        (b"a: &a\n  b: *a\n", "refers to a node that contains it"),
    ],
}


def _uploads(listener: str) -> list[Case]:
    cases = []
    for content_type, documents in MALFORMED.items():
        for n, document in enumerate(documents):
            document = document.replace(b"LISTENER", listener.encode())
            headers = (("Content-Type", content_type),)
            cases.append(Case(f"validate malformed {content_type} {n}", "POST", "/validate", 400, headers, document))
            # A PUT reads every format validate reads, the YAML authoring format included.
            cases.append(Case(f"put malformed {content_type} {n}", "PUT", PLAN, 400, BEARER + headers, document))
    for content_type, documents in BOMBS.items():
        for n, (document, bound) in enumerate(documents):
            headers = (("Content-Type", content_type),)
            cases.append(Case(f"validate bomb {content_type} {n}", "POST", "/validate", 400, headers, document,
                              says=bound))
            cases.append(Case(f"put bomb {content_type} {n}", "PUT", PLAN, 400, BEARER + headers, document,
                              says=bound))
            suffix = {"application/ld+json": "jsonld", "application/rdf+xml": "rdf", "application/yaml": "yaml"}
            cases.append(_form(f"validate form bomb {content_type} {n}", f"plan.{suffix[content_type]}", document, 400,
                               says=bound))
    big = b"#" * (5 * MIB + 1)
    for content_type in ("text/turtle", "application/ld+json", "application/yaml"):
        headers = (("Content-Type", content_type),)
        cases.append(Case(f"validate oversize {content_type}", "POST", "/validate", 413, headers, big, send_body=False))
    cases += [
        Case("put oversize", "PUT", PLAN, 413, BEARER + (("Content-Type", "text/turtle"),), big, send_body=False),
        Case("validate oversize streamed", "POST", "/validate", 413,
             (("Content-Type", "text/turtle"), ("Transfer-Encoding", "chunked")), big),
        Case("validate empty", "POST", "/validate", 400, (("Content-Type", "text/turtle"),), b""),
        Case("validate blank", "POST", "/validate", 400, (("Content-Type", "text/turtle"),), b"  \n\t\n"),
        Case("validate no content type", "POST", "/validate", 415, (), GOOD_TURTLE),
        Case("validate image", "POST", "/validate", 415, (("Content-Type", "image/png"),), b"\x89PNG"),
        Case("validate form without file", "POST", "/validate", 400,
             (("Content-Type", "multipart/form-data; boundary=b"),), b"--b\r\nContent-Disposition: form-data; "
             b'name="other"\r\n\r\nx\r\n--b--\r\n'),
        Case("validate broken form", "POST", "/validate", 400,
             (("Content-Type", "multipart/form-data; boundary=b"),), b"--b\r\nContent-Disposition: form"),
        _form("validate form exe", "plan.exe", GOOD_TURTLE, 415),
        _form("validate form traversal", "../../../etc/passwd.ttl", b"x:a x:b", 400),
        _form("validate form no suffix", "..", GOOD_TURTLE, 415),
        Case("validate deep turtle is only not a plan", "POST", "/validate", 400, (("Content-Type", "text/turtle"),),
             b"@prefix : <http://x/> . :a :p " + b"[ :p " * 20_000 + b":o" + b" ]" * 20_000 + b" ."),
        Case("validate not a plan", "POST", "/validate", 400, (("Content-Type", "text/turtle"),),
             b"<http://x/a> <http://x/b> <http://x/c> ."),
        Case("validate bad fail_on", "POST", "/validate?fail_on=everything", 400, (("Content-Type", "text/turtle"),),
             GOOD_TURTLE),
        Case("validate duplicate fail_on", "POST", "/validate?fail_on=bogus&fail_on=other", 400,
             (("Content-Type", "text/turtle"),), GOOD_TURTLE),
        Case("validate report format", "POST", "/validate?format=png", 406, (("Content-Type", "text/turtle"),),
             GOOD_TURTLE),
    ]
    return cases


def _form(name: str, filename: str, content: bytes, status: int, says: str = "") -> Case:
    body = (b"--bound\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename.encode()
            + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + b"\r\n--bound--\r\n")
    return Case(name, "POST", "/validate", status, (("Content-Type", "multipart/form-data; boundary=bound"),), body,
                says=says)


# -- writes ---------------------------------------------------------------------------------------------------
def _writes() -> list[Case]:
    turtle = (("Content-Type", "text/turtle"),)
    plan = lambda address, icb="icb/QRL", extra="": (  # noqa: E731
        PREFIXES + f"<{address}> a jfp:JointForwardPlan ; jfp:forICB <{icb}> .\n" + extra).encode()
    cases = [
        Case("put no token", "PUT", PLAN, 401, turtle, GOOD_TURTLE),
        Case("put wrong token", "PUT", PLAN, 401, (("Authorization", "Bearer wrong-token-0123456789ab"),) + turtle,
             GOOD_TURTLE),
        Case("put token prefix", "PUT", PLAN, 401, (("Authorization", f"Bearer {TOKEN[:-1]}"),) + turtle, GOOD_TURTLE),
        Case("put token longer", "PUT", PLAN, 401, (("Authorization", f"Bearer {TOKEN}x"),) + turtle, GOOD_TURTLE),
        Case("put token without scheme", "PUT", PLAN, 401, (("Authorization", TOKEN),) + turtle, GOOD_TURTLE),
        Case("put basic auth", "PUT", PLAN, 401, (("Authorization", "Basic YWRtaW46YWRtaW4="),) + turtle, GOOD_TURTLE),
        Case("put empty bearer", "PUT", PLAN, 401, (("Authorization", "Bearer "),) + turtle, GOOD_TURTLE),
        Case("put token in query", "PUT", PLAN + "?token=" + TOKEN, 401, turtle, GOOD_TURTLE),
        Case("put token in cookie", "PUT", PLAN, 401, (("Cookie", f"token={TOKEN}"),) + turtle, GOOD_TURTLE),
        Case("put huge authorization", "PUT", PLAN, 431, (("Authorization", "Bearer " + "t" * 20_000),) + turtle,
             GOOD_TURTLE),
        Case("put unknown icb", "PUT", "/id/plan/ZZZ/2031", 400, BEARER + turtle, plan("plan/ZZZ/2031")),
        Case("put lowercase icb", "PUT", "/id/plan/qrl/2031", 400, BEARER + turtle, plan("plan/qrl/2031")),
        Case("put year not a year", "PUT", "/id/plan/QRL/abcd", 400, BEARER + turtle, plan("plan/QRL/abcd")),
        Case("put year too short", "PUT", "/id/plan/QRL/31", 400, BEARER + turtle, plan("plan/QRL/31")),
        Case("put another plan", "PUT", PLAN, 400, BEARER + turtle, plan("plan/QNQ/2031", "icb/QNQ")),
        Case("put two plans", "PUT", PLAN, 400, BEARER + turtle, plan("plan/QRL/2031") + plan("plan/QRL/2032")[
            len(PREFIXES):]),
        Case("put wrong icb", "PUT", PLAN, 400, BEARER + turtle, plan("plan/QRL/2031", "icb/QNQ")),
        Case("put defacing the icb", "PUT", PLAN, 400, BEARER + turtle,
             plan("plan/QRL/2031", extra='<icb/QRL> <http://www.w3.org/2000/01/rdf-schema#label> "DEFACED" .\n')),
        Case("put about the statute", "PUT", PLAN, 400, BEARER + turtle, plan("plan/QRL/2031", extra=(
            "<http://www.legislation.gov.uk/id/ukpga/2006/41/section/14Z52> "
            '<http://www.w3.org/2000/01/rdf-schema#label> "repealed" .\n'))),
        Case("put about another edition", "PUT", PLAN, 400, BEARER + turtle, plan("plan/QRL/2031", extra=(
            '<plan/QRL/2024> <http://www.w3.org/2000/01/rdf-schema#label> "replaced" .\n'))),
        Case("put prefix sibling", "PUT", PLAN, 400, BEARER + turtle, plan("plan/QRL/2031", extra=(
            '<plan/QRL/20310> <http://www.w3.org/2000/01/rdf-schema#label> "next door" .\n'))),
        Case("put named graph", "PUT", PLAN, 400, BEARER + (("Content-Type", "application/trig"),),
             b"<https://w3id.org/jfp-graph/graph/statute> { <http://x/a> <http://x/b> <http://x/c> }"),
        # YAML is read (the authoring format), but this describes no plan edition.
        Case("put yaml", "PUT", PLAN, 400, BEARER + (("Content-Type", "application/yaml"),), b"id: plan/QRL/2031\n"),
        Case("put no content type", "PUT", PLAN, 415, BEARER, GOOD_TURTLE),
        Case("put nothing", "PUT", PLAN, 400, BEARER + turtle, b""),
        Case("put bad content length", "PUT", PLAN, 400, BEARER + turtle + (("Content-Length", "abc"),), b"",
             send_body=False),
    ]
    for path in ("/id/icb/QRL", "/id/plan/QRL/2024/objective/1", "/id/hwb/E06000044", "/def/JointForwardPlan",
                 "/legislation/ukpga/2006/41/section/14Z52", "/coverage", "/graphs", "/sparql", "/validate",
                 "/queries/plans", "/"):
        cases.append(Case(f"put to {path}", "PUT", path, 405, BEARER + turtle, b"x" * (6 * MIB), send_body=False))
    return cases


# -- SPARQL -------------------------------------------------------------------------------------------------------
def _updates(listener: str) -> list[str]:
    return [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "insert data { <http://x/a> <http://x/b> 1 }",
        "DELETE WHERE { ?s ?p ?o }", "delete { ?s ?p ?o } where { ?s ?p ?o }",
        "DELETE DATA { <http://x/a> <http://x/b> 1 }",
        f"LOAD <{listener}data.ttl>", "LOAD <file:///etc/passwd> INTO GRAPH <http://x/g>", "CLEAR ALL", "clear default",
        "DROP ALL", "DROP GRAPH <https://w3id.org/jfp-graph/graph/statute>", "CREATE GRAPH <http://x/g>",
        "ADD DEFAULT TO <http://x/g>", "MOVE <https://w3id.org/jfp-graph/graph/statute> TO <http://x/g>",
        "COPY DEFAULT TO <http://x/g>",
        "WITH <https://w3id.org/jfp-graph/graph/statute> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/> INSERT { x:a x:b x:c } WHERE {} ; DROP ALL",
        "# a comment first\nBASE <http://x/> PREFIX y: <z> InSeRt DaTa { <a> <b> <c> }",
    ]


def _services(listener: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{listener}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{listener}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE <{listener}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{listener}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {{ SELECT ?s WHERE {{ SERVICE <{listener}> {{ ?s ?p ?o }} }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{listener}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ BIND(<{listener}> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{listener}> CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{listener}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # a comment\rSERVICE <{listener}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(<http://x/\\u0041#> != ?s) SERVICE <{listener}> {{ }} }}",
        f"PREFIX e: <{listener}> SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2)SERVICEe:x#>\n{{ }} }}",
        f"PREFIX s: <{listener}> SELECT * WHERE {{ ?s ?p ?o services:x {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE <{listener}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE <{listener}> {{ }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ UNDEF }}SERVICE <{listener}> {{ }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ OPTIONAL {{ SERVICE SILENT <{listener}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{listener}> {{ ?s ?p ?o }} }} }}",
    ]


def _unknown_graphs(listener: str) -> list[str]:
    return [
        f"SELECT * FROM <{listener}g> WHERE {{ ?s ?p ?o }}", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"SELECT * FrOm NaMeD <{listener}g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <{listener}> SELECT * FROM remote:g WHERE {{ ?s ?p ?o }}",
        f"BASE <{listener}> ASK FROM <g> {{ ?s ?p ?o }}", f"ASKFROM <{listener}g> {{ ?s ?p ?o }}",
        "SELECT * FROM <file:///proc/self/environ> WHERE { ?s ?p ?o }",
        "SELECT * FROM <http://x/\\u0067> WHERE { ?s ?p ?o }", "SELECT * FROM undeclared:g WHERE { ?s ?p ?o }",
    ]


DEEP = ["SELECT * WHERE " + "{" * 3000 + "}" * 3000, "ASK { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "]" * 3000 + " }", "SELECT * WHERE " + "{" * 101 + "}" * 101]
MALFORMED_QUERIES = ["SELECT * WHERE {", "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }",
                     "SELECT * WHERE { ?s nope:p ?o }", "\x00\x01", "SELECT * WHERE { ?s ?p \\u006 }", "{}", "SELECT",
                     "ASK {} LIMIT -1"]


def _sparql(query: str, status: int, name: str, extra: list[tuple[str, str]] | None = None,
            says: str = "") -> list[Case]:
    """The same query by GET, by POST form and by POST body."""
    extra = extra or []
    fields = [("query", query)] + extra
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    cases = [
        Case(f"{name} (GET)", "GET", "/sparql?" + urlencode(fields), status, (("Accept", "application/json"),),
             says=says),
        Case(f"{name} (form)", "POST", "/sparql", status, form, urlencode(fields).encode(), says=says),
    ]
    if not extra:
        cases.append(Case(f"{name} (direct)", "POST", "/sparql", status,
                          (("Content-Type", "application/sparql-query"),), query.encode("utf-8"), says=says))
    return cases


READ_ONLY = "this endpoint is read-only"
NO_SERVICE = "SERVICE is refused"
UNKNOWN = "may only name graphs this store holds"


def _queries(listener: str) -> list[Case]:
    cases = []
    for n, text in enumerate(_updates(listener)):
        cases += _sparql(text, 400, f"update {n}", says=READ_ONLY)
    services = _services(listener)
    for n, text in enumerate(services):
        cases += _sparql(text, 400, f"service {n}", says=NO_SERVICE)
    for n, text in enumerate(_unknown_graphs(listener)):
        cases += _sparql(text, 400, f"unknown graph {n}", says="FROM")
    for n, text in enumerate(DEEP):
        cases += _sparql(text, 400, f"deep {n}", says="more than 100 levels deep")
    for n, text in enumerate(MALFORMED_QUERIES):
        cases += _sparql(text, 400, f"malformed query {n}")
    ask = "ASK { ?s ?p ?o }"
    for graph in (listener + "g", "file:///etc/passwd", "not an iri"):
        cases += _sparql(ask, 400, f"default-graph-uri {graph}", [("default-graph-uri", graph)], says=UNKNOWN)
        cases += _sparql(ask, 400, f"named-graph-uri {graph}", [("named-graph-uri", graph)], says=UNKNOWN)
    over = "ASK {}\n#" + "x" * (65_537 - 8)
    cases += [
        Case("update parameter (GET)", "GET", "/sparql?update=" + quote("DROP ALL"), 400),
        Case("update parameter with a query (GET)", "GET", "/sparql?query=ASK%7B%7D&update=" + quote("DROP ALL"), 400),
        Case("update parameter (form)", "POST", "/sparql", 400,
             (("Content-Type", "application/x-www-form-urlencoded"),), b"update=DROP+ALL"),
        Case("update body", "POST", "/sparql", 400, (("Content-Type", "application/sparql-update"),), b"DROP ALL"),
        Case("query too large (direct)", "POST", "/sparql", 413, (("Content-Type", "application/sparql-query"),),
             over.encode()),
        Case("query too large (form)", "POST", "/sparql", 413, (("Content-Type", "application/x-www-form-urlencoded"),),
             urlencode({"query": over}).encode()),
        Case("query too large (GET)", "GET", "/sparql?query=" + quote(over), 414),
        Case("form too large", "POST", "/sparql", 413, (("Content-Type", "application/x-www-form-urlencoded"),),
             b"q" * (3 * 65_536 + 2048), send_body=False),
        Case("query not utf-8 (direct)", "POST", "/sparql", 400, (("Content-Type", "application/sparql-query"),),
             b"ASK { \xff }"),
        Case("form not utf-8", "POST", "/sparql", 400, (("Content-Type", "application/x-www-form-urlencoded"),),
             b"query=\xff"),
        Case("no query", "GET", "/sparql", 400, (("Accept", "application/json"),)),
        Case("empty query", "GET", "/sparql?query=", 400, (("Accept", "application/json"),)),
        Case("blank query", "GET", "/sparql?query=%20%0A", 400, (("Accept", "application/json"),)),
        Case("query as text/plain", "POST", "/sparql", 415, (("Content-Type", "text/plain"),), b"ASK {}"),
        Case("duplicate refused queries", "GET", "/sparql?" + urlencode(
            [("query", services[0]), ("query", services[1])]), 400),
        Case("duplicate unknown graphs", "GET", "/sparql?" + urlencode(
            [("query", ask), ("default-graph-uri", listener), ("default-graph-uri", listener + "x")]), 400),
        Case("duplicate update parameters", "GET", "/sparql?update=DROP+ALL&update=CLEAR+ALL", 400),
        Case("duplicate unacceptable formats", "GET", "/sparql?query=ASK%7B%7D&format=png&format=gif", 406),
        Case("graph format for a table", "GET", "/sparql?query=ASK%7B%7D&format=ttl", 406),
        Case("nothing acceptable", "GET", "/sparql?query=ASK%7B%7D", 406, (("Accept", "image/png"),)),
    ]
    return cases


# -- the rest: addresses, methods, headers, HTTP itself ---------------------------------------------------------
def _addresses() -> list[Case]:
    cases = []
    traversals = ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd", "....//....//etc/passwd",
                  "..\\..\\etc\\passwd", "%00", "icb/QRL%00.json", "icb/%2e%2e", "./././icb/QRL/../../../x"]
    for prefix in ("/id/", "/legislation/", "/def/"):
        for n, trail in enumerate(traversals):
            cases.append(Case(f"traversal {prefix} {n}", "GET", prefix + trail, 404, (("Accept", "application/json"),)))
    for n, trail in enumerate(["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                               "yasgui/../../../../etc/passwd", "yasgui/%2e%2e%2f%2e%2e%2fapp.py"]):
        cases.append(Case(f"traversal /static/ {n}", "GET", "/static/" + trail, 404))
    for n, name in enumerate(["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "pages%2Flabels", "%00", "plans.rq"]):
        cases.append(Case(f"traversal /queries/ {n}", "GET", "/queries/" + name, 404,
                          (("Accept", "application/json"),)))
    for n, (ods, year) in enumerate([("..", ".."), ("%2e%2e", "%2e%2e"), ("QRL%00", "2031"), ("QRL", "2031%00")]):
        cases.append(Case(f"traversal put {n}", "PUT", f"/id/plan/{ods}/{year}", 400,
                          BEARER + (("Content-Type", "text/turtle"),), GOOD_TURTLE))
    # A decoded slash makes it an address below an edition, which takes no PUT.
    cases.append(Case("traversal put slash", "PUT", "/id/plan/QRL/..%2F2024", 405,
                      BEARER + (("Content-Type", "text/turtle"),), GOOD_TURTLE))
    named = "/queries/plans?format=json&icb_iri="
    cases += [
        Case("named query: not an iri", "GET", named + quote("not an iri"), 400),
        Case("named query: injection", "GET", named + quote("<x> } ; DROP ALL #"), 400),
        # An IRI that names nothing in the store is refused (with the closest that exist), not answered with no rows.
        Case("named query: file iri", "GET", named + quote("file:///etc/passwd"), 404),
        Case("named query: duplicate bad values", "GET", named + "a%20b&icb_iri=c%20d", 400),
        Case("named query: format", "GET", "/queries/plans?format=rdf", 406),
        Case("page format", "GET", "/icbs?format=ttl", 406),
        Case("page duplicate formats", "GET", "/coverage?format=png&format=gif", 406),
        Case("resource format", "GET", "/id/icb/QRL?format=sparql-json", 406),
        Case("address 64 KiB", "GET", "/id/icb/QRL?x=" + "a" * 65_500, 414),
        Case("address over 8 KiB", "GET", "/id/icb/QRL.json?x=" + "a" * 8_200, 414),
        Case("sparql address over 64 KiB", "GET", "/sparql?query=" + "a" * 70_000, 414),
        Case("address 1 MiB", "GET", "/graphs?x=" + "a" * MIB, 414),
    ]
    for method, path in (("DELETE", "/sparql"), ("PATCH", PLAN), ("DELETE", PLAN), ("POST", "/id/icb/QRL"),
                         ("PUT", "/validate"), ("GET", "/validate"), ("DELETE", "/graphs"), ("POST", "/coverage"),
                         ("PATCH", "/queries/plans"), ("POST", "/queries/plans"), ("DELETE", "/static/yasgui/LICENSE"),
                         ("OPTIONS", "/sparql"), ("TRACE", "/"), ("POST", "/")):
        cases.append(Case(f"method {method} {path}", method, path, 405))
    many = tuple((f"X-Header-{n}", "v" * 100) for n in range(200))
    cases += [
        Case("header 20 KB", "GET", "/graphs", 431, (("X-Big", "b" * 20_000),)),
        Case("header 100 KB", "GET", "/graphs", 431, (("X-Big", "b" * 100_000),)),
        Case("header 1 MiB", "GET", "/graphs", 431, (("X-Big", "b" * MIB),)),
        Case("200 headers", "GET", "/graphs", 431, many),
        Case("accept 20 KB", "GET", "/id/icb/QRL", 431, (("Accept", "text/html;q=0.1," * 1500),)),
        Case("garbage request line", "GET", "/", 400, raw=b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"),
        Case("unknown version", "GET", "/", 400, raw=b"GET /graphs HTTP/9.9\r\n\r\n"),
        Case("bad version", "GET", "/", 400, raw=b"GET /graphs HTTP/1.1x\r\n\r\n"),
        Case("nul in the method", "GET", "/", 400, raw=b"G\x00T /graphs HTTP/1.1\r\n\r\n"),
        Case("chunked and a length", "POST", "/sparql", 400, raw=(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n")),
        Case("header without colon", "GET", "/", 400, raw=b"GET /graphs HTTP/1.1\r\nHost x\r\n\r\n"),
        Case("bad content length", "POST", "/sparql", 400,
             raw=b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        Case("two content lengths", "POST", "/sparql", 400,
             raw=b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nASK{}"),
    ]
    return cases


# Every size refusal names the limit it met.
SIZE_REFUSALS = {413: "larger than the limit", 414: "longer than the limit", 431: "larger than the limit"}


def corpus(listener: str = LISTENER) -> list[Case]:
    """Every case, with ``listener`` as the address remote references point to."""
    cases = _uploads(listener) + _writes() + _queries(listener) + _addresses()
    cases = [replace(c, says=c.says or SIZE_REFUSALS.get(c.status, "")) for c in cases]
    names = [case.name for case in cases]
    assert len(set(names)) == len(names), "every case has a name of its own"
    return cases


if __name__ == "__main__":  # a summary: how many cases of each expected status
    from collections import Counter

    print(json.dumps(Counter(case.status for case in corpus()), sort_keys=True), len(corpus()))
