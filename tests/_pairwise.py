"""The feature matrix: which combinations of answers newproj's suite renders, installs and tests.

Every framework x database is tested with all features on and with all features off. Those rows
already cover every (framework, database, feature) pair and, within a framework, every pair of
features that agree (on/on, off/off). Each framework builds its features its own way, so the rest
of the cover is pairwise within each framework. What is left are the pairs that disagree (A on
with B off), and few light rows cover them all: give each feature a different set of k rows out
of m, all sets of the same size, and switch it on in those rows only. No such set holds another,
so for any two features some row has the first on and the second off (a Sperner family: 5 rows
cover up to 10 features, each on in two of them).
Rows are then added greedily, in a fixed order, for any pair still missing (none, unless a
combination is refused).
The result depends only on the parameters, so the list is stable from run to run; `python
tests/_pairwise.py` prints it.

A feature is a bool question (on: true, off: false) or a choice question whose `capabilities` row
names the answer that switches it on (`when: high`); off is then the question's default. Rows
hold the answers themselves, so they render as they are.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("django", "fastapi")
DATABASES = ("sqlite", "postgresql")

Row = dict[str, Any]
# A feature's (on, off) answers.
Switch = tuple[Any, Any]
BOOL_SWITCH: Switch = (True, False)


# A `capabilities` cell that starts with one of these says the answer builds nothing in that
# framework: the matrix does not vary it there.
BUILDS_NOTHING = ("Recommendation only", "Nothing more")


def capabilities(copier_yml: Path = ROOT / "copier.yml") -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = yaml.safe_load(copier_yml.read_text())["capabilities"][
        "default"
    ]
    return table


def feature_names(copier_yml: Path = ROOT / "copier.yml") -> list[str]:
    """The answers that build something: the keys of copier.yml's `capabilities` table."""
    return list(capabilities(copier_yml))


def switches(copier_yml: Path = ROOT / "copier.yml") -> dict[str, Switch]:
    """Each feature's (on, off) answers: (True, False) for a bool question; for a choice
    question, its row's `when` answer and the question's default."""
    config = yaml.safe_load(copier_yml.read_text())
    return {
        name: (row["when"], config[name]["default"]) if "when" in row else BOOL_SWITCH
        for name, row in config["capabilities"]["default"].items()
    }


