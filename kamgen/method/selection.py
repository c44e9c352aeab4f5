"""Key account selection over the whole portfolio: ABC rankings of revenue and margin
beside the rating, visit demand per territory, visit cost per account, and the
portfolio matrix."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Portfolio
from ..model._base import AccountClass
from .business import latest_actual, share_of_wallet
from .pareto import ParetoResult, abc, disagreement
from .portfolio_matrix import MatrixPoint, matrix_point
from .positioning import relative_quality
from .rating import rate
from .visits import (
    OwnerDemand,
    TerritoryDemand,
    VisitCost,
    owner_demand,
    visit_cost,
    visit_demand,
)


@dataclass(frozen=True)
class SelectionRow:
    """The three selectors side by side for one account."""

    account_id: str
    revenue_class: AccountClass | None
    margin_class: AccountClass | None
    rating_class: AccountClass | None
    rating_score: float | None
    disagreements: tuple[str, ...]


@dataclass(frozen=True)
class Selection:
    """Every portfolio-level figure of building block 1 and the portfolio matrix."""

    revenue: ParetoResult
    margin: ParetoResult
    rows: tuple[SelectionRow, ...]
    territories: tuple[TerritoryDemand, ...]
    visit_costs: dict[str, VisitCost]
    matrix: tuple[MatrixPoint, ...]
    owners: tuple[OwnerDemand, ...]
    """The planned visits of each team member's accounts against the member's capacity, in
    the order of team.yaml."""


def selection(portfolio: Portfolio) -> Selection:
    """Compute the selection figures of ``portfolio``.

    The ABC rankings use each account's latest actual year; accounts without actuals are
    left out of them. Visit demand, per territory and per owner, counts every account with
    a plan, whatever its status.
    """
    programme = portfolio.programme
    year = programme.fiscal_year
    latest = {aid: latest_actual(a.plan.business, year) for aid, a in portfolio.accounts.items()}
    revenue = abc({aid: b.revenue for aid, b in latest.items() if b is not None},
                  programme.pareto)
    margin = abc({aid: b.margin for aid, b in latest.items()
                  if b is not None and b.margin is not None}, programme.pareto)
    ratings = {aid: rate(a.plan.rating, programme.rating) if a.plan.rating else None
               for aid, a in portfolio.accounts.items()}
    rows = []
    for aid in portfolio.accounts:
        rating = ratings[aid]
        rating_class = rating.account_class if rating else None
        rows.append(SelectionRow(
            aid, revenue.klass(aid), margin.klass(aid), rating_class,
            rating.score if rating else None,
            disagreement(revenue.klass(aid), margin.klass(aid), rating_class),
        ))
    territories = tuple(
        visit_demand(
            territory,
            programme.visits.norms,
            [(aid, a.plan.visits.per_year) for aid, a in portfolio.accounts.items()
             if a.plan.territory == territory.id],
            [m for m in portfolio.team if m.territory == territory.id],
        )
        for territory in portfolio.territories
    )
    costs = {aid: visit_cost(a.plan, portfolio.member(a.plan.owner), latest[aid],
                             programme.policy.visit_cost_share_max)
             for aid, a in portfolio.accounts.items()}
    matrix = []
    settings = programme.matrix
    for aid, account in portfolio.accounts.items():
        rating = ratings[aid]
        current = latest[aid]
        if rating is None or current is None:
            continue
        position: float | None
        if settings.position == "share_of_wallet":
            wallet = share_of_wallet(account.plan.business, account.plan.wallet, year)
            position = wallet.share if wallet else None
        else:
            indices = [
                rq.index for c in account.plan.positioning.competitors
                if (rq := relative_quality(account.plan.positioning.profile, c.id)) is not None
                and rq.index is not None
            ]
            position = min(indices) if indices else None
        if position is not None:
            matrix.append(matrix_point(aid, rating.score, position, current.revenue, settings))
    owners = tuple(
        owner_demand(member, [(aid, a.plan.visits.per_year)
                              for aid, a in portfolio.accounts.items()
                              if a.plan.owner == member.id])
        for member in portfolio.team
    )
    return Selection(revenue, margin, tuple(rows), territories, costs, tuple(matrix), owners)
