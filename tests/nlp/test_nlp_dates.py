"""Every row of the contract's date table, clock times, past dates and the choice between several dates."""

from datetime import datetime

import pytest

from nlp_helpers import run

WED = datetime(2026, 11, 18, 10, 0)
SAT = datetime(2026, 11, 28, 9, 0)
YEAR_END = datetime(2026, 12, 30, 16, 0)


@pytest.mark.parametrize("phrase, expected", [
    ("今天", "2026-11-18"), ("明天", "2026-11-19"), ("后天", "2026-11-20"), ("大后天", "2026-11-21"),
    ("周五", "2026-11-20"), ("周三", "2026-11-25"), ("周一", "2026-11-23"), ("星期四", "2026-11-19"),
    ("礼拜天", "2026-11-22"), ("周日", "2026-11-22"),
    ("本周五", "2026-11-20"), ("这周五", "2026-11-20"), ("这周六", "2026-11-21"),
    ("下周三", "2026-11-25"), ("下周一", "2026-11-23"), ("下星期二", "2026-11-24"), ("下礼拜五", "2026-11-27"),
    ("下周", "2026-11-23"), ("下下周二", "2026-12-01"), ("下下周", "2026-11-30"),
    ("3天后", "2026-11-21"), ("三天之后", "2026-11-21"), ("过5天", "2026-11-23"), ("过两天", "2026-11-20"),
    ("2周后", "2026-12-02"), ("一周后", "2026-11-25"), ("两周后", "2026-12-02"), ("半个月后", "2026-12-03"),
    ("周末", "2026-11-21"),
    ("月底", "2026-11-30"), ("本月底", "2026-11-30"), ("这个月底", "2026-11-30"),
    ("下月初", "2026-12-01"), ("下个月初", "2026-12-01"), ("下个月", "2026-12-01"), ("下月", "2026-12-01"),
    ("下月中", "2026-12-15"), ("下个月中旬", "2026-12-15"), ("下月底", "2026-12-31"), ("下个月底", "2026-12-31"),
    ("年底", "2026-12-31"), ("年前", "2026-12-31"),
    ("12月5日", "2026-12-05"), ("12月5号", "2026-12-05"), ("1月10号", "2027-01-10"), ("11月20日", "2026-11-20"),
    ("12/5", "2026-12-05"), ("12.5", "2026-12-05"), ("十二月八号", "2026-12-08"),
    ("25号", "2026-11-25"), ("5号", "2026-12-05"), ("18号", "2026-11-18"), ("30日", "2026-11-30"),
])
def test_date_table_row_resolves_against_wednesday(phrase, expected):
    assert run(f"{phrase}再跟进", WED)["next_date"] == expected


@pytest.mark.parametrize("phrase, expected", [
    ("周末", "2026-12-05"), ("下周一", "2026-11-30"), ("周六", "2026-12-05"), ("周一", "2026-11-30"),
    ("月底", "2026-11-30"), ("下月初", "2026-12-01"),
])
def test_saturday_rolls_weekend_and_weeks_forward(phrase, expected):
    assert run(f"{phrase}再联系", SAT)["next_date"] == expected


@pytest.mark.parametrize("phrase, expected", [
    ("1月5号", "2027-01-05"), ("下月初", "2027-01-01"), ("下个月中旬", "2027-01-15"),
    ("年底", "2026-12-31"), ("3号", "2027-01-03"), ("明天", "2026-12-31"), ("后天", "2027-01-01"),
])
def test_dates_cross_the_year_end(phrase, expected):
    assert run(f"{phrase}再约", YEAR_END)["next_date"] == expected


@pytest.mark.parametrize("text, date, time", [
    ("下午3点半去华为", "2026-11-18", "15:30"),
    ("上午11点开会", "2026-11-18", "11:00"),
    ("早上9点开会", "2026-11-19", "09:00"),
    ("中午一起吃饭聊方案", "2026-11-18", "12:00"),
    ("晚上8点打电话", "2026-11-18", "20:00"),
    ("3点开会", "2026-11-18", "15:00"),
    ("10:30视频会", "2026-11-18", "10:30"),
    ("9点开会", "2026-11-19", "09:00"),
    ("明天上午10点去顺丰", "2026-11-19", "10:00"),
    ("明早9点给比亚迪打电话", "2026-11-19", "09:00"),
    ("下周三下午两点半再约", "2026-11-25", "14:30"),
    ("周五下午4点15分回访", "2026-11-20", "16:15"),
])
def test_clock_time_goes_with_its_day_or_today_or_tomorrow(text, date, time):
    got = run(text, WED)
    assert (got["next_date"], got["next_time"]) == (date, time)


@pytest.mark.parametrize("text", [
    "昨天拜访了华为", "前天给美的打了电话", "上周五见了三一的李总", "上个月的货有问题",
    "今天拜访了比亚迪", "刚才和中兴通了个电话", "今天和美的开了个会", "11月10日去了华为",
])
def test_a_date_describing_the_past_is_no_follow_up(text):
    assert run(text, WED)["next_date"] is None


@pytest.mark.parametrize("text", ["客户说便宜一点就签", "提了3点要求", "降了5个点"])
def test_points_that_are_not_clock_times_give_no_time(text):
    assert run(text, WED)["next_time"] is None


def test_next_step_date_wins_over_an_earlier_deadline():
    got = run("华为下月初排产，下周三再跟进", WED)
    assert got["next_date"] == "2026-11-25"


def test_earliest_future_date_when_none_is_tied_to_a_next_step():
    assert run("华为交期两周内，下周一前排期", WED)["next_date"] == "2026-11-23"


def test_trailing_qian_does_not_change_the_date_and_today_as_deadline_counts():
    assert run("美的12月5日前提交资料", WED)["next_date"] == "2026-12-05"
    assert run("美的今天下午必须发货", WED)["next_date"] == "2026-11-18"


def test_today_that_reports_and_future_step_picks_the_future_step():
    got = run("今天拜访了华为，下周三再跟进", WED)
    assert got["next_date"] == "2026-11-25"
    assert got["next_action"] == "再跟进"


def test_amount_with_decimal_point_is_not_a_month_dot_day():
    assert run("预算1.5万，华为", WED)["next_date"] is None
