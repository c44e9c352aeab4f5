"""Audiences: the one place that decides what an edition holds.

The internal edition shows the company everything. A **shared edition** is made for one
customer (``--audience customer --account ID``) and holds that account's plan and nothing
of any other account or of the portfolio. :func:`redact` builds the portfolio such an
edition may show, before any figure is computed, so that nothing later (a page, a chart,
an export) can show the rest by mistake.

What a shared edition shows is decided by default-deny: the shared plan is built anew from
the kinds of content listed below, never by removing things from the full plan, so a
field added to the plan format later stays internal until it is listed here.

Shown: the profile; pains and initiatives (titles, impact, contribution); the steps of the
buying process; the customer, processes and learning perspectives of the scorecard;
value-add concepts with the customer's calculation; actions (title, owner, due date,
status); the names, titles and roles of contacts; the account's own pages that are not
internal, and the files those pages use.

Internal by nature, shown only when ``customer_edition.share`` in kam.yaml or ``share:``
in the plan names the kind (:data:`SHAREABLE`): the rating and class, visit costs, the
financial perspective of the scorecard, our business with the account (revenue, wallet,
share of wallet), our margins, competitors (with the strengths-weaknesses profile and
relative quality), SWOT, every ``notes`` field, the attitudes, influence, relationship
strength, owners and last contacts of contacts, checklists. Never shown: readiness for
KAM, completeness and findings, the portfolio's analyses, the programme, other accounts.

``internal: [sections]`` in a plan and ``internal: true`` on an item or a page remove;
a ``confidential: true`` plan cannot be shared at all.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from .errors import ConfigError, did_you_mean
from .model import (
    Account,
    AccountPage,
    AccountPlan,
    Action,
    Analysis,
    Benefit,
    BusinessYear,
    BuyingStep,
    Contact,
    Initiative,
    Objective,
    Pain,
    Portfolio,
    Positioning,
    Profile,
    ProfileCriterion,
    Programme,
    TeamMember,
    Territory,
    ValueAddConcept,
    VisitPlan,
)
from .model._base import SHAREABLE, Shareable
from .model.portfolio import ids_hint

__all__ = ["AUDIENCES", "SHAREABLE", "Audience", "Edition", "Redacted", "Visibility",
           "edition", "redact"]

Audience = Literal["internal", "customer"]
AUDIENCES: tuple[Audience, ...] = ("internal", "customer")

_Item = TypeVar("_Item")


@dataclass(frozen=True)
class Edition:
    """Which edition a build, preview or export makes: the internal one, or the shared
    edition of one account."""

    audience: Audience = "internal"
    account: str | None = None
    """The account a shared edition is made for."""

    @property
    def shared(self) -> bool:
        """True for the shared edition of one account."""
        return self.audience == "customer"


INTERNAL = Edition()


def edition(audience: str, account: str | None) -> Edition:
    """The edition for the command-line options ``--audience`` and ``--account``; raises
    :class:`ConfigError` when they do not make one."""
    if audience not in AUDIENCES:
        raise ConfigError(f"unknown audience {audience!r}\n    hint: "
                          + did_you_mean(audience, AUDIENCES) + "use one of "
                          + ", ".join(AUDIENCES))
    if audience == "customer" and not account:
        raise ConfigError("a shared edition is made for one customer: add --account ID\n"
                          "    hint: e.g. --audience customer --account nordwerk-chemie")
    if audience == "internal" and account:
        raise ConfigError("--account makes the shared edition of one account: add "
                          "--audience customer\n    hint: the internal edition always "
                          "holds every account")
    return Edition("customer", account) if audience == "customer" else INTERNAL


@dataclass(frozen=True)
class Visibility:
    """What the pages and exports of an edition show of the figures they compute."""

    audience: Audience = "internal"
    rating: bool = True
    visit_costs: bool = True
    attitudes: bool = True
    competitors: bool = True
    swot: bool = True
    business: bool = True
    """Our revenue with the account, its wallet and our share of it."""
    margins: bool = True
    portfolio: bool = True
    """The portfolio's own analyses: selection, matrix, plan health, programme, territories."""
    kinds: frozenset[Shareable] = frozenset(SHAREABLE)
    """The kinds of content internal by nature that the edition shows."""

    @property
    def shared_edition(self) -> bool:
        """True for the shared edition."""
        return self.audience == "customer"

    def shows(self, kind: Shareable | None) -> bool:
        """True when the edition shows content of ``kind`` (``None``: content that is not
        internal by nature)."""
        return kind is None or kind in self.kinds


