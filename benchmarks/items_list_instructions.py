"""The FastAPI template's example list (`items.service.list_items`), counted in instructions.

Renders template-fastapi on SQLite, installs it, fills a user's list (200 items by default), then
runs the list's first page (20 items and the total) through a read session under valgrind's
callgrind: once with no call and once with `--calls` calls, so a call's cost is the difference
divided by the calls. It does the same for the baseline the template had before, the total
counted by a window (`count(*) over ()`) in the page's query, and prints both and their ratio.
Instructions, unlike requests per second, do not change with what else the machine runs.

Usage: python benchmarks/items_list_instructions.py [--items 200] [--calls 200]
Needs valgrind (Debian's package).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import render, sh, uv

PROBE = """
import asyncio, sys
from sqlalchemy import func, select
from {slug}.db import Base, create_engine, create_read_sessionmaker, create_sessionmaker
from {slug}.items.models import Item
from {slug}.items.schemas import ItemPublic
from {slug}.items.service import list_items
from {slug}.models import User
from {slug}.settings import Settings


async def window(session, *, owner_id, limit, offset):
    owned = Item.owner_id == owner_id
    query = select(Item, func.count().over().label("total")).where(owned).order_by(Item.id)
    rows = (await session.execute(query.limit(limit).offset(offset))).all()
    return [ItemPublic.model_validate(row.Item) for row in rows], rows[0].total if rows else 0


async def main(variant, calls, items):
    engine = create_engine(Settings())
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with create_sessionmaker(engine)() as session:
        user = User(email="list@example.com", password_hash="-")
        session.add(user)
        await session.flush()
        session.add_all(
            Item(title=f"Item {{n}}", description="x" * 100, owner_id=user.id)
            for n in range(items)
        )
        await session.commit()
    read = create_read_sessionmaker(engine)
    run = list_items if variant == "now" else window
    for _ in range(1 + calls):  # one call always, so that both runs load the same code
        async with read() as session:
            page, total = await run(session, owner_id=user.id, limit=20, offset=0)
            assert (len(page), total) == (20, items), (len(page), total)
    await engine.dispose()


asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed: apt-get install valgrind")
    with tempfile.TemporaryDirectory(prefix="newproj-list-") as scratch:
        project = render(Path(scratch), "sqlite", framework="fastapi")
        sh([uv(), "sync", "--quiet"], cwd=project, env=dict(os.environ))
        (project / "probe.py").write_text(PROBE.format(slug=project.name))
        per_call = {}
        for variant in ("window", "now"):
            counts = [count(project, variant, calls, args.items) for calls in (0, args.calls)]
            per_call[variant] = (counts[1] - counts[0]) / args.calls
            print(f"{variant:>6}: {per_call[variant] / 1e6:.2f} M instructions per call")
        print(f"now/window: x{per_call['now'] / per_call['window']:.2f}")


def count(project: Path, variant: str, calls: int, items: int) -> int:
    """Instructions callgrind collected for one probe run."""
    database = project / "list.sqlite3"
    database.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "ENVIRONMENT": "test"}
    python = str(project / ".venv" / "bin" / "python")
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, "probe.py",
         variant, str(calls), str(items)],
        cwd=project, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    match = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode or not match:
        sys.exit(f"the probe failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return int(match.group(1))


if __name__ == "__main__":
    main()
