"""The portfolio at a glance: the accounts in order of class and score, and the figures of
the overview (key accounts, candidates, class mix, revenue and margin covered, actions,
plans due for review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Account, AccountPlan
from ..model._base import AccountClass
from .kep import AccountFigures

_CLASS_ORDER: dict[AccountClass | None, int] = {"A": 0, "B": 1, "C": 2, None: 3}


def ranked(accounts: Iterable[Account], figures: Mapping[str, AccountFigures]
           ) -> list[Account]:
    """The accounts by class (A first, unrated last), then by score (highest first), then
    by name."""
    def key(account: Account) -> tuple[int, float, str]:
        rating = figures[account.id].rating
        klass = rating.account_class if rating else None
        return (_CLASS_ORDER[klass], -(rating.score if rating else 0.0), account.plan.name)

    return sorted(accounts, key=key)


def due_for_review(plan: AccountPlan, today: dt.date, max_age_days: int) -> bool:
    """True when the plan was never reviewed or its last review is more than
    ``max_age_days`` before ``today``."""
    return plan.reviewed is None or (today - plan.reviewed).days > max_age_days


@dataclass(frozen=True)
class PortfolioFigures:
    """The overview's figures of a portfolio."""

    key_accounts: int
    """Accounts with the status key account."""
    candidates: int
    """Accounts with the status candidate."""
    class_mix: tuple[tuple[AccountClass, int], ...]
    """(class, how many key accounts have it), for A, B and C."""
    revenue_covered: float
    """Σ revenue of the key accounts' latest actual years."""
    margin_covered: float
    """Σ margin of the key accounts' latest actual years that have one."""
    open_actions: int
    """Open actions of every account."""
    overdue_actions: int
    """Open actions past their due date, of every account."""
    stale_plans: int
    """Key accounts' plans due for review (:func:`due_for_review`)."""


def portfolio_figures(accounts: Sequence[Account], figures: Mapping[str, AccountFigures],
                      today: dt.date, review_max_age_days: int) -> PortfolioFigures:
    """The overview's figures of ``accounts`` as of ``today``; amounts are summed in the
    order of ``accounts``."""
    keys = [a for a in accounts if a.plan.status == "key_account"]
    ratings = [figures[a.id].rating for a in keys]
    latest = [year for a in keys if (year := figures[a.id].latest) is not None]
    classes: tuple[AccountClass, ...] = ("A", "B", "C")
    return PortfolioFigures(
        key_accounts=len(keys),
        candidates=sum(1 for a in accounts if a.plan.status == "candidate"),
        class_mix=tuple(
            (k, sum(1 for r in ratings if r is not None and r.account_class == k))
            for k in classes
        ),
        revenue_covered=sum(year.revenue for year in latest),
        margin_covered=sum(year.margin for year in latest if year.margin is not None),
        open_actions=sum(len(figures[a.id].open_actions) for a in accounts),
        overdue_actions=sum(len(figures[a.id].overdue_actions) for a in accounts),
        stale_plans=sum(1 for a in keys if due_for_review(a.plan, today, review_max_age_days)),
    )
