"""The completeness policy (``kamgen check``): rules with ids, severities per account
class, and findings that point at a file and line.

A rule looks at one account plan (or, for ``territory.capacity``, at the portfolio) and
yields findings. Its severity comes from ``policy.rules`` in kam.yaml, else from the
defaults below. A plan's completeness is the share of its rules in force (not ``off``)
that it passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .method.kep import AccountFigures, account_figures
from .method.selection import Selection, selection
from .model import Account, Portfolio
from .model._base import AccountClass
from .model.account import PERSPECTIVES
from .model.programme import RULE_IDS, RuleSeverity, Severity

__all__ = [
    "DEFAULTS",
    "MESSAGES",
    "RULES",
    "CheckResult",
    "Finding",
    "PlanCheck",
    "Rule",
    "check",
    "severity",
]

Level = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A rule's finding at one place of one plan file."""

    rule: str
    severity: Level
    file: str
    """Path of the plan file, relative to the plans folder."""
    line: int
    column: int
    key_path: KeyPath
    message: str
    hint: str
    account: str | None = None
    """The account concerned; ``None`` for portfolio findings."""
    code: str = ""
    """Which message: a rule id, or a rule id with a variant (plan.review_age.missing)."""
    params: Mapping[str, str] = field(default_factory=dict)
    """The values in the message, for other languages."""


MESSAGES: Mapping[str, tuple[str, str]] = {
    "rating.missing": ("the plan is not rated",
                       "add 'rating:' with every criterion: {criteria}"),
    "scorecard.perspectives": ("no scorecard objective for {missing}",
                               "add at least one objective with a KPI and target per "
                               "perspective: financial, customer, processes, learning"),
    "scorecard.kpi": ("objective '{objective}' has no actual",
                      "add 'actual:' with the KPI's current value"),
    "swot.quadrants": ("SWOT quadrants without an entry: {missing}",
                       "list at least one point in each of strengths, weaknesses, "
                       "opportunities and threats"),
    "network.decider": ("no decider in the relationship network",
                        "add the people who decide, with 'roles: [decider]'"),
    "network.blind_spot": ("blind spot: decider {name} has a relationship of {relationship}",
                           "build the relationship to 3 or more, or name who will"),
    "network.single_threaded": ("single-threaded: every strong relationship is held by "
                                "{owner}",
                                "let a second person of the team build a strong relationship"),
    "network.influential_opponent": ("{name} is an opponent with influence {influence}",
                                     "plan how to win or neutralise this contact"),
    "network.stale_contact": ("{name} was last met {days} days ago (limit {limit})",
                              "meet the contact and update last_contact"),
    "value_add.concept": ("no value-add concept",
                          "describe at least one concept with the customer's benefits and "
                          "cost"),
    "actions.owner_due": ("action '{title}' has no {missing}",
                          "give every open action an owner (team.yaml id) and a due date"),
    "actions.overdue": ("action '{title}' was due on {due}",
                        "finish it, set a new due date, or mark it done or dropped"),
    "plan.review_age": ("the plan was last reviewed {days} days ago (limit {limit})",
                        "review the plan and update 'reviewed:'"),
    "plan.review_age.missing": ("the plan has no review date",
                                "review the plan and set 'reviewed:' to the date"),
    "visits.cost_share": ("visit cost is {share} of the contribution margin (limit {limit})",
                          "plan fewer or cheaper visits, or raise the margin"),
    "territory.capacity": ("visit demand in '{territory}' is {demand} visits a year against "
                           "a capacity of {capacity}",
                           "add capacity, lower the visit norms, or move accounts to "
                           "another territory"),
}
"""Message and hint of each finding code, in English; the site has its own labels."""


