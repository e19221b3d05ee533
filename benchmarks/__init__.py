"""Benchmarks of newslens against human labels and baselines (``python -m benchmarks``)."""
