"""The portfolio at a glance (method/portfolio.py), against a hand-worked portfolio of four
accounts built directly from the models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import handmade

from kamgen.method.kep import account_figures
from kamgen.method.portfolio import due_for_review, portfolio_figures, ranked
from kamgen.model import Account, AccountPlan, Portfolio

TODAY = dt.date(2026, 11, 30)
MAX_AGE = 180


def account(account_id: str, **plan: Any) -> Account:
    data = {"name": account_id.title(), "owner": "j.berger", "territory": "north", **plan}
    return Account(id=account_id, plan=AccountPlan.model_validate(data),
                   file=f"accounts/{account_id}.yaml")


def example() -> tuple[list[Account], Portfolio]:
    """Rating: weights 3 and 1 on a scale 1..5, classes A ≥ 70, B ≥ 50.

    - acme, key account: ratings 5, 3 → 100 · (0.75 · 4/4 + 0.25 · 2/4) = 87.5 → A;
      2025: revenue 1,000,000, margin 200,000; reviewed 60 days ago; two open actions,
      one of them overdue.
    - beta, key account: ratings 3, 3 → 100 · (0.75 · 2/4 + 0.25 · 2/4) = 50 → B;
      2025: revenue 500,000 without a margin; never reviewed.
    - kappa, key account: unrated, no business; reviewed 400 days ago.
    - zeta, candidate: unrated; reviewed 400 days ago; one open action, one done.
    """
    programme = handmade.programme()
    accounts = [
        account("zeta", status="candidate", reviewed="2025-10-26",
                actions=[{"title": "call", "status": "open"},
                         {"title": "visit", "status": "done", "due": "2026-01-01"}]),
        account("kappa", reviewed="2025-10-26"),
        account("beta", rating={"revenue": 3, "fit": 3},
                business=[{"year": 2025, "revenue": 500_000}]),
        account("acme", rating={"revenue": 5, "fit": 3}, reviewed="2026-10-01",
                business=[{"year": 2025, "revenue": 1_000_000, "margin": 200_000},
                          {"year": 2026, "revenue": 9_000_000, "margin": 900_000,
                           "forecast": True}],
                actions=[{"title": "workshop", "status": "open", "due": "2026-11-01"},
                         {"title": "offer", "status": "in_progress", "due": "2027-01-15"}]),
    ]
    portfolio = Portfolio(root=Path("plans"), programme=programme, team=(), territories=(),
                          checklists={}, accounts={a.id: a for a in accounts}, positions={})
    return accounts, portfolio


def test_ranked_by_class_then_score_then_name() -> None:
    # acme (A, 87.5), beta (B, 50), then the unrated by name: Kappa, Zeta.
    accounts, portfolio = example()
    figures = {a.id: account_figures(portfolio, a, TODAY) for a in accounts}
    assert [a.id for a in ranked(accounts, figures)] == ["acme", "beta", "kappa", "zeta"]


def test_ranked_puts_the_higher_score_first_within_a_class() -> None:
    # Both class A: 87.5 (ratings 5, 3) before 75 (ratings 4, 4:
    # 100 · (0.75 · 3/4 + 0.25 · 3/4)), although "Alpha" comes first by name.
    accounts, portfolio = example()
    alpha = account("alpha", rating={"revenue": 4, "fit": 4})
    portfolio.accounts["alpha"] = alpha
    figures = {a.id: account_figures(portfolio, a, TODAY) for a in [*accounts, alpha]}
    assert figures["alpha"].rating is not None and figures["alpha"].rating.score == 75
    assert [a.id for a in ranked([alpha, *accounts], figures)][:3] == ["acme", "alpha", "beta"]


def test_due_for_review() -> None:
    # 60 days: within 180; never reviewed: due; 400 days: due; exactly 180 days: not yet.
    accounts, _ = example()
    plans = {a.id: a.plan for a in accounts}
    assert not due_for_review(plans["acme"], TODAY, MAX_AGE)
    assert due_for_review(plans["beta"], TODAY, MAX_AGE)
    assert due_for_review(plans["kappa"], TODAY, MAX_AGE)
    assert not due_for_review(plans["acme"], dt.date(2027, 3, 30), MAX_AGE)
    assert due_for_review(plans["acme"], dt.date(2027, 3, 31), MAX_AGE)


def test_portfolio_figures_hand_worked() -> None:
    accounts, portfolio = example()
    figures = {a.id: account_figures(portfolio, a, TODAY) for a in accounts}
    result = portfolio_figures(ranked(accounts, figures), figures, TODAY, MAX_AGE)
    # Key accounts acme, beta, kappa: 3; one candidate (zeta).
    assert result.key_accounts == 3
    assert result.candidates == 1
    # Class mix of the key accounts: acme A, beta B, kappa unrated.
    assert result.class_mix == (("A", 1), ("B", 1), ("C", 0))
    # Latest actual years (2025; 2026 is a forecast): 1,000,000 + 500,000; margin only acme's.
    assert result.revenue_covered == 1_500_000
    assert result.margin_covered == 200_000
    # Open actions: acme 2, zeta 1 (its done one is not open) = 3; overdue: acme's workshop.
    assert result.open_actions == 3
    assert result.overdue_actions == 1
    # Due for review among the key accounts: beta (never), kappa (400 days); zeta is a
    # candidate, acme was reviewed 60 days ago.
    assert result.stale_plans == 2


def test_portfolio_figures_of_no_accounts() -> None:
    result = portfolio_figures([], {}, TODAY, MAX_AGE)
    assert (result.key_accounts, result.candidates, result.revenue_covered,
            result.margin_covered, result.open_actions, result.overdue_actions,
            result.stale_plans) == (0, 0, 0, 0, 0, 0, 0)
    assert result.class_mix == (("A", 0), ("B", 0), ("C", 0))
