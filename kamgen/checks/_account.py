"""The account rules: each looks at one plan and its figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..method.kep import AccountFigures
from ..method.network import FindingKind
from ..model import Account, Contact, Portfolio
from ..model.account import PERSPECTIVES
from ._registry import Hit, Message, account_rule

QUADRANTS = ("strengths", "weaknesses", "opportunities", "threats")


@account_rule("rating.missing", "the plan is not rated",
              "add 'rating:' with every criterion: {criteria}")
def _rating(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    if a.plan.rating is None:
        yield Hit(("rating",), {"criteria": tuple(c.id for c in p.programme.rating.criteria)})


@account_rule("scorecard.perspectives", "no scorecard objective for {perspectives}",
              "add at least one objective with a KPI and target per perspective: financial, "
              "customer, processes, learning")
def _perspectives(p: Portfolio, a: Account, f: AccountFigures, today: dt.date
                  ) -> Iterable[Hit]:
    present = {o.perspective for o in a.plan.scorecard}
    missing = tuple(x for x in PERSPECTIVES if x not in present)
    if missing:
        yield Hit(("scorecard",), {"perspectives": missing})


@account_rule("scorecard.kpi", "objective '{objective}' has no actual",
              "add 'actual:' with the KPI's current value",
              empty=Message("no scorecard objective whose KPI could have an actual",
                            "add objectives with a KPI, a target and the actual"))
def _kpi(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    for index, objective in enumerate(a.plan.scorecard):
        if objective.actual is None:
            yield Hit(("scorecard", index), {"objective": objective.objective})


@account_rule("swot.quadrants", "SWOT quadrants without an entry: {quadrants}",
              "list at least one point in each of strengths, weaknesses, opportunities and "
              "threats")
def _swot(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    swot = a.plan.swot
    missing = tuple(q for q in QUADRANTS if swot is None or not getattr(swot, q))
    if missing:
        yield Hit(("swot",), {"quadrants": missing})


@account_rule("network.decider", "no decider in the relationship network",
              "add the people who decide, with 'roles: [decider]'")
def _decider(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    if not any("decider" in c.roles for c in a.plan.network):
        yield Hit(("network",))


def _contacts(a: Account, f: AccountFigures, kind: FindingKind
              ) -> Iterator[tuple[int, Contact, str]]:
    """The contacts of the network method's findings of ``kind``: their index in the plan,
    the contact and the finding's detail."""
    index = {c.id: i for i, c in enumerate(a.plan.network)}
    for finding in f.network.findings:
        if finding.kind == kind:
            for contact_id in finding.contacts:
                yield index[contact_id], a.plan.network[index[contact_id]], finding.detail


@account_rule("network.blind_spot",
              "blind spot: decider {name} has a relationship of {relationship}",
              "build the relationship to 3 or more, or name who will",
              empty=Message("no contacts: the deciders' relationships are not known",
                            "add the contacts of the network, with 'relationship:' for each"))
def _blind_spot(p: Portfolio, a: Account, f: AccountFigures, today: dt.date
                ) -> Iterable[Hit]:
    for index, contact, _ in _contacts(a, f, "blind_spot"):
        yield Hit(("network", index, "relationship"),
                  {"name": contact.name, "relationship": contact.relationship})


@account_rule("network.single_threaded",
              "single-threaded: every strong relationship is held by {owner}",
              "let a second person of the team build a strong relationship",
              empty=Message("no contacts: who holds the relationships is not known",
                            "add the contacts of the network, with 'owner:' and "
                            "'relationship:' for each"))
def _single_threaded(p: Portfolio, a: Account, f: AccountFigures, today: dt.date
                     ) -> Iterable[Hit]:
    for finding in f.network.findings:
        if finding.kind == "single_threaded":
            member = p.member(finding.detail)
            yield Hit(("network",), {"owner": member.name if member else finding.detail})


@account_rule("network.influential_opponent", "{name} is an opponent with influence {influence}",
              "plan how to win or neutralise this contact",
              empty=Message("no contacts: opponents are not known",
                            "add the contacts of the network, with 'attitude:' and "
                            "'influence:' for each"))
