"""Running one step in its own process: wall time and that process's peak resident memory."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass

from bench.errors import BenchError


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    returncode: int


def run(command: list[str], ok_codes: tuple[int, ...] = (0,), timeout: float = 3600, **kwargs) -> Run:
    """Run ``command``; its peak RSS is the kernel's ``ru_maxrss`` for that one child (``wait4``)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, **kwargs)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.kill(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                raise BenchError(f"{' '.join(command[:4])} ... took longer than {timeout:.0f} s")
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode not in ok_codes:
        tail = (stderr.strip() or stdout.strip())[-2000:]
        raise BenchError(f"{' '.join(command[:6])} ... exited {process.returncode}: {tail}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr, process.returncode)


def median_run(command: list[str], repeat: int, **kwargs) -> tuple[float, list[float], Run]:
    runs = [run(command, **kwargs) for _ in range(repeat)]
    times = [r.seconds for r in runs]
    return statistics.median(times), times, max(runs, key=lambda r: r.peak_mb)
