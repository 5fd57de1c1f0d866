"""Which rows an import may write: the visibility rule (bot/storage/customers.py) applied to spreadsheets.

`python -m bot import --as 张伟` imports as that user: rows may only touch customers, opportunities and orders they
may see, name owners they may manage, and refer to customers they may see — another team's rows answer like names
nobody registered. Whoever imports, a row never moves an existing record to an owner in another team: a transfer
between teams is an administrator's decision (`--as` an admin). Without `--as` the import runs as the operator of
the database (it has the database anyway) under that one restriction.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.sales.import_specs import REF_CUSTOMER, REF_OWNER, Kind
from bot.storage.customers import visible_owner_ids
from bot.storage.models import Customer, User


@dataclass
class ImportScope:
    allowed: list[int] | None  # owner ids the importer may manage; None: all
    may_transfer: bool  # an admin may move records between teams
    teams: dict[int, int | None]  # user id -> team id

    @classmethod
    def of(cls, s: Session, importer: User | None) -> "ImportScope":
        teams = {uid: team for uid, team in s.execute(select(User.id, User.team_id))}
        if importer is None:
            return cls(None, False, teams)
        return cls(visible_owner_ids(s, importer), importer.role == "admin", teams)

    def problem(self, s: Session, kind: Kind, values: dict, owners: dict[str, int]) -> tuple[str, str] | None:
        """(column, reason) when this validated row may not be written by this importer."""
        model, key = kind.model, kind.key
        stored = s.scalar(select(model.owner_id).where(getattr(model, key.attr) == values[key.attr]))
        if stored is not None and not self._may_manage(stored):
            return key.header, f"「{values[key.attr]}」已被登记，不在你的范围内，不能导入"
        for f in kind.fields:
            name = values.get(f.attr)
            if name is None or not isinstance(f.parse, str):
                continue
            if f.parse == REF_OWNER and not self._may_manage(owners[name]):
                return f.header, f"负责人「{name}」不在你能管理的范围内"
            if f.parse == REF_OWNER and stored is not None and not self.may_transfer \
                    and self.teams.get(stored) != self.teams.get(owners[name]):
                return f.header, f"不能通过导入转给另一个团队的「{name}」（跨团队转移请由管理员 --as 导入）"
            if f.parse == REF_CUSTOMER and not self._customer_visible(s, name):
                return f.header, f"没有这个客户「{name}」"
        return None

    def _may_manage(self, owner_id: int) -> bool:
        return self.allowed is None or owner_id in self.allowed

    def _customer_visible(self, s: Session, name: str) -> bool:
        owner = s.scalar(select(Customer.owner_id).where(Customer.name == name))
        return owner is None or self._may_manage(owner)  # None: a customer earlier in this file
