"""One message about several customers, cut into one text per customer.

格力和海天今天都去了，格力在谈二期，海天要看演示，都是下周三再跟: a clause naming one customer is that customer's, a clause
naming none goes on with the customer of the clause before it (格力在谈二期，预算50万), and a clause naming several, or
naming none and saying 都 / 两家 / 分别, or coming before any customer's own clause, is shared by all. Each customer
with a clause of its own gets its own clauses plus the shared ones, the other customers' names taken out so the part
is about it alone.
"""

from . import lexicon
from .records import CustomerRef
from .text import Clauses

_SHARED = lexicon.word_regex(lexicon.load("names")["shared_clause_words"])
_JOIN = ","
_AND = set("和跟与及、同")


def split_by_customer(text: str, clauses: Clauses, named: list[tuple[int, int, CustomerRef]]) -> list[str]:
    """One text per known customer with content of its own, in the order they are first named; [] for fewer than two."""
    owners, shared = _assign(text, clauses, named)
    customers = list(dict.fromkeys(o for o in owners if o is not None))
    if len(customers) < 2:
        return []
    parts = []
    for customer in customers:
        others = [(s, e) for s, e, ref in named if ref.match != customer]
        picked = [_without(text, clauses.starts[i], clauses.ends[i], others) for i in range(len(owners))
                  if owners[i] == customer or i in shared]
        parts.append(_JOIN.join(p for p in picked if p.strip()))
    return parts


def _without(text: str, start: int, end: int, names) -> str:
    """The clause start..end with the other customers' names and the 和 / 跟 joining them taken out:
    格力和海天今天都去了 reads 海天今天都去了 in 海天's part."""
    clause, offset = text[start:end], start
    for s, e in sorted(names, reverse=True):
        if start <= s and e <= end:
            s, e = s - offset, e - offset
            if clause[e:e + 1] in _AND:
                e += 1
            elif s and clause[s - 1] in _AND:
                s -= 1
            clause = clause[:s] + clause[e:]
    return clause


def _assign(text: str, clauses: Clauses, named) -> tuple[list[str | None], set[int]]:
    """The customer owning each clause (None when shared) and the shared clauses."""
    by_clause: list[list[str]] = [[] for _ in clauses.starts]
    for start, _, ref in named:
        if ref.match and ref.match not in by_clause[clauses.index(start)]:
            by_clause[clauses.index(start)].append(ref.match)
    owners, shared, previous = [], set(), None
    for i, names in enumerate(by_clause):
        clause = text[clauses.starts[i]:clauses.ends[i]]
        if len(names) == 1:
            previous = names[0]
        elif names or _SHARED.search(clause) or previous is None:
            previous = None
            shared.add(i)
        owners.append(None if i in shared else previous)
    return owners, shared
