"""The customer development plan (KEP) figures of one account, for its one-page summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Account, Action, BusinessYear, Pain, Portfolio
from .business import (
    ShareOfWallet,
    YearFigures,
    business_years,
    latest_actual,
    share_of_wallet,
)
from .checklists import Completion, completion
from .network import NetworkResult, network
from .positioning import (
    CompetenceField,
    RelativeQuality,
    competence_fields,
    relative_quality,
    weighted_performance,
)
from .rating import Rating, rate
from .scorecard import ScorecardResult, scorecard
from .value_add import ValueAdd, value_add
from .visits import VisitCost, visit_cost


@dataclass(frozen=True)
class AccountFigures:
    """Every figure of one account that the site and the exports show."""

    rating: Rating | None
    latest: BusinessYear | None
    share_of_wallet: ShareOfWallet | None
    scorecard: ScorecardResult
    network: NetworkResult
    open_actions: tuple[Action, ...]
    overdue_actions: tuple[Action, ...]
    checklists: dict[str, Completion]
    visit_cost: VisitCost
    value_add: tuple[ValueAdd, ...]
    """The calculation of each value-add concept, in plan order."""
    performance: dict[str, float | None]
    """Weighted performance P of ``us`` and of every competitor in the profile."""
    relative_quality: tuple[RelativeQuality, ...]
    """Our relative quality against each competitor rated in the profile."""
    competence_fields: tuple[CompetenceField, ...]
    business: tuple[YearFigures, ...]
    """Every business year of the plan in order, with its margin rate."""
    top_pains: tuple[Pain, ...]
    """The pains of the summary: the three of highest impact (plan order among equals)."""


def is_open(action: Action) -> bool:
    """Open and in-progress actions are open."""
    return action.status in ("open", "in_progress")


def is_overdue(action: Action, today: dt.date) -> bool:
    """An open action whose due date lies before ``today``."""
    return is_open(action) and action.due is not None and action.due < today


_IMPACT_ORDER = {"high": 0, "medium": 1, "low": 2}


def top_pains(pains: Sequence[Pain], count: int = 3) -> tuple[Pain, ...]:
    """The ``count`` pains of highest impact; among pains of equal impact the first in the
    plan come first."""
    return tuple(sorted(pains, key=lambda p: _IMPACT_ORDER[p.impact])[:count])


def account_figures(portfolio: Portfolio, account: Account, today: dt.date) -> AccountFigures:
    """Compute the KEP figures of ``account`` as of ``today``."""
    programme = portfolio.programme
    plan = account.plan
    open_actions = tuple(a for a in plan.actions if is_open(a))
    latest = latest_actual(plan.business, programme.fiscal_year)
    profile = plan.positioning.profile
    competitors = plan.positioning.competitors
    return AccountFigures(
        rating=rate(plan.rating, programme.rating) if plan.rating is not None else None,
        latest=latest,
        share_of_wallet=share_of_wallet(plan.business, plan.wallet, programme.fiscal_year),
        scorecard=scorecard(plan.scorecard, programme.scorecard),
        network=network(plan.network, today, programme.policy.contact_max_age_days),
        open_actions=open_actions,
        overdue_actions=tuple(a for a in open_actions if is_overdue(a, today)),
        checklists={
            checklist_id: completion(portfolio.checklists[checklist_id], states)
            for checklist_id, states in plan.checklists.items()
        },
        visit_cost=visit_cost(plan, portfolio.member(plan.owner), latest,
                              programme.policy.visit_cost_share_max),
        value_add=tuple(value_add(concept) for concept in plan.value_add),
        performance={
            supplier: weighted_performance(profile, supplier)
            for supplier in ["us", *(c.id for c in competitors)]
        } if profile else {},
        relative_quality=tuple(
            rq for c in competitors if (rq := relative_quality(profile, c.id)) is not None
        ),
        competence_fields=competence_fields(profile, competitors),
        business=business_years(plan.business),
        top_pains=top_pains(plan.analysis.pains),
    )