@dataclass(frozen=True)
class Redacted:
    """A portfolio as an edition may show it."""

    portfolio: Portfolio
    edition: Edition
    seen: Visibility
    shares: tuple[str, ...] = ()
    """What a shared edition holds, in words, for the person who sends it."""
    leaves_out: tuple[str, ...] = ()
    """What it leaves out, in words."""


def redact(portfolio: Portfolio, chosen: Edition = INTERNAL) -> Redacted:
    """The portfolio as ``chosen`` may show it; raises :class:`ConfigError` when the
    account of a shared edition does not exist or is confidential."""
    if not chosen.shared:
        return Redacted(portfolio, chosen, Visibility())
    account_id = chosen.account or ""
    account = portfolio.accounts.get(account_id)
    if account is None:
        raise ConfigError(f"--account {account_id!r} is not an account of the plans\n"
                          f"    hint: {ids_hint(account_id, portfolio.accounts, 'accounts')}")
    if account.plan.confidential:
        raise ConfigError(f"account '{account_id}' is confidential: its plan cannot be "
                          f"shared\n    hint: {account.file} says 'confidential: true'; "
                          "set it to false once the plan may be shared")
    kinds = frozenset(portfolio.programme.customer_edition.share) | frozenset(account.plan.share)
    plan = _shared_plan(account.plan, kinds)
    pages = () if "pages" in account.plan.internal else tuple(
        page for page in account.pages if not page.internal)
    used = set().union(*(_linked_files(page) for page in pages)) if pages else set()
    attachments = tuple(a for a in account.attachments if a.rel in used)
    shared_account = Account(account.id, plan, account.file, pages, attachments)
    seen = Visibility(
        audience="customer",
        rating="rating" in kinds,
        visit_costs="visit_costs" in kinds,
        attitudes="attitudes" in kinds,
        competitors="competitors" in kinds,
        swot="swot" in kinds,
        business="business" in kinds,
        margins="margins" in kinds and "business" in kinds,
        portfolio=False,
        kinds=kinds,
    )
    shared = dataclasses.replace(
        portfolio,
        programme=_shared_programme(portfolio.programme),
        team=tuple(_shared_member(m, "visit_costs" in kinds) for m in portfolio.team
                   if m.id in _people(plan)),
        territories=tuple(Territory(id=t.id, name=t.name) for t in portfolio.territories
                          if t.id == plan.territory),
        checklists={cid: c for cid, c in portfolio.checklists.items() if cid in plan.checklists},
        accounts={account.id: shared_account},
        positions={account.file: portfolio.positions[account.file]}
        if account.file in portfolio.positions else {},
    )
    shares, leaves_out = _summary(account, shared_account, kinds)
    return Redacted(shared, chosen, seen, shares, leaves_out)


# --- the shared plan, built from what may be shown -------------------------------------------

def _shared(items: Sequence[_Item]) -> list[_Item]:
    return [item for item in items if not getattr(item, "internal", False)]


