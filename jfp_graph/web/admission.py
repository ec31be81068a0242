"""Admission control: a bounded number of requests at work, a bounded queue in front, and an honest "busy".

Work that holds a scarce resource (a query worker, an upload reader) passes through an ``Admission``: up to
``slots`` at once; up to ``queue`` more wait, each for at most ``wait`` seconds; anything beyond is refused at
once with ``Busy``, which the server answers with 503 and ``Retry-After``. So slow requests can never pile up
without bound, hold every thread, or make a cheap request wait for minutes behind them.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Busy(Exception):
    """Every slot is taken and the queue in front of them is full (or did not move in time)."""

    def __init__(self, what: str, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        self.message = f"the server is busy with other {what}: try again in {self.retry_after} s"
        super().__init__(self.message)


class Admission:
    """At most ``slots`` at work and ``queue`` waiting (each at most ``wait`` seconds); thread-safe."""

    def __init__(self, slots: int, queue: int, wait: float, what: str) -> None:
        self.slots, self.queue, self.wait, self.what = slots, queue, wait, what
        self.working = 0
        self.waiting = 0
        self._changed = threading.Condition()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._changed:
            if self.working >= self.slots:
                if self.waiting >= self.queue:
                    raise Busy(self.what, self.wait)
                self.waiting += 1
                try:
                    if not self._changed.wait_for(lambda: self.working < self.slots, timeout=self.wait):
                        raise Busy(self.what, self.wait)
                finally:
                    self.waiting -= 1
            self.working += 1
        try:
            yield
        finally:
            with self._changed:
                self.working -= 1
                self._changed.notify()
