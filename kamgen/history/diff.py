"""The business-level diff (method.md, "History and change"): what a change does to each
account, in the method's words, between two portfolios. Never a YAML diff.

:func:`portfolio_diff` compares two validated portfolios, each with the date its figures
are taken at (a revision's commit date, today for the working tree), so that an action
whose due date passed in between is *newly overdue*.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..checks import Finding, check_account
from ..method.kep import AccountFigures, account_figures
from ..method.selection import selection
from ..model import Account, Action, Contact, Portfolio
from ..report import english

__all__ = ["LABELS", "AccountDiff", "Change", "PortfolioDiff", "TerritoryChange",
           "account_changes", "portfolio_diff"]

Topic = Literal["status", "owner", "class", "score", "share_of_wallet", "scorecard", "kpi",
                "contact", "risk", "action", "value_add", "completeness", "finding"]
Event = Literal["changed", "added", "removed", "done", "dropped", "overdue", "new",
                "resolved"]
Value = str | int | float | None

LABELS = ("class-change", "new-risk", "new-finding", "new-plan", "removed-plan",
          "invalid-plans")
"""Every label :attr:`PortfolioDiff.labels` may give a pull request."""


@dataclass(frozen=True)
class Change:
    """One change to an account, in the method's words."""

    topic: Topic
    event: Event
    subject: str = ""
    """What changed: a KPI, a contact's or an action's name, a concept's title, a
    finding's message; empty for the account's own figures."""
    before: Value = None
    after: Value = None
    details: tuple[tuple[str, Value, Value], ...] = ()
    """(field, before, after) of a changed KPI, contact or value-add concept; for one that
    was added or removed, (field, value, value) of what it holds."""
    risk: bool = False
    """A new influential opponent or a new blind spot in the network."""
    where: str | None = None
    """The scorecard perspective of a KPI."""
    finding: Finding | None = field(default=None, compare=False, repr=False)
    """The finding of a new or resolved finding (``subject`` is its English message)."""


@dataclass(frozen=True)
class AccountDiff:
    """What the change does to one account."""

    account: str
    name: str
    file: str
    state: Literal["added", "removed", "changed"]
    changes: tuple[Change, ...]
    account_class: tuple[str | None, str | None] = (None, None)
    """The account's class before and after."""

    @property
    def risks(self) -> int:
        return sum(1 for change in self.changes if change.risk)


