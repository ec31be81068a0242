"""The abuse corpus (``tests/abuse_corpus.py``) against a real ``jfp-graph serve``: each hostile request gets its
exact status within a bound, the server stays up and logs no traceback, nothing is written, and nothing
reaches the address every remote reference in the corpus points to."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter

import pytest
from abuse_corpus import TOKEN, Case, corpus
from conftest import free_port
from test_web_sparql import Listener

BOUND_S = 60  # no answer may take longer (the query time limit is 10 s, the upload reading limit 20 s)


class RawClient:
    """HTTP/1.1 by hand, so that malformed and oversize requests reach the server exactly as written."""

    def __init__(self, port: int) -> None:
        self.port = port

    def send(self, case: Case) -> tuple[int, str]:
        """The status and body of the answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=BOUND_S) as sock:
            if case.raw is not None:
                sock.sendall(case.raw)
            else:
                self._request(sock, case)
            response = _read_all(sock)
        return _status(response), response.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")

    def _request(self, sock: socket.socket, case: Case) -> None:
        headers = [("Host", f"127.0.0.1:{self.port}"), ("Connection", "close"), *case.headers]
        names = {name.lower() for name, _ in case.headers}
        chunked = "transfer-encoding" in names
        if case.method in ("POST", "PUT") and not chunked and "content-length" not in names:
            headers.append(("Content-Length", str(len(case.body))))
        head = f"{case.method} {case.target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        sock.sendall(head.encode("latin-1"))
        if not case.send_body or not case.body:
            return
        pieces = [case.body[i : i + 65_536] for i in range(0, len(case.body), 65_536)]
        for piece in pieces:
            if select.select([sock], [], [], 0)[0]:
                return  # the server has answered (and stopped reading): the rest is never sent
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            except (BrokenPipeError, ConnectionResetError):
                return
        if chunked:
            sock.sendall(b"0\r\n\r\n")


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65_536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def _status(response: bytes) -> int:
    line = response.split(b"\r\n", 1)[0].split()
    assert len(line) >= 2 and line[0].startswith(b"HTTP/1."), f"no HTTP answer: {response[:200]!r}"
    assert b"Traceback" not in response
    return int(line[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("abused")
    port = free_port()
    log = (folder / "stderr.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jfp_graph", "serve", "--store", str(folder / "store"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=log, env=dict(os.environ, JFP_GRAPH_TOKEN=TOKEN),
    )
    deadline = time.monotonic() + 180
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/graphs", timeout=5).read()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    yield process, port, folder / "stderr.log"
    process.terminate()
    process.wait(timeout=60)
    log.close()


def _graphs(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/graphs", timeout=BOUND_S) as answer:
        return json.loads(answer.read())


def test_every_hostile_request_gets_its_status_and_harms_nothing(server):
    process, port, stderr = server
    listener = Listener()
    try:
        cases = corpus(f"http://127.0.0.1:{listener.port}/")
        assert len(cases) >= 200
        before = _graphs(port)
        client = RawClient(port)
        wrong, outcomes = [], Counter()
        for n, case in enumerate(cases):
            status, body = client.send(case)
            outcomes[status] += 1
            if status != case.status or case.says not in body:
                wrong.append((case.name, case.status, status, case.says, body[:200]))
            if n % 50 == 49:
                assert process.poll() is None, f"the server died after {case.name}"
        assert wrong == [], "\n".join(map(str, wrong))
        assert process.poll() is None
        assert _graphs(port) == before  # nothing written: the same graphs, of the same sizes
        assert listener.connections == 0
        assert "Traceback" not in stderr.read_text()
        print(f"{len(cases)} hostile requests: {dict(sorted(outcomes.items()))}")
    finally:
        listener.close()
