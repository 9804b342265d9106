"""Benchmarks that are too slow or too statistical for ``make test`` (``make bench-dedup``)."""
