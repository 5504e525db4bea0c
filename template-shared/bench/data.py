"""TechEmpower's data and parameters, the same for every framework: the World table's size, the
`queries` parameter and the twelve fortunes."""

from __future__ import annotations

import random

WORLD_ROWS = 10_000
MAX_QUERIES = 500
EXTRA_FORTUNE = "Additional fortune added at request time."

# TechEmpower's fortunes, verbatim (the markup and the Japanese one test escaping and encoding).
FORTUNES = (
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. \u2014 Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af",
)


def random_world_id() -> int:
    return random.randint(1, WORLD_ROWS)  # noqa: S311 - benchmark data, not security


def query_count(raw: str | None) -> int:
    """TechEmpower's `queries` parameter: an integer clamped to 1..500; missing or invalid is 1."""
    try:
        count = int(raw or "")
    except ValueError:
        return 1
    return min(max(count, 1), MAX_QUERIES)
