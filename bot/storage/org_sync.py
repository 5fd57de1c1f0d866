"""Applying the platform's organisation to ours: departments become teams, their leaders managers, members reps,
each with their platform id. Users who left are deactivated (never deleted: their reports and customers stay) and
their customers listed for reassignment. The plan is computed first, so a dry run prints exactly what a run does."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.storage.models import Customer, Team, User

ID_COLUMNS = {"wecom": ("wecom_userid", "wecom_dept_id"), "dingtalk": ("dingtalk_staff_id", "dingtalk_dept_id")}
NAME_CHARS = 64


# The organisation as read from a platform (bot/notifier/org_directory.py reads it; defined here, below the
# notifier, because this is what a sync applies).
@dataclass
class Department:
    id: str
    name: str
    leaders: set[str] = field(default_factory=set)


@dataclass
class Member:
    id: str
    name: str
    departments: list[str] = field(default_factory=list)  # the first is the main one


@dataclass
class Directory:
    platform: str  # "wecom" or "dingtalk"
    departments: dict[str, Department] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)

    def add_member(self, member_id: str, name: str, department: str) -> None:
        member = self.members.setdefault(member_id, Member(member_id, name))
        if department not in member.departments:
            member.departments.append(department)


@dataclass
class SyncReport:
    lines: list[str] = field(default_factory=list)
    left: list[tuple[User, list[str]]] = field(default_factory=list)  # who left, with their customers' names

    def say(self, line: str) -> None:
        self.lines.append(line)


def sync_org(session: Session, directory: Directory, now: datetime, dept_code: str) -> SyncReport:
    """Change the session to match `directory` (the caller commits, or rolls back for a dry run)."""
    report = SyncReport()
    user_column, team_column = ID_COLUMNS[directory.platform]
    teams = _sync_teams(session, directory, team_column, dept_code, report)
    for member in directory.members.values():
        _sync_member(session, member, directory, teams, user_column, report)
    _deactivate_departed(session, directory, user_column, now, report)
    session.flush()
    return report


def _sync_teams(session: Session, directory: Directory, column: str, dept_code: str,
                report: SyncReport) -> dict[str, Team]:
    """Departments that have members, as teams: found by platform id, else linked by name, else created."""
    staffed = {d for m in directory.members.values() for d in m.departments}
    teams: dict[str, Team] = {}
    for dept in directory.departments.values():
        if dept.id not in staffed:
            continue
        name = dept.name[:NAME_CHARS]
        team = session.scalars(select(Team).where(getattr(Team, column) == dept.id)).first()
        if team is None:
            team = session.scalars(select(Team).where(Team.name == name)).first()
            if team is None:
                team = Team(name=name, dept_code=dept_code)
                session.add(team)
                report.say(texts.ORG_TEAM_NEW.format(team=name))
            setattr(team, column, dept.id)
        elif team.name != name and session.scalars(select(Team).where(Team.name == name)).first() is None:
            report.say(texts.ORG_TEAM_RENAMED.format(old=team.name, team=name))
            team.name = name
        teams[dept.id] = team
    session.flush()
    return teams


def _sync_member(session: Session, member, directory: Directory, teams: dict[str, Team], column: str,
                 report: SyncReport) -> None:
    name = member.name[:NAME_CHARS]
    user = session.scalars(select(User).where(getattr(User, column) == member.id)).first()
    if user is None:  # someone we know by name only (typed in, or from the terminal chat): link them
        user = session.scalars(select(User).where(User.name == name, getattr(User, column).is_(None))
                               .order_by(User.id)).first()
    if user is None:
        user = User(name=name, role="rep")
        session.add(user)
        report.say(texts.ORG_USER_NEW.format(name=name))
    setattr(user, column, member.id)
    if not user.active:
        user.active, user.left_at = True, None
        report.say(texts.ORG_USER_BACK.format(name=user.name))
    team = next((teams[d] for d in member.departments if d in teams), None)
    if team is not None and user.team_id != team.id:
        if user.team_id is not None:
            report.say(texts.ORG_USER_MOVED.format(name=user.name, team=team.name))
        user.team = team
    leads = any(member.id in directory.departments[d].leaders for d in member.departments if d in directory.departments)
    role = "manager" if leads else "rep"
    if user.role != "admin" and user.role != role:
        if user.id is not None:
            report.say(texts.ORG_ROLE.format(name=user.name, role=texts.ROLES[role]))
        user.role = role


def _deactivate_departed(session: Session, directory: Directory, column: str, now: datetime,
                         report: SyncReport) -> None:
    present = set(directory.members)
    for user in session.scalars(select(User).where(getattr(User, column).is_not(None), User.active.is_(True))):
        if getattr(user, column) in present:
            continue
        user.active, user.left_at = False, now
        customers = list(session.scalars(select(Customer.name).where(Customer.owner_id == user.id).order_by(Customer.name)))
        report.left.append((user, customers))
        report.say(texts.ORG_USER_LEFT.format(name=user.name, n=len(customers),
                                              customers="、".join(customers[:20]) or texts.NONE))