@dataclass(frozen=True)
class TerritoryChange:
    """A territory whose utilisation (visit demand / capacity) changed."""

    territory: str
    name: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class PortfolioDiff:
    """Every account the change touches, and the territories whose utilisation moved."""

    accounts: tuple[AccountDiff, ...]
    territories: tuple[TerritoryChange, ...] = ()
    problems: tuple[str, ...] = field(default=())
    """Why the diff could not be made (a revision whose plans do not validate)."""

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels for a pull request: ``class-change``, ``new-risk``, ``new-plan``,
        ``removed-plan``, ``new-finding``, ``invalid-plans``."""
        found = []
        changes = [c for a in self.accounts for c in a.changes]
        if any(c.topic == "class" for c in changes):
            found.append("class-change")
        if any(c.risk for c in changes):
            found.append("new-risk")
        if any(c.topic == "finding" and c.event == "new" for c in changes):
            found.append("new-finding")
        if any(a.state == "added" for a in self.accounts):
            found.append("new-plan")
        if any(a.state == "removed" for a in self.accounts):
            found.append("removed-plan")
        if self.problems:
            found.append("invalid-plans")
        return tuple(found)


# --- what one account looks like at one revision ------------------------------------------


@dataclass(frozen=True)
class _Kpi:
    perspective: str
    objective: str
    kpi: str
    unit: str
    actual: float | None
    target: float
    status: str


@dataclass(frozen=True)
class _View:
    account: Account
    figures: AccountFigures
    account_class: str | None
    score: float | None
    share: float | None
    kpis: Mapping[str, _Kpi]
    contacts: Mapping[str, Contact]
    actions: Mapping[str, Action]
    overdue: frozenset[str]
    risks: Mapping[tuple[str, str], str]
    value_add: Mapping[str, tuple[tuple[str, Value], ...]]
    completeness: float | None
    findings: Mapping[tuple[str, tuple[str | int, ...]], Finding]
    """(rule code, key path) of each finding → the finding."""


def _numbered(keys: Iterable[str]) -> list[str]:
    """The keys, the second and later of the same key numbered (``title (2)``), so that
    two actions of the same title are told apart by their order."""
    seen: Counter[str] = Counter()
    out = []
    for key in keys:
        seen[key] += 1
        out.append(key if seen[key] == 1 else f"{key} ({seen[key]})")
    return out


_RISKS = {"influential_opponent", "blind_spot"}

_TOLD_AS_CHANGES = {"actions.overdue", "network.blind_spot", "network.influential_opponent"}
"""Rules whose findings the diff tells as changes of their own (an action now overdue, a
new risk), not again as new findings."""


def _view(portfolio: Portfolio, account: Account, today: dt.date) -> _View:
    plan = account.plan
    figures = account_figures(portfolio, account, today)
    checked = check_account(portfolio, account, figures, today) \
        if plan.status != "former" else None
    objectives = figures.scorecard.objectives
    kpi_keys = _numbered(f"{o.objective.kpi}\0{o.objective.perspective}" for o in objectives)
    action_keys = _numbered(a.title for a in plan.actions)
    overdue = {id(a) for a in figures.overdue_actions}
    names = {c.id: c.name for c in plan.network}
    return _View(
        account=account,
        figures=figures,
        account_class=figures.rating.account_class if figures.rating else None,
        score=figures.rating.score if figures.rating else None,
        share=figures.share_of_wallet.share if figures.share_of_wallet else None,
        kpis={key: _Kpi(o.objective.perspective, o.objective.objective, o.objective.kpi,
                        o.objective.unit, o.objective.actual, o.objective.target, o.status)
              for key, o in zip(kpi_keys, objectives, strict=True)},
        contacts={c.id: c for c in plan.network},
        actions=dict(zip(action_keys, plan.actions, strict=True)),
        overdue=frozenset(key for key, a in zip(action_keys, plan.actions, strict=True)
                          if id(a) in overdue),
        risks={(f.kind, contact): names.get(contact, contact)
               for f in figures.network.findings if f.kind in _RISKS
               for contact in f.contacts},
        value_add={key: (("net_yearly_value", va.net_yearly_value),
                         ("payback_months", va.payback_months), ("roi", va.roi))
                   for key, va in zip(_numbered(c.title for c in plan.value_add),
                                      figures.value_add, strict=True)},
        completeness=checked.completeness if checked else None,
        findings={(f.code, f.key_path): f for f in checked.findings
                  if f.rule not in _TOLD_AS_CHANGES} if checked else {},
    )


# --- comparing two views -------------------------------------------------------------------


def _moved(before: float | None, after: float | None, places: int) -> bool:
    if before is None or after is None:
        return before is not after
    return round(before, places) != round(after, places)


def _account_changes(old: _View, new: _View) -> list[Change]:
    changes: list[Change] = []
    a, b = old.account.plan, new.account.plan
    if a.status != b.status:
        changes.append(Change("status", "changed", before=a.status, after=b.status))
    if a.owner != b.owner:
        changes.append(Change("owner", "changed", before=a.owner, after=b.owner))
    if old.account_class != new.account_class:
        changes.append(Change("class", "changed", before=old.account_class,
                              after=new.account_class))
    if _moved(old.score, new.score, 2):
        changes.append(Change("score", "changed", before=old.score, after=new.score))
    if _moved(old.share, new.share, 3):
        changes.append(Change("share_of_wallet", "changed", before=old.share,
                              after=new.share))
    if _moved(old.figures.scorecard.score, new.figures.scorecard.score, 3):
        changes.append(Change("scorecard", "changed", before=old.figures.scorecard.score,
                              after=new.figures.scorecard.score))
    changes += _kpi_changes(old, new)
    changes += _contact_changes(old, new)
    changes += _action_changes(old, new)
    changes += _value_add_changes(old, new)
    if _moved(old.completeness, new.completeness, 3):
        changes.append(Change("completeness", "changed", before=old.completeness,
                              after=new.completeness))
    # A finding is the same finding while its rule and place are (a contact last met
    # 139 days ago at the base and 150 days ago now is no news).
    changes += [Change("finding", "new", english(f).text, finding=f)
                for key, f in new.findings.items() if key not in old.findings]
    changes += [Change("finding", "resolved", english(f).text, finding=f)
                for key, f in old.findings.items() if key not in new.findings]
    return changes


def _kpi_details(kpi: _Kpi) -> tuple[tuple[str, Value, Value], ...]:
    return (("objective", kpi.objective, kpi.objective), ("actual", kpi.actual, kpi.actual),
            ("target", kpi.target, kpi.target), ("unit", kpi.unit, kpi.unit),
            ("kpi_status", kpi.status, kpi.status))


def _kpi_changes(old: _View, new: _View) -> list[Change]:
    changes = []
    for key, kpi in new.kpis.items():
        was = old.kpis.get(key)
        name = _kpi_name(key)
        if was is None:
            changes.append(Change("kpi", "added", name, details=_kpi_details(kpi),
                                  where=kpi.perspective))
            continue
        details = tuple((name, x, y) for name, x, y in (
            ("objective", was.objective, kpi.objective), ("actual", was.actual, kpi.actual),
            ("target", was.target, kpi.target), ("kpi_status", was.status, kpi.status),
        ) if x != y)
        if details:
            changes.append(Change("kpi", "changed", name, details=(
                *details, *((("unit", kpi.unit, kpi.unit),) if kpi.unit else ())),
                where=kpi.perspective))
    changes += [Change("kpi", "removed", _kpi_name(key), details=_kpi_details(kpi),
                       where=kpi.perspective)
                for key, kpi in old.kpis.items() if key not in new.kpis]
    return changes


def _kpi_name(key: str) -> str:
    """The KPI's name from its key (``name\\0perspective``, numbered when it repeats)."""
    name, _, rest = key.partition("\0")
    number = rest.partition(" ")[2]
    return f"{name} {number}" if number else name


