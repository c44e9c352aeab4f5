"""What a page shows, put together once before it is rendered: the account page's context
and the rows of its checklists and links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from markupsafe import Markup

from ..checks import PlanCheck
from ..history.timeline import AccountHistory
from ..method.checklists import Completion, completion
from ..method.kep import AccountFigures
from ..model import Account, AccountPlan, Portfolio
from ..model._base import AccountClass

__all__ = ["AccountContext", "ChecklistRow", "ExtraPage", "checklist_rows"]


@dataclass(frozen=True)
class ChecklistRow:
    """A checklist in use, with its items' states and completion."""

    id: str
    title: str
    items: tuple[dict[str, str], ...]
    completion: Completion


def checklist_rows(portfolio: Portfolio, states: Mapping[str, Mapping[str, str]],
                   language: str) -> list[ChecklistRow]:
    """The checklists in ``states`` (checklist id → item id → state) with their items'
    texts in ``language``; an item without a state is open."""
    rows = []
    for checklist_id, item_states in states.items():
        template = portfolio.checklists[checklist_id]
        rows.append(ChecklistRow(
            checklist_id,
            template.title.get(language),
            tuple({"text": item.text.get(language),
                   "state": item_states.get(item.id, "open")} for item in template.items),
            completion(template, item_states),
        ))
    return rows


@dataclass(frozen=True)
class ExtraPage:
    """A Markdown page from an account's folder, linked from the account page."""

    title: str
    link: str


@dataclass(frozen=True)
class AccountContext:
    """Everything an account page shows besides the labels and formats of the site, built
    once per account: its fields are the names that account.html.j2 and its partials
    read."""

    account: Account
    plan: AccountPlan
    fig: AccountFigures
    klass: AccountClass | None
    """The account's class, ``None`` when it is not rated."""
    territory_label: str
    business_chart: Markup
    profile_svg: Markup
    competence_svg: Markup
    network_svg: Markup
    competitor_names: Mapping[str, str]
    """Competitor id → name."""
    contacts: Mapping[str, str]
    """Contact id → name, for the ``contact`` filter."""
    checklist_rows: tuple[ChecklistRow, ...]
    plan_check: PlanCheck | None
    """The plan's completeness; ``None`` in an edition without checks."""
    pages: tuple[ExtraPage, ...]
    """The account's own pages, linked from this page."""
    history: AccountHistory | None
    """The plan's figures at each revision (the internal edition of plans kept in git)."""
    history_svg: Markup
    history_shallow: bool
    """True when the history comes from a shallow clone, which lacks earlier commits."""

    def variables(self) -> dict[str, Any]:
        """The context as the template's variables (one level deep: each field by name)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
