"""Running the registered rules: severities, findings with file and line, completeness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..method.kep import AccountFigures, account_figures
from ..method.selection import Selection, selection
from ..model import Account, Portfolio
from ..model._base import AccountClass
from ..model.programme import RuleSeverity
from ..model.rules import RULES, Severity, declared
from ._registry import AccountRule, Hit, KeyPath, PortfolioRule, Value, registered

__all__ = ["DEFAULTS", "CheckResult", "Finding", "Level", "PlanCheck", "Scope", "check",
           "check_account", "empty_sections", "severity"]

Level = Literal["error", "warning"]

DEFAULTS: Mapping[str, Mapping[AccountClass, Severity]] = {r.id: r.defaults for r in RULES}
"""Rule id → severities when kam.yaml's ``policy.rules`` does not set them."""


@dataclass(frozen=True)
class Finding:
    """A rule's finding at one place of one plan file.

    It carries values, not text: :func:`kamgen.report.english` gives the English message and
    hint, the site its own labels (``check_<code>``).
    """

    rule: str
    severity: Level
    file: str
    """Path of the plan file, relative to the plans folder."""
    line: int
    column: int
    key_path: KeyPath
    account: str | None = None
    """The account concerned; ``None`` for portfolio findings."""
    code: str = ""
    """Which message: a rule id, or a rule id with a variant (plan.review_age.missing)."""
    params: Mapping[str, Value] = field(default_factory=dict)
    """The values in the message: names and titles, counts, shares, dates, lists of terms."""
    accounts: tuple[str, ...] = ()
    """For a portfolio finding: the accounts whose plans it depends on."""


_ORDER = {"off": 0, "warning": 1, "error": 2}


def severity(portfolio: Portfolio, rule: str, account_class: AccountClass | None) -> Severity:
    """The severity of ``rule`` for an account of ``account_class`` (unrated plans, given
    as ``None``, count as class C); for portfolio rules, whatever the class, the strictest
    severity of the three classes."""
    configured = portfolio.programme.policy.rules.get(rule)
    if isinstance(configured, str):
        return configured
    declaration = declared(rule)

    def of(klass: AccountClass) -> Severity:
        value: Severity | None = (
            getattr(configured, klass) if isinstance(configured, RuleSeverity) else None
        )
        return value if value is not None else declaration.defaults[klass]

    if declaration.scope == "portfolio":
        return max((of("A"), of("B"), of("C")), key=lambda s: _ORDER[s])
    return of(account_class or "C")


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

    @property
    def passed(self) -> int:
        """How many rules in force the plan passes."""
        return len(self.rules) - len(self.failed)

    def count(self, level: Level) -> int:
        """How many of the plan's findings have this severity."""
        return sum(1 for f in self.findings if f.severity == level)

    @property
    def light(self) -> Literal["red", "amber", "green"]:
        """The plan's health: red with an error, amber with a warning, else green."""
        if self.count("error"):
            return "red"
        return "amber" if self.count("warning") else "green"


@dataclass(frozen=True)
class Scope:
    """The part of the portfolio a check reports when it is not the whole: the plans that
    changed since a revision (a pull request's). The whole portfolio is validated anyway."""

    since: str
    """The revision the changes are counted from, as the user gave it: ``origin/main``."""
    base: str
    """The commit the changes are counted from (the merge base of ``since`` and HEAD)."""
    accounts: tuple[str, ...]
    """The accounts whose plans changed and are reported."""
    removed: tuple[str, ...] = ()
    """Accounts whose plans were deleted or renamed away: nothing of them to report."""
    programme: bool = False
    """True when a file of the programme changed (kam.yaml, team.yaml, territories.yaml, a
    checklist): then every finding of the portfolio is reported; else those that depend on
    a changed plan."""

    def reports(self, finding: Finding) -> bool:
        """True when the finding is one this scope reports."""
        if finding.account is not None:
            return finding.account in self.accounts
        return self.programme or any(a in self.accounts for a in finding.accounts)


