"""Benchmark tables: world, fortune

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 13:45:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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
