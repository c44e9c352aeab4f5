"""The whole portfolio and its cross-references, checked in one place.

Types check each file on its own; what spans files (an owner in team.yaml, a territory,
a checklist item) or items inside one file (a contact's ``reports_to``) is checked here.
Findings are returned as :class:`RefIssue` with the file and key path, so the loader can
point at the line; this module does no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .account import AccountPlan
from .checklist import ChecklistTemplate
from .programme import RULE_IDS, Programme
from .team import TeamMember
from .territories import Territory

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class RefIssue:
    """A broken cross-reference: which file, which key, what is wrong, what to do."""

    file: str
    loc: KeyPath
    message: str
    hint: str = ""


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


def ids_hint(wrong: str, known: Iterable[str], what: str) -> str:
    """A hint naming the closest id and the ids that exist."""
    known = sorted(set(known))
    if not known:
        return f"there are no {what} yet"
    close = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    listed = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "")
    prefix = f"did you mean '{close[0]}'? " if close else ""
    return f"{prefix}{what} that exist: {listed}"


def _duplicates(
    file: str, base: KeyPath, ids: Sequence[str], what: str
) -> Iterable[RefIssue]:
    seen: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in seen:
            yield RefIssue(
                file,
                (*base, index, "id"),
                f"duplicate {what} id '{item_id}' (also item {seen[item_id]})",
                f"give every {what} its own id",
            )
        else:
            seen[item_id] = index


@dataclass
class _Refs:
    """The ids that exist, for the checks; ``None`` when that file failed to load."""

    team: set[str] | None
    territories: set[str] | None
    checklists: Mapping[str, ChecklistTemplate]
    programme: Programme | None
    failed_checklists: Collection[str] = ()
    """Checklists whose file failed to load: references to them are not checked."""


def _person(refs: _Refs, file: str, loc: KeyPath, person: str | None) -> Iterable[RefIssue]:
    if person is not None and refs.team is not None and person not in refs.team:
        yield RefIssue(
            file,
            loc,
            f"unknown team member '{person}'",
            ids_hint(person, refs.team, "team.yaml ids"),
        )


_USED_IN = {"programme": "kam.yaml", "account": "an account plan"}


def _checklist_states(
    refs: _Refs,
    file: str,
    base: KeyPath,
    states: Mapping[str, Mapping[str, str]],
    applies_to: str,
) -> Iterable[RefIssue]:
    for checklist_id, items in states.items():
        template = refs.checklists.get(checklist_id)
        if template is None and checklist_id in refs.failed_checklists:
            continue
        if template is None:
            yield RefIssue(
                file,
                (*base, checklist_id),
                f"unknown checklist '{checklist_id}'",
                ids_hint(checklist_id, refs.checklists, "checklists"),
            )
            continue
        if template.applies_to != applies_to:
            yield RefIssue(
                file,
                (*base, checklist_id),
                f"checklist '{checklist_id}' applies to the {template.applies_to}, "
                f"not to the {applies_to}",
                f"use it in {_USED_IN[template.applies_to]}, "
                f"or change applies_to in checklists/{checklist_id}.yaml",
            )
        item_ids = [item.id for item in template.items]
        for item_id in items:
            if item_id not in item_ids:
                yield RefIssue(
                    file,
                    (*base, checklist_id, item_id),
                    f"unknown item '{item_id}' of checklist '{checklist_id}'",
                    ids_hint(item_id, item_ids, "items"),
                )


def _programme_issues(refs: _Refs, programme: Programme) -> Iterable[RefIssue]:
    file = "kam.yaml"
    for rule in programme.policy.rules:
        if rule not in RULE_IDS:
            yield RefIssue(file, ("policy", "rules", rule), f"unknown rule '{rule}'",
                           ids_hint(rule, RULE_IDS, "rules"))
    yield from _duplicates(
        file, ("rating", "criteria"), [c.id for c in programme.rating.criteria], "criterion"
    )
    for name in ("structures", "steering", "strategy", "solutions", "capabilities"):
        area = getattr(programme.areas, name)
        if area is not None:
            yield from _person(refs, file, ("areas", name, "owner"), area.owner)
    for index, checklist_id in enumerate(programme.checklists):
        if checklist_id not in refs.checklists and checklist_id not in refs.failed_checklists:
            yield RefIssue(
                file,
                ("checklists", index),
                f"unknown checklist '{checklist_id}'",
                ids_hint(checklist_id, refs.checklists, "checklists"),
            )
    yield from _checklist_states(
        refs, file, ("checklist_state",), programme.checklist_state, "programme"
    )


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
        if criterion not in criteria:
            yield RefIssue(
                file,
                ("rating", criterion),
                f"unknown rating criterion '{criterion}'",
                ids_hint(criterion, criteria, "criteria in kam.yaml"),
            )
        elif not low <= value <= high:
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


def _account_issues(refs: _Refs, account_id: str, plan: AccountPlan, file: str
                    ) -> Iterable[RefIssue]:
    yield from _person(refs, file, ("owner",), plan.owner)
    for index, person in enumerate(plan.team):
        yield from _person(refs, file, ("team", index), person)
    if refs.territories is not None and plan.territory not in refs.territories:
        yield RefIssue(
            file,
            ("territory",),
            f"unknown territory '{plan.territory}'",
            ids_hint(plan.territory, refs.territories, "territories.yaml ids"),
        )
    if refs.programme is not None:
        yield from _rating_issues(refs.programme, account_id, plan, file)

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
    yield from _duplicates(file, ("network",), contacts, "contact")
    for index, contact in enumerate(plan.network):
        if contact.reports_to is not None:
            if contact.reports_to == contact.id:
                yield RefIssue(
                    file,
                    ("network", index, "reports_to"),
                    f"contact '{contact.id}' reports to itself",
                    "leave reports_to out for the top of the organisation",
                )
            elif contact.reports_to not in contacts:
                yield RefIssue(
                    file,
                    ("network", index, "reports_to"),
                    f"unknown contact '{contact.reports_to}'",
                    ids_hint(contact.reports_to, contacts, "network ids"),
                )
        yield from _person(refs, file, ("network", index, "owner"), contact.owner)
    if len(set(contacts)) == len(contacts) and all(
        c.reports_to in contacts or c.reports_to is None for c in plan.network
    ):
        yield from _reports_to_cycles(plan, file)

    for step_index, step in enumerate(plan.analysis.buying_process):
        for index, contact_id in enumerate(step.decided_by):
            if contact_id not in contacts:
                yield RefIssue(
                    file,
                    ("analysis", "buying_process", step_index, "decided_by", index),
                    f"unknown contact '{contact_id}'",
                    ids_hint(contact_id, contacts, "network ids"),
                )

    competitors = [c.id for c in plan.positioning.competitors]
    yield from _duplicates(file, ("positioning", "competitors"), competitors, "competitor")
    for row_index, row in enumerate(plan.positioning.profile):
        for column in row.competitor_ratings:
            if column not in competitors:
                yield RefIssue(
                    file,
                    ("positioning", "profile", row_index, column),
                    f"unknown competitor '{column}' in the strengths-weaknesses profile",
                    ids_hint(column, competitors, "competitor ids in positioning.competitors")
                    + "; besides them a row holds criterion, importance and us",
                )

    for index, action in enumerate(plan.actions):
        yield from _person(refs, file, ("actions", index, "owner"), action.owner)
    yield from _checklist_states(refs, file, ("checklists",), plan.checklists, "account")


def cross_check(
    programme: Programme | None,
    team: Sequence[TeamMember] | None,
    territories: Sequence[Territory] | None,
    checklists: Mapping[str, ChecklistTemplate],
    accounts: Mapping[str, tuple[AccountPlan, str]],
    failed_checklists: Collection[str] = (),
) -> list[RefIssue]:
    """Every broken reference between and inside the plan files.

    ``None`` stands for a file that failed to load: references into it are not checked,
    so one broken file does not flood the report with follow-up errors.
    ``accounts`` maps an account id to its plan and its file. ``failed_checklists`` names
    checklist files that failed to load, for the same reason.
    """
    refs = _Refs(
        team={m.id for m in team} if team is not None else None,
        territories={t.id for t in territories} if territories is not None else None,
        checklists=checklists,
        programme=programme,
        failed_checklists=frozenset(failed_checklists),
    )
    issues: list[RefIssue] = []
    if team is not None:
        issues += _duplicates("team.yaml", (), [m.id for m in team], "team member")
        for index, member in enumerate(team):
            if (
                member.territory is not None
                and refs.territories is not None
                and member.territory not in refs.territories
            ):
                issues.append(RefIssue(
                    "team.yaml",
                    (index, "territory"),
                    f"unknown territory '{member.territory}'",
                    ids_hint(member.territory, refs.territories, "territories.yaml ids"),
                ))
    if territories is not None:
        issues += _duplicates("territories.yaml", (), [t.id for t in territories], "territory")
    for checklist_id, template in checklists.items():
        issues += _duplicates(
            f"checklists/{checklist_id}.yaml",
            ("items",),
            [item.id for item in template.items],
            "item",
        )
    if programme is not None:
        issues += _programme_issues(refs, programme)
    for account_id, (plan, file) in accounts.items():
        issues += _account_issues(refs, account_id, plan, file)
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
