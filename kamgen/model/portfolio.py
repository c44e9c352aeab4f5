"""The whole portfolio and its cross-references, checked in one place.

Types check each file on its own; what spans files (an owner in team.yaml, a territory,
a checklist item) or items inside one file (a contact's ``reports_to``) is checked by
:func:`cross_check`: the references to ids from each file's data as written
(:mod:`kamgen.model.references`, so that a file with other errors has its references
checked too), the rest (ratings on kam.yaml's scale, years, loops of ``reports_to``,
duplicate competitors) from the models of the valid files. Findings are returned as
:class:`RefIssue` with the file and key path, so the loader can point at the line; this
module does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .account import AccountPlan
from .checklist import ChecklistTemplate
from .programme import RULE_IDS, Programme
from .references import (
    KeyPath,
    References,
    RefIssue,
    check_references,
    duplicates,
    ids_hint,
)
from .team import TeamMember
from .territories import Territory

__all__ = ["Account", "AccountPage", "Attachment", "KeyPath", "Portfolio", "Positions",
           "RefIssue", "cross_check", "ids_hint"]


@dataclass(frozen=True)
class Positions:
    """Where each key path of one file starts: (line, column), both 1-based."""

    marks: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest ancestor that is in the file."""
        path = tuple(loc)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def has(self, loc: Sequence[str | int]) -> bool:
        """True when the key path is written in the file."""
        return tuple(loc) in self.marks


@dataclass(frozen=True)
class AccountPage:
    """A Markdown page beside a plan in an account's folder, with its front matter read."""

    rel: str
    """Path relative to the plans folder, e.g. ``accounts/nordwerk-chemie/visit.md``."""
    body: str
    """The page's Markdown without its front matter (line breaks as ``\n``)."""
    title: str | None = None
    """The front matter's ``title``."""
    description: str | None = None
    """The front matter's ``description``."""
    tags: tuple[str, ...] = ()
    """The front matter's ``tags``."""
    internal: bool = False
    """True when the front matter says ``internal: true``: left out of the shared edition."""


@dataclass(frozen=True)
class Attachment:
    """A passive file beside a plan (an image, a PDF) that the account's pages may use."""

    rel: str
    """Path relative to the plans folder."""
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Account:
    """A loaded account plan with its id, its file and what lies beside it."""

    id: str
    plan: AccountPlan
    file: str
    """Path of the plan file, relative to the plans folder."""
    pages: tuple[AccountPage, ...] = ()
    """Markdown pages in the account's folder."""
    attachments: tuple[Attachment, ...] = ()
    """Passive files in the account's folder."""
    digest: bytes | None = field(default=None, compare=False, repr=False)
    """The digest of the plan file's content where the loader made one (a preview): the
    same digest, the same plan, so what is computed from the plan can be remembered by it.
    With figures from kam.yaml's imports it is the digest of the file and of those figures."""
    imported: tuple[str, ...] = ()
    """The exports (paths relative to the plans folder) that the plan's business figures or
    wallet come from, as kam.yaml's imports name them."""


@dataclass(frozen=True)
class Portfolio:
    """Every plan file of a plans folder, validated."""

    root: Path
    programme: Programme
    team: tuple[TeamMember, ...]
    territories: tuple[Territory, ...]
    checklists: Mapping[str, ChecklistTemplate]
    accounts: Mapping[str, Account]
    positions: Mapping[str, Positions]
    """Relative file path → positions of its keys, for findings that point at lines."""

    def member(self, person_id: str) -> TeamMember | None:
        """The team member with this id, if any."""
        return next((m for m in self.team if m.id == person_id), None)

    def territory(self, territory_id: str) -> Territory | None:
        """The territory with this id, if any."""
        return next((t for t in self.territories if t.id == territory_id), None)


def _programme_issues(programme: Programme) -> Iterable[RefIssue]:
    file = "kam.yaml"
    for rule in programme.policy.rules:
        if rule not in RULE_IDS:
            yield RefIssue(file, ("policy", "rules", rule), f"unknown rule '{rule}'",
                           ids_hint(rule, RULE_IDS, "rules"))


