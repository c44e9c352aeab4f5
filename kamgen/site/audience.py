"""Audiences: the internal edition shows everything; the customer edition (the shared
edition of a plan) leaves out every internal thing.

Left out of the customer edition:

- confidential plans (``confidential: true``), with their extra pages;
- sections a plan lists under ``internal:``, and list items marked ``internal: true``;
- extra pages whose front matter says ``internal: true``;
- what is internal by nature, unless ``customer_edition.share`` in kam.yaml names it:
  ``rating`` (score and class), ``visit_costs``, ``attitudes`` (attitude, relationship
  strength and notes of contacts, and what is computed from them), ``competitors``
  (competitor analysis, their profile columns, relative quality, competence fields)
  and ``swot``;
- the portfolio's own analyses: selection, portfolio matrix, plan health, margins, the
  programme charter and the team.

Data is removed from the portfolio itself (:func:`customer_portfolio`), so that nothing
later, a template or an export, can show it by mistake; :class:`Visibility` tells the
templates which columns and figures to leave out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

from ..model import AccountPlan, Portfolio
from ..model.account import Positioning, ProfileCriterion

__all__ = ["AUDIENCES", "Audience", "Visibility", "customer_portfolio", "page_is_internal"]

Audience = Literal["internal", "customer"]
AUDIENCES: tuple[Audience, ...] = ("internal", "customer")

_Item = TypeVar("_Item")


@dataclass(frozen=True)
class Visibility:
    """What the site and the exports show for an audience."""

    audience: Audience = "internal"
    rating: bool = True
    visit_costs: bool = True
    attitudes: bool = True
    competitors: bool = True
    swot: bool = True
    portfolio: bool = True
    """The portfolio's own analyses: selection, matrix, plan health, margins, programme."""

    @property
    def shared_edition(self) -> bool:
        """True for the customer edition."""
        return self.audience == "customer"


def visibility(portfolio: Portfolio, audience: Audience) -> Visibility:
    """What ``audience`` may see of ``portfolio``."""
    if audience == "internal":
        return Visibility()
    shared = set(portfolio.programme.customer_edition.share)
    return Visibility(
        audience="customer",
        rating="rating" in shared,
        visit_costs="visit_costs" in shared,
        attitudes="attitudes" in shared,
        competitors="competitors" in shared,
        swot="swot" in shared,
        portfolio=False,
    )


def _shared(items: Sequence[_Item]) -> list[_Item]:
    return [item for item in items if not getattr(item, "internal", False)]


def _customer_plan(plan: AccountPlan, seen: Visibility) -> AccountPlan:
    hidden = set(plan.internal)
    update: dict[str, Any] = {}
    defaults = {name: field.get_default(call_default_factory=True)
                for name, field in AccountPlan.model_fields.items()}
    for section in hidden - {"pages"}:
        update[section] = defaults[section]
    update["scorecard"] = _shared(update.get("scorecard", plan.scorecard))
    update["value_add"] = [
        concept.model_copy(update={"benefits": _shared(concept.benefits)})
        for concept in _shared(update.get("value_add", plan.value_add))
    ]
    network = _shared(update.get("network", plan.network))
    if not seen.attitudes:
        network = [c.model_copy(update={"attitude": "neutral", "relationship": 1,
                                        "notes": None}) for c in network]
    kept = {c.id for c in network}
    update["network"] = [c if c.reports_to in kept or c.reports_to is None
                         else c.model_copy(update={"reports_to": None}) for c in network]
    analysis = update.get("analysis", plan.analysis)
    update["analysis"] = analysis.model_copy(update={
        "pains": _shared(analysis.pains),
        "initiatives": _shared(analysis.initiatives),
        "buying_process": [
            step.model_copy(update={"decided_by": [d for d in step.decided_by if d in kept]})
            for step in _shared(analysis.buying_process)
        ],
    })
    update["actions"] = _shared(update.get("actions", plan.actions))
    positioning: Positioning = update.get("positioning", plan.positioning)
    competitors = _shared(positioning.competitors) if seen.competitors else []
    ids = {c.id for c in competitors}
    profile = [
        ProfileCriterion.model_validate({
            "criterion": row.criterion, "importance": row.importance, "us": row.us,
            **{cid: r for cid, r in row.competitor_ratings.items() if cid in ids},
        })
        for row in _shared(positioning.profile)
    ]
    update["positioning"] = positioning.model_copy(
        update={"competitors": competitors, "profile": profile})
    if not seen.swot:
        update["swot"] = None
    if not seen.rating:
        update["rating"] = None
    if not seen.visit_costs:
        update["visits"] = plan.visits.model_copy(update={"extra_travel_cost": 0})
    update["business"] = [b.model_copy(update={"margin": None})
                          for b in update.get("business", plan.business)]
    return plan.model_copy(update=update)


def page_is_internal(path: Path) -> bool:
    """True when a Markdown page's front matter says ``internal: true``."""
    text = path.read_text("utf-8", errors="replace")
    match = re.match(r"^---\s*\n(.*?)\n(?:---|\.\.\.)\s*$", text, re.DOTALL | re.MULTILINE)
    if not match:
        return False
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return True  # unreadable front matter: do not risk sharing the page
    return isinstance(meta, dict) and meta.get("internal") is True


def customer_portfolio(portfolio: Portfolio) -> Portfolio:
    """The portfolio as the customer edition may show it."""
    seen = visibility(portfolio, "customer")
    accounts = {}
    for account_id, account in portfolio.accounts.items():
        if account.plan.confidential:
            continue
        pages = () if "pages" in account.plan.internal else tuple(
            rel for rel in account.pages
            if not (rel.endswith(".md") and page_is_internal(portfolio.root / rel))
        )
        accounts[account_id] = dataclasses.replace(
            account, plan=_customer_plan(account.plan, seen), pages=pages)
    return dataclasses.replace(portfolio, accounts=accounts)
