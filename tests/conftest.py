"""Shared fixtures: the example data in an embedded store, and real Oxigraph and Virtuoso servers on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from jfp_graph.bundle import ensure_bundle
from jfp_graph.paths import DATA_DIR, EXAMPLES_DIR
from jfp_graph.store import MEMORY, EmbeddedStore, SelectResult, open_store
from jfp_graph.validation.refresh import derived_graphs

ID = "https://w3id.org/jfp-graph/id/"
PREFIXES = {
    "https://w3id.org/jfp-graph/id/requirement/": "jfpreq:",
    ID: "",
    "https://w3id.org/jfp-graph/def#": "jfp:",
    "https://w3id.org/jfp-graph/graph/": "jfpg:",
    "http://www.legislation.gov.uk/id/": "leg:",
}


def short(term) -> str | None:
    """A result cell as the tests write it: instance IRIs relative to jfpid:, literals as their text."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        for namespace, prefix in PREFIXES.items():
            if term.value.startswith(namespace):
                return prefix + term.value[len(namespace) :]
        return term.value
    return term.value


def cells(result: SelectResult, sets: tuple[str, ...] = ()) -> list[tuple]:
    """Rows as tuples; ``sets`` names GROUP_CONCAT columns, whose order SPARQL leaves open."""
    rows = []
    for row in result.rows:
        values = []
        for column in result.columns:
            value = short(row[column])
            if column in sets and value is not None:
                value = frozenset(short(ox.NamedNode(v)) if "://" in v else v for v in value.split())
            values.append(value)
        rows.append(tuple(values))
    return rows


@pytest.fixture(scope="session")
def synthetic_national(tmp_path_factory) -> Path:
    """A 100k-triple synthetic national graph (``jfp-graph synth``), generated once and read by every test."""
    from jfp_graph.synth import synthesise

    output = tmp_path_factory.mktemp("synth") / "national"
    synthesise(100_000, 7, output)
    return output


@pytest.fixture(scope="session")
def requirement_count() -> int:
    """How many statutory requirements data/statute.ttl defines: the length of every per-requirement list."""
    statute = ox.Store()
    statute.load(path=DATA_DIR / "statute.ttl", format=ox.RdfFormat.TURTLE)
    (row,) = statute.query(
        "SELECT (COUNT(DISTINCT ?requirement) AS ?n) WHERE "
        "{ ?requirement a <https://w3id.org/jfp-graph/def#StatutoryRequirement> }"
    )
    return int(row["n"].value)


def triples_in(path: Path) -> int:
    """How many distinct triples a file puts in a store: counts follow the example files, not a number typed here."""
    return len({(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path))})


def loaded_two_editions(sizes: dict[str, int]) -> None:
    """The two QRL editions, their validation reports and the catalogue: what loading the two files writes."""
    plans = EXAMPLES_DIR / "plans"
    graph = "https://w3id.org/jfp-graph/graph/"
    assert {g: n for g, n in sizes.items() if g.startswith(graph + "plan/")} == {
        graph + f"plan/QRL/{year}": triples_in(plans / f"QRL-{year}.ttl") for year in (2023, 2024)
    }
    assert sorted(g for g in sizes if g.startswith(graph + "report/")) == [
        graph + "report/plan/QRL/2023", graph + "report/plan/QRL/2024"
    ]
    assert set(sizes) - {g for g in sizes if g.startswith((graph + "plan/", graph + "report/"))} == {
        graph + "catalogue"
    }


@pytest.fixture(scope="session")
def example_store() -> EmbeddedStore:
    """Ontology, statute, reference data and the example plans and strategies, in memory (read only)."""
    store = open_store(MEMORY, derived=derived_graphs)
    ensure_bundle(store)
    return store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalServer:
    """A server process on a free loopback port with a folder of its own (its output, any database), started by
    the tests and stopped by ``stop``: what every server the tests run shares."""

    name = "server"
    query_path = "/query"
    startup_s = 20.0  # how long it may take to answer its first query
    stop_s = 10.0  # how long it may take to stop before it is killed

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix=f"jfp-{self.name.split()[0]}-"))
        self.process: subprocess.Popen | None = None

    @property
    def query_url(self) -> str:
        return self.url + self.query_path

    def _start(self, command: list[str]) -> None:
        """Run ``command`` in the folder and wait until the query address answers; if it never does, stop it and
        raise with its last output."""
        self.log = (self.folder / "console.log").open("wb")
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_s
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=5):
                    return
            except OSError:
                time.sleep(0.05)
        exited = self.process.poll() is not None
        output = (self.folder / "console.log").read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"{self.name} {'exited' if exited else 'did not start'}: {output}")

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=self.stop_s)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def installed(*commands: str, advice: str) -> list[str]:
    found = [shutil.which(command) for command in commands]
    if None in found:
        raise RuntimeError(f"{' and '.join(commands)}: not installed ({advice})")
    return [path for path in found if path]


