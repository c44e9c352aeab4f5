"""``accounts/<id>.yaml``: a key account plan (Kundenentwicklungsplan, KEP)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from ._base import (
    ItemState,
    Markdown,
    Model,
    Money,
    PersonId,
    Score1to5,
    Shareable,
    SignedMoney,
    Slug,
)

AccountStatus = Literal["key_account", "candidate", "former"]
Impact = Literal["low", "medium", "high"]
Perspective = Literal["financial", "customer", "processes", "learning"]
Direction = Literal["up", "down"]
Role = Literal["initiator", "user", "influencer", "decider", "buyer", "gatekeeper"]
Attitude = Literal["champion", "supporter", "neutral", "sceptic", "opponent"]
ActionStatus = Literal["open", "in_progress", "done", "dropped"]
Section = Literal["profile", "business", "analysis", "scorecard", "positioning", "swot",
                  "value_add", "network", "actions", "checklists", "pages"]

PERSPECTIVES: tuple[Perspective, ...] = ("financial", "customer", "processes", "learning")


class Profile(Model):
    """The account's company profile."""

    headquarters: str | None = None
    """City of the account's headquarters."""
    locations: list[str] = []
    """Plants and sites that matter to us."""
    employees: Annotated[int, Field(ge=0)] | None = None
    """Number of employees."""
    revenue: Money | None = None
    """The account's own yearly revenue in the programme currency."""
    summary: Markdown | None = None
    """Who the account is, in a few sentences."""
    strategy: Markdown | None = None
    """The account's own strategy."""
    goals: list[str] = []
    """The account's goals."""


class BusinessYear(Model):
    """Our business with the account in one year."""

    year: Annotated[int, Field(ge=1900, le=2200)]
    """The fiscal year."""
    revenue: Money
    """Our revenue with the account."""
    margin: SignedMoney | None = None
    """Our contribution margin (Deckungsbeitrag) with the account; may be negative."""
    forecast: bool = False
    """True when the figures are a forecast, not actuals."""


class VisitPlan(Model):
    """Planned visits to the account."""

    per_year: Annotated[int, Field(ge=0, le=1000)] = 0
    """Planned visits per year."""
    extra_travel_cost: Money = 0
    """Extra travel cost per visit on top of the owner's cost per visit (flights, hotels)."""


class Pain(Model):
    """A problem the account has that we may help with (Schmerzpunkt)."""

    title: str
    """The pain in a few words."""
    impact: Impact
    """How much it hurts the account: low, medium or high."""
    notes: Markdown | None = None
    """Details and evidence."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class Initiative(Model):
    """One of the account's business initiatives."""

    title: str
    """The initiative."""
    contribution: Markdown | None = None
    """What we can contribute to it."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class BuyingStep(Model):
    """One step of the account's buying process."""

    step: str
    """What happens in this step."""
    decided_by: list[Slug] = []
    """Contacts (network ids) who decide in this step."""
    notes: Markdown | None = None
    """Details of the step."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class Readiness(Model):
    """The account's readiness to implement what we propose."""

    level: Score1to5
    """Readiness from 1 (not ready) to 5 (ready now)."""
    notes: Markdown | None = None
    """Why the account is at this level."""


class Analysis(Model):
    """Key account analysis: pains, initiatives, buying process and readiness."""

    pains: list[Pain] = []
    """The account's pains."""
    initiatives: list[Initiative] = []
    """The account's business initiatives and our possible contribution."""
    buying_process: list[BuyingStep] = []
    """The steps of the account's buying process and who decides."""
    readiness: Readiness | None = None
    """The account's readiness to implement."""


