"""/转交 (one customer, or all of a rep's), /取消订单 and the customer card's orders, over the demo data."""
from sqlalchemy import select

from bot.sales.vocabulary import OPEN_STAGES, OrderStatus
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Customer, Opportunity, Order, User


def _owned(services, rep: str) -> list[tuple[int, str]]:
    with services.db.session() as s:
        return [(c.id, c.name) for c in s.scalars(select(Customer).join(User, Customer.owner_id == User.id)
                                                  .where(User.name == rep).order_by(Customer.id))]


def _owner_of(services, customer_id: int) -> tuple[str, set[str]]:
    """The customer's owner and the owners of its open deals."""
    with services.db.session() as s:
        customer = s.get(Customer, customer_id)
        deals = s.scalars(select(Opportunity).where(Opportunity.customer_id == customer_id,
                                                    Opportunity.stage.in_(OPEN_STAGES)))
        return customer.owner.name, {d.owner.name for d in deals}


def _notices(services) -> list[str]:
    with services.db.session() as s:
        return [o.payload["text"] for o in s.scalars(select(Outbox).where(Outbox.status == "pending"))
                if "客户转交" in o.payload["text"]]


def _an_open_deal_customer(services, rep: str) -> tuple[int, str]:
    with services.db.session() as s:
        row = s.execute(select(Customer.id, Customer.name).join(Opportunity, Opportunity.customer_id == Customer.id)
                        .join(User, Customer.owner_id == User.id)
                        .where(User.name == rep, Opportunity.stage.in_(OPEN_STAGES)).order_by(Customer.id)).first()
    return row.id, row.name


def test_manager_hands_a_customer_and_its_open_deals_to_a_teammate_who_is_told(chat, demo):
    customer_id, name = _an_open_deal_customer(demo, "张伟")
    reply = chat.as_("赵敏").say(f"/转交 {name} 给 李娜")
    assert f"已把 {name} 转给李娜" in reply and "已通知李娜" in reply
    assert _owner_of(demo, customer_id) == ("李娜", {"李娜"})
    assert any(name in text and "赵敏" in text for text in _notices(demo))
    assert "撤销" in chat.as_("赵敏").say("/撤销")
    assert _owner_of(demo, customer_id) == ("张伟", {"张伟"})
    assert not _notices(demo)  # the unsent notice is withdrawn with it


def test_all_of_a_leaving_reps_customers_move_in_one_undoable_step(chat, demo):
    before = _owned(demo, "张伟")
    reply = chat.as_("赵敏").say("/转交 张伟 全部 给 王强")
    assert f"等 {len(before)} 家" in reply and "转给王强" in reply
    assert not _owned(demo, "张伟") and set(before) <= set(_owned(demo, "王强"))
    chat.as_("赵敏").say("/撤销")
    assert _owned(demo, "张伟") == before


def test_reassignment_is_for_managers_within_their_team(chat, demo):
    _, name = _owned(demo, "张伟")[0]
    assert "只有经理" in chat.say(f"/转交 {name} 给 李娜")
    unknown = chat.as_("赵敏").say(f"/转交 {name} 给 刘洋")  # 刘洋 is in the other team
    assert "没有叫「刘洋」的同事" in unknown and "李娜" in unknown and "王强" in unknown
    assert "用法：/转交 客户 给 同事" in chat.as_("赵敏").say(f"/转交 {name}")
    _, south = _owned(demo, "刘洋")[0]
    assert "没找到" in chat.as_("赵敏").say(f"/转交 {south} 给 李娜")
    assert _owned(demo, "刘洋")[0][1] == south


def test_an_admin_may_hand_across_teams(chat, demo):
    with demo.db.session() as s:
        s.scalars(select(User).where(User.name == "孙磊")).one().role = "admin"
    customer_id, name = _owned(demo, "张伟")[0]
    assert "转给刘洋" in chat.as_("孙磊").say(f"/转交 {name} 给 刘洋")
    assert _owner_of(demo, customer_id)[0] == "刘洋"


def _an_order(services, rep: str, status: str) -> tuple[str, str]:
    with services.db.session() as s:
        order = s.scalars(select(Order).join(User, Order.owner_id == User.id)
                          .where(User.name == rep, Order.status == status).order_by(Order.id)).first()
        return order.code, order.customer.name


def _order(services, code: str) -> tuple[str, str | None]:
    with services.db.session() as s:
        order = s.scalars(select(Order).where(Order.code == code)).one()
        return order.status, order.cancel_reason


def test_cancel_an_order_with_a_reason_and_undo_it(chat, demo):
    code, customer = _an_order(demo, "张伟", OrderStatus.WON)
    reply = chat.say(f"/取消订单 {code.lower()} 客户预算取消")
    assert f"已取消订单 {code}（{customer}" in reply and "客户预算取消" in reply
    assert _order(demo, code) == (OrderStatus.CANCELLED, "客户预算取消")
    assert "已经是已取消" in chat.say(f"/取消订单 {code} 再取消")
    chat.say("/撤销")
    assert _order(demo, code) == (OrderStatus.WON, None)


def test_cancel_order_answers_the_form_and_hides_others_orders(chat, demo):
    assert "用法：/取消订单 订单号 原因" in chat.say("/取消订单 SO202612001")
    code, _ = _an_order(demo, "李娜", OrderStatus.WON)
    assert f"没找到订单「{code}」" in chat.say(f"/取消订单 {code} 不要了")
    assert _order(demo, code)[0] == OrderStatus.WON


def test_customer_card_lists_the_latest_orders(chat, demo):
    code, customer = _an_order(demo, "张伟", OrderStatus.WON)
    with demo.db.session() as s:
        order = s.scalars(select(Order).where(Order.code == code)).one()
        order.fulfilment = "已交付"
        customer_id = order.customer_id
        for n in range(6):
            s.add(Order(code=f"SO209901{n:03d}", customer_id=customer_id, owner_id=order.owner_id, amount=10000 + n,
                        status=OrderStatus.PENDING.value, ordered_on=order.ordered_on.replace(year=2099)))
    line = next(l for l in chat.say(f"/客户 {customer}").splitlines() if l.startswith("订单："))
    assert line.count("；") == 4 and "SO209901005 待处理 1万" in line and code not in line
    with demo.db.session() as s:
        s.query(Order).filter(Order.code.like("SO2099%")).delete(synchronize_session=False)
    line = next(l for l in chat.say(f"/客户 {customer}").splitlines() if l.startswith("订单："))
    assert f"{code} 已成交" in line and "已交付" in line
