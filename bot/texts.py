"""Every user-facing sentence. Short, Chinese, and saying what to do next."""

EMPTY = "请发一句话，比如：今天拜访了华为张经理，预算50万，下周三再跟进。发 /帮助 看全部命令。"
TOO_LONG = "消息太长了（{n} 字），请控制在 {limit} 字以内，分几条发。"
UNKNOWN_COMMAND = "没有 /{name} 这个命令。发 /帮助 看全部命令。"
UNKNOWN_COMMAND_SUGGEST = "没有 /{name} 这个命令，你是想用 /{suggestion} 吗？发 /帮助 看全部命令。"
COMMAND_ERROR = "{message}"
FIELD_TOO_LONG = "{label}太长，最多 {limit} 个字，请改短后再发。"
AMOUNT_IMPLAUSIBLE = "金额超过 100 亿元，不像真实数字，请核对后再发。"
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
    "req_escalated": "【升级】{who}的需求「{what}」超过48小时未解决",
    "close_soon": "商机{code}预计{day}成交，跟进催单",
    "stale_opportunity": "商机{code}已{days}天没有跟进",
    "order_pending": "意向订单{code}待处理超过3天",
}
TODO_LIST_HEADER = "待跟进（{n} 项）："
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
EXPORT_JSON_DONE = "已导出到 {path}：{customers} 个客户，{users} 个用户。"
EXPORT_XLSX_NO_FILE = "请给出输出文件，例如 export --period 2026-11 out.xlsx；要 JSON 用 export --format json。"
REPLAY_BAD_LINE = "replay：第 {line} 行有误，已停止（这一行没有执行，之前的行已生效）：{problem}"
REPLAY_NO_FILE = "replay：打不开 {file}：{error}"
REPLAY_NOT_JSON = "不是 JSON（{error}）"
REPLAY_NOT_OBJECT = "每行应是一个 JSON 对象 {…}"
REPLAY_UNKNOWN_KIND = "看不出是哪种行：需要 text、run、job、export 或 comment 之一"
REPLAY_MISSING = "缺少 \"{key}\"（或不是文字）"
REPLAY_BAD_AT = "时间「{at}」看不懂，请写 2026-12-01T09:30"
REPLAY_BACKWARDS = "时间倒退：{at} 早于上一行的 {last}"
REPLAY_BAD_RUN = "\"run\" 应是非空的字符串列表，例如 [\"user\", \"team\", \"张伟\", \"华东销售部\"]"
REPLAY_ENDLESS_RUN = "「{command}」不会自己结束或要读标准输入，回放里不能运行"
KPI_HEADER = "{who} {period} 业绩"
KPI_CONVERSION = "转化率  {value:>7}  成交客户 {num} / 线索 {den}"
KPI_AVERAGE_DEAL = "客单价  {value:>7}  成交额 {num} / 成交客户 {den}"
KPI_REPURCHASE = "复购率  {value:>7}  二次合作 {num} / 成交客户 {den}"
KPI_CYCLE = "销售周期 {value:>6}  总天数 {num} / 成交客户 {den}"
KPI_PREVIOUS = "上期：成交客户 {won}，成交额 {amount}，转化率 {conversion}"
KPI_REP = "{name} 成交客户{won} {amount} 线索{leads}"
KPI_USAGE = "用法：/业绩 本月、/业绩 上月 或 /业绩 本季度。"
PERIOD_UNKNOWN = "看不懂「{word}」这个时间。可以写：本月、上月、2026-10。"
PERSON_UNKNOWN = "没找到「{name}」。可以写：/漏斗 上月、/漏斗 2026-10 或 /漏斗 张伟。"
PERSON_NOT_VISIBLE = "只能看自己的数字；{name} 的数据请找经理查看。"