def answer_text(value: Any) -> str:
    """An answer as `-d KEY=VALUE` writes it: `true`, `high`."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def built_by(framework: str, copier_yml: Path = ROOT / "copier.yml") -> list[str]:
    """The features that build something in `framework`."""
    return [
        name
        for name, row in capabilities(copier_yml).items()
        if not row[framework].startswith(BUILDS_NOTHING)
    ]


def _pairs(params: Mapping[str, Sequence[Any]]) -> set[tuple[tuple[str, Any], tuple[str, Any]]]:
    names = list(params)
    return {
        ((a, va), (b, vb))
        for a, b in itertools.combinations(names, 2)
        for va in params[a]
        for vb in params[b]
    }


def _covered(row: Row, names: Sequence[str]) -> set[tuple[tuple[str, Any], tuple[str, Any]]]:
    return {((a, row[a]), (b, row[b])) for a, b in itertools.combinations(names, 2)}


def matrix(
    features: Sequence[str],
    *,
    built: Mapping[str, Sequence[str]] | None = None,
    values: Mapping[str, Switch] | None = None,
    allowed: Callable[[Row], bool] = lambda row: True,
) -> list[Row]:
    """All-on and all-off for each framework and database, then, per framework (each builds its
    features its own way), a greedy pairwise cover of the database and the features.

    `built` names, per framework, the features that build something there (default: all); the
    others stay off in that framework's rows. `values` gives a feature's (on, off) answers
    (default: True, False). `allowed` refuses combinations the questionnaire
    refuses; pairs that only such rows could cover are left out.
    """
    switch = {name: (values or {}).get(name, BOOL_SWITCH) for name in features}
    rows: list[Row] = []
    for framework in FRAMEWORKS:
        varied = list(built[framework]) if built else list(features)
        fixed = {name: switch[name][1] for name in features if name not in varied}
        params = {"database": DATABASES, **{name: switch[name] for name in varied}}
        names = list(params)
        own = [
            {
                "framework": framework,
                "database": database,
                **fixed,
                **{name: switch[name][0 if on else 1] for name in varied},
            }
            for database, on in itertools.product(DATABASES, (True, False))
        ]
        own = [row for row in own if allowed(row)]
        candidates = [
            {"framework": framework, **fixed, **dict(zip(names, values, strict=True))}
            for values in _candidates(params)
        ]
        candidates = [row for row in candidates if allowed(row)]
        reachable = set().union(*(_covered(row, names) for row in candidates))
        for ons in _separating_rows(len(varied)):
            used = {db: sum(r["database"] == db for r in own) for db in DATABASES}
            row = {
                "framework": framework,
                "database": min(DATABASES, key=lambda db: used[db]),
                **fixed,
                **{
                    name: switch[name][0 if on else 1] for name, on in zip(varied, ons, strict=True)
                },
            }
            if allowed(row):
                own.append(row)
        missing = (_pairs(params) & reachable) - set().union(*(_covered(r, names) for r in own))
        while missing:
            # Most new pairs first; on a tie, the database used least so far.
            used = {db: sum(r["database"] == db for r in own) for db in DATABASES}
            best = max(
                candidates,
                key=lambda row: (len(_covered(row, names) & missing), -used[row["database"]]),
            )
            own.append(best)
            missing -= _covered(best, names)
        rows += own
    return rows


def _separating_rows(count: int) -> list[tuple[bool, ...]]:
    """Rows (each a tuple of on/off, one per feature) in which, for any two of `count` features,
    one is on while the other is off: feature i is on in the rows of the i-th k-subset of
    range(m), m as small as possible, then k as small as possible (lighter rows), subsets picked
    to spread the features evenly over the rows."""
    if count < 2:
        return []
    m = 2
    while math.comb(m, m // 2) < count:
        m += 1
    k = next(k for k in range(1, m // 2 + 1) if math.comb(m, k) >= count)
    load = [0] * m
    chosen: list[tuple[int, ...]] = []
    subsets = list(itertools.combinations(range(m), k))
    for _ in range(count):
        best = min(
            (subset for subset in subsets if subset not in chosen),
            key=lambda subset: (sorted((load[r] for r in subset), reverse=True), subset),
        )
        chosen.append(best)
        for r in best:
            load[r] += 1
    return [tuple(r in subset for subset in chosen) for r in range(m)]


def _candidates(params: Mapping[str, Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Every combination when that is small; otherwise, for each database, rows that each
    switch on a different half of the features (enough to cover every on/off pair)."""
    total = 1
    for values in params.values():
        total *= len(values)
    if total <= 4096:
        return list(itertools.product(*params.values()))
    features = list(params)[1:]
    rows = []
    for bit in range(max(1, (len(features) - 1).bit_length())):
        for flip in (False, True):
            ons = tuple(bool(i >> bit & 1) != flip for i in range(len(features)))
            rows += [(database, *ons) for database in params["database"]]
    return rows


def row_id(row: Row, features: Mapping[str, Switch] | Sequence[str]) -> str:
    """A readable test id: `framework:fastapi-db:sqlite-on:bench_endpoints,concurrency=high`.
    `features` names the features, or maps them to their (on, off) answers."""
    switch = features if isinstance(features, Mapping) else dict.fromkeys(features, BOOL_SWITCH)
    on = [
        name if row[name] is True else f"{name}={row[name]}"
        for name, (value, _) in switch.items()
        if row[name] == value
    ]
    return f"framework:{row['framework']}-db:{row['database']}-on:{','.join(on) or 'none'}"


def feature_matrix() -> list[Row]:
    """The matrix of this repository's copier.yml."""
    return matrix(feature_names(), built={fw: built_by(fw) for fw in FRAMEWORKS}, values=switches())


if __name__ == "__main__":
    for row in feature_matrix():
        print(row_id(row, switches()))
