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
import json
import re
import sqlite3
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..checks import Finding, check_account
from ..errors import ConfigError, PlanErrors
from ..load import validate_file
from ..method.kep import account_figures
from ..model import Account, AccountPlan, Portfolio
from .diff import Change, account_changes
from .git import Git

__all__ = ["AccountHistory", "History", "Point", "PointStore", "plan_history"]


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


def _kamgen_version() -> str:
    try:
        return version("kamgen")
    except PackageNotFoundError:
        return "unknown"


_VERSION = _kamgen_version()
"""kamgen's version: figures stored by one version are not taken by another."""

_BATCH = 500
"""Plan versions read from git at a time."""

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


class PointStore:
    """Measured plan versions kept between builds in an SQLite file (in the user's cache
    folder, never in the plans repository): a version's figures are looked up by its blob
    id, its date, the programme it was measured with and kamgen's version. A store that
    cannot be opened or written is left out; the history is then measured afresh."""

    def __init__(self, path: Path) -> None:
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("create table if not exists points "
                             "(key text primary key, point text)")
            self._db.execute("create table if not exists changes "
                             "(key text primary key, changes text)")
        except (OSError, sqlite3.Error):
            self._db = None

    def get(self, keys: list[str]) -> dict[str, Point | None]:
        """The stored points of ``keys`` (``None``: a version the plan format refuses)."""
        found: dict[str, Point | None] = {}
        if self._db is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                rows = self._db.execute(
                    f"select key, point from points where key in ({','.join('?' * len(chunk))})",
                    chunk).fetchall()
                found.update((key, _point(json.loads(text))) for key, text in rows)
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            return {}
        return found

    def put(self, points: dict[str, Point | None]) -> None:
        if self._db is None or not points:
            return
        try:
            with self._db:
                self._db.executemany(
                    "insert or replace into points values (?, ?)",
                    [(key, json.dumps(None if p is None else _plain(p)))
                     for key, p in points.items()])
        except sqlite3.Error:
            self._db = None

    def changes(self, prefix: str, pairs: list[tuple[Version, Version]]
                ) -> dict[tuple[Version, Version], tuple[Change, ...]]:
        """The stored changes between the pairs of versions (measured with ``prefix``)."""
        if self._db is None or not pairs:
            return {}
        keys = {_pair_key(prefix, pair): pair for pair in pairs}
        found: dict[tuple[Version, Version], tuple[Change, ...]] = {}
        try:
            names = list(keys)
            for start in range(0, len(names), 500):
                chunk = names[start:start + 500]
                rows = self._db.execute(
                    f"select key, changes from changes where key in "
                    f"({','.join('?' * len(chunk))})", chunk).fetchall()
                found.update((keys[key], tuple(_change(c) for c in json.loads(text)))
                             for key, text in rows)
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            return {}
        return found

    def put_changes(self, prefix: str,
                    made: dict[tuple[Version, Version], tuple[Change, ...]]) -> None:
        if self._db is None or not made:
            return
        try:
            with self._db:
                self._db.executemany(
                    "insert or replace into changes values (?, ?)",
                    [(_pair_key(prefix, pair), json.dumps([_change_data(c) for c in changes]))
                     for pair, changes in made.items()])
        except sqlite3.Error:
            self._db = None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _pair_key(prefix: str, pair: tuple[Version, Version]) -> str:
    (a, account_id, a_date), (b, _, b_date) = pair
    return f"{prefix}|{account_id}|{a}|{a_date.isoformat()}|{b}|{b_date.isoformat()}"


def _encoded(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [_encoded(v) for v in value]}
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        return tuple(_decoded(v) for v in value["tuple"])
    return value


def _change_data(change: Change) -> dict[str, Any]:
    data = {name: _encoded(getattr(change, name)) for name in
            ("topic", "event", "subject", "before", "after", "details", "risk", "where")}
    finding = change.finding
    data["finding"] = None if finding is None else {
        "rule": finding.rule, "severity": finding.severity, "file": finding.file,
        "line": finding.line, "column": finding.column,
        "key_path": _encoded(tuple(finding.key_path)), "account": finding.account,
        "code": finding.code,
        "params": {k: _encoded(v) for k, v in finding.params.items()}}
    return data


def _change(data: dict[str, Any]) -> Change:
    finding = data.pop("finding")
    values = {name: _decoded(value) for name, value in data.items()}
    return Change(**values, finding=None if finding is None else Finding(
        **{**finding, "key_path": _decoded(finding["key_path"]),
           "params": {k: _decoded(v) for k, v in finding["params"].items()}}))


def _plain(point: Point) -> dict[str, Any]:
    data = asdict(point)
    data["date"] = point.date.isoformat()
    return data


def _point(data: dict[str, Any] | None) -> Point | None:
    if data is None:
        return None
    return Point(**{**data, "date": dt.date.fromisoformat(data["date"]),
                    "kpis": tuple(tuple(k) for k in data["kpis"])})