_CONTACT_FIELDS = ("name", "title", "influence", "attitude", "relationship")


def _contact_changes(old: _View, new: _View) -> list[Change]:
    changes = []
    for cid, contact in new.contacts.items():
        was = old.contacts.get(cid)
        if was is None:
            changes.append(Change("contact", "added", contact.name, details=tuple(
                (f, getattr(contact, f), getattr(contact, f))
                for f in _CONTACT_FIELDS[2:])))
            continue
        details = tuple((f, getattr(was, f), getattr(contact, f)) for f in _CONTACT_FIELDS
                        if getattr(was, f) != getattr(contact, f))
        if details:
            changes.append(Change("contact", "changed", contact.name, details=details))
    changes += [Change("contact", "removed", contact.name)
                for cid, contact in old.contacts.items() if cid not in new.contacts]
    changes += [Change("risk", "new", name, before=kind, after=kind, risk=True)
                for (kind, cid), name in new.risks.items() if (kind, cid) not in old.risks]
    changes += [Change("risk", "resolved", name, before=kind, after=kind)
                for (kind, cid), name in old.risks.items() if (kind, cid) not in new.risks]
    return changes


def _action_changes(old: _View, new: _View) -> list[Change]:
    changes = []
    for key, action in new.actions.items():
        was = old.actions.get(key)
        due = action.due.isoformat() if action.due else None
        if was is None:
            changes.append(Change("action", "added", key, details=(
                ("owner", action.owner, action.owner), ("due", due, due),
                ("action_status", action.status, action.status))))
        elif action.status != was.status and action.status in ("done", "dropped"):
            event: Event = "done" if action.status == "done" else "dropped"
            changes.append(Change("action", event, key, before=was.status,
                                  after=action.status))
        elif action.status != was.status or action.due != was.due \
                or action.owner != was.owner:
            changes.append(Change("action", "changed", key, details=tuple(
                (f, x, y) for f, x, y in (
                    ("action_status", was.status, action.status),
                    ("due", was.due.isoformat() if was.due else None, due),
                    ("owner", was.owner, action.owner)) if x != y)))
        if key in new.overdue and key not in old.overdue:
            changes.append(Change("action", "overdue", key, after=due))
    changes += [Change("action", "dropped" if was.status not in ("done", "dropped")
                       else "removed", key, before=was.status)
                for key, was in old.actions.items() if key not in new.actions]
    return changes


