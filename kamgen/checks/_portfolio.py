"""The portfolio rules: each looks at the portfolio as a whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..method.selection import Selection
from ..model import Portfolio
from ._registry import Hit, portfolio_rule


@portfolio_rule("territory.capacity",
                "visit demand in '{territory}' is {demand:g} visits a year against a capacity "
                "of {capacity:g}",
                "add capacity, lower the visit norms, or move accounts to another territory")
def _capacity(p: Portfolio, chosen: Selection, today: dt.date) -> Iterable[Hit]:
    for index, territory in enumerate(chosen.territories):
        over = territory.utilisation is not None and territory.utilisation > 1
        unstaffed = territory.capacity == 0 and territory.demand > 0
        if over or unstaffed:
            accounts = tuple(account.id for account in p.accounts.values()
                             if account.plan.territory == territory.territory_id)
            yield Hit((index,), {"territory": territory.territory_id,
                                 "demand": territory.demand, "capacity": territory.capacity},
                      file="territories.yaml", accounts=accounts)


@portfolio_rule("owner.capacity",
                "the accounts of {owner} plan {demand:g} visits a year against a capacity "
                "of {capacity:g}",
                "plan fewer visits, give accounts to another manager, or add visit days")
def _owner_capacity(p: Portfolio, chosen: Selection, today: dt.date) -> Iterable[Hit]:
    for index, (member, owner) in enumerate(zip(p.team, chosen.owners, strict=True)):
        if owner.over_capacity:
            at: tuple[str | int, ...] = (index, "visit_days")
            positions = p.positions.get("team.yaml")
            if positions is None or not positions.has(at):
                at = (index,)
            yield Hit(at, {"owner": member.name, "demand": owner.demand,
                           "capacity": owner.capacity}, file="team.yaml",
                      accounts=tuple(account.id for account in p.accounts.values()
                                     if account.plan.owner == member.id))


@portfolio_rule("codeowners.owner",
                "the owner '{owner}' of '{plan}' has no GitHub handle, so no one is asked "
                "to approve changes to the plan",
                "add 'github: <user or org/team>' to '{owner}' in team.yaml, then run "
                "'kamgen codeowners'")
def _code_owner(p: Portfolio, chosen: Selection, today: dt.date) -> Iterable[Hit]:
    for account in p.accounts.values():
        member = p.member(account.plan.owner)
        if account.plan.status != "former" and member is not None and member.github is None:
            yield Hit(("owner",), {"owner": account.plan.owner, "plan": account.plan.name},
                      file=account.file, accounts=(account.id,))
