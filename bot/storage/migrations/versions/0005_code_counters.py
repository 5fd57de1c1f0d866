"""code_counters: the last serial per code prefix, seeded from the codes already stored, so opportunity and order
codes come from one atomic increment instead of MAX + 1 (which raced and sorted "1000" before "999")

Revision ID: 0005
Revises: 0004
"""
import re
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The two code forms as stored up to now (written out here, not imported, so this revision never changes)
CODE = re.compile(r"(\d{6}-[A-Z0-9]+-|SO\d{6})(\d+)")


def upgrade() -> None:
    counters = op.create_table(
        "code_counters",
        sa.Column("prefix", sa.String(length=24), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_code_counters")),
    )
    conn = op.get_bind()
    last: dict[str, int] = {}
    for table in ("opportunities", "orders"):
        for (code,) in conn.execute(sa.text(f"SELECT code FROM {table}")):
            found = CODE.fullmatch(code)
            if found:
                last[found[1]] = max(last.get(found[1], 0), int(found[2]))
    if last:
        op.bulk_insert(counters, [{"prefix": p, "last": n} for p, n in sorted(last.items())])


def downgrade() -> None:
    op.drop_table("code_counters")