@dataclass(frozen=True)
class _Hit:
    loc: KeyPath
    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A completeness rule."""

    id: str
    title: str
    """What the rule asks for, in a few words."""
    scope: Literal["account", "portfolio"]


DEFAULTS: Mapping[str, Mapping[AccountClass, Severity]] = {
    "rating.missing": {"A": "warning", "B": "warning", "C": "warning"},
    "scorecard.perspectives": {"A": "error", "B": "warning", "C": "off"},
    "scorecard.kpi": {"A": "error", "B": "warning", "C": "off"},
    "swot.quadrants": {"A": "error", "B": "warning", "C": "off"},
    "network.decider": {"A": "error", "B": "warning", "C": "off"},
    "network.blind_spot": {"A": "warning", "B": "warning", "C": "off"},
    "network.single_threaded": {"A": "warning", "B": "warning", "C": "off"},
    "network.influential_opponent": {"A": "warning", "B": "warning", "C": "off"},
    "network.stale_contact": {"A": "warning", "B": "warning", "C": "off"},
    "value_add.concept": {"A": "error", "B": "warning", "C": "off"},
    "actions.owner_due": {"A": "error", "B": "error", "C": "warning"},
    "actions.overdue": {"A": "warning", "B": "warning", "C": "warning"},
    "plan.review_age": {"A": "error", "B": "warning", "C": "warning"},
    "visits.cost_share": {"A": "warning", "B": "warning", "C": "warning"},
    "territory.capacity": {"A": "warning", "B": "warning", "C": "warning"},
}
"""Severities when kam.yaml's ``policy.rules`` does not set them."""

RULES: tuple[Rule, ...] = (
    Rule("rating.missing", "every plan is rated on every criterion", "account"),
    Rule("scorecard.perspectives", "objectives in all four scorecard perspectives", "account"),
    Rule("scorecard.kpi", "every objective's KPI has a target and an actual", "account"),
    Rule("swot.quadrants", "all four SWOT quadrants filled", "account"),
    Rule("network.decider", "at least one decider in the network", "account"),
    Rule("network.blind_spot", "no decider with a weak relationship", "account"),
    Rule("network.single_threaded", "strong relationships held by more than one of us",
         "account"),
    Rule("network.influential_opponent", "no opponent with influence 4 or 5", "account"),
    Rule("network.stale_contact", "every contact met within the policy limit", "account"),
    Rule("value_add.concept", "at least one value-add concept", "account"),
    Rule("actions.owner_due", "every action has an owner and a due date", "account"),
    Rule("actions.overdue", "no open action past its due date", "account"),
    Rule("plan.review_age", "the plan was reviewed within the policy limit", "account"),
    Rule("visits.cost_share", "visit cost within the policy share of the margin", "account"),
    Rule("territory.capacity", "visit demand within the territory's capacity", "portfolio"),
)
assert tuple(r.id for r in RULES) == RULE_IDS and set(DEFAULTS) == set(RULE_IDS)

_ORDER = {"off": 0, "warning": 1, "error": 2}
_SCOPES = {r.id: r.scope for r in RULES}


def severity(portfolio: Portfolio, rule: str, account_class: AccountClass | None) -> Severity:
    """The severity of ``rule`` for an account of ``account_class`` (unrated plans, given
    as ``None``, count as class C); for portfolio rules, whatever the class, the strictest
    severity of the three classes."""
    configured = portfolio.programme.policy.rules.get(rule)
    if isinstance(configured, str):
        return configured
    defaults = DEFAULTS[rule]

    def of(klass: AccountClass) -> Severity:
        value: Severity | None = (
            getattr(configured, klass) if isinstance(configured, RuleSeverity) else None
        )
        return value if value is not None else defaults[klass]

    if _SCOPES[rule] == "portfolio":
        return max((of("A"), of("B"), of("C")), key=lambda s: _ORDER[s])
    return of(account_class or "C")


# --- the account rules -------------------------------------------------------------------

_Check = Callable[[Portfolio, Account, AccountFigures, dt.date], Iterable[_Hit]]
_CHECKS: dict[str, _Check] = {}