# --- Reports from chat (issue #5): confirmations, questions, undo, corrections, deal commands ---
REPORT_HEAD = "{verb}：{customer}（{type}）{extra}"
REPORT_FILED = "已记录"
REPORT_CORRECTED = "已更正"
REPORT_NEW_CUSTOMER = "，新客户，商机 {code}"
REPORT_NEW_OPP = "，新商机 {code}"
REPORT_FLAGGED = "，已通知负责人{owner}"
REPORT_TAGS = "标签：{tags}（重要度 {importance}）"
REPORT_AMOUNTS = "金额：{amounts}"
REPORT_STAGE = "阶段：{before} → {after}{extra}"
REPORT_ORDER = "，订单 {code}"
REPORT_LOST_REASON = "，原因：{reason}"
REPORT_NEXT = "下次跟进：{day}{time} {action}"
REPORT_NO_NEXT = "下次跟进：未定"
REPORT_UNDO_HINT = "发 /撤销 可撤回"
AMOUNT_KINDS = {"budget": "预算", "quote": "报价", "contract": "合同", "other": "金额"}
REPORT_NO_CUSTOMER = "没看出是哪家客户。请带上客户名再发一次，比如：今天拜访了华为张经理，预算50万，下周三再跟进。"
TEAMMATE_REPORT = "{who} 记录了你的客户「{customer}」：{text}"

ASK_WHICH_CUSTOMER = "你说的是哪家？{options}\n回复序号即可。"
ASK_OPTION = "{i}) {name}"
ASK_CREATE_CUSTOMER = "没找到「{name}」，要新建客户吗？(是/否)"
ASK_SAME_CUSTOMER = "已有相似客户：{names}，是同一家吗？(是/否)"
PENDING_EXPIRED = "刚才的问题已过期（10 分钟内没回复），请把报告重新发一次。"
PENDING_DROPPED = "好的，这条没有记录。需要时重新发一次。"
PENDING_BAD_CHOICE = "请回复 1 到 {n} 之间的序号，或重新发一次报告。"
CUSTOMER_OWNED_ELSEWHERE = "「{name}」由 {owner} 负责，不在你的团队，没有记录。请联系负责人。"

UNDO_DONE = "已撤销 {customer} 的报告：{text}"
UNDO_NOTHING = "24 小时内没有可撤销的报告。"

QUERY_STAGE = "{customer}：{code} {stage}，预计 {amount}，最近活动 {last}"
QUERY_NO_DEAL = "{customer} 目前没有进行中的商机。"
QUERY_HINT = "这个问题我还答不了。可以问：华为现在什么阶段？我今天要跟进谁？也可以发 /客户 华为、/待办。"

CORRECT_NOTHING = "没有可修改的报告：只能改 10 分钟内你最近的一条。"
CORRECT_UNKNOWN = "没看懂要改成什么。可以说：改成8万、不是周三是周四、客户是美的，或 /改 金额 8万。"
USAGE_CORRECT = "用法：/改 字段 值，字段：客户、金额、日期、阶段、类型，例如 /改 金额 8万"

USAGE_STAGE = "用法：/阶段 客户 阶段，例如 /阶段 华为 方案提交（阶段：初步接洽、需求确认、方案提交、商务谈判、合同签订、已流失）"
USAGE_WON = "用法：/赢单 客户 金额，例如 /赢单 华为 120万"
USAGE_LOST = "用法：/输单 客户 原因，例如 /输单 海尔 价格（原因：价格、竞品、需求取消、预算不足、其他）"
USAGE_NEW_CUSTOMER = "用法：/新客户 名称 [行业] [来源]，例如 /新客户 杭州云帆科技 软件 展会（来源：线上、展会、转介绍、拜访、其他）"
USAGE_MERGE = "用法：/合并 保留的客户 并入的客户，例如 /合并 华为 华为终端"
USAGE_REQUIREMENTS = "用法：/需求 看全部未解决的需求；/需求 华为 看一家"
STAGE_UNKNOWN = "没有「{stage}」这个阶段。"
AMOUNT_UNREADABLE = "没看懂金额「{text}」。"
NO_OPEN_DEAL = "「{customer}」没有进行中的商机。"

NEW_CUSTOMER_DONE = "已新建客户「{name}」（D类{extra}）。直接发一句话记录拜访。发 /撤销 可撤回"
NEW_CUSTOMER_EXISTS = "「{name}」已经是客户了，发 /客户 {name} 查看。"
MERGE_MANAGERS_ONLY = "只有经理可以合并客户。"
MERGE_SAME = "这两个名称是同一家客户，不用合并。"
MERGE_DONE = "已把「{b}」并入「{a}」：转移 {n} 条记录，「{b}」保留为别名。"

