"""Contacts with what comes with them: phone (mobile or landline) and e-mail, a role said before the name, and whether
the contact replaces earlier ones (新对接人是…, 换人了)."""

import pytest

from bot.nlp import KnownCustomer

from nlp_helpers import run

KNOWN = [KnownCustomer("泽苓药业股份有限公司", ("泽苓",)), KnownCustomer("博远精工科技有限公司", ("博远",)),
         KnownCustomer("锦程物流有限公司", ("锦程",)), KnownCustomer("宏图五金制品厂", ("宏图",))]


def contacts(text: str) -> list[tuple]:
    return [(c["name"], c["title"], c["phone"], c["email"], c["new"]) for c in run(text, customers=KNOWN)["contacts"]]


@pytest.mark.parametrize("text, expected", [
    ("今天下午去泽苓拜访了，对接人是采购经理贺岚，电话13811112222。冷链仓想上温湿度监测",
     [("贺岚", "采购经理", "13811112222", None, False)]),
    ("张经理电话13812345678，邮箱zhang@jincheng.com", [("张", "经理", "13812345678", "zhang@jincheng.com", False)]),
    ("王总手机 139-1234-5678", [("王", "总", "13912345678", None, False)]),
    ("博远设备部的刘工，座机0512-66778899", [("刘", "工", "0512-66778899", None, False)]),
    ("对接人王芳，电话13800000000", [("王芳", None, "13800000000", None, False)]),
    ("李总和技术的孙工都在，孙工手机15988887777", [("李", "总", None, None, False), ("孙", "工", "15988887777", None, False)]),
    ("宏图的陈厂长说下周来，他微信就是手机号13711223344", [("陈", "厂长", "13711223344", None, False)]),
    ("把资料发到 sales@hongtu.cn，张经理会转给技术", [("张", "经理", None, "sales@hongtu.cn", False)]),
])
def test_phones_and_emails_go_to_the_contact_they_are_said_with(text, expected):
    assert contacts(text) == expected


def test_a_phone_with_no_contact_named_is_no_amount_and_no_contact():
    got = run("锦程那边的电话13811112222，回头打过去", customers=KNOWN)
    assert (got["contacts"], got["amounts"]) == ([], [])


@pytest.mark.parametrize("text, expected, changed", [
    ("上午跟泽苓通了电话，他们换人了，贺岚调岗了，新对接人是采购总监段一鸣，手机13699998888",
     [("贺岚", None, None, None, False), ("段一鸣", "采购总监", "13699998888", None, True)], True),
    ("锦程换人了，现在是李总负责，手机13512345678", [("李", "总", "13512345678", None, True)], True),
    ("博远的对接人换了，新的是采购主管赵敏 zhaomin@boyuan.cn", [("赵敏", "采购主管", None, "zhaomin@boyuan.cn", True)], True),
    ("宏图王经理离职了，接手的是陈经理", [("王", "经理", None, None, False), ("陈", "经理", None, None, True)], True),
    ("泽苓的新联系人是财务部的吴丽", [("吴丽", None, None, None, True)], True),
    ("博远的李总说下周来，对接人还是王芳", [("李", "总", None, None, False), ("王芳", None, None, None, False)], False),
])
def test_a_change_of_contact_marks_the_new_one(text, expected, changed):
    assert contacts(text) == expected
    assert run(text, customers=KNOWN)["contact_changed"] is changed


def test_a_name_introduced_with_叫_gets_the_phone_said_later():
    assert contacts("康晟换了新的对接人，叫周敏，是设备科科长，电话0755-26781234") == [
        ("周敏", None, "0755-26781234", None, True)]


def test_a_dictated_mobile_number_is_read_as_digits_and_is_no_call():
    got = run("泽苓那个王经理电话是一三八一一一一二二二二", customers=KNOWN)
    assert got["contacts"][0]["phone"] == "13811112222"
    assert (got["activity_type"], got["amounts"]) == (None, [])


@pytest.mark.parametrize("text, expected", [
    ("今天上午去宏图拜访了，采购经理周婷，电话13760001234，他们想做一批定制的不锈钢把手",
     [("周婷", "采购经理", "13760001234", None, False)]),
    ("博远的技术总监王磊说接口下周能调通", [("王磊", "技术总监", None, None, False)]),
    ("锦程设备部王部长来电话了", [("王", "部长", None, None, False)]),
    ("泽苓的张经理周三来", [("张", "经理", None, None, False)]),
])
def test_a_role_before_a_full_name_is_the_title(text, expected):
    assert contacts(text) == expected