def _value_add_changes(old: _View, new: _View) -> list[Change]:
    changes = []
    for key, figures in new.value_add.items():
        was = old.value_add.get(key)
        if was is None:
            changes.append(Change("value_add", "added", key,
                                  details=tuple((f, v, v) for f, v in figures)))
            continue
        details = tuple((f, x, y) for (f, x), (_, y) in zip(was, figures, strict=True)
                        if _moved(_number(x), _number(y), 4))
        if details:
            changes.append(Change("value_add", "changed", key, details=details))
    changes += [Change("value_add", "removed", key) for key in old.value_add
                if key not in new.value_add]
    return changes


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def account_changes(old: Portfolio, old_account: Account, old_date: dt.date,
                    new: Portfolio, new_account: Account, new_date: dt.date
                    ) -> list[Change]:
    """What changes from one version of an account's plan (in ``old``, as of
    ``old_date``) to another (in ``new``, as of ``new_date``)."""
    return _account_changes(_view(old, old_account, old_date), _view(new, new_account,
                                                                     new_date))


def portfolio_diff(old: Portfolio, old_date: dt.date, new: Portfolio, new_date: dt.date
                   ) -> PortfolioDiff:
    """What changes from ``old`` (figures as of ``old_date``) to ``new`` (as of
    ``new_date``): every account with a change, in the order of the new portfolio (removed
    accounts last), and every territory whose utilisation moved."""
    accounts: list[AccountDiff] = []
    for aid, account in new.accounts.items():
        after = _view(new, account, new_date)
        if aid not in old.accounts:
            accounts.append(AccountDiff(aid, account.plan.name, account.file, "added",
                                        tuple(_summary(after)),
                                        (None, after.account_class)))
            continue
        before = _view(old, old.accounts[aid], old_date)
        changes = _account_changes(before, after)
        if changes:
            accounts.append(AccountDiff(aid, account.plan.name, account.file, "changed",
                                        tuple(changes),
                                        (before.account_class, after.account_class)))
    for aid, account in old.accounts.items():
        if aid not in new.accounts:
            before = _view(old, account, old_date)
            accounts.append(AccountDiff(aid, account.plan.name, account.file, "removed", (),
                                        (before.account_class, None)))
    was = {t.territory_id: t.utilisation for t in selection(old).territories}
    names = {t.id: t.name for t in new.territories}
    territories = tuple(
        TerritoryChange(t.territory_id, names.get(t.territory_id, t.territory_id),
                        was.get(t.territory_id), t.utilisation)
        for t in selection(new).territories
        if _moved(was.get(t.territory_id), t.utilisation, 3)
    )
    return PortfolioDiff(tuple(accounts), territories)


def _summary(view: _View) -> list[Change]:
    """A new plan's figures, as changes from nothing."""
    changes = [Change("class", "changed", after=view.account_class)] \
        if view.account_class else []
    if view.score is not None:
        changes.append(Change("score", "changed", after=view.score))
    if view.share is not None:
        changes.append(Change("share_of_wallet", "changed", after=view.share))
    if view.completeness is not None:
        changes.append(Change("completeness", "changed", after=view.completeness))
    changes += [Change("risk", "new", name, before=kind, after=kind, risk=True)
                for (kind, _), name in view.risks.items()]
    return changes