def _opponent(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    for index, contact, _ in _contacts(a, f, "influential_opponent"):
        yield Hit(("network", index, "attitude"),
                  {"name": contact.name, "influence": contact.influence})


@account_rule("network.stale_contact", "{name} was last met {days} days ago (limit {limit})",
              "meet the contact and update last_contact",
              empty=Message("no contacts: when they were last met is not known",
                            "add the contacts of the network, with 'last_contact:' for each"))
def _stale(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    limit = p.programme.policy.contact_max_age_days
    for index, contact, days in _contacts(a, f, "stale"):
        # The network method gives the days since the last contact as the finding's detail.
        yield Hit(("network", index, "last_contact"),
                  {"name": contact.name, "days": int(days), "limit": limit})


@account_rule("value_add.concept", "no value-add concept",
              "describe at least one concept with the customer's benefits and cost")
def _value_add(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    if not a.plan.value_add:
        yield Hit(("value_add",))


@account_rule("actions.owner_due", "action '{title}' has no {fields: and no }",
              "give every open action an owner (team.yaml id) and a due date",
              empty=Message("no actions",
                            "add the plan's actions, each with an owner (team.yaml id) and "
                            "a due date"))
def _owner_due(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    for index, action in enumerate(a.plan.actions):
        missing = tuple(k for k in ("owner", "due") if getattr(action, k) is None)
        if missing and action.status not in ("done", "dropped"):
            yield Hit(("actions", index), {"title": action.title, "fields": missing})


@account_rule("actions.overdue", "action '{title}' was due on {due}",
              "finish it, set a new due date, or mark it done or dropped",
              empty=Message("no actions: nothing shows the plan is being carried out",
                            "add the plan's actions with due dates, and keep their status "
                            "up to date"))
def _overdue(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    for index, action in enumerate(a.plan.actions):
        if action in f.overdue_actions and action.due is not None:
            yield Hit(("actions", index, "due"), {"title": action.title, "due": action.due})


@account_rule("plan.review_age", "the plan was last reviewed {days} days ago (limit {limit})",
              "review the plan and update 'reviewed:'",
              missing=Message("the plan has no review date",
                              "review the plan and set 'reviewed:' to the date"))
def _review(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    limit = p.programme.policy.review_max_age_days
    reviewed = a.plan.reviewed
    if reviewed is None:
        yield Hit(("reviewed",), variant="missing")
    elif (today - reviewed).days > limit:
        yield Hit(("reviewed",), {"days": (today - reviewed).days, "limit": limit})


_NO_ACTUAL_HINT = "add the last full year to 'business:' without 'forecast: true'"


def _no_actual(p: Portfolio) -> Hit:
    """The finding of a rule that needs the latest actual year when the business figures
    hold none up to the fiscal year."""
    # The year as text: it is a name, not a number to write with thousands separators.
    return Hit(("business",), {"year": str(p.programme.fiscal_year)}, variant="no_actual")


@account_rule("visits.cost_share",
              "visit cost is {share:.1%} of the contribution margin (limit {limit:g%})",
              "plan fewer or cheaper visits, or raise the margin",
              empty=Message("no planned visits or no business figures: the visit cost "
                            "cannot be set against the margin",
                            "set the visits' 'per_year:' and add 'business:' with revenue "
                            "and margin"),
              no_actual=Message("the business figures hold no actual year up to {year}: "
                                "the visit cost cannot be set against the margin",
                                _NO_ACTUAL_HINT),
              no_margin=Message("the business figures of {year} give no margin: the visit "
                                "cost cannot be set against it",
                                "add 'margin:' to the year {year} under 'business:'"),
              loss=Message("the contribution margin of {year} is {margin:,.0f}: a visit "
                           "cost of {cost:,.0f} is not covered by it",
                           "plan fewer or cheaper visits, or raise the margin"))
def _cost_share(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    # The visits' cost set against the margin of the latest actual year: a plan without
    # that margin has not met the rule. A cost that is not known (an owner without
    # capacity) is owner.capacity's finding.
    cost = f.visit_cost
    if not cost.cost:
        return
    latest = f.latest
    if latest is None:
        yield _no_actual(p)
        return
    at = ("business", a.plan.business.index(latest))
    if cost.margin is None:
        yield Hit(at, {"year": str(latest.year)}, variant="no_margin")
    elif cost.margin <= 0:
        yield Hit((*at, "margin"), {"year": str(latest.year), "margin": cost.margin,
                                    "cost": cost.cost}, variant="loss")
    elif cost.over_limit and cost.margin_share is not None:
        yield Hit(("visits",), {"share": cost.margin_share,
                                "limit": p.programme.policy.visit_cost_share_max})


@account_rule("business.wallet",
              "the wallet ({wallet:,.0f}) is smaller than our revenue in {year} "
              "({revenue:,.0f}): a share of wallet of {share:.0%}",
              "the wallet is the account's whole yearly spend in our categories, our revenue "
              "included: check both figures",
              empty=Message("no business figures or no wallet: the share of wallet is not "
                            "known",
                            "add 'business:' with our revenue and 'wallet:' with the "
                            "account's yearly spend in our categories"),
              no_actual=Message("the business figures hold no actual year up to {year}: "
                                "the share of wallet is not known", _NO_ACTUAL_HINT))
def _wallet(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[Hit]:
    # The method's share of wallet: our last actual revenue / the wallet.
    share = f.share_of_wallet
    if f.latest is None:
        yield _no_actual(p)
    elif share is not None and share.share > 1:
        # The year as text: it is a name, not a number to write with thousands separators.
        yield Hit(("wallet",), {"wallet": share.wallet, "revenue": share.revenue,
                                "year": str(f.latest.year), "share": share.share})


@account_rule("competitors.share_percent",
              "the share of wallet {written:g} of {name} is read as {written:g}%, "
              "not {percent:g}%",
              "shares of wallet are in percent: write {percent:g}, not {written:g}",
              empty=Message("no competitors",
                            "add the competitors under 'positioning: competitors:', each with "
                            "its share of wallet in percent"))
def _share_percent(p: Portfolio, a: Account, f: AccountFigures, today: dt.date
                   ) -> Iterable[Hit]:
    for index, competitor in enumerate(a.plan.positioning.competitors):
        written = competitor.share_of_wallet
        # 0 is a competitor without a share; from 1 on a percentage is plausible.
        if written is not None and 0 < written < 1:
            yield Hit(("positioning", "competitors", index, "share_of_wallet"),
                      {"name": competitor.name, "written": written,
                       "percent": round(written * 100, 6)})


@account_rule("competitors.shares_total",
              "shares of wallet add up to {total:g%}: {competitors:g%} for the competitors "
              "and {ours:g%} for us",
              "the shares of one wallet add up to 100% at most: check the competitors' shares, "
              "our revenue and the wallet",
              competitors=Message("the competitors' shares of wallet add up to {total:g%}",
                                  "the shares of one wallet add up to 100% at most: check "
                                  "the competitors' shares"),
              empty=Message("no competitors: how the wallet is shared is not known",
                            "add the competitors under 'positioning: competitors:', each with "
                            "its share of wallet in percent"))
def _shares_total(p: Portfolio, a: Account, f: AccountFigures, today: dt.date
                  ) -> Iterable[Hit]:
    competitors = sum(c.share_of_wallet or 0 for c in a.plan.positioning.competitors) / 100
    # Our share counts when the wallet holds our revenue; otherwise business.wallet says so.
    ours = f.share_of_wallet.share if f.share_of_wallet is not None else None
    if ours is not None and ours > 1:
        ours = None
    total = competitors + (ours or 0)
    # A margin for shares such as 33.3 + 33.3 + 33.4 that floats add up to a hair above 1.
    if total > 1 + 1e-9:
        at = ("positioning", "competitors")
        if ours is None:
            yield Hit(at, {"total": total}, variant="competitors")
        else:
            yield Hit(at, {"total": total, "competitors": competitors, "ours": ours})
