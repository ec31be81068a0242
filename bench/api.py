"""Throughput and latency under wrk (loopback only, bounded runs): jfp-graph serve vs oxigraph serve."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.errors import BenchError

HOST = "127.0.0.1"
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def server(command: list[str], port: int, ready_path: str, timeout: float = 300, env: dict | None = None):
    environment = dict(os.environ, **(env or {}))
    # Its messages go to a file, not a pipe nobody reads: a server writing to a full pipe would stop.
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True, env=environment
    )
    try:
        deadline = time.time() + timeout
        while True:
            if process.poll() is not None:
                errors.seek(0)
                raise BenchError(f"{command[0]} exited at start: {errors.read().decode()[-1500:]}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}{ready_path}", timeout=5):
                    break
            except OSError:
                if time.time() > deadline:
                    raise BenchError(f"{command[0]} did not answer on port {port} within {timeout:.0f} s") from None
                time.sleep(0.3)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        errors.close()


def fetch(url: str, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


CYCLE = Path(__file__).resolve().parent / "cycle.lua"


def settle(url: str, accept: str, timeout: float = 180) -> None:
    """Ask for ``url`` until the server answers it other than "busy" (503): the requests a run before left
    behind when wrk closed their connections first stop at their next query, or finish the one they are in."""
    deadline = time.time() + timeout
    while True:
        try:
            fetch(url, accept)
            return
        except urllib.error.HTTPError as error:
            if error.code != 503:
                return  # the run itself counts any other status
        if time.time() > deadline:
            raise BenchError(f"{url} was still answered 503 after {timeout:.0f} s")
        time.sleep(0.5)


def wrk(base: str, paths: list[str], accept: str, seconds: int, connections: int = 8, threads: int = 2) -> dict:
    """One bounded wrk run against a loopback server, asking for each of ``paths`` in turn, once the server has
    settled from whatever ran before (``settle``)."""
    if urllib.parse.urlparse(base).hostname not in (HOST, "localhost"):
        raise BenchError(f"refusing to load anything but loopback: {base}")
    settle(base + paths[0], accept)
    with tempfile.NamedTemporaryFile("w", suffix=".paths", encoding="utf-8") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        done = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "--timeout",
                "30s",
                "-H",
                f"Accept: {accept}",
                "-s",
                str(CYCLE),
                base + paths[0],
                "--",
                listing.name,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {base}{paths[0]}: {done.stderr.strip()}")
    text = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    latency = {}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        latency[pct] = float(m.group(1)) * _UNITS[m.group(2)] if m else None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    total = re.search(r"(\d+) requests in", text)
    statuses = re.search(r"^statuses:(.*)$", text, re.M)  # cycle.lua's count of each status other than 2xx
    return {
        "requests_per_s": rps,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "requests": int(total.group(1)) if total else None,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "statuses": dict(pair.split("=") for pair in statuses.group(1).split()) if statuses else {},
        "addresses": len(paths),
    }
