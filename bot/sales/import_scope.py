"""Which rows an import may write: the visibility rule (bot/storage/customers.py) applied to spreadsheets.

`python -m bot import --as 张伟` imports as that user: rows may only touch records they may see, name owners they
may manage, and refer to customers they may see — another team's rows answer like names nobody registered. Whoever
imports, a row that would change a stored record's owner is refused: a transfer is /转交's job, or an
administrator's (`--as` an admin with `--allow-owner-change`). An administrator with a team also needs the flag to
touch another team's records. Without `--as` the import runs as the operator of the database (it has the database
anyway) under the owner rule.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.sales.import_specs import REF_CUSTOMER, REF_OWNER, Kind
from bot.storage.customers import visible_owner_ids
from bot.storage.models import User


@dataclass
class ImportScope:
    allowed: list[int] | None  # owner ids the importer may manage; None: all
    is_admin: bool
    team_id: int | None  # the importer's team
    teams: dict[int, int | None]  # user id -> team id
    names: dict[int, str]  # user id -> name

    @classmethod
    def of(cls, s: Session, importer: User | None) -> "ImportScope":
        teams, names = {}, {}
        for uid, team, name in s.execute(select(User.id, User.team_id, User.name)):
            teams[uid], names[uid] = team, name
        if importer is None:
            return cls(None, False, None, teams, names)
        return cls(visible_owner_ids(s, importer), importer.role == "admin", importer.team_id, teams, names)

    def may_manage(self, owner_id: int) -> bool:
        return self.allowed is None or owner_id in self.allowed

    def refusal(self, kind: Kind, values: dict, stored_owner: int | None, known, allow_owner_change: bool,
                in_pool: bool = False) -> tuple[str, str] | None:
        """(column, reason) when this checked row may not be written by this importer. A customer in a team's pool
        (公海) is refused to everyone: it leaves the pool by /领取 or a manager's /转交, which record it (pool_events)."""
        key_header = kind.key.header if kind.key else "客户名称"
        may_override = self.is_admin and allow_owner_change
        if in_pool:
            return key_header, texts.IMPORT_POOL_CUSTOMER
        if stored_owner is not None and not self.may_manage(stored_owner):
            return key_header, texts.IMPORT_OUT_OF_SCOPE
        if stored_owner is not None and self.is_admin and self.team_id is not None and not may_override \
                and self.teams.get(stored_owner) != self.team_id:
            return key_header, texts.IMPORT_OTHER_TEAM
        for f in kind.fields:
            name = values.get(f.attr)
            if name is None or not isinstance(f.read, str):
                continue
            if f.read == REF_OWNER and not self.may_manage(known.owners[name]):
                return f.header, texts.IMPORT_OWNER_OUT_OF_SCOPE.format(name=name)
            if f.read == REF_OWNER and f.attr == kind.owner_attr and stored_owner is not None \
                    and known.owners[name] != stored_owner and not may_override:
                return f.header, texts.IMPORT_OWNER_CHANGE.format(old=self.names.get(stored_owner), new=name)
            if f.read == REF_CUSTOMER and not self.may_manage(known.customers[name][1]):
                return f.header, texts.IMPORT_UNKNOWN_NAME.format(what="客户", name=name)
        return None