class Objective(Model):
    """A strategic objective on the account's Balanced Scorecard, with one KPI."""

    perspective: Perspective
    """financial, customer, processes or learning."""
    objective: str
    """The objective in a few words."""
    kpi: str
    """The key performance indicator that measures the objective."""
    unit: str = ""
    """Unit of the KPI, e.g. %, EUR, days."""
    baseline: float | None = None
    """The KPI's value when the objective was set."""
    target: float
    """The KPI's target value."""
    actual: float | None = None
    """The KPI's current value; leave out while there is no data."""
    direction: Direction = "up"
    """up when higher is better, down when lower is better."""
    due: dt.date | None = None
    """When the target is to be reached."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class Competitor(Model):
    """A competitor at the account."""

    id: Slug
    """The competitor's id, used as a column of the strengths-weaknesses profile."""
    name: str
    """The competitor's name."""
    share_of_wallet: Annotated[float, Field(ge=0, le=100)] | None = None
    """The competitor's share of the account's spend in our categories, in percent."""
    threat: Impact = "medium"
    """How dangerous the competitor is at this account: low, medium or high."""
    strengths: list[str] = []
    """The competitor's strengths as the account sees them."""
    weaknesses: list[str] = []
    """The competitor's weaknesses as the account sees them."""
    strategy: Markdown | None = None
    """The competitor's likely strategy at the account."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class ProfileCriterion(Model):
    """A row of the strengths-weaknesses profile: one criterion as the customer sees it.

    Besides ``criterion``, ``importance`` and ``us``, each key is a competitor id with
    that competitor's rating from 1 to 5.
    """

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Score1to5] = Field(init=False)

    criterion: str
    """The criterion, e.g. delivery reliability."""
    importance: Score1to5
    """How important the criterion is to the account, 1 to 5."""
    us: Score1to5
    """How the account rates us on the criterion, 1 to 5."""

    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

    @property
    def competitor_ratings(self) -> dict[str, int]:
        """Competitor id → rating, as written in the row."""
        return dict(self.__pydantic_extra__ or {})


class Positioning(Model):
    """Our positioning at the account against its competitors."""

    statement: Markdown | None = None
    """Who we are for this account, in one paragraph."""
    competitors: list[Competitor] = []
    """The competitors at the account."""
    profile: list[ProfileCriterion] = []
    """The strengths-weaknesses profile (Stärken-Schwächen-Profil)."""


class TowsStrategies(Model):
    """Strategies that combine the SWOT quadrants (TOWS)."""

    so: list[str] = []
    """Use strengths to seize opportunities."""
    st: list[str] = []
    """Use strengths to counter threats."""
    wo: list[str] = []
    """Overcome weaknesses by seizing opportunities."""
    wt: list[str] = []
    """Reduce weaknesses and avoid threats."""


class Swot(Model):
    """SWOT analysis of our position at the account."""

    strengths: list[str] = []
    """Our strengths at the account."""
    weaknesses: list[str] = []
    """Our weaknesses at the account."""
    opportunities: list[str] = []
    """Opportunities at the account."""
    threats: list[str] = []
    """Threats at the account."""
    strategies: TowsStrategies | None = None
    """TOWS strategies."""


class Benefit(Model):
    """A yearly benefit of a value-add concept to the customer."""

    item: str
    """What the customer gains."""
    amount: Money
    """The benefit per year in the programme currency."""
    basis: str | None = None
    """How the amount was estimated, so the customer can check it."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class ValueAddConcept(Model):
    """A value-add concept (Mehrwertkonzept) with the customer's calculation."""

    title: str
    """The concept's name."""
    description: Markdown | None = None
    """What we offer."""
    horizon_years: Annotated[int, Field(ge=1, le=30)] = 3
    """Years over which the return is calculated."""
    investment: Money = 0
    """One-time investment on the customer's side."""
    yearly_cost: Money = 0
    """The customer's yearly cost: price and running cost."""
    benefits: list[Benefit] = []
    """The customer's yearly benefits."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class Contact(Model):
    """A person at the account in our relationship network."""

    id: Slug
    """The contact's id, used in reports_to and decided_by."""
    name: str
    """The contact's name."""
    title: str | None = None
    """Job title."""
    reports_to: Slug | None = None
    """The contact (id) this person reports to."""
    roles: list[Role] = []
    """Roles in the buying centre: initiator, user, influencer, decider, buyer, gatekeeper."""
    influence: Score1to5
    """Influence on buying decisions, 1 to 5."""
    attitude: Attitude = "neutral"
    """Attitude towards us: champion, supporter, neutral, sceptic or opponent."""
    relationship: Score1to5
    """Strength of our relationship, 1 to 5."""
    owner: PersonId | None = None
    """Who on our side holds the relationship (a team.yaml id)."""
    last_contact: dt.date | None = None
    """When we last met or spoke."""
    notes: Markdown | None = None
    """Notes on the relationship."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class Action(Model):
    """An action of the action plan (Maßnahmenplan)."""

    title: str
    """What is to be done."""
    owner: PersonId | None = None
    """Who does it (a team.yaml id)."""
    due: dt.date | None = None
    """By when."""
    status: ActionStatus = "open"
    """open, in_progress, done or dropped."""
    notes: Markdown | None = None
    """Details."""
    internal: bool = False
    """True when this item is internal: left out of the customer edition."""

class AccountPlan(Model):
    """A key account plan; its id is the file or folder name."""

    name: str
    """The account's company name."""
    status: AccountStatus = "key_account"
    """key_account, candidate or former."""
    owner: PersonId
    """The key account manager (a team.yaml id)."""
    team: list[PersonId] = []
    """Further members of the account team (team.yaml ids)."""
    territory: Slug
    """The account's territory (a territories.yaml id)."""
    industry: str | None = None
    """The account's industry."""
    tags: list[str] = []
    """Tags for the site's tag index."""
    reviewed: dt.date | None = None
    """When the plan was last reviewed."""
    confidential: bool = False
    """True when the whole plan is internal: it is left out of the customer edition."""
    customer_number: Annotated[str, StringConstraints(min_length=1, max_length=80,
                                                      strip_whitespace=True)] | None = None
    """The account's number in the CRM or ERP (Kundennummer), as its exports write it: the
    account column of an import in kam.yaml may give it instead of the plan's id. Each
    customer number belongs to one plan."""
    internal: list[Section] = []
    """Sections left out of the customer's shared edition, e.g. [swot, value_add]."""
    share: list[Shareable] = []
    """Kinds of content internal by nature that this plan's shared edition shows anyway
    (as customer_edition.share in kam.yaml does for every plan), e.g. [swot, business]."""
    profile: Profile = Profile()
    """The account's company profile."""
    business: list[BusinessYear] = []
    """Our revenue and margin with the account per year; years may also come from an
    export named in kam.yaml's imports (each year in one place only)."""
    wallet: Money | None = None
    """The account's yearly spend in our categories (for the share of wallet); may also
    come from an export named in kam.yaml's imports (in one place only)."""
    rating: dict[str, int] | None = None
    """Rating criterion id → rating on the programme's scale; required for key accounts."""
    visits: VisitPlan = VisitPlan()
    """Planned visits and extra travel cost."""
    analysis: Analysis = Analysis()
    """Key account analysis."""
    scorecard: list[Objective] = []
    """Balanced Scorecard objectives."""
    positioning: Positioning = Positioning()
    """Positioning, competitors and the strengths-weaknesses profile."""
    swot: Swot | None = None
    """SWOT analysis."""
    value_add: list[ValueAddConcept] = []
    """Value-add concepts with their calculation."""
    network: list[Contact] = []
    """The relationship network at the account."""
    actions: list[Action] = []
    """The action plan."""
    checklists: dict[Slug, dict[Slug, ItemState]] = {}
    """Checklist id → item id → open, done or n/a."""