def _rating_issues(programme: Programme, account_id: str, plan: AccountPlan, file: str
                   ) -> Iterable[RefIssue]:
    criteria = [c.id for c in programme.rating.criteria]
    low, high = programme.rating.scale
    if plan.rating is None:
        if plan.status == "key_account":
            yield RefIssue(
                file,
                ("rating",),
                "missing required key 'rating': a key account must be rated",
                f"add 'rating:' with a rating from {low} to {high} for each criterion: "
                + ", ".join(criteria)
                + "; or set 'status: candidate' while the account is not rated yet",
            )
        return
    for criterion, value in plan.rating.items():
        # an unknown criterion is a reference, checked with the others
        if criterion in criteria and not low <= value <= high:
            yield RefIssue(
                file,
                ("rating", criterion),
                f"expected a rating from {low} to {high}; found {value}",
                "the scale is set by rating.scale in kam.yaml",
            )
    missing = [c for c in criteria if c not in plan.rating]
    if missing:
        yield RefIssue(
            file,
            ("rating",),
            "missing rating for " + ", ".join(f"'{c}'" for c in missing),
            f"rate every criterion of kam.yaml from {low} to {high}",
        )


def _reports_to_cycles(plan: AccountPlan, file: str) -> Iterable[RefIssue]:
    boss = {c.id: c.reports_to for c in plan.network}
    index = {c.id: i for i, c in enumerate(plan.network)}
    reported: set[str] = set()
    for start in boss:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in boss and node not in chain:
            chain.append(node)
            node = boss[node]
        if node is not None and node in chain:
            cycle = chain[chain.index(node):]
            if len(cycle) == 1:
                continue  # reported as "reports to itself"
            key = min(cycle)
            if key not in reported:
                reported.add(key)
                yield RefIssue(
                    file,
                    ("network", index[key], "reports_to"),
                    "reports_to forms a loop: " + " → ".join([*cycle, node]),
                    "the top of the organisation reports to nobody: leave its reports_to out",
                )


def _account_issues(programme: Programme | None, account_id: str, plan: AccountPlan, file: str
                    ) -> Iterable[RefIssue]:
    if programme is not None:
        yield from _rating_issues(programme, account_id, plan, file)

    years = [b.year for b in plan.business]
    for index, year in enumerate(years):
        if year in years[:index]:
            yield RefIssue(
                file,
                ("business", index, "year"),
                f"year {year} is given twice",
                "give each year once; mark a forecast with 'forecast: true'",
            )

    contacts = [c.id for c in plan.network]
    if len(set(contacts)) == len(contacts) and all(
        c.reports_to in contacts or c.reports_to is None for c in plan.network
    ):
        yield from _reports_to_cycles(plan, file)

    competitors = [c.id for c in plan.positioning.competitors]
    yield from duplicates(file, ("positioning", "competitors"), competitors, "competitor")


def cross_check(
    programme: Programme | None,
    accounts: Mapping[str, tuple[AccountPlan, str]],
    references: Mapping[str, tuple[str, References | None]],
    checklists: Mapping[str, References | None],
) -> list[RefIssue]:
    """Every broken reference between and inside the plan files.

    ``programme`` and ``accounts`` (account id → plan and file) are the valid ones, whose
    models are checked; ``programme`` is ``None`` when kam.yaml is not valid, and the
    ratings are then not checked against it. ``references`` holds every plan file's
    references and ids as read from its data, valid or not, and ``checklists`` every
    checklist's (see :func:`kamgen.model.references.check_references`): one broken file
    or entry does not flood the report with follow-up errors.
    """
    issues = check_references(references, checklists)
    if programme is not None:
        issues += _programme_issues(programme)
    for account_id, (plan, file) in accounts.items():
        issues += _account_issues(programme, account_id, plan, file)
    issues += _customer_numbers(accounts)
    return issues


def _customer_numbers(accounts: Mapping[str, tuple[AccountPlan, str]]) -> Iterable[RefIssue]:
    """A customer number given in two plans: an import could not tell them apart."""
    first: dict[str, str] = {}
    for _, (plan, file) in sorted(accounts.items(), key=lambda item: item[1][1]):
        number = plan.customer_number
        if number is None:
            continue
        if number in first:
            yield RefIssue(
                file, ("customer_number",),
                f"customer number '{number}' is given in two plans: {first[number]} and {file}",
                "each customer number belongs to one plan: correct it in one of the two files",
            )
        else:
            first[number] = file
