"""High concurrency: several granian workers, Django's Redis cache on the hot read, and a
database connection budget shared across workers.

`notes` caches the note detail read (GET /api/notes/<id>/) in Redis and clears it whenever a
note changes, from any process (signals). `scaling` holds the worker count and the connection
arithmetic the settings use.
"""
