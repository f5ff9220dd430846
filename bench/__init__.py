"""fupin's benchmarks, run by ``make bench`` as ``python -m bench``.

Each benchmark is a function registered with :func:`bench.registry.benchmark`; it runs its
workloads in child processes (:func:`bench.harness.run_measured`) so that each one's time and
peak memory are its own, and prints one line: ``NAME key=value ...``.
"""