def _rule(rule_id: str) -> Callable[[_Check], _Check]:
    def register(function: _Check) -> _Check:
        _CHECKS[rule_id] = function
        return function

    return register


@_rule("rating.missing")
def _rating(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    if a.plan.rating is None:
        criteria = ", ".join(c.id for c in p.programme.rating.criteria)
        yield _Hit(("rating",), "rating.missing", {"criteria": criteria})


@_rule("scorecard.perspectives")
def _perspectives(p: Portfolio, a: Account, f: AccountFigures, today: dt.date
                  ) -> Iterable[_Hit]:
    present = {o.perspective for o in a.plan.scorecard}
    missing = [x for x in PERSPECTIVES if x not in present]
    if missing:
        yield _Hit(("scorecard",), "scorecard.perspectives", {"missing": ", ".join(missing)})


@_rule("scorecard.kpi")
def _kpi(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    for index, objective in enumerate(a.plan.scorecard):
        if objective.actual is None:
            yield _Hit(("scorecard", index), "scorecard.kpi",
                       {"objective": objective.objective})


@_rule("swot.quadrants")
def _swot(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    quadrants = ("strengths", "weaknesses", "opportunities", "threats")
    swot = a.plan.swot
    missing = [q for q in quadrants if swot is None or not getattr(swot, q)]
    if missing:
        yield _Hit(("swot",), "swot.quadrants", {"missing": ", ".join(missing)})


@_rule("network.decider")
def _decider(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    if not any("decider" in c.roles for c in a.plan.network):
        yield _Hit(("network",), "network.decider")


def _network_finding(kind: str, rule: str) -> _Check:
    def check(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
        index = {c.id: i for i, c in enumerate(a.plan.network)}
        for finding in f.network.findings:
            if finding.kind != kind:
                continue
            if kind == "single_threaded":
                member = p.member(finding.detail)
                yield _Hit(("network",), rule,
                           {"owner": member.name if member else finding.detail})
                continue
            for cid in finding.contacts:
                contact = a.plan.network[index[cid]]
                key = {"blind_spot": "relationship", "influential_opponent": "attitude",
                       "stale": "last_contact"}[kind]
                params = {"name": contact.name, "relationship": str(contact.relationship),
                          "influence": str(contact.influence)}
                if kind == "stale":
                    params |= {"days": finding.detail,
                               "limit": str(p.programme.policy.contact_max_age_days)}
                yield _Hit(("network", index[cid], key), rule, params)

    return check


for _kind, _id in (("blind_spot", "network.blind_spot"),
                   ("single_threaded", "network.single_threaded"),
                   ("influential_opponent", "network.influential_opponent"),
                   ("stale", "network.stale_contact")):
    _CHECKS[_id] = _network_finding(_kind, _id)


@_rule("value_add.concept")
def _value_add(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    if not a.plan.value_add:
        yield _Hit(("value_add",), "value_add.concept")


@_rule("actions.owner_due")
def _owner_due(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    for index, action in enumerate(a.plan.actions):
        missing = [k for k in ("owner", "due") if getattr(action, k) is None]
        if missing and action.status not in ("done", "dropped"):
            yield _Hit(("actions", index), "actions.owner_due",
                       {"title": action.title, "missing": " and no ".join(missing)})


@_rule("actions.overdue")
def _overdue(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    for index, action in enumerate(a.plan.actions):
        if action in f.overdue_actions and action.due is not None:
            yield _Hit(("actions", index, "due"), "actions.overdue",
                       {"title": action.title, "due": action.due.isoformat()})


@_rule("plan.review_age")
def _review(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    limit = p.programme.policy.review_max_age_days
    reviewed = a.plan.reviewed
    if reviewed is None:
        yield _Hit(("reviewed",), "plan.review_age.missing")
    elif (today - reviewed).days > limit:
        yield _Hit(("reviewed",), "plan.review_age",
                   {"days": str((today - reviewed).days), "limit": str(limit)})


@_rule("visits.cost_share")
def _cost_share(p: Portfolio, a: Account, f: AccountFigures, today: dt.date) -> Iterable[_Hit]:
    limit = p.programme.policy.visit_cost_share_max
    share = f.visit_cost.margin_share
    if share is not None and share > limit:
        yield _Hit(("visits",), "visits.cost_share",
                   {"share": f"{share:.1%}", "limit": f"{round(limit * 100, 2):g}%"})


# --- running the rules -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCheck:
    """The result for one account plan."""

    account: str
    file: str
    account_class: AccountClass | None
    rules: tuple[str, ...]
    """Rules in force for the plan (not ``off``)."""
    failed: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def completeness(self) -> float | None:
        """Share of the rules in force that the plan passes; ``None`` when none is."""
        if not self.rules:
            return None
        return (len(self.rules) - len(self.failed)) / len(self.rules)


@dataclass(frozen=True)
class CheckResult:
    """Findings of every plan and of the portfolio."""

    plans: tuple[PlanCheck, ...]
    portfolio: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, plan by plan, then the portfolio's."""
        return (*(f for p in self.plans for f in p.findings), *self.portfolio)

    def count(self, level: Level) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == level)


def _locate(portfolio: Portfolio, file: str, loc: KeyPath) -> tuple[int, int]:
    positions = portfolio.positions.get(file)
    return positions.locate(loc) if positions is not None else (1, 1)


def check_account(portfolio: Portfolio, account: Account, figures: AccountFigures,
                  today: dt.date) -> PlanCheck:
    """Run every account rule on one plan."""
    klass = figures.rating.account_class if figures.rating else None
    in_force, failed, findings = [], [], []
    for rule in RULES:
        if rule.scope != "account":
            continue
        level = severity(portfolio, rule.id, klass)
        if level == "off":
            continue
        in_force.append(rule.id)
        hits = list(_CHECKS[rule.id](portfolio, account, figures, today))
        if hits:
            failed.append(rule.id)
        for hit in hits:
            line, column = _locate(portfolio, account.file, hit.loc)
            message, hint = (t.format(**hit.params) for t in MESSAGES[hit.code])
            findings.append(Finding(rule.id, level, account.file, line, column, hit.loc,
                                    message, hint, account.id, hit.code, hit.params))
    return PlanCheck(account.id, account.file, klass, tuple(in_force), tuple(failed),
                     tuple(findings))


def check(portfolio: Portfolio, today: dt.date,
          figures: Mapping[str, AccountFigures] | None = None,
          chosen: Selection | None = None) -> CheckResult:
    """Apply the completeness policy to every plan that is not ``former``.

    ``figures`` and ``chosen`` are the accounts' figures and the selection when the caller
    has computed them already (the site has), so they are not computed twice.
    """
    plans = tuple(
        check_account(portfolio, account,
                      figures[account.id] if figures is not None
                      else account_figures(portfolio, account, today), today)
        for account in portfolio.accounts.values()
        if account.plan.status != "former"
    )
    findings = []
    level = severity(portfolio, "territory.capacity", None)
    if level != "off":
        territories = (chosen or selection(portfolio)).territories
        for index, territory in enumerate(territories):
            over = territory.utilisation is not None and territory.utilisation > 1
            unstaffed = territory.capacity == 0 and territory.demand > 0
            if over or unstaffed:
                line, column = _locate(portfolio, "territories.yaml", (index,))
                params = {"territory": territory.territory_id,
                          "demand": f"{territory.demand:g}",
                          "capacity": f"{territory.capacity:g}"}
                message, hint = (t.format(**params) for t in MESSAGES["territory.capacity"])
                findings.append(Finding(
                    "territory.capacity", level, "territories.yaml", line, column, (index,),
                    message, hint, None, "territory.capacity", params,
                ))
    return CheckResult(plans, tuple(findings))
