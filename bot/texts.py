"""Every user-facing sentence. Short, Chinese, and saying what to do next."""

EMPTY = "请发一句话，比如：今天拜访了华为张经理，预算50万，下周三再跟进。发 /帮助 看全部命令。"
TOO_LONG = "消息太长了（{n} 字），请控制在 {limit} 字以内，分几条发。"
UNKNOWN_COMMAND = "没有 /{name} 这个命令。发 /帮助 看全部命令。"
UNKNOWN_COMMAND_SUGGEST = "没有 /{name} 这个命令，你是想用 /{suggestion} 吗？发 /帮助 看全部命令。"
COMMAND_ERROR = "{message}"
INTERNAL_ERROR = "抱歉，处理出错了，已记录（编号 {ref}）。请稍后再试，或把编号发给管理员。"
DUPLICATE_MESSAGE = "这条消息已处理过。"

HELP_HEADER = "可用命令（发 /帮助 命令名 看用法）："
HELP_LINE = "/{name}  {summary}"
HELP_FOOTER = "直接发一句话即可记录拜访，比如：今天拜访了华为张经理，预算50万，下周三再跟进。"
HELP_ONE = "/{name}{aliases}\n{doc}"
HELP_ALIASES = "（也可用：{aliases}）"

CUSTOMERS_NONE = "你名下还没有客户。直接发一句话报告新线索，比如：展会上认识一个新客户，杭州云帆科技。"
CUSTOMERS_HEADER = "{who}的客户（共 {n} 家，按等级）："
CUSTOMERS_LINE = "{tier} {name}{owner}  最近联系 {last}"
CUSTOMERS_MORE = "还有 {k} 家，发 /客户 名称 查看某一家。"
CUSTOMER_NOT_FOUND = "没找到客户「{query}」。发 /客户 看你的客户列表。"
CUSTOMER_AMBIGUOUS = "找到多家：{names}。请写全一点，比如 /客户 {first}"
CUSTOMER_NOT_VISIBLE = "「{name}」不是你的客户，看不到详情。"
CARD_TITLE = "【{name}】{tier}类 · {industry} · 负责人 {owner}"
CARD_CONTACTS = "联系人：{contacts}"
CARD_LAST_CONTACT = "最近联系：{last}"
CARD_OPPS = "商机：{items}"
CARD_REQS = "需求：{items}"
CARD_ACTIVITIES = "最近活动："
CARD_ACTIVITY = "· {day} {type} {text}"
NONE = "无"
NEVER = "从未"

TODO_NONE = "今天没有要跟进的客户。👍"
TODO_HEADER = "待跟进（{n} 项，发 /完成 序号 标记完成，/改期 序号 日期 改期）："
TODO_LINE = "{i}. {when} {customer} {what}"
TODO_OVERDUE = "逾期{days}天"
TODO_TODAY = "今天"

FREE_TEXT_HINT = "没看懂这句。记录拜访可以这样说：今天拜访了华为张经理，预算50万，下周三再跟进。发 /帮助 看全部命令。"
WELCOME = "你好，我是销售跟进助手。直接发一句话记录拜访，比如：今天拜访了华为张经理，预算50万，下周三再跟进。发 /帮助 看全部命令。"

ACTIVITY_TYPES = {
    "visit": "拜访", "call": "电话", "meeting": "会议", "email": "邮件",
    "wechat": "微信", "demo": "演示", "other": "其他",
}
STAGES = {
    "initial": "初步接洽", "needs": "需求确认", "proposal": "方案提交", "negotiation": "商务谈判",
    "won": "合同签订", "lost": "已流失",
}
ROLES = {"rep": "销售", "manager": "经理", "admin": "管理员"}
WEEKDAYS = "一二三四五六日"

# --- Analytics: funnel, KPIs, analysis, charts, export (issue #8) ---
FUNNEL_HEADER = "{who} {period} 销售漏斗（商机 {n} 个）"
FUNNEL_COLUMNS = "阶段      商机  转化率   金额"
FUNNEL_LINE = "{stage}  {count:>4}  {rate:>6}  {amount:>7}"
FUNNEL_LOST = "已流失    {count:>4}"
FUNNEL_WON = "成交 {won} 单 {amount}；上月 {prev_won} 单 {prev_amount}（{delta}）"
FUNNEL_EMPTY = "{who} {period} 没有商机。记录拜访时提到商机，比如：华为要定制接口，预算50万。"
FUNNEL_REP = "{name} 商机{n} 成交{won} {amount}"
FUNNEL_REPS_MORE = "另有 {k} 人，发 /漏斗 姓名 看个人。"
SUMMARY_HEADER = "【月度小结】"

