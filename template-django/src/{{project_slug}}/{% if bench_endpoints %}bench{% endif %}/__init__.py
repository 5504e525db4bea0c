"""TechEmpower Framework Benchmarks test types under /bench/: json, plaintext, db, queries,
fortunes and updates, the World and Fortune tables they read, `manage.py seed_bench`, and the
`bench` command that serves the project as production does and loads it with wrk."""
