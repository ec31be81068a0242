"""`load`, `graphs`, `export`, `query` and `sparql`: the store and the named query library.

Every command works on the embedded store (``--store PATH``) or on a SPARQL 1.1 endpoint
(``--endpoint URL``). Bad input (unknown query, bad parameter, malformed file or query) exits 2;
an unreachable or failing store exits 3.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pyoxigraph as ox

from jfp_graph.cli.common import connect_store, handle_errors, store_options
from jfp_graph.iris import PREFIXES, compact
from jfp_graph.rendering import readable
from jfp_graph.store import SelectResult

# From this many bytes of files a load shows a progress bar (by files) on stderr.
PROGRESS_BYTES = 5_000_000
FORMATS = ("table", "csv", "tsv", "json")


# -- load, graphs, export ---------------------------------------------------------------------
@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace graphs already in the store (otherwise they are refused).")
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    help="Put the files' triples in this graph instead of their document's own graph (e.g. for the ontology).",
)
@click.option("--bundle", is_flag=True, help="Also load the bundled ontology, statute, reference data and examples.")
@store_options
@handle_errors
def load(paths, replace, graph_iri, bundle, store_location, endpoint, update_endpoint, graph_store) -> None:
    """Load RDF files and plans in the YAML authoring format (and folders of them), file by file, all or nothing.

    A file describing one document (plan edition, strategy, JLHWS, JSNA, capital plan) goes to that
    document's graph; TriG and N-Quads keep their graphs. A graph already in the store is refused unless
    --replace is given. If any file cannot be read, the store is left as it was and the exit code is 2.
    """
    from jfp_graph.loader import expand_paths, load_files
    from jfp_graph.rdfio import InputError

    if not paths and not bundle:
        raise click.UsageError("give files or folders to load, or --bundle")
    if graph_iri is not None:
        try:
            graph_iri = ox.NamedNode(graph_iri).value
        except ValueError as error:
            raise InputError("--graph", f"not a valid IRI: {graph_iri!r} ({error})") from None
    files = expand_paths(paths)
    store = connect_store(store_location, endpoint, update_endpoint, graph_store)

    loaded: list[str] = []
    total_quads = 0
    show = sum(path.stat().st_size for path in files) >= PROGRESS_BYTES
    with _progress(show, len(files), "loading") as bar:

        def done(load) -> None:
            # Only a line is kept per file: the quads themselves are gone once written.
            nonlocal total_quads
            target = compact(load.graph) if load.graph else ", ".join(load.graphs) or "(empty)"
            loaded.append(f"{target}  {len(load.quads)} quads  ← {load.sources[0]}")
            total_quads += len(load.quads)
            bar.update(1)

        load_files(store, files, replace=replace, graph=graph_iri, progress=done)
    if bundle:
        from jfp_graph.bundle import ensure_bundle

        written = ensure_bundle(store)
        click.echo(f"bundle: {len(written)} graph(s) brought up to date")
    for line in loaded:
        click.echo(line)
    if files:
        click.echo(f"loaded {total_quads} quads from {len(files)} file(s)")


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress(show: bool, length: int, label: str):
    if not show:
        return _NoBar()
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


@click.command()
@store_options
@handle_errors
def graphs(store_location, endpoint, update_endpoint, graph_store) -> None:
    """List the named graphs with their triple counts and the files they were loaded from."""
    from jfp_graph.layout import CATALOGUE_GRAPH

    store = connect_store(store_location, endpoint, update_endpoint, graph_store)
    sizes = store.graph_sizes()
    sources: dict[str, list[str]] = {}
    for quad in store.quads(CATALOGUE_GRAPH):
        if quad.predicate.value == "http://purl.org/dc/terms/source":
            sources.setdefault(quad.subject.value, []).append(quad.object.value)
    rows = [[compact(g), str(n), ", ".join(sorted(sources.get(g, [])))] for g, n in sorted(sizes.items())]
    click.echo(_table(["graph", "triples", "source"], rows, right={1}))
    click.echo(f"{len(sizes)} graph(s), {sum(sizes.values())} triples")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads"]), default=None, help="Default: from --output's suffix, else trig.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: stdout.")
@store_options
@handle_errors
def export(fmt, output, store_location, endpoint, update_endpoint, graph_store) -> None:
    """Dump every graph as TriG or N-Quads, which `load` reads back into the same graphs."""
    if fmt is None:
        fmt = "nquads" if output is not None and output.suffix.lower() == ".nq" else "trig"
    rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    store = connect_store(store_location, endpoint, update_endpoint, graph_store)
    if output is None:
        buffer = io.BytesIO()
        store.export(buffer, rdf_format)
        click.echo(buffer.getvalue(), nl=False)
        return
    with output.open("wb") as handle:
        store.export(handle, rdf_format)
    click.echo(f"wrote {output}", err=True)


# -- query and sparql -------------------------------------------------------------------------
def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    from jfp_graph.queries import QueryError

    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameter {item!r} is not of the form key=value")
        params[key.strip()] = value
    return params


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
@store_options
@handle_errors
def query(name, params, fmt, list_queries, store_location, endpoint, update_endpoint, graph_store) -> None:
    """Run a named query from the library (see --list) over every graph in the store."""
    from jfp_graph.queries import QueryError, all_queries, load_query

    if list_queries:
        for named in all_queries():
            click.echo(f"{named.name}: {named.summary}")
            for parameter in named.parameters:
                note = "optional" if parameter.optional else "required"
                if parameter.default is not None:
                    note = f"default {parameter.default}"
                click.echo(f"    -p {parameter.name}=…  ({parameter.kind}, {note}) {parameter.description}")
        return
    if not name:
        raise QueryError("give a query name, or --list to see them")
    from jfp_graph.resolve import resolve_parameters, store_rows

    named = load_query(name)
    values = _parse_params(params)
    store = connect_store(store_location, endpoint, update_endpoint, graph_store)
    # IRI parameters may be the CURIEs this tool prints or short forms (QRL/2024); one naming nothing is an error.
    bindings = named.bindings(resolve_parameters(named, values, store_rows(store)))
    _echo_rows(store.select(named.text, bindings), fmt)



@click.command()
@click.argument("query_text", metavar="QUERY-or-FILE")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@store_options
@handle_errors
def sparql(query_text, fmt, store_location, endpoint, update_endpoint, graph_store) -> None:
    """Run a SPARQL 1.1 query (text, a file, or - for stdin) over every graph in the store.

    SELECT prints rows, ASK prints true or false, CONSTRUCT and DESCRIBE print Turtle. Updates and
    SERVICE are refused.
    """
    from jfp_graph.rdfio import InputError

    if query_text == "-":
        query_text = sys.stdin.read()
    elif Path(query_text).is_file():
        query_text = Path(query_text).read_text(encoding="utf-8")
    elif not query_text.split() or (len(query_text.split()) == 1 and "{" not in query_text):
        raise InputError(query_text, "no such query file (and not a SPARQL query)")
    store = connect_store(store_location, endpoint, update_endpoint, graph_store)
    outcome = store.run_query(query_text)
    if isinstance(outcome, SelectResult):
        _echo_rows(outcome, fmt)
    elif isinstance(outcome, bool):
        click.echo(json.dumps({"head": {}, "boolean": outcome}) if fmt == "json" else str(outcome).lower())
    else:
        turtle = ox.serialize(outcome, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        click.echo(turtle.decode("utf-8"), nl=False)


# -- result formats ---------------------------------------------------------------------------
def _echo_rows(result: SelectResult, fmt: str) -> None:
    writer: Callable[[SelectResult], str] = _as_table if fmt == "table" else _as_results(fmt)
    click.echo(writer(result), nl=False)


def _table(columns: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in rows]) + "\n"


def _as_table(result: SelectResult) -> str:
    rows = [[readable(row[c]) for c in result.columns] for row in result.rows]
    return _table(result.columns, rows) + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _as_results(fmt: str) -> Callable[[SelectResult], str]:
    """SPARQL 1.1 CSV, TSV or JSON results, as the web API writes them."""

    from jfp_graph.results import select_csv, select_json, select_tsv  # its XML writer imports urllib

    def write(result: SelectResult) -> str:
        rows = [[row[c] for c in result.columns] for row in result.rows]
        if fmt == "json":
            return select_json(result.columns, rows, indent=2).decode() + "\n"
        return (select_csv if fmt == "csv" else select_tsv)(result.columns, rows).decode()

    return write