def plan_history(portfolio: Portfolio, today: dt.date,
                 memory: dict[Any, Any] | None = None,
                 store: Path | None = None) -> History | None:
    """The history of every account plan of ``portfolio`` (loaded from a plans folder in
    a git repository), or ``None`` when the folder is not in one or git is missing.

    ``memory`` (a preview's, :class:`kamgen.session.Session`) remembers each plan version
    and its figures between calls; ``store`` is the file of a :class:`PointStore` that
    keeps the figures between builds."""
    memory = {} if memory is None else memory
    try:
        git = Git(portfolio.root)
        head = git.revision("HEAD").commit
        log = memory.get(("log", head))
        if log is None:  # the same commit, the same history: a preview asks once per commit
            log = memory["log", head] = git.plan_log("accounts")
            memory["shallow", head] = git.is_shallow()
        shallow = memory["shallow", head]
    except ConfigError:
        return None
    # A plan whose figures come from an export is measured with the export's figures as
    # they are now: its versions are told apart by the blob and those figures.
    imported = {account_id: hashlib.sha256(repr((a.plan.business, a.plan.wallet)).encode())
                .hexdigest()[:16] for account_id, a in portfolio.accounts.items() if a.imported}
    versions: dict[str, list[tuple[str, dt.date, str]]] = {}
    for commit, date, path, blob in reversed(log):  # oldest first
        match = _PLAN.fullmatch(path)
        if match and match.group(1) in portfolio.accounts:
            account_id = match.group(1)
            key = f"{blob}|{imported[account_id]}" if account_id in imported else blob
            versions.setdefault(account_id, []).append((commit, date, key))
    prefix = f"{_VERSION}:{_programme_key(portfolio)}"

    def key_of(blob: str, date: dt.date) -> str:
        return f"{prefix}:{blob}:{date.isoformat()}"

    wanted = [key_of(blob, date) for found in versions.values() for _, date, blob in found]
    known: dict[str, Point | None] = {k: memory["figures", k] for k in wanted
                                      if ("figures", k) in memory}
    points_store = PointStore(store) if store is not None else None
    try:
        if points_store is not None:
            known.update(points_store.get([k for k in wanted if k not in known]))
        with tempfile.TemporaryDirectory(prefix="kamgen-history-") as scratch:
            plans = _Plans(git, portfolio, Path(scratch), memory)
            measured: dict[str, Point | None] = {}
            missing = [(account_id, commit, date, blob)
                       for account_id, found in versions.items()
                       for commit, date, blob in found if key_of(blob, date) not in known]
            # Read in batches: a long history of many plans need not be in memory at once.
            for start in range(0, len(missing), _BATCH):
                batch = missing[start:start + _BATCH]
                plans.read({blob for *_, blob in batch})
                for account_id, commit, date, blob in batch:
                    old = plans.account(account_id, blob, keep=False)
                    measured[key_of(blob, date)] = None if old is None else \
                        _measure(_alone(portfolio, old), old, date, commit)
            known.update(measured)
            if points_store is not None:
                points_store.put(measured)
            memory.update((("figures", k), p) for k, p in known.items())
            layouts = {
                account_id: _layout(portfolio, account, today,
                                    [(commit, blob, replace(point, commit=commit))
                                     for commit, date, blob in versions.get(account_id, [])
                                     if (point := known[key_of(blob, date)]) is not None])
                for account_id, account in portfolio.accounts.items()}
            pairs = {pair for layout in layouts.values() for pair in layout.pairs()}
            # the id of each plan on disk, read once by _layout
            on_disk = {account_id: layout.now[0].removeprefix("disk:")
                       for account_id, layout in layouts.items()}
            changes = {pair: memory["changes", prefix, pair] for pair in pairs
                       if ("changes", prefix, pair) in memory}
            if points_store is not None:
                changes.update(points_store.changes(prefix, [p for p in pairs
                                                             if p not in changes]))
            wanted_changes = [p for p in pairs if p not in changes]
            plans.read({blob for pair in wanted_changes for blob, account_id, _ in pair
                        if not blob.startswith("disk:")
                        and _real(blob) != on_disk[account_id]})
            made = {pair: _changes(portfolio, plans, pair, on_disk[pair[0][1]])
                    for pair in wanted_changes}
            if points_store is not None:
                points_store.put_changes(prefix, made)
            changes.update(made)
            memory.update((("changes", prefix, pair), c) for pair, c in changes.items())
            accounts = {
                account_id: layout.history(
                    changes, sum(1 for _, date, blob in versions.get(account_id, [])
                                 if known[key_of(blob, date)] is None))
                for account_id, layout in layouts.items()}
    finally:
        if points_store is not None:
            points_store.close()
    return History(accounts, shallow)


