"""A person's own work across the portfolio (Arbeitsvorrat): the accounts they manage or
work on, their open actions, the contacts they have not met within the policy and their
plans due for review.

Who answers for an action or a contact: its ``owner`` where the plan names one, else the
account's key account manager (the plan's ``owner``): nothing of a plan is nobody's.
The figures are the ones the account's own figures hold (:mod:`kamgen.method.kep`): an
action is overdue when the KEP counts it overdue, a contact is stale when the network
method finds it stale; nothing is judged a second time here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Account, Action, Contact
from ..model.account import AccountStatus
from .kep import AccountFigures, is_open, is_overdue
from .portfolio import due_for_review

Role = Literal["owner", "team"]


@dataclass(frozen=True)
class PersonAccount:
    """An account the person manages (``owner``) or works on as a member of its team."""

    account_id: str
    role: Role
    status: AccountStatus
    reviewed: dt.date | None
    """The plan's last review."""
    review_by: dt.date | None
    """The last day on which the plan's review is within the policy (its last review plus
    the policy's days); ``None`` for a plan never reviewed."""
    review_due: bool
    """True when the plan is due for review today (:func:`due_for_review`); a former
    account's plan never is."""


@dataclass(frozen=True)
class PersonAction:
    """An open action the person answers for."""

    account_id: str
    index: int
    """The action's place in the plan's action list (from 0)."""
    action: Action
    overdue: bool


@dataclass(frozen=True)
class StaleContact:
    """A contact the person holds and has not met within the policy."""

    account_id: str
    contact: Contact
    days: int
    """Days since the last contact, as the network method counts them."""


@dataclass(frozen=True)
class PersonWork:
    """What one person has to do, across every account."""

    person_id: str
    accounts: tuple[PersonAccount, ...]
    """Managed accounts first, then the ones of the person's teams; by account id within
    each."""
    actions: tuple[PersonAction, ...]
    """Open actions by due date (undated last), then account and place in the plan."""
    stale_contacts: tuple[StaleContact, ...]
    """Longest unmet first, then by account and contact id."""
    reviews_due: tuple[PersonAccount, ...]
    """Managed plans (not former accounts) due for review, oldest review first (never
    reviewed first of all)."""

    @property
    def overdue(self) -> int:
        """How many of the open actions are overdue."""
        return sum(1 for a in self.actions if a.overdue)


def answers_for(owner: str | None, account_owner: str) -> str:
    """Who answers for an action or contact: its owner, else the key account manager."""
    return owner if owner is not None else account_owner


def review_by(reviewed: dt.date | None, max_age_days: int) -> dt.date | None:
    """The last day on which a review of ``reviewed`` is within ``max_age_days``: a plan
    is due for review from the day after (:func:`due_for_review`)."""
    return reviewed + dt.timedelta(days=max_age_days) if reviewed is not None else None


def person_work(person_id: str, accounts: Sequence[Account],
                figures: Mapping[str, AccountFigures], today: dt.date,
                review_max_age_days: int) -> PersonWork:
    """The work of ``person_id`` in ``accounts`` as of ``today``, from the accounts'
    figures as of the same day."""
    return team_work([person_id], accounts, figures, today, review_max_age_days)[person_id]


def team_work(people: Sequence[str], accounts: Sequence[Account],
              figures: Mapping[str, AccountFigures], today: dt.date,
              review_max_age_days: int) -> dict[str, PersonWork]:
    """The work of each of ``people`` (their ids) in ``accounts`` as of ``today``: one
    pass over the accounts, which hands each row to the person it belongs to."""
    mine: dict[str, list[PersonAccount]] = {p: [] for p in people}
    reviews: dict[str, list[PersonAccount]] = {p: [] for p in people}
    actions: dict[str, list[PersonAction]] = {p: [] for p in people}
    stale: dict[str, list[StaleContact]] = {p: [] for p in people}
    for account in accounts:
        plan, fig = account.plan, figures[account.id]
        roles: dict[str, Role] = {member: "team" for member in plan.team if member in mine}
        if plan.owner in mine:
            roles[plan.owner] = "owner"
        for person_id, role in roles.items():
            row = PersonAccount(
                account.id, role, plan.status, plan.reviewed,
                review_by(plan.reviewed, review_max_age_days),
                plan.status != "former" and due_for_review(plan, today, review_max_age_days))
            mine[person_id].append(row)
            if role == "owner" and row.review_due:
                reviews[person_id].append(row)
        for index, action in enumerate(plan.actions):
            # The rules of the account's figures (open_actions, overdue_actions), asked of
            # each action: looking it up among them compares whole actions.
            person_id = answers_for(action.owner, plan.owner)
            if person_id in actions and is_open(action):
                actions[person_id].append(PersonAction(account.id, index, action,
                                                       is_overdue(action, today)))
        contacts = {c.id: c for c in plan.network}
        for finding in fig.network.findings:
            if finding.kind != "stale":
                continue
            contact = contacts[finding.contacts[0]]
            person_id = answers_for(contact.owner, plan.owner)
            if person_id in stale:
                # The network method gives the days since the last contact as the detail.
                stale[person_id].append(StaleContact(account.id, contact, int(finding.detail)))
    work = {}
    for person_id in people:
        mine[person_id].sort(key=lambda a: (a.role != "owner", a.account_id))
        actions[person_id].sort(key=lambda a: (a.action.due is None, a.action.due or today,
                                               a.account_id, a.index))
        stale[person_id].sort(key=lambda s: (-s.days, s.account_id, s.contact.id))
        reviews[person_id].sort(key=lambda a: (a.reviewed is not None, a.reviewed or today,
                                               a.account_id))
        work[person_id] = PersonWork(person_id, tuple(mine[person_id]),
                                     tuple(actions[person_id]), tuple(stale[person_id]),
                                     tuple(reviews[person_id]))
    return work
