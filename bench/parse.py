"""The free-text parser: throughput on generated messages, and the cold start and peak RSS of its command line.

Messages come from templates x customers x amounts x dates x tags (seeded, so every run sees the same corpus);
throughput is measured on one core after a warm-up pass, in CPU time of this process so that other work on a
shared machine does not count against the parser. The cold start is the median wall time of
`python -m bot.nlp.cli --now … "<message>"` as a subprocess; peak RSS is the largest of those children.
Throughput is measured again against 2,000 generated registered names (a big team's visible customers), half the
messages naming one by its short name: matching must not slow down with the list's size.
Goals: >= 4,000 messages/s, cold start < 1.0 s, peak RSS < 120 MB. BENCH_QUICK=1 runs a smaller corpus.
"""
from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.nlp import KnownCustomer, parse  # noqa: E402
from bot.nlp.customers import short_name  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
MESSAGES = 1_000 if QUICK else 10_000
COLD_RUNS = 3 if QUICK else 7
NOW = datetime(2026, 11, 18, 10, 0)
COLD_MESSAGE = "今天拜访了华为张经理，他们要定制化的ERP接口，预算五十万，下周三下午3点再跟进"

CUSTOMERS = [KnownCustomer(name, aliases) for name, aliases in [
    ("华为技术有限公司", ("华为",)), ("比亚迪股份有限公司", ("比亚迪", "BYD")), ("美的集团股份有限公司", ("美的",)),
    ("宁德时代新能源科技股份有限公司", ("宁德时代", "CATL")), ("海尔智家股份有限公司", ("海尔",)),
    ("三一重工股份有限公司", ("三一重工", "三一")), ("格力电器股份有限公司", ("格力",)),
    ("中兴通讯股份有限公司", ("中兴",)), ("京东方科技集团股份有限公司", ("京东方", "BOE")),
    ("顺丰控股股份有限公司", ("顺丰",)), ("联想集团有限公司", ("联想",)), ("海康威视数字技术股份有限公司", ("海康",)),
]]
WRITTEN = ["华为", "华伟", "比亚迪", "BYD", "美的", "宁德时代", "海尔", "三一", "格力", "中兴", "京东方", "顺丰",
           "联想", "海康", "杭州云帆科技", "宁波海瑞电器有限公司", "huawei"]
CONTACTS = ["张经理", "李工", "王总", "陈总监", "刘主任", "赵总", "李明", "吴经里", "周经理"]
AMOUNTS = ["预算50万", "预算大概30-50万", "报价1万5一套", "合同金额120万", "预算80w", "我们报价两万五", "预算三五十万",
           "预算10万以内", "签了260万的合同", "预算每台3k", "友商报了45万", "能批一百二十万", "单价3.4万，先订20台",
           "预算批下来了，60万", "今天到账78万", "首付款20万已经打过来了"]
DATES = ["下周三", "明天", "后天", "周五", "下下周二", "3天后", "月底前", "下个月中旬", "12月5日前", "25号",
         "明天上午10点", "下午3点半", "周末", "两周后", "年底前", "1月10号"]
NEEDS = ["要定制化的ERP接口", "急需补货200件", "嫌价格太贵", "交期要求两周内", "设备故障需要上门维修", "需要操作培训",
         "想了解API对接", "对质量比较满意", "在对比友商的方案", "要等保认证材料", "想先要样品测试", "要50套标准版",
         "降价5%就签", "电话13812345678", "新对接人是采购总监段一鸣，手机13699998888", "补货的事解决了",
         "冷柜修好了", "意向先订30套", "老板拍板了", "这单把握很大", "先不联系了，明年再说"]
STEPS = ["再跟进", "发报价", "回访", "出方案", "再约", "提交资料", "电话回访", "去现场讲解"]
TEMPLATES = [
    "今天拜访了{c}{p}，{n}，{a}，{d}{s}",
    "给{c}{p}打了电话，{n}，{d}{s}",
    "{c}的{p}说{n}，{a}",
    "{c}签了！{a}，{d}排产",
    "{c}的项目黄了，客户{n}",
    "展会上认识一个新客户，{c}，{n}，{d}{s}",
    "{c}方案已经提交了，{d}{s}",
    "{d}去{c}开会，{n}",
    "{c} 电话 {n} {d}{s}",
    "{c}现在到哪个阶段了？",
    "你好，辛苦了",
    "约了{d}去{c}拜访{p}，{n}",
    "{c}的扫码枪全部到货了，客户验收了，{a}",
    "{c}的联系人是谁",
    "{c}那单已经排产了，{n}，{d}{s}",
]


