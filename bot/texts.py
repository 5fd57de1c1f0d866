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