class _Plans:
    """Plan versions read from git and validated when first needed, remembered by blob."""

    def __init__(self, git: Git, portfolio: Portfolio, scratch: Path,
                 memory: dict[Any, Any]) -> None:
        self._git, self._portfolio, self._scratch, self._memory = git, portfolio, scratch, \
            memory
        self._contents: dict[str, bytes] = {}

    def read(self, blobs: set[str]) -> None:
        """Read the blobs that are not yet remembered, in one go."""
        wanted = sorted({_real(b) for b in blobs if ("plan", b) not in self._memory
                         and _real(b) not in self._contents})
        if wanted:
            self._contents.update(self._git.blobs(wanted))

    def account(self, account_id: str, blob: str, keep: bool = True) -> Account | None:
        """The plan version ``blob`` of the account, or ``None`` when the current plan
        format refuses it; ``keep``: remember it (the versions that are only measured are
        not kept, so a long history is not held in memory)."""
        if ("plan", blob) in self._memory:
            remembered: Account | None = self._memory["plan", blob]
            return remembered
        self.read({blob})
        path = self._scratch / _real(blob)
        path.write_bytes(self._contents.pop(_real(blob), b""))
        rel = self._portfolio.accounts[account_id].file
        try:
            loaded = validate_file(path, rel, "account")
        except PlanErrors:
            account = None
        else:
            account = Account(account_id, _with_imported(
                loaded.model, self._portfolio.accounts[account_id]), rel)
        finally:
            path.unlink()
        if keep:
            self._memory["plan", blob] = account
        return account


Version = tuple[str, str, dt.date]
"""A plan version as the changes between two are stored: (blob id, or ``disk:<id>`` for
the plan as it is on disk; account id; the date its figures are taken at)."""


@dataclass(frozen=True)
class _Layout:
    """An account's measured versions, oldest first, each with its :data:`Version`; and
    which pairs of versions its history compares."""

    account: Account
    points: tuple[tuple[Point, Version], ...]
    now: Version
    """The plan on disk as of today."""
    review: int | None
    """The index of the version current on the plan's ``reviewed:`` date."""

    def pairs(self) -> list[tuple[Version, Version]]:
        found = []
        if len(self.points) >= 2:
            found.append((self.points[-2][1], self.points[-1][1]))
        if self.review is not None:
            found.append((self.points[self.review][1], self.now))
        return found

    def history(self, changes: Mapping[tuple[Version, Version], tuple[Change, ...]],
                unreadable: int) -> AccountHistory:
        measured = tuple(point for point, _ in self.points)
        latest = changes[self.points[-2][1], self.points[-1][1]] \
            if len(self.points) >= 2 else ()
        if self.review is None:
            return AccountHistory(measured, unreadable, latest=latest)
        point, version = self.points[self.review]
        return AccountHistory(measured, unreadable, changes[version, self.now],
                              point.commit, latest)


def _layout(portfolio: Portfolio, account: Account, today: dt.date,
            committed: list[tuple[str, str, Point]]) -> _Layout:
    """The account's versions from its measured committed ones (commit, blob, point),
    oldest first, and the plan on disk when it differs from the last of them."""
    points: list[tuple[Point, Version]] = [(point, (blob, account.id, point.date))
                                           for _, blob, point in committed]
    current = _blob_id((portfolio.root / account.file).read_bytes())
    now = (f"disk:{current}", account.id, today)
    if not committed or _real(committed[-1][1]) != current:
        points.append((_measure(portfolio, account, today, None), now))
    reviewed = account.plan.reviewed
    then = [index for index, (point, _) in enumerate(points)
            if reviewed is not None and point.commit is not None and point.date <= reviewed]
    return _Layout(account, tuple(points), now, then[-1] if then else None)


def _changes(portfolio: Portfolio, plans: _Plans, pair: tuple[Version, Version],
             on_disk: str) -> tuple[Change, ...]:
    """The changes from one version of a plan to another (``()`` when one of them does
    not fit today's plan format); ``on_disk`` is the blob id of the plan on disk, which
    stands for any version of the same content."""
    (old_blob, account_id, old_date), (new_blob, _, new_date) = pair
    current = portfolio.accounts[account_id]

    def version(blob: str) -> Account | None:
        if blob.startswith("disk:") or _real(blob) == on_disk:
            return current
        return plans.account(account_id, blob)

    old, new = version(old_blob), version(new_blob)
    if old is None or new is None:
        return ()
    return tuple(account_changes(_alone(portfolio, old), old, old_date,
                                 _alone(portfolio, new), new, new_date))


def _real(blob: str) -> str:
    """The blob id of a version's key (``blob`` or ``blob|figures``)."""
    return blob.partition("|")[0]


def _with_imported(plan: AccountPlan, current: Account) -> AccountPlan:
    """An earlier version of a plan whose figures come from an export now, with those
    figures: the years the version gives itself stay its own."""
    if not current.imported:
        return plan
    own = {row.year for row in plan.business}
    business = [*plan.business, *(row for row in current.plan.business if row.year not in own)]
    return plan.model_copy(update={
        "business": sorted(business, key=lambda row: row.year),
        "wallet": plan.wallet if plan.wallet is not None else current.plan.wallet})


def _alone(portfolio: Portfolio, account: Account) -> Portfolio:
    """The portfolio with ``account`` in place of its current plan."""
    return replace(portfolio, accounts={**portfolio.accounts, account.id: account})