REQS_NONE = "没有未解决的需求。"
REQS_HEADER = "未解决的需求（{n} 条，按重要度和等待天数）："
REQS_LINE = "{i}. [{importance}] {customer} {tags} {desc}（{age}天，{status}）"
REQS_MORE = "还有 {k} 条，发 /需求 客户名 看一家。"

# --- Platforms: WeCom / DingTalk webhooks ---
TEXT_ONLY = "目前只支持文字和语音消息。请直接打字或说给我，比如：今天拜访了华为张经理，下周三再跟进。"
VOICE_FILED = "🎤 已按语音记录（听到：「{heard}」），听错了就点撤销或说“改成…”"
VOICE_HEARD = "🎤 听到：「{heard}」"
VOICE_EMPTY = "🎤 没听清这段语音，请再说一次或直接打字。"
VOICE_APP_UNSUPPORTED = "应用里的语音我听不了：请在智能机器人里发语音，或直接打字。"
CARD_UNKNOWN = "这个按钮已失效。请直接发命令，比如 /撤销。"
CARD_NOT_YOURS = "只有记录人可以操作。"
CARD_UNDONE_ALREADY = "已撤销过。"
CARD_ALREADY = "已选过「{label}」。"
CARD_DONE_LABEL = "✓ {label}"
CARD_REPORT_STALE = "这条之后你又记录了新报告，这个按钮已失效。要撤销最近一条请发 /撤销。"
CARD_QUESTION_GONE = "这个问题已经回答过或过期了，请把报告重新发一次。"
FILE_VIA_APP = "（智能机器人发不了文件：表格会通过应用发给你，请在应用里查收。）"
FILE_NO_CHANNEL = "（这里发不了文件：请在应用或钉钉单聊里发 /导出，或请管理员用 python -m bot export 导出。）"
FILE_FAILED = "表格文件发送失败（已重试多次）。请稍后再发 /导出，或请管理员用 python -m bot export 导出。"
CORRECT_ASK_DATE = "要改到哪天？直接回复，比如：改成下周四，或发 /改 日期 下周四。"
ANALYSIS_HEADER = "{who} {period} {topic}"
ANALYSIS_MENU = "可以分析：{topics}。比如：/分析 行业、/分析 来源 上月。"
ANALYSIS_NONE = "{who} {period} 没有相关数据。"
ANALYSIS_KIND = "{label}客户 {count:>3}单 {amount:>7}  定制化占 {share}"
ANALYSIS_INDUSTRY = "{label:<4} {count:>3}单 {amount:>7}  偏好 {note}"
ANALYSIS_URGENT = "{label:<4} {count:>3}单  {share:>6}"
ANALYSIS_SOURCE = "{label:<3} 商机{count:>3} {amount:>7}  已成交 {share}"
ANALYSIS_LOST = "{label:<4} {count:>3}个 {amount:>7}"
ANALYSIS_BUDGET = "成交 {count} 单：预算 {budget}，成交 {amount}，成交/预算 {share}"
ANALYSIS_RESPONSE = "{label} 定制需求{count} 平均响应 {hours}  未响应{note}"
ANALYSIS_STAGES = "阶段转化请看 /漏斗。"
CHART_FUNNEL_TITLE = "{who} {period} 销售漏斗"
CHART_TREND_TITLE = "{who} 近{n}个月成交趋势"
TREND_LINE = "{label} 成交{won}单 {amount}"
SUMMARY_REPS = "个人：{items}"
EXPORT_IN_GROUP = "导出的表格含客户明细，请私聊我发 /导出。"
EXPORT_DONE = "{who} {period} 的销售表格（{rows} 行）已生成，请查收文件。"

# --- Operations: settings, database upgrades, backup, retention ---
SETTINGS_PROBLEMS = "配置有误，未启动。请在 .env 中改正（说明见 config/example.env）：\n{problems}"
DB_CREATED = "已在新数据库中建好表结构（版本 {after}）：{url}"
DB_UPGRADED = "数据库已从版本 {before} 升级到 {after}：{url}"
DB_CURRENT = "数据库已是最新（版本 {after}）：{url}"
DB_REVISION = "已生成新的迁移：{path}。请检查它（只加可为空或有默认值的列，不删数据），再运行 python -m bot db upgrade。"
