"""The scheduled jobs. Each decides what to push for one day and writes outbox rows in that same transaction."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Optional

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bot.nlp.calendar import is_workday
from bot.notifier import outbox
from bot import texts
from bot.notifier.channels import SendError, route_for_group, route_for_user
from bot.notifier.digest import DIGEST_MAX_LINES, digest_text, todo_refs
from bot.notifier.loader import due_by_user
from bot.notifier.pool_release import PoolLimits, run as run_pool_release
from bot.notifier.quiet import release_time
from bot.notifier.review import managers, recompute_tiers, review_by_owner, team_reps
from bot.notifier.review_data import load_review_data, save_tier_changes
from bot.notifier.review_text import rep_text, team_text
from bot.notifier.summaries import monthly_payload, weekly_text
from bot.notifier.workdays import first_workday_of_month, first_workday_of_week
from bot.settings import Settings
from bot.storage.bookkeeping import ReminderLog
from bot.storage.models import GroupChat, Team, User

log = logging.getLogger(__name__)


@dataclass
class JobContext:
    session: Session
    settings: Settings
    day: date
    now: datetime

    @property
    def tz(self) -> str:
        return self.settings.timezone

    def enqueue(self, messages: list[outbox.OutMessage]) -> set[str]:
        return outbox.enqueue(self.session, messages, release_time(self.now, self.tz, self.settings.get("BOT_QUIET_HOURS")))


def _user_message(ctx: JobContext, user: User, key: str, payload: dict) -> outbox.OutMessage:
    channel, target = route_for_user(user, ctx.settings)
    return outbox.OutMessage(channel, target, payload, key)


def daily_digest(ctx: JobContext) -> Optional[int]:
    """09:00 on workdays: each unmuted user with something due gets one numbered list; its shown lines are kept
    for /完成 N (a longer list is numbered in full by /待办)."""
    if not is_workday(ctx.day):
        return None
    due = due_by_user(ctx.session, ctx.now, ctx.day, ctx.tz)
    users = {u.id: u for u in ctx.session.scalars(select(User).where(User.id.in_(list(due)), User.muted.is_(False),
                                                                      User.active.is_(True)))}
    keys = {uid: f"daily_digest:user:{uid}:{ctx.day.isoformat()}" for uid in users}
    fresh = ctx.enqueue([_user_message(ctx, users[uid], key, {"text": digest_text(users[uid].name, due[uid], ctx.day)})
                         for uid, key in keys.items()])
    sent_to = [uid for uid, key in keys.items() if key in fresh]
    if sent_to:
        ctx.session.execute(update(User), [{"id": uid, "last_todo": todo_refs(due[uid][:DIGEST_MAX_LINES])} for uid in sent_to])
    logs = [{"customer_id": i.customer_id, "user_id": uid, "reason": i.reason, "sent_on": ctx.day}
            for uid in sent_to for i in due[uid][:DIGEST_MAX_LINES] if i.kind == "cadence"]
    if logs:
        ctx.session.execute(insert(ReminderLog), logs)
    return len(fresh)


def weekly_summary(ctx: JobContext) -> Optional[int]:
    """First workday of the week: each team's managers get last week per rep."""
    if first_workday_of_week(ctx.day) != ctx.day:
        return None
    start, end = ctx.day - timedelta(days=7), ctx.day - timedelta(days=1)
    week = f"{ctx.day.isocalendar().year}-W{ctx.day.isocalendar().week:02d}"
    messages = []
    for team in ctx.session.scalars(select(Team).order_by(Team.id)):
        managers = [u for u in team.members if u.role == "manager" and not u.muted]
        if not managers:
            continue
        reps = sorted((u for u in team.members if u.role == "rep"), key=lambda u: u.id)
        due = due_by_user(ctx.session, ctx.now, ctx.day, ctx.tz, [u.id for u in team.members])
        overdue = {uid: sum(1 for i in items if i.due_date < ctx.day) for uid, items in due.items()}
        text = weekly_text(ctx.session, team.name, reps, start, end, ctx.tz, overdue)
        messages += [_user_message(ctx, m, f"weekly_summary:user:{m.id}:{week}", {"text": text, "title": text.splitlines()[0]})
                     for m in managers]
    return len(ctx.enqueue(messages))


def monthly_summary(ctx: JobContext) -> Optional[int]:
    """First workday of the month: every bound group chat gets its team's funnel and KPIs for last month."""
    if first_workday_of_month(ctx.day.year, ctx.day.month) != ctx.day:
        return None
    last = ctx.day.replace(day=1) - timedelta(days=1)
    messages = []
    for group in ctx.session.scalars(select(GroupChat).where(GroupChat.team_id.is_not(None)).order_by(GroupChat.id)):
        key = f"monthly_summary:group:{group.id}:{last.year}-{last.month:02d}"
        if outbox.existing_keys(ctx.session, [key]):
            continue
        channel, target = route_for_group(group, ctx.settings)
        messages.append(outbox.OutMessage(channel, target, monthly_payload(ctx.session, group.team_id, last.year,
                                                                           last.month, ctx.tz), key))
    return len(ctx.enqueue(messages))


