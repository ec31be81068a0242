"""The one error the bench stops on: a missing engine, or engines that did different work."""


class BenchError(Exception):
    """A comparison that cannot be made honestly; the message says which and why."""


class MismatchError(BenchError):
    """Two engines gave different results for what should be the same work: no ratio is printed."""
