"""python -m bot forget-contact NAME --customer X: remove a contact's personal details everywhere (个人信息保护法)."""
from __future__ import annotations

import argparse

from sqlalchemy import select

from bot import texts
from bot.services import Services
from bot.storage.erasure import forget_contact
from bot.storage.models import Customer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the contact's name as stored (e.g. 张经理)")
    parser.add_argument("--customer", required=True, help="the customer's full name, or a part of it")


def run(args: argparse.Namespace, services: Services) -> int:
    with services.db.session() as session:
        exact = session.scalars(select(Customer).where(Customer.name == args.customer)).all()
        found = exact or session.scalars(select(Customer).where(Customer.name.contains(args.customer, autoescape=True))
                                         .order_by(Customer.name)).all()
        if len(found) != 1:
            print(texts.FORGET_WHICH_CUSTOMER.format(query=args.customer, n=len(found),
                                                     names="、".join(c.name for c in found[:10]) or texts.NONE))
            return 1
        removed = forget_contact(session, found[0], args.name)
        if removed is None:
            print(texts.FORGET_NO_CONTACT.format(name=args.name, customer=found[0].name))
            return 1
    print(texts.FORGET_DONE.format(customer=found[0].name, n=removed))
    return 0