@dataclass(frozen=True)
class CheckResult:
    """Findings of every plan and of the portfolio, or of the part of it in ``scope``."""

    plans: tuple[PlanCheck, ...]
    portfolio: tuple[Finding, ...] = field(default_factory=tuple)
    scope: Scope | None = None
    """The part of the portfolio reported, when not the whole."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, plan by plan, then the portfolio's."""
        return (*(f for p in self.plans for f in p.findings), *self.portfolio)

    def count(self, level: Level) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == level)


def _finding(portfolio: Portfolio, rule: str, level: Level, file: str, hit: Hit,
             account: str | None) -> Finding:
    positions = portfolio.positions.get(file)
    line, column = positions.locate(hit.at) if positions is not None else (1, 1)
    code = rule if hit.variant is None else f"{rule}.{hit.variant}"
    return Finding(rule, level, file, line, column, hit.at, account, code, hit.values,
                   hit.accounts)


def empty_sections(account: Account, needs: tuple[str, ...]) -> tuple[str, ...]:
    """The sections of ``needs`` that the plan leaves empty: no entry in a list, no
    ``wallet``, no planned visits. A rule with nothing to look at has not been met: an
    untouched scaffold must not pass "every action has an owner" for having no actions."""
    plan = account.plan
    empty = {
        "scorecard": not plan.scorecard,
        "network": not plan.network,
        "actions": not plan.actions,
        "business": not plan.business,
        "wallet": plan.wallet is None,
        "visits": plan.visits.per_year == 0,
        "positioning.competitors": not plan.positioning.competitors,
    }
    return tuple(section for section in needs if empty[section])


def _key_path(section: str) -> KeyPath:
    return tuple(section.split("."))


def check_account(portfolio: Portfolio, account: Account, figures: AccountFigures,
                  today: dt.date) -> PlanCheck:
    """Run every account rule on one plan."""
    klass = figures.rating.account_class if figures.rating else None
    in_force, failed, findings = [], [], []
    for entry in registered():
        if not isinstance(entry, AccountRule):
            continue
        rule = entry.rule.id
        level = severity(portfolio, rule, klass)
        if level == "off":
            continue
        in_force.append(rule)
        empty = empty_sections(account, entry.rule.needs)
        hits = [Hit(_key_path(empty[0]), variant="empty")] if empty \
            else list(entry.check(portfolio, account, figures, today))
        if hits:
            failed.append(rule)
        findings += [_finding(portfolio, rule, level, account.file, hit, account.id)
                     for hit in hits]
    return PlanCheck(account.id, account.file, klass, tuple(in_force), tuple(failed),
                     tuple(findings))


def check(portfolio: Portfolio, today: dt.date,
          figures: Mapping[str, AccountFigures] | None = None,
          chosen: Selection | None = None,
          known: Mapping[str, PlanCheck] | None = None,
          scope: Scope | None = None) -> CheckResult:
    """Apply the completeness policy to every plan that is not ``former``, then the
    portfolio rules to the portfolio; with a ``scope``, only to the plans in it, and only
    the portfolio findings it reports are kept.

    ``figures`` and ``chosen`` are the accounts' figures and the selection when the caller
    has computed them already (the site has), so they are not computed twice; ``known``
    the findings of the plans whose inputs did not change since the caller checked them
    (a preview), by account id, which are taken as they are.
    """
    known = known or {}
    plans = tuple(
        known[account.id] if account.id in known else check_account(
            portfolio, account,
            figures[account.id] if figures is not None
            else account_figures(portfolio, account, today), today)
        for account in portfolio.accounts.values()
        if account.plan.status != "former" and (scope is None or account.id in scope.accounts)
    )
    findings: list[Finding] = []
    for entry in registered():
        if not isinstance(entry, PortfolioRule):
            continue
        level = severity(portfolio, entry.rule.id, None)
        if level == "off":
            continue
        if chosen is None:
            chosen = selection(portfolio)
        for hit in entry.check(portfolio, chosen, today):
            if hit.file is None:
                raise ValueError(f"a finding of the portfolio rule '{entry.rule.id}' names "
                                 "no file")
            finding = _finding(portfolio, entry.rule.id, level, hit.file, hit, None)
            if scope is None or scope.reports(finding):
                findings.append(finding)
    return CheckResult(plans, tuple(findings), scope)