def _shared_plan(plan: AccountPlan, kinds: frozenset[Shareable]) -> AccountPlan:
    def shown(section: str, kind: Shareable | None = None) -> bool:
        return section not in plan.internal and (kind is None or kind in kinds)

    notes = "notes" in kinds
    attitudes = "attitudes" in kinds
    contacts = _shared(plan.network) if shown("network") else []
    kept = {c.id for c in contacts}
    p = plan.profile
    a = plan.analysis
    positioning = plan.positioning
    competitors = _shared(positioning.competitors) if shown("positioning", "competitors") \
        else []
    rivals = {c.id for c in competitors}
    return AccountPlan(
        name=plan.name,
        status=plan.status,
        owner=plan.owner,
        team=list(plan.team),
        territory=plan.territory,
        industry=plan.industry,
        tags=list(plan.tags),
        reviewed=plan.reviewed,
        profile=Profile(headquarters=p.headquarters, locations=list(p.locations),
                        employees=p.employees, revenue=p.revenue, summary=p.summary,
                        strategy=p.strategy, goals=list(p.goals))
        if shown("profile") else Profile(),
        business=[BusinessYear(year=b.year, revenue=b.revenue, forecast=b.forecast,
                               margin=b.margin if "margins" in kinds else None)
                  for b in plan.business] if shown("business", "business") else [],
        wallet=plan.wallet if shown("business", "business") else None,
        rating=dict(plan.rating) if plan.rating is not None and "rating" in kinds else None,
        visits=VisitPlan(per_year=plan.visits.per_year,
                         extra_travel_cost=plan.visits.extra_travel_cost)
        if "visit_costs" in kinds else VisitPlan(),
        analysis=Analysis(
            pains=[Pain(title=x.title, impact=x.impact, notes=x.notes if notes else None)
                   for x in _shared(a.pains)],
            initiatives=[Initiative(title=x.title, contribution=x.contribution)
                         for x in _shared(a.initiatives)],
            buying_process=[BuyingStep(step=x.step,
                                       decided_by=[d for d in x.decided_by if d in kept],
                                       notes=x.notes if notes else None)
                            for x in _shared(a.buying_process)],
        ) if shown("analysis") else Analysis(),
        scorecard=[Objective(perspective=o.perspective, objective=o.objective, kpi=o.kpi,
                             unit=o.unit, baseline=o.baseline, target=o.target,
                             actual=o.actual, direction=o.direction, due=o.due)
                   for o in _shared(plan.scorecard)
                   if o.perspective != "financial" or "financial" in kinds]
        if shown("scorecard") else [],
        positioning=Positioning(
            statement=positioning.statement,
            competitors=competitors,
            profile=[ProfileCriterion.model_validate({
                "criterion": row.criterion, "importance": row.importance, "us": row.us,
                **{cid: r for cid, r in row.competitor_ratings.items() if cid in rivals}})
                for row in _shared(positioning.profile)],
        ) if shown("positioning", "competitors") else Positioning(),
        swot=plan.swot if shown("swot", "swot") else None,
        value_add=[ValueAddConcept(
            title=v.title, description=v.description, horizon_years=v.horizon_years,
            investment=v.investment, yearly_cost=v.yearly_cost,
            benefits=[Benefit(item=b.item, amount=b.amount, basis=b.basis)
                      for b in _shared(v.benefits)])
            for v in _shared(plan.value_add)] if shown("value_add") else [],
        network=[Contact(
            id=c.id, name=c.name, title=c.title,
            reports_to=c.reports_to if c.reports_to in kept else None, roles=list(c.roles),
            # Influence, attitude and relationship are required; without "attitudes" the
            # pages do not show them and the shared plan holds neutral values.
            influence=c.influence if attitudes else 1,
            attitude=c.attitude if attitudes else "neutral",
            relationship=c.relationship if attitudes else 1,
            owner=c.owner if attitudes else None,
            last_contact=c.last_contact if attitudes else None,
            notes=c.notes if notes else None) for c in contacts],
        actions=[Action(title=x.title, owner=x.owner, due=x.due, status=x.status,
                        notes=x.notes if notes else None)
                 for x in _shared(plan.actions)] if shown("actions") else [],
        checklists={cid: dict(states) for cid, states in plan.checklists.items()}
        if shown("checklists", "checklists") else {},
    )


def _people(plan: AccountPlan) -> set[str]:
    """Team members the shared plan names."""
    people = {plan.owner, *plan.team}
    people.update(a.owner for a in plan.actions if a.owner)
    people.update(c.owner for c in plan.network if c.owner)
    return people


def _shared_member(member: TeamMember, costs: bool) -> TeamMember:
    if costs:
        return TeamMember(id=member.id, name=member.name, role=member.role,
                          visit_days=member.visit_days, visits_per_day=member.visits_per_day,
                          annual_cost=member.annual_cost, email=member.email)
    return TeamMember(id=member.id, name=member.name, role=member.role, email=member.email)


