"""TechEmpower Framework Benchmarks test types under /bench/ (json, plaintext, db, queries,
fortunes, updates), the `seed-bench` command that fills their tables, and the `bench` command
that serves the app in production mode and measures the endpoints with wrk.

The endpoints need no authentication. They are on by default, except in production, where they
answer 404 unless BENCH_ENDPOINTS=true (see settings.py).
"""
