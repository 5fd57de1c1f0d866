"""Percentages and counts typed alone (a target's value: /目标 本季度 转化率 35%, /目标 拜访次数 二十次)."""

import pytest

from bot.nlp import read_count, read_percent


@pytest.mark.parametrize("written, fraction", [
    ("35%", 0.35), ("35％", 0.35), ("12.5%", 0.125), ("百分之三十五", 0.35), ("百分之35", 0.35), ("百分之十", 0.1),
    ("百分之十二点五", 0.125), ("三成五", 0.35), ("三成", 0.3), ("10个点", 0.1), ("8个百分点", 0.08), ("100%", 1.0),
])
def test_percentages_read_as_fractions(written, fraction):
    assert read_percent(written) == fraction


@pytest.mark.parametrize("written", ["35", "0.35", "张伟", "成交额", "300万", "三十五", "", "35%以上的客户"])
def test_what_is_not_one_percentage_is_none(written):
    assert read_percent(written) is None


@pytest.mark.parametrize("written, count", [
    ("20", 20), ("20单", 20), ("三十次", 30), ("十五家", 15), ("二十个客户", 20), ("一百", 100), ("两单", 2),
    ("8笔", 8), ("12 次", 12),
])
def test_counts_of_things(written, count):
    assert read_count(written) == count


@pytest.mark.parametrize("written", ["1.5", "20万", "张伟", "王五", "35%", "本月", "二十多个", ""])
def test_what_is_not_a_whole_count_is_none(written):
    assert read_count(written) is None