def _shared_programme(programme: Programme) -> Programme:
    """The programme without what it says about the whole portfolio (charter, areas,
    checklist states, policy): only what the account's page needs to compute and label."""
    return Programme(
        company=programme.company, language=programme.language,
        currency=programme.currency, fiscal_year=programme.fiscal_year,
        rating=programme.rating, visits=programme.visits, scorecard=programme.scorecard,
        customer_edition=programme.customer_edition,
    )


_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def _linked_files(page: AccountPage) -> set[str]:
    """The files beside the plan that a page links to or shows, relative to the plans
    folder. Every address written in the page counts, so a file is never left out of the
    shared edition that a shared page uses."""
    folder = posixpath.dirname(page.rel)
    found = set()
    for pattern in (_LINK, _MD_LINK, _MD_REFERENCE):
        for match in pattern.finditer(page.body):
            address = match.group(1).split("#")[0].split("?")[0]
            if not address or ":" in address or address.startswith(("/", "\\")):
                continue
            found.add(posixpath.normpath(posixpath.join(folder, address)))
    return found


# --- what the person who sends the edition reads ---------------------------------------------

_KIND_WORDS: dict[Shareable, str] = {
    "rating": "the rating and class",
    "visit_costs": "visit costs",
    "financial": "financial objectives",
    "business": "our revenue with the account and its wallet",
    "margins": "our margins",
    "competitors": "competitors, strengths-weaknesses profile and relative quality",
    "swot": "the SWOT analysis",
    "notes": "notes",
    "attitudes": "attitudes, influence, relationship strength and owners of contacts",
    "checklists": "checklists",
}


_KIND_SECTIONS: dict[Shareable, str] = {
    "financial": "scorecard", "business": "business", "margins": "business",
    "competitors": "positioning", "swot": "swot", "attitudes": "network",
    "checklists": "checklists",
}
"""The plan section each kind of content lives in (``internal: [section]`` removes it)."""


def _count(what: str, items: Iterable[object]) -> str:
    number = len(list(items))
    return f"{what} ({number})"


def _summary(full: Account, shared: Account,
             kinds: frozenset[Shareable]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    plan, out = full.plan, shared.plan
    shares = ["the profile" if out.profile != Profile() else "",
              _count("pains", out.analysis.pains) if out.analysis.pains else "",
              _count("initiatives", out.analysis.initiatives) if out.analysis.initiatives
              else "",
              _count("buying steps", out.analysis.buying_process)
              if out.analysis.buying_process else "",
              _count("scorecard objectives", out.scorecard) if out.scorecard else "",
              _count("value-add concepts", out.value_add) if out.value_add else "",
              _count("actions", out.actions) if out.actions else "",
              _count("contacts with name, title and roles", out.network) if out.network
              else "",
              _count("pages", shared.pages) if shared.pages else "",
              _count("files", shared.attachments) if shared.attachments else ""]
    shares += [_KIND_WORDS[kind] + " (shared by choice)" for kind in SHAREABLE
               if kind in kinds and _KIND_SECTIONS.get(kind) not in plan.internal]
    leaves = [_KIND_WORDS[kind] for kind in SHAREABLE if kind not in kinds]
    leaves.append("readiness, completeness and findings, the portfolio and other accounts")
    if plan.internal:
        leaves.append("internal sections: " + ", ".join(plan.internal))
    items = sum(1 for item in (*plan.analysis.pains, *plan.analysis.initiatives,
                               *plan.analysis.buying_process, *plan.scorecard,
                               *plan.positioning.competitors, *plan.positioning.profile,
                               *plan.value_add,
                               *(b for v in plan.value_add for b in v.benefits),
                               *plan.network, *plan.actions)
                if getattr(item, "internal", False))
    if items:
        leaves.append(f"items marked internal ({items})")
    hidden_pages = len(full.pages) - len(shared.pages)
    if hidden_pages:
        leaves.append(f"internal pages ({hidden_pages})")
    hidden_files = len(full.attachments) - len(shared.attachments)
    if hidden_files:
        leaves.append(f"files no shared page uses ({hidden_files})")
    return tuple(s for s in shares if s), tuple(leaves)
