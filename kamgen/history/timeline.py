"""The history of every account plan (method.md, "History and change"): its figures at
every revision that changed the plan, and what changed since the last review.

One ``git log`` lists, for every commit that touched an account plan, the plan's new file
version (its blob id); one ``git cat-file --batch`` reads every version. Each version is
measured once, as of its commit's date, and remembered by its blob id and date, so that a
preview measures a version only once. Every version is measured with the programme as it
is now (its rating model, scorecard limits and policy, the team and the checklists): a
change of the rating model is not a change of the account, and an old plan need not find
the colleague who has since left. A version that the current plan format refuses is
counted, not shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..checks import check_account
from ..errors import ConfigError, PlanErrors
from ..load import validate_file
from ..method.kep import account_figures
from ..model import Account, Portfolio
from .diff import Change, account_changes
from .git import Git

__all__ = ["AccountHistory", "History", "Point", "plan_history"]


@dataclass(frozen=True)
class Point:
    """An account's figures at one revision that changed its plan."""

    commit: str | None
    """The commit, or ``None`` for the plan as it is on disk, not yet committed."""
    date: dt.date
    account_class: str | None
    score: float | None
    share_of_wallet: float | None
    scorecard: float | None
    coverage: float | None
    open_actions: int
    completeness: float | None
    kpis: tuple[tuple[str, str, float | None], ...]
    """(KPI, perspective, actual) of every objective, in plan order."""


@dataclass(frozen=True)
class AccountHistory:
    """Every measured version of one plan, oldest first, and the changes since the last
    review."""

    points: tuple[Point, ...]
    unreadable: int = 0
    """Versions that the current plan format refuses."""
    since_review: tuple[Change, ...] | None = None
    """The changes from the revision current on the plan's ``reviewed:`` date to now;
    ``None`` without a review date or an earlier revision."""
    review_commit: str | None = None
    latest: tuple[Change, ...] = ()
    """What the plan's last revision changed against the one before."""

    def kpi_names(self) -> tuple[tuple[str, str], ...]:
        """(KPI, perspective) of every KPI that any version has, in the order they first
        appear."""
        return tuple(dict.fromkeys((name, perspective) for p in self.points
                                   for name, perspective, _ in p.kpis))

    def actuals(self, kpi: str, perspective: str) -> tuple[float | None, ...]:
        """The KPI's actual at each point (``None`` where it has none or is not there)."""
        return tuple(next((actual for name, where, actual in p.kpis
                           if (name, where) == (kpi, perspective)), None)
                     for p in self.points)


@dataclass(frozen=True)
class History:
    """The history of every account of a portfolio."""

    accounts: Mapping[str, AccountHistory]
    shallow: bool = False
    """True in a shallow clone: the earlier commits are missing."""


_PLAN = re.compile(r"accounts/([a-z0-9][a-z0-9-]*)(?:\.yaml|/plan\.yaml)")


