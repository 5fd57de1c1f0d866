"""The command registry and how dispatch routes commands."""
import pytest

from bot.commands import ensure_loaded
from bot.commands.registry import DuplicateCommandError, command, find, unregister
from bot.sales.errors import CommandError


@pytest.fixture
def throwaway():
    names = []

    def register(name, *aliases, func=None):
        def handler(ctx, args):
            """回声测试
            用法：/回声 文字"""
            return f"echo:{args}"
        command(name, *aliases)(func or handler)
        names.append(name)

    yield register
    for name in names:
        unregister(name)


def test_command_answers_by_name_alias_and_full_width_slash(chat, throwaway):
    throwaway("回声", "echo")
    assert chat.say("/回声 你好") == "echo:你好"
    assert chat.say("/ECHO 你好") == "echo:你好"
    assert chat.say("／回声 全角") == "echo:全角"


def test_a_taken_name_fails_at_registration(throwaway):
    ensure_loaded()
    with pytest.raises(DuplicateCommandError):
        command("待办")(lambda ctx, args: "")
    throwaway("独有")
    with pytest.raises(DuplicateCommandError):
        command("另一个", "独有")(lambda ctx, args: "")
    assert find("另一个") is None


def test_unknown_command_gets_a_reply_naming_it_and_pointing_to_help(chat):
    reply = chat.say("/不存在的命令")
    assert "/不存在的命令" in reply and "/帮助" in reply


def test_unknown_command_close_to_a_real_one_is_suggested(chat):
    assert "/待办" in chat.say("/待")


def test_help_lists_every_command_with_its_summary(chat):
    ensure_loaded()
    reply = chat.say("/帮助")
    assert "/客户  我的客户列表" in reply and "/待办" in reply


def test_help_for_one_command_shows_usage_and_aliases(chat):
    reply = chat.say("/帮助 待办")
    assert reply.startswith("/待办") and "用法" in reply and "/todo" in reply


def test_help_for_unknown_command_is_a_polite_error(chat):
    assert "没有 /xyz" in chat.say("/帮助 xyz")


def test_command_error_becomes_a_polite_reply_and_rolls_back_its_writes(chat, services, throwaway):
    from sqlalchemy import func, select

    from bot.storage.models import Team

    def failing(ctx, args):
        """失败"""
        ctx.session.add(Team(name="不该留下", dept_code="X"))
        ctx.session.flush()
        raise CommandError("请写客户名，例如 /失败 华为")

    throwaway("失败", func=failing)
    assert chat.say("/失败") == "请写客户名，例如 /失败 华为"
    with services.db.session() as s:
        assert s.scalar(select(func.count(Team.id))) == 0


def test_unexpected_exception_becomes_apology_with_reference_logged(chat, throwaway, caplog):
    def broken(ctx, args):
        """坏了"""
        raise ZeroDivisionError("boom")

    throwaway("坏了", func=broken)
    reply = chat.say("/坏了")
    assert "抱歉" in reply and "编号" in reply
    ref = reply.split("编号 ")[1][:8]
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


def test_failed_command_is_recorded_once_and_its_retry_gets_the_same_answer_without_running(chat, services, throwaway):
    from sqlalchemy import select

    from bot.storage.bookkeeping import InboundMessage
    from bot.storage.models import User

    runs = []

    def failing(ctx, args):
        """失败"""
        runs.append(args)
        raise CommandError("请写客户名")

    throwaway("失败", func=failing)
    first = chat.as_("新人小吴").send("/失败", message_id="m-fail")
    again = chat.as_("新人小吴").send("/失败", message_id="m-fail")
    assert first.text == "请写客户名" and again.duplicate and again.text == first.text
    assert len(runs) == 1
    with services.db.session() as s:
        row = s.scalars(select(InboundMessage).where(InboundMessage.message_id == "m-fail")).one()
        sender = s.scalars(select(User).where(User.name == "新人小吴")).one()
    assert row.reply_text == "请写客户名" and row.user_id == sender.id
