"""Shared fixtures: the example data in an embedded store, and real Oxigraph and Virtuoso servers on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from jfp_graph.bundle import ensure_bundle
from jfp_graph.paths import DATA_DIR, EXAMPLES_DIR
from jfp_graph.store import MEMORY, EmbeddedStore, SelectResult, open_store
from jfp_graph.validation.refresh import stored_reports

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
    store = open_store(MEMORY, derived=stored_reports)
    ensure_bundle(store)
    return store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve`` on a free local port, in memory, started and stopped by the tests."""

    def __init__(self, union_default_graph: bool = True) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the oxigraph server binary is not installed (pip install oxigraph)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_up()

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def _wait_until_up(self) -> None:
        for _ in range(200):
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.process.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


# A database of its own in a temporary folder, on loopback ports only; the result-row limit raised above the
# largest answer the tests read (an export), and the engine's own service-description pages left out.
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


class VirtuosoServer:
    """``virtuoso-t`` (Debian's virtuoso-opensource-7) with its own database in a temporary folder, on free
    local ports, started and stopped by the tests like ``OxigraphServer``."""

    def __init__(self) -> None:
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        if binary is None or isql is None:
            raise RuntimeError("Virtuoso is not installed (bash scripts/test-setup.sh installs virtuoso-opensource-7)")
        self.folder = Path(tempfile.mkdtemp(prefix="jfp-virtuoso-"))
        self.sql_port, self.port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ini = self.folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(folder=self.folder, sql_port=self.sql_port, http_port=self.port))
        self.log = (self.folder / "console.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"], cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_up()
            subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                           check=True, capture_output=True, timeout=60)
        except BaseException:
            self.stop()
            raise

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def store_url(self) -> str:
        return self.url + "/sparql-graph-crud"

    def _wait_until_up(self) -> None:
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {(self.folder / 'console.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("virtuoso-t did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def example_server():
    """A server holding the same example data as ``example_store``, loaded through the endpoint store."""
    from jfp_graph.remote import RemoteStore

    server = OxigraphServer()
    try:
        remote = RemoteStore(server.query_url, graph_store=server.store_url)
        remote.derived = stored_reports
        ensure_bundle(remote)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def example_virtuoso():
    """A Virtuoso server holding the same example data as ``example_store``, loaded through the endpoint store."""
    from jfp_graph.remote import RemoteStore

    server = VirtuosoServer()
    try:
        remote = RemoteStore(server.query_url)
        remote.derived = stored_reports
        ensure_bundle(remote)
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