def _blob_id(content: bytes) -> str:
    """Git's id of a file of this content."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def _measure(portfolio: Portfolio, account: Account, date: dt.date,
             commit: str | None) -> Point:
    figures = account_figures(portfolio, account, date)
    checked = check_account(portfolio, account, figures, date) \
        if account.plan.status != "former" else None
    return Point(
        commit=commit, date=date,
        account_class=figures.rating.account_class if figures.rating else None,
        score=figures.rating.score if figures.rating else None,
        share_of_wallet=figures.share_of_wallet.share if figures.share_of_wallet else None,
        scorecard=figures.scorecard.score,
        coverage=figures.network.coverage,
        open_actions=len(figures.open_actions),
        completeness=checked.completeness if checked else None,
        kpis=tuple((o.kpi, o.perspective, o.actual) for o in account.plan.scorecard),
    )


def _programme_key(portfolio: Portfolio) -> str:
    """What a measurement depends on besides the plan: the programme files, as loaded."""
    return hashlib.sha256(repr((portfolio.programme, portfolio.team,
                                sorted(portfolio.checklists))).encode()).hexdigest()


def _validated(blob: str, content: bytes, rel: str, account_id: str, scratch: Path,
               memory: dict[Any, Any]) -> Account | None:
    if ("plan", blob) in memory:
        remembered: Account | None = memory["plan", blob]
        return remembered
    path = scratch / blob
    path.write_bytes(content)
    try:
        loaded = validate_file(path, rel, "account")
    except PlanErrors:
        account = None
    else:
        account = Account(account_id, loaded.model, rel)
    memory["plan", blob] = account
    return account


def plan_history(portfolio: Portfolio, today: dt.date,
                 memory: dict[Any, Any] | None = None) -> History | None:
    """The history of every account plan of ``portfolio`` (loaded from a plans folder in
    a git repository), or ``None`` when the folder is not in one or git is missing.

    ``memory`` (a preview's, :class:`kamgen.session.Session`) remembers each plan version
    and its figures between calls."""
    memory = {} if memory is None else memory
    try:
        git = Git(portfolio.root)
        log = git.plan_log("accounts")
    except ConfigError:
        return None
    key = _programme_key(portfolio)
    versions: dict[str, list[tuple[str, dt.date, str]]] = {}
    for commit, date, path, blob in reversed(log):  # oldest first
        match = _PLAN.fullmatch(path)
        if match and match.group(1) in portfolio.accounts:
            versions.setdefault(match.group(1), []).append((commit, date, blob))
    wanted = {blob for found in versions.values() for _, _, blob in found
              if ("plan", blob) not in memory}
    contents = git.blobs(sorted(wanted)) if wanted else {}
    accounts: dict[str, AccountHistory] = {}
    with tempfile.TemporaryDirectory(prefix="kamgen-history-") as scratch:
        for account_id, account in portfolio.accounts.items():
            found = versions.get(account_id, [])
            points: list[tuple[Point, Account]] = []
            unreadable = 0
            for commit, date, blob in found:
                old = _validated(blob, contents.get(blob, b""), account.file, account_id,
                                 Path(scratch), memory)
                if old is None:
                    unreadable += 1
                    continue
                remembered = ("figures", blob, date, key)
                point = memory.get(remembered)
                if point is None:
                    point = memory[remembered] = _measure(_alone(portfolio, old), old, date,
                                                          commit)
                points.append((replace(point, commit=commit), old))
            current = (portfolio.root / account.file).read_bytes()
            if not found or _blob_id(current) != found[-1][2]:
                points.append((_measure(portfolio, account, today, None), account))
            accounts[account_id] = _with_review(portfolio, account, points, unreadable,
                                                today)
    return History(accounts, git.is_shallow())


def _alone(portfolio: Portfolio, account: Account) -> Portfolio:
    """The portfolio with ``account`` in place of its current plan."""
    return replace(portfolio, accounts={**portfolio.accounts, account.id: account})


def _with_review(portfolio: Portfolio, account: Account,
                 points: list[tuple[Point, Account]], unreadable: int, today: dt.date
                 ) -> AccountHistory:
    measured = tuple(point for point, _ in points)
    latest: tuple[Change, ...] = ()
    if len(points) >= 2:
        (before, older), (after, newer) = points[-2:]
        latest = tuple(account_changes(_alone(portfolio, older), older, before.date,
                                       _alone(portfolio, newer), newer, after.date))
    reviewed = account.plan.reviewed
    then = [(point, old) for point, old in points if reviewed is not None
            and point.date <= reviewed and point.commit is not None]
    if not then:
        return AccountHistory(measured, unreadable, latest=latest)
    point, old = then[-1]
    changes = account_changes(_alone(portfolio, old), old, point.date, portfolio, account,
                              today)
    return AccountHistory(measured, unreadable, tuple(changes), point.commit, latest)
