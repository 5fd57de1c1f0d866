"""Small immutable values the parser hands back (and the one it takes in: KnownCustomer)."""

from dataclasses import dataclass
from typing import NamedTuple


class KnownCustomer(NamedTuple):
    # A tuple, so hashing and comparing a list of thousands (the index cache key, every message) runs in C.
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomerRef:
    text: str
    match: str | None
    score: int
    candidates: tuple[str, ...] = ()  # when the name fits several known customers: all of them, match first

    def to_dict(self) -> dict:
        return {"text": self.text, "match": self.match, "score": self.score}


@dataclass(frozen=True)
class Contact:
    name: str
    title: str | None
    phone: str | None = None
    email: str | None = None
    new: bool = False  # 新对接人是…: this contact replaces the customer's earlier ones

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "phone": self.phone, "email": self.email, "new": self.new}


@dataclass(frozen=True)
class Amount:
    kind: str  # budget / contract / quote / payment / other
    value: int | float
    value_max: int | float | None
    per_unit: bool = False  # 单价2万, 3.5万一台: filing multiplies it by the quantity
    competitor: bool = False  # 西门子报价45万: a competitor's price, not our deal's

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "value_max": self.value_max, "per_unit": self.per_unit,
                "competitor": self.competitor}


@dataclass(frozen=True)
class Quantity:
    value: int | float
    unit: str

    def to_dict(self) -> dict:
        return {"value": self.value, "unit": self.unit}


def load_customers_file(path) -> list[KnownCustomer]:
    """One customer a line: canonical name, then TAB-separated aliases; blank lines and # comments skipped."""
    customers = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
            if not fields[0] or fields[0].startswith("#"):
                continue
            customers.append(KnownCustomer(fields[0], tuple(f for f in fields[1:] if f)))
    return customers