class OxigraphServer(LocalServer):
    """``oxigraph serve``, in memory."""

    name = "oxigraph serve"

    def __init__(self, union_default_graph: bool = True) -> None:
        (binary,) = installed("oxigraph", advice="pip install oxigraph")
        super().__init__()
        command = [binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        self._start(command + ["--union-default-graph"] if union_default_graph else command)

    @property
    def store_url(self) -> str:
        return self.url + "/store"


# A database of its own in its folder, on loopback ports only; the result-row limit raised above the largest
# answer the tests read (an export), and the engine's own service-description pages left out.
VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {folder}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
# The anonymous SPARQL user may update (Virtuoso's /sparql refuses updates otherwise), as `load` needs.
VIRTUOSO_GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'


class VirtuosoServer(LocalServer):
    """``virtuoso-t`` (Debian's virtuoso-opensource-7) with a database of its own."""

    name = "virtuoso-t"
    query_path = "/sparql"
    startup_s = 60.0
    stop_s = 30.0

    def __init__(self) -> None:
        binary, isql = installed(
            "virtuoso-t", "isql-vt", advice="bash scripts/test-setup.sh installs virtuoso-opensource-7"
        )
        super().__init__()
        self.sql_port = free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(folder=self.folder, sql_port=self.sql_port, http_port=self.port))
        self._start([binary, "+configfile", str(ini), "+foreground"])
        try:
            subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                           check=True, capture_output=True, timeout=60)
        except BaseException:
            self.stop()
            raise

    @property
    def store_url(self) -> str:
        return self.url + "/sparql-graph-crud"


class JfpGraphServer(LocalServer):
    """``jfp-graph serve`` over an embedded store in its folder: with the bundle unless told ``--no-bundle``, or
    over a store made beforehand at ``store``."""

    name = "jfp-graph serve"
    query_path = "/sparql"
    startup_s = 180.0  # loading the bundle into a fresh store comes first
    stop_s = 30.0

    def __init__(self, *options: str, store: Path | None = None) -> None:
        super().__init__()
        location = store or self.folder / "store"
        self._start([sys.executable, "-m", "jfp_graph", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                     "--store", str(location), *options])


@pytest.fixture(scope="session")
def example_server():
    """A server holding the same example data as ``example_store``, loaded through the endpoint store."""
    yield from _holding_the_examples(OxigraphServer(), graph_store=True)


@pytest.fixture(scope="session")
def example_virtuoso():
    """A Virtuoso server holding the same example data as ``example_store``, loaded through the endpoint store."""
    yield from _holding_the_examples(VirtuosoServer(), graph_store=False)


def _holding_the_examples(server, graph_store: bool):
    from jfp_graph.remote import RemoteStore

    try:
        remote = RemoteStore(server.query_url, graph_store=server.store_url if graph_store else None)
        remote.derived = derived_graphs  # the reports every write keeps, as on the embedded store
        ensure_bundle(remote)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def example_serve():
    """`jfp-graph serve` over a fresh store, with the bundle (the same graphs as ``example_store``)."""
    server = JfpGraphServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server():
    """An empty server of its own, for tests that write."""
    server = OxigraphServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def examples_dir() -> Path:
    from jfp_graph.paths import EXAMPLES_DIR

    return EXAMPLES_DIR


def sentence(finding) -> str:
    """A finding's message without the legal basis every message ends with, after checking that basis is its
    requirement's own (tests of what a check finds compare the sentence; tests/test_validate_messages.py the
    citations)."""
    if not finding.requirement.legal_basis:
        return finding.message
    basis = f" Legal basis: {finding.requirement.statute}."
    assert finding.message.endswith(basis), finding.message
    return finding.message[: -len(basis)]
