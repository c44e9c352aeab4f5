"""The customer development plan (KEP) figures of one account, for its one-page summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Account, Action, BusinessYear, Portfolio
from .business import ShareOfWallet, latest_actual, share_of_wallet
from .checklists import Completion, completion
from .network import NetworkResult, network
from .rating import Rating, rate
from .scorecard import ScorecardResult, scorecard


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


def is_open(action: Action) -> bool:
    """Open and in-progress actions are open."""
    return action.status in ("open", "in_progress")


def account_figures(portfolio: Portfolio, account: Account, today: dt.date) -> AccountFigures:
    """Compute the KEP figures of ``account`` as of ``today``."""
    programme = portfolio.programme
    plan = account.plan
    open_actions = tuple(a for a in plan.actions if is_open(a))
    return AccountFigures(
        rating=rate(plan.rating, programme.rating) if plan.rating is not None else None,
        latest=latest_actual(plan.business, programme.fiscal_year),
        share_of_wallet=share_of_wallet(plan.business, plan.wallet, programme.fiscal_year),
        scorecard=scorecard(plan.scorecard, programme.scorecard),
        network=network(plan.network, today, programme.policy.contact_max_age_days),
        open_actions=open_actions,
        overdue_actions=tuple(a for a in open_actions if a.due is not None and a.due < today),
        checklists={
            checklist_id: completion(portfolio.checklists[checklist_id], states)
            for checklist_id, states in plan.checklists.items()
        },
    )
