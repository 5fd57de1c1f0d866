"""Dispatch: senders, dedupe, bad input."""
from sqlalchemy import select

from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import Activity, Customer, User
from tests.helpers import count_rows


def test_unknown_sender_is_registered_as_rep_with_platform_name(chat, services):
    chat.as_("新人小周").say("/帮助")
    with services.db.session() as s:
        user = s.scalars(select(User).where(User.name == "新人小周")).one()
        assert user.role == "rep"


def test_wecom_sender_is_found_again_by_platform_id(chat, services):
    wecom = chat.as_("zhangwei01")
    wecom.platform = "wecom"
    wecom.say("/帮助")
    wecom.say("/帮助")
    with services.db.session() as s:
        users = list(s.scalars(select(User).where(User.wecom_userid == "zhangwei01")))
    assert len(users) == 1


def test_same_platform_message_id_is_processed_once_and_answered_again(chat, services):
    first = chat.send("/帮助", message_id="m-1")
    again = chat.send("/帮助", message_id="m-1")
    assert again.duplicate and again.text == first.text
    assert count_rows(services.db, InboundMessage) == 1


def test_empty_text_gets_an_example_and_stores_nothing_but_the_message(chat, services):
    assert "比如" in chat.say("   ")
    assert count_rows(services.db, Activity) == 0 and count_rows(services.db, Customer) == 0


def test_ten_thousand_characters_get_a_clear_limit_reply(chat, services):
    reply = chat.say("拜访华为" * 2500)
    assert "太长" in reply and "2000" in reply
    assert count_rows(services.db, Activity) == 0


def test_control_characters_and_emoji_do_not_break_commands(chat):
    assert "/客户" in chat.say("\x00\x07/帮助\u200b")
    assert chat.say("👍🎉") != ""


def test_lone_slash_shows_help(chat):
    assert "/待办" in chat.say("/")
