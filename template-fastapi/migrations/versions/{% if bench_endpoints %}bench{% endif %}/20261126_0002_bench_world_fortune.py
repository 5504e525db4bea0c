"""Benchmark tables: world, fortune (the `bench` branch; needs the initial schema)

Revision ID: 0002
Revises:
Create Date: 2026-11-26 13:45:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("bench",)
depends_on: str | Sequence[str] | None = "0001"


def upgrade() -> None:
    op.create_table(
        "world",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("randomnumber", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_world")),
    )
    op.create_table(
        "fortune",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("message", sa.String(length=2048), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fortune")),
    )


def downgrade() -> None:
    op.drop_table("fortune")
    op.drop_table("world")
