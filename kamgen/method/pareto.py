"""Pareto / ABC analysis (ABC-Analyse) of revenue or contribution margin."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from ..model._base import AccountClass
from ..model.programme import ParetoLimits

TOP_SHARE = 0.2
"""The "top 20 %" of accounts whose share of the total the 80/20 figure reports."""


@dataclass(frozen=True)
class ParetoRow:
    """One account in the ranking."""

    account_id: str
    value: float
    share: float
    """The account's share of the total (0..1); a negative value counts as 0."""
    before: float
    """Cumulative share of the accounts ranked above it (0..1)."""
    cumulative: float
    """Cumulative share including the account."""
    account_class: AccountClass


@dataclass(frozen=True)
class ParetoResult:
    """Accounts ranked by value, descending, with their ABC class."""

    rows: tuple[ParetoRow, ...]
    total: float
    """Sum of the positive values."""
    top_count: int
    """How many accounts make up the top 20 % (rounded up; at least one when there are any)."""
    top_share: float | None
    """Share of the total held by the top 20 % of accounts; ``None`` without a total."""

    @cached_property
    def _classes(self) -> dict[str, AccountClass]:
        return {r.account_id: r.account_class for r in self.rows}

    def klass(self, account_id: str) -> AccountClass | None:
        """The class of an account, ``None`` when it was not ranked."""
        return self._classes.get(account_id)


def abc(values: Mapping[str, float], limits: ParetoLimits) -> ParetoResult:
    """Rank ``values`` descending (ties by id); class A while the cumulative share
    *before* the account is < limits.A %, B while < limits.B %, C otherwise.

    Values ≤ 0 add nothing to the total and are class C; with no positive total every
    account is class C.
    """
    ranked = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    total = sum(v for _, v in ranked if v > 0)
    rows = []
    before = 0.0
    for account_id, value in ranked:
        share = max(value, 0.0) / total if total > 0 else 0.0
        if total <= 0 or value <= 0:
            klass: AccountClass = "C"
        elif before < limits.A / 100 - 1e-12:
            klass = "A"
        elif before < limits.B / 100 - 1e-12:
            klass = "B"
        else:
            klass = "C"
        rows.append(ParetoRow(account_id, value, share, before, before + share, klass))
        before += share
    top_count = max(1, math.ceil(TOP_SHARE * len(rows))) if rows else 0
    top_share = sum(r.share for r in rows[:top_count]) if total > 0 else None
    return ParetoResult(tuple(rows), total, top_count, top_share)


CLASS_RANK = {"A": 0, "B": 1, "C": 2}


def disagreement(revenue: AccountClass | None, margin: AccountClass | None,
                 rating: AccountClass | None) -> tuple[str, ...]:
    """Why the selectors disagree about an account: ``revenue_margin`` when revenue and
    margin class are two steps apart, ``rating_revenue`` when the rating class differs
    from the revenue class."""
    reasons = []
    if revenue and margin and abs(CLASS_RANK[revenue] - CLASS_RANK[margin]) >= 2:
        reasons.append("revenue_margin")
    if revenue and rating and revenue != rating:
        reasons.append("rating_revenue")
    return tuple(reasons)
