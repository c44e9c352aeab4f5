"""A person's own work (method/people.py), against a hand-worked portfolio of three
accounts built directly from the models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import handmade

from kamgen.method.kep import account_figures
from kamgen.method.people import answers_for, person_work, review_by
from kamgen.model import Account, AccountPlan, Portfolio

TODAY = dt.date(2026, 11, 30)
REVIEW_DAYS = 120
CONTACT_DAYS = 90


def account(account_id: str, **plan: Any) -> Account:
    data = {"name": account_id.title(), "owner": "j.berger", "territory": "north", **plan}
    return Account(id=account_id, plan=AccountPlan.model_validate(data),
                   file=f"accounts/{account_id}.yaml")


def contact(contact_id: str, last: str | None, owner: str | None = None) -> dict[str, Any]:
    return {"id": contact_id, "name": contact_id.title(), "influence": 3, "relationship": 3,
            "last_contact": last, "owner": owner}


def example() -> tuple[list[Account], Portfolio]:
    """As of 30 Nov 2026, with reviews within 120 days and contacts within 90 days:

    - acme (Julia's, Tobias on its team), reviewed 2026-07-01: 152 days ago > 120, due;
      review by 2026-07-01 + 120 days = 2026-10-29. Actions: "offer" (no owner, so
      Julia's) due 2026-11-29, open → overdue (one day); "workshop" (Tobias) due
      2026-11-30, in progress → not overdue (due today); "call" (Julia) done → not open;
      "memo" (Julia) open without a date. Contacts: "ada" met 2026-08-31, 91 days ago
      > 90 → stale, no owner so Julia's; "bob" met 2026-09-01, 90 days → within;
      "cy" (Tobias) met 2026-06-01, 182 days → stale, Tobias's; "dan" never met → no
      finding.
    - beta (Tobias's), never reviewed: due, no review date. Action "visit" (Julia)
      due 2026-12-15 → open, not overdue.
    - omega (Julia's, former), reviewed 2025-01-01: due, but a former account is left
      out of the reviews due.
    """
    programme = handmade.programme(policy={"review_max_age_days": REVIEW_DAYS,
                                           "contact_max_age_days": CONTACT_DAYS})
    accounts = [
        account("acme", team=["t.wagner"], reviewed="2026-07-01",
                actions=[{"title": "offer", "due": "2026-11-29"},
                         {"title": "workshop", "owner": "t.wagner", "due": "2026-11-30",
                          "status": "in_progress"},
                         {"title": "call", "owner": "j.berger", "due": "2026-01-05",
                          "status": "done"},
                         {"title": "memo", "owner": "j.berger"}],
                network=[contact("ada", "2026-08-31"), contact("bob", "2026-09-01"),
                         contact("cy", "2026-06-01", "t.wagner"), contact("dan", None)]),
        account("beta", owner="t.wagner",
                actions=[{"title": "visit", "owner": "j.berger", "due": "2026-12-15"}]),
        account("omega", status="former", reviewed="2025-01-01"),
    ]
    portfolio = Portfolio(root=Path("plans"), programme=programme, team=(), territories=(),
                          checklists={}, accounts={a.id: a for a in accounts}, positions={})
    return accounts, portfolio


def work(person_id: str) -> Any:
    accounts, portfolio = example()
    figures = {a.id: account_figures(portfolio, a, TODAY) for a in accounts}
    return person_work(person_id, accounts, figures, TODAY, REVIEW_DAYS)


def test_an_action_or_contact_without_owner_is_the_key_account_managers() -> None:
    assert answers_for(None, "j.berger") == "j.berger"
    assert answers_for("t.wagner", "j.berger") == "t.wagner"


def test_the_review_is_within_the_policy_until_its_last_day() -> None:
    assert review_by(dt.date(2026, 7, 1), 120) == dt.date(2026, 10, 29)
    assert review_by(None, 120) is None


def test_julias_accounts_managed_first_then_her_teams() -> None:
    julia = work("j.berger")
    assert [(a.account_id, a.role, a.review_due) for a in julia.accounts] == [
        ("acme", "owner", True), ("omega", "owner", False)]  # omega is a former account
    assert julia.accounts[0].review_by == dt.date(2026, 10, 29)
    tobias = work("t.wagner")
    assert [(a.account_id, a.role) for a in tobias.accounts] == [("beta", "owner"),
                                                                  ("acme", "team")]


def test_an_open_action_past_its_due_date_is_overdue_as_of_the_day() -> None:
    julia = work("j.berger")
    # offer (29 Nov, overdue), visit (15 Dec), memo (no date, last); call is done.
    assert [(a.account_id, a.action.title, a.overdue) for a in julia.actions] == [
        ("acme", "offer", True), ("beta", "visit", False), ("acme", "memo", False)]
    assert [a.index for a in julia.actions] == [0, 0, 3]
    assert julia.overdue == 1
    # Due today is not overdue yet.
    tobias = work("t.wagner")
    assert [(a.action.title, a.overdue) for a in tobias.actions] == [("workshop", False)]


def test_a_contact_beyond_the_policy_is_its_holders_to_meet() -> None:
    julia = work("j.berger")
    # ada: 91 days > 90; bob: 90 days is within; dan was never met: no date, no finding.
    assert [(s.account_id, s.contact.id, s.days) for s in julia.stale_contacts] == [
        ("acme", "ada", 91)]
    tobias = work("t.wagner")
    assert [(s.contact.id, s.days) for s in tobias.stale_contacts] == [("cy", 182)]


def test_plans_due_for_review_are_the_managed_ones_never_reviewed_first() -> None:
    assert [a.account_id for a in work("j.berger").reviews_due] == ["acme"]  # omega: former
    tobias = work("t.wagner")
    assert [(a.account_id, a.reviewed, a.review_by) for a in tobias.reviews_due] == [
        ("beta", None, None)]


def test_someone_without_accounts_has_nothing_to_do() -> None:
    nobody = work("m.kaya")
    assert (nobody.accounts, nobody.actions, nobody.stale_contacts, nobody.reviews_due) == (
        (), (), (), ())
