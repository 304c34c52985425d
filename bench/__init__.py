"""The benchmark harness of issue 7: `python -m bench.run` (see bench/README.md)."""