# A rep's visible customers in a big team: registered names made of region + 字号 + industry + legal form.
REGIONS = ["宁波", "佛山市南海区", "苏州工业园区", "东莞市", "杭州萧山", "温州", "无锡市锡山区", "青岛", "成都高新区", "武汉"]
CORE_CHARS = "甬宏博新利达恒锐华正泰精诚嘉禾天能双童鸿海越舜宇立永盛昌兴澄亚普信联创蓉欧九洲光谷宇通杰瑞齐鲁以岭隆基伊奇瑞"
TRADES = ["汽车零部件", "五金制品", "精工科技", "电子", "纺织机械", "新材料科技", "医疗器械", "冷链物流", "吊装设备", "电器"]
LEGAL = ["有限公司", "股份有限公司", "厂", "集团有限公司"]
BIG_LIST = 2_000


def big_customer_list(n: int, seed: int = 7) -> list[KnownCustomer]:
    rng = random.Random(seed)
    names = {}
    while len(names) < n:
        core = "".join(rng.sample(CORE_CHARS, 2 + (rng.random() < 0.3)))
        name = rng.choice(REGIONS) + core + rng.choice(TRADES) + rng.choice(LEGAL)
        names.setdefault(name, KnownCustomer(name))
    return [*CUSTOMERS, *names.values()]


def corpus(n: int, seed: int = 20261118, written: list[str] = WRITTEN) -> list[str]:
    rng = random.Random(seed)
    pick = rng.choice
    return [pick(TEMPLATES).format(c=pick(written), p=pick(CONTACTS), a=pick(AMOUNTS), d=pick(DATES),
                                   n=pick(NEEDS), s=pick(STEPS)) for _ in range(n)]


def throughput(messages: list[str], customers: list[KnownCustomer]) -> float:
    for text in messages[:200]:  # warm-up: lazy imports and per-list caches
        parse(text, NOW, customers)
    start = time.process_time()
    for text in messages:
        parse(text, NOW, customers)
    return len(messages) / (time.process_time() - start)


def cold_start() -> tuple[float, float]:
    """Median wall time of the CLI on one message, and the peak RSS (MB) of those child processes."""
    times = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot.nlp.cli", "--now", "2026-11-18T10:00", COLD_MESSAGE],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    return statistics.median(times), peak_kb / 1024


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal is stated
    messages = corpus(MESSAGES)
    print(f"corpus: {len(messages)} messages from {len(TEMPLATES)} templates (distinct: {len(set(messages))})")
    rate = throughput(messages, CUSTOMERS)
    print(f"throughput: {rate:,.0f} messages/s (goal >= 4,000) with {len(CUSTOMERS)} known customers")
    big = big_customer_list(BIG_LIST)
    start = time.process_time()
    parse(COLD_MESSAGE, NOW, big)
    indexing = time.process_time() - start
    # Half the messages name one of the big list's customers by its short name, as reps do (甬达 for 宁波甬达…).
    shorts = [short_name(c.name) for c in big[len(CUSTOMERS)::40]]
    big_rate = throughput(corpus(MESSAGES, written=WRITTEN + shorts[:len(WRITTEN)]), big)
    print(f"throughput: {big_rate:,.0f} messages/s with {len(big):,} known customers, half named by short name"
          f" ({big_rate / rate:.2f} of the small list; indexing them once: {indexing * 1000:.0f} ms)")
    cold, rss = cold_start()
    print(f"cold start: {cold:.2f} s median of {COLD_RUNS} (goal < 1.0 s); peak RSS {rss:.0f} MB (goal < 120 MB)")
    print(f"throughput {rate:.0f} msg/s ({big_rate:.0f} with {len(big):,} customers), cold start {cold:.2f} s,"
          f" peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