def monthly_review(ctx: JobContext) -> Optional[int]:
    """First workday of the month (seed 001 每月梳理): tiers recomputed from the last 12 months of won orders, each
    change recorded in tier_changes; each unmuted rep with something to review gets their own lists (tier changes,
    lost contact, high potential, stale intent orders), each team's managers the counts per rep and the worst items.
    Nobody gets an empty review."""
    if first_workday_of_month(ctx.day.year, ctx.day.month) != ctx.day:
        return None
    lost_days, intent_days = ctx.settings.get("BOT_REVIEW_LOST_DAYS"), ctx.settings.get("BOT_REVIEW_INTENT_DAYS")
    data = load_review_data(ctx.session, ctx.day, ctx.now, ctx.tz, lost_days, intent_days)
    recomputed = recompute_tiers(data)
    save_tier_changes(ctx.session, recomputed, ctx.day)
    reviews = review_by_owner(data, recomputed.moves)
    summaries = {}
    for team_id, reps in team_reps(data).items():
        text = team_text(data.teams.get(team_id, ""), ctx.day, reps, reviews)
        if text is not None:
            summaries.update({m.id: text for m in managers(data, team_id)})
    told = {uid for uid in reviews if data.users[uid].active and not data.users[uid].muted}
    users = {u.id: u for u in ctx.session.scalars(select(User).where(User.id.in_(list(told | set(summaries)))))}
    month = f"{ctx.day.year}-{ctx.day.month:02d}"
    messages = [_user_message(ctx, users[uid], f"monthly_review:user:{uid}:{month}",
                              {"text": rep_text(users[uid].name, ctx.day, reviews[uid], lost_days, intent_days)})
                for uid in sorted(told)]
    messages += [_user_message(ctx, users[uid], f"monthly_review:manager:{uid}:{month}",
                               {"text": text, "title": text.splitlines()[0]}) for uid, text in sorted(summaries.items())]
    return len(ctx.enqueue(messages))


def pool_release(ctx: JobContext) -> Optional[int]:
    """Workdays: owners are told which quiet customers go to the team's pool (公海) and when; those due go, and each
    team's managers get the list (bot/notifier/pool_release.py)."""
    if not is_workday(ctx.day):
        return None
    pushes = run_pool_release(ctx.session, ctx.day, ctx.now, ctx.tz, PoolLimits.from_settings(ctx.settings))
    return len(ctx.enqueue([_user_message(ctx, p.user, p.key, {"text": p.text, "title": p.text.splitlines()[0]})
                            for p in pushes]))


def org_sync(ctx: JobContext) -> Optional[int]:
    """Daily: each configured platform's departments and members into teams and users (bot.storage.org_sync).
    A platform that cannot be read is skipped whole; whoever left has their customers sent to their team's
    managers (or the admins) for reassignment."""
    from bot.notifier.org_directory import configured_fetchers
    from bot.storage.org_sync import sync_org

    fetchers = configured_fetchers(ctx.settings)
    if not fetchers:
        return None
    messages = []
    for platform, fetch in fetchers.items():
        try:
            directory = fetch()
        except SendError as exc:
            log.warning("org_sync: %s directory unreadable, nothing changed: %s", platform, exc)
            continue
        report = sync_org(ctx.session, directory, ctx.now, ctx.settings.get("BOT_DEPT_CODE"))
        for departed, customers in report.left:
            if customers:
                messages += _reassign_notices(ctx, departed, customers, f"org_sync:{ctx.day}")
    return len(ctx.enqueue(messages))


def _reassign_notices(ctx: JobContext, departed: User, customers: list[str], key: str) -> list[outbox.OutMessage]:
    """To the departed user's team managers, or to the admins when the team has none."""
    session = ctx.session
    managers = list(session.scalars(select(User).where(User.active.is_(True), User.team_id == departed.team_id,
                                                       User.role == "manager"))) if departed.team_id else []
    told = managers or list(session.scalars(select(User).where(User.active.is_(True), User.role == "admin")))
    text = texts.ORG_REASSIGN.format(name=departed.name, customers="、".join(customers))
    return [_user_message(ctx, u, f"{key}:left:{departed.id}:{u.id}", {"text": text}) for u in told]


def retention(ctx: JobContext) -> Optional[int]:
    """Daily: raw texts past BOT_RAW_TEXT_DAYS are blanked, exports and charts older than a day removed. Pushes
    nothing (0 outbox rows)."""
    from bot.storage.retention import blank_old_texts, remove_old_files

    rows = blank_old_texts(ctx.session, ctx.now, ctx.settings.get("BOT_RAW_TEXT_DAYS"))
    files = remove_old_files(ctx.settings.instance_path)
    log.info("retention: %s rows blanked, %s files removed", rows, files)
    return 0


Job = Callable[[JobContext], Optional[int]]
# name -> (job, setting with its local time "HH:MM")
JOBS: dict[str, tuple[Job, str]] = {
    "daily_digest": (daily_digest, "BOT_DIGEST_TIME"),
    "weekly_summary": (weekly_summary, "BOT_WEEKLY_SUMMARY_TIME"),
    "monthly_summary": (monthly_summary, "BOT_MONTHLY_SUMMARY_TIME"),
    "monthly_review": (monthly_review, "BOT_MONTHLY_REVIEW_TIME"),
    "org_sync": (org_sync, "BOT_ORG_SYNC_TIME"),
    "pool_release": (pool_release, "BOT_POOL_TIME"),
    "retention": (retention, "BOT_RETENTION_TIME"),
}
