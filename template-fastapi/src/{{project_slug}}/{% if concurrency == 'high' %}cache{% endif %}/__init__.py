"""High concurrency: several workers, a Redis cache on the hot read, a shared connection budget.

`items.install` (called in main.py) connects the cache; `items.ItemCacheDep` is what the items
router reads through. `scaling` holds the worker count and the connection arithmetic the
settings use. This module imports nothing, so that the settings can import `scaling` early.
"""