# --- Reminders: digests, /待办 /完成 /改期, /绑定 /解绑, /免打扰, summaries (issue #7) ---
DIGEST_HEADER = "早上好，{name}！今天要跟进 {n} 项："
DIGEST_SECTION = {"overdue": "【逾期】", "today": "【今天】", "week": "【本周】"}
DIGEST_LINE = "{i}. {customer} {reason}{when}"
DIGEST_MORE = "还有 {k} 项，发 /待办 查看。"
DIGEST_FOOTER = "做完发 /完成 序号，要改日子发 /改期 序号 日期。"
DUE_OVERDUE = "（逾期{days}天）"
DUE_ON = "（{day}）"
REASONS = {
    "followup": "按约跟进：{what}",
    "cadence_A": "A类客户本季度还没拜访",
    "cadence_B": "B类客户本月还没电话回访",
    "cadence_C": "C类客户本季度还没发产品邮件",
    "cadence_D": "D类客户半年没推送内容了",
    "aftersales": "订单{code}已交付，做售后回访",
    "req_unanswered": "需求「{what}」超过24小时未回复",
    "req_unsolved": "需求「{what}」超过48小时未解决",
    "req_escalated": "【升级】{rep}的需求「{what}」超过48小时未解决",
    "close_soon": "商机{code}预计{day}成交，跟进催单",
    "stale_opportunity": "商机{code}已{days}天没有跟进",
    "order_pending": "意向订单{code}待处理超过3天",
}
TODO_LIST_HEADER = "待办（{n} 项）："
TODO_LIST_FOOTER = "做完发 /完成 序号，要改日子发 /改期 序号 日期（如 /改期 2 下周三）。"
TODO_NO_LIST = "先发 /待办 看清单，再用 /完成 序号。"
TODO_BAD_NUMBER = "序号要在 1 到 {n} 之间。发 /待办 看最新清单。"
TODO_DONE = "已完成：{customer} {reason}。"
TODO_ALREADY_DONE = "第 {i} 项已经处理过了。发 /待办 看最新清单。"
TODO_RESCHEDULED = "已改期：{customer} 改到 {day}。"
TODO_CANNOT_RESCHEDULE = "这一项不能改期，做完后发 /完成 {i}。"
TODO_USAGE_DONE = "用法：/完成 序号，比如 /完成 2。"
TODO_USAGE_RESCHEDULE = "用法：/改期 序号 日期，比如 /改期 2 11月25日 或 /改期 2 下周三。"
TODO_BAD_DATE = "没看懂日期「{text}」，请写成 11月25日 或 2026-11-25。"
TODO_PAST_DATE = "改期日期不能早于今天（{day}）。"
MUTE_ON = "已开启免打扰：不再推送每日待办。发 /免打扰 关 恢复。"
MUTE_OFF = "已关闭免打扰：工作日早上会推送待办。"
MUTE_STATUS = "免打扰现在是{state}。发 /免打扰 开 或 /免打扰 关。"
MUTE_STATES = {True: "开", False: "关"}
BIND_NOT_GROUP = "请在要绑定的群里发 /绑定 团队名。"
BIND_NOT_MANAGER = "只有经理或管理员可以绑定群。"
BIND_USAGE = "用法：/绑定 团队名，比如 /绑定 华东销售部。"
BIND_NO_TEAM = "没有叫「{name}」的团队。可选：{names}。"
BIND_OTHER_TEAM = "你只能绑定自己的团队（{team}）。"
BIND_DONE = "已把本群绑定到「{team}」：每月第一个工作日推送上月小结。发 /解绑 取消。"
UNBIND_DONE = "已解绑，本群不再收到月度小结。"
UNBIND_NONE = "本群没有绑定团队。"
WEEKLY_HEADER = "【周报】{team} {start}–{end}"
WEEKLY_LINE = "{name}：新线索 {leads}，成交 {won}，流失 {lost}，逾期待办 {overdue}"
WEEKLY_EMPTY = "本团队还没有销售。"
TEAM_MONTH_FALLBACK = "【月度小结】{team} {year}年{month}月：新商机 {new}，成交 {won} 单 {amount}，流失 {lost}。"
OUTBOX_LINE = "{id}\t{status}\t{attempts}\t{channel}\t{target}\t{key}\t{error}"
OUTBOX_RETRIED = "已重新排队：{id}"
OUTBOX_NOT_FOUND = "没有 id 为 {id} 的消息。"
JOB_RAN = "{job} {day}：新写入 {n} 条待发消息，已发送 {sent} 条。"
JOB_SKIPPED = "{job} {day}：不是该发送的日子，跳过。"
JOB_UNKNOWN = "没有这个任务：{job}。可选：{names}。"
