"""``kam.yaml``: the programme with its rating model, norms, charter, areas and policy."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ._base import Count, ItemState, Markdown, Model, PersonId, Shareable, Slug
from .rules import RULE_IDS as RULE_IDS
from .rules import Severity as Severity

CURRENCY_PATTERN = r"^[A-Z]{3}$"
AreaState = Literal["not_started", "in_progress", "established"]


class RatingCriterion(Model):
    """A criterion of the customer rating system (Kundenbewertungssystem)."""

    id: Slug
    """The criterion's id, used as a key of ``rating`` in the account plans."""
    name: str
    """The criterion's name as shown on the site."""
    weight: Annotated[float, Field(gt=0)]
    """The criterion's weight: any positive number; kamgen normalises the weights."""
    description: str | None = None
    """How to rate the criterion."""


class ClassThresholds(Model):
    """Minimum rating scores (0..100) for the account classes A and B; below B is C."""

    A: Annotated[float, Field(ge=0, le=100)] = 70
    """Lowest score of a class-A account."""
    B: Annotated[float, Field(ge=0, le=100)] = 50
    """Lowest score of a class-B account."""

    @model_validator(mode="after")
    def _ordered(self) -> ClassThresholds:
        if self.B > self.A:
            raise ValueError(f"the threshold of class B ({self.B:g}) is above class A ({self.A:g})")
        return self


class RatingModel(Model):
    """The customer rating system: criteria with weights, a scale and class thresholds."""

    scale: tuple[int, int] = (1, 5)
    """The lowest and highest rating, e.g. ``[1, 5]``."""
    criteria: Annotated[list[RatingCriterion], Field(min_length=1)]
    """The rating criteria with their weights."""
    classes: ClassThresholds = ClassThresholds()
    """Score thresholds of the classes A and B."""

    @model_validator(mode="after")
    def _scale_ordered(self) -> RatingModel:
        if self.scale[0] >= self.scale[1]:
            raise ValueError(
                f"the scale must go from low to high, found [{self.scale[0]}, {self.scale[1]}]"
            )
        return self


class ParetoLimits(Model):
    """Cumulative revenue shares (percent) that end the revenue classes A and B."""

    A: Annotated[float, Field(gt=0, le=100)] = 80
    """Accounts are class A while the cumulative share before them is below this."""
    B: Annotated[float, Field(gt=0, le=100)] = 95
    """Accounts are class B while the cumulative share before them is below this."""

    @model_validator(mode="after")
    def _ordered(self) -> ParetoLimits:
        if self.B < self.A:
            raise ValueError(f"the Pareto limit of B ({self.B:g}) is below A ({self.A:g})")
        return self


class CustomerNorms(Model):
    """Visits per year that a buying customer of each class needs."""

    A: Count = 24
    """Visits per year to a class-A customer."""
    B: Count = 12
    """Visits per year to a class-B customer."""
    C: Count = 4
    """Visits per year to a class-C customer."""


class ProspectNorms(Model):
    """Visits per year that a prospect of each class needs."""

    important: Count = 6
    """Visits per year to an important prospect."""
    other: Count = 2
    """Visits per year to another prospect."""


class VisitNorms(Model):
    """Visit norms per customer and prospect class."""

    customers: CustomerNorms = CustomerNorms()
    """Visits per year for buying customers, per class."""
    prospects: ProspectNorms = ProspectNorms()
    """Visits per year for prospects, per class."""


class VisitSettings(Model):
    """Settings of the visit demand analysis."""

    norms: VisitNorms = VisitNorms()
    """Visit norms (visits per year) per customer and prospect class."""


class ScorecardLimits(Model):
    """Achievement limits of the Balanced Scorecard traffic lights."""

    green: Annotated[float, Field(gt=0)] = 0.9
    """Lowest achievement that is on track (green)."""
    amber: Annotated[float, Field(ge=0)] = 0.6
    """Lowest achievement that is at risk (amber); below is off track (red)."""

    @model_validator(mode="after")
    def _ordered(self) -> ScorecardLimits:
        if self.amber > self.green:
            raise ValueError(f"amber ({self.amber:g}) is above green ({self.green:g})")
        return self


class PortfolioMatrix(Model):
    """The portfolio matrix: account attractiveness against our position at the account."""

    position: Literal["share_of_wallet", "relative_quality"] = "share_of_wallet"
    """Our position: share_of_wallet, or relative_quality (RQ index against the strongest
    competitor)."""
    attractiveness_split: Annotated[float, Field(ge=0, le=100)] = 50
    """Rating score from which an account counts as attractive."""
    position_split: Annotated[float, Field(gt=0)] | None = None
    """Position from which ours counts as strong: default 0.5 for the share of wallet
    (50 %), 1.0 for relative quality."""

    @property
    def split(self) -> float:
        """The position split in force."""
        if self.position_split is not None:
            return self.position_split
        return 0.5 if self.position == "share_of_wallet" else 1.0


class CustomerEdition(Model):
    """What the customer edition (``kamgen build --audience customer``) shows."""

    share: list[Shareable] = []
    """Kinds of content internal by nature that every shared edition shows anyway:
    rating (score and class), visit_costs, financial (the financial scorecard
    perspective), business (our revenue with the account, its wallet), margins, competitors
    (competitor analysis, strengths-weaknesses profile, relative quality), swot, notes
    (every notes field), attitudes (attitude, influence, relationship strength, owner and
    last contact of contacts), checklists."""


class Charter(Model):
    """The programme charter: the questions every KAM programme must settle (Markdown answers)."""

    key_account_count: Markdown | None = None
    """How many key accounts the programme has and can serve."""
    selection: Markdown | None = None
    """How key accounts are chosen."""
    status_levels: Markdown | None = None
    """Whether all key accounts have the same status, or tiers."""
    benefits: Markdown | None = None
    """What key accounts get that other customers do not."""
    expected_return: Markdown | None = None
    """What the programme is expected to earn."""
    recognition: Markdown | None = None
    """How accounts are told that they are key accounts."""
    manager_selection: Markdown | None = None
    """How key account managers are selected."""
    manager_training: Markdown | None = None
    """How key account managers are trained."""
    manager_pay: Markdown | None = None
    """How key account managers are paid."""
    team: Markdown | None = None
    """Who is on the KAM team."""
    work_split: Markdown | None = None
    """How work is split in the team."""
    strategy_setting: Markdown | None = None
    """How strategy is set for the programme and the accounts."""
    resources: Markdown | None = None
    """Which resources management provides."""
    initiative: Markdown | None = None
    """How much initiative the team may take."""
    sales_cooperation: Markdown | None = None
    """How KAM works with the sales organisation."""


class Area(Model):
    """One of the five areas every KAM programme must define."""

    owner: PersonId | None = None
    """Who owns the area (a team.yaml id)."""
    state: AreaState = "not_started"
    """How far the area is: not_started, in_progress or established."""
    notes: Markdown | None = None
    """What the area holds and what is still to do."""


class Areas(Model):
    """The five KAM areas: structures, steering, strategy, solutions, capabilities."""

    structures: Area | None = None
    """Organisation, roles and processes of KAM."""
    steering: Area | None = None
    """Controlling and reporting."""
    strategy: Area | None = None
    """Programme and account strategies."""
    solutions: Area | None = None
    """Offer packages and value-add concepts."""
    capabilities: Area | None = None
    """Skills, training and tools."""


class RuleSeverity(Model):
    """How strict a completeness rule is for each account class."""

    A: Severity | None = None
    """Severity for class-A accounts: error, warning or off."""
    B: Severity | None = None
    """Severity for class-B accounts: error, warning or off."""
    C: Severity | None = None
    """Severity for class-C accounts: error, warning or off."""


class Policy(Model):
    """The completeness policy that ``kamgen check`` applies."""

    review_max_age_days: Annotated[int, Field(ge=1)] = 120
    """A plan reviewed longer ago than this many days is out of date."""
    contact_max_age_days: Annotated[int, Field(ge=1)] = 90
    """A contact not met for longer than this many days is stale."""
    visit_cost_share_max: Annotated[float, Field(ge=0, le=1)] = 0.10
    """Highest acceptable visit cost as a share of the account's contribution margin."""
    rules: dict[str, Severity | RuleSeverity] = {}
    """Rule id → severity (error, warning, off) for every class, or per account class."""


ImportKind = Literal["business", "wallet"]
NumberStyle = Literal["auto", "de", "en"]


class ImportColumns(Model):
    """Which column of an export holds what: kamgen's name → the column's header, as the
    export writes it in its first row."""

    account: str
    """The column with the plan's id or its customer_number (Kunde, Kundennummer)."""
    year: str | None = None
    """The column with the fiscal year (Jahr, Geschäftsjahr); required for business."""
    revenue: str | None = None
    """The column with our revenue with the account (Umsatz); required for business."""
    margin: str | None = None
    """The column with our contribution margin (Deckungsbeitrag, DB)."""
    forecast: str | None = None
    """The column that marks a forecast year: ja/nein, yes/no, true/false, 1/0, x,
    Prognose/Plan/Ist; without it every row is an actual."""
    wallet: str | None = None
    """The column with the account's yearly spend in our categories; required for wallet."""


class Import(Model):
    """An export of a CRM or ERP whose figures the plans take, read at every build."""

    file: str
    """The export, a CSV or XLSX file below the plans folder but not in accounts/ or
    checklists/, e.g. data/umsatz.csv."""
    kind: ImportKind
    """business: rows of year, revenue, margin and forecast, merged into each plan's
    business; wallet: each plan's wallet (with a year column, the fiscal year's row)."""
    columns: ImportColumns
    """kamgen's name → the header of the export's column."""
    sheet: str | None = None
    """The worksheet of an XLSX file; default: the first."""
    numbers: NumberStyle = "auto"
    """How the export writes numbers: de (1.234.567,89), en (1,234,567.89), or auto:
    found from the file's numbers, and an error where they leave it open (96.000)."""
    other_accounts: Literal["error", "ignore"] = "error"
    """error: a row whose account has no plan is an error; ignore: such rows are left
    out (an export of every customer, of which only some have a plan)."""


class Programme(Model):
    """The KAM programme (``kam.yaml``)."""

    company: str
    """Our company's name, shown as the site's title."""
    lead: PersonId | None = None
    """The head of the KAM programme (a team.yaml id): approves changes to kam.yaml,
    team.yaml, territories.yaml and the checklists (``kamgen codeowners``)."""
    language: Literal["en", "de"] = "en"
    """Language of the site's labels: en or de."""
    currency: Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)] = "EUR"
    """ISO 4217 code of the currency of every amount, e.g. EUR."""
    fiscal_year: Annotated[int, Field(ge=1900, le=2200)]
    """The current fiscal year: later years are forecasts."""
    rating: RatingModel
    """The customer rating system."""
    pareto: ParetoLimits = ParetoLimits()
    """Limits of the Pareto (ABC) analysis of revenue and margin."""
    visits: VisitSettings = VisitSettings()
    """Visit norms for the visit demand analysis."""
    scorecard: ScorecardLimits = ScorecardLimits()
    """Traffic-light limits of the Balanced Scorecard."""
    matrix: PortfolioMatrix = PortfolioMatrix()
    """How the portfolio matrix places accounts."""
    customer_edition: CustomerEdition = CustomerEdition()
    """What the customer edition shares."""
    charter: Charter = Charter()
    """The programme charter."""
    areas: Areas = Areas()
    """The five KAM areas with owner and state."""
    checklists: list[Slug] = []
    """Ids of the programme-level checklists in use."""
    checklist_state: dict[Slug, dict[Slug, ItemState]] = {}
    """Checklist id → item id → open, done or n/a."""
    policy: Policy = Policy()
    """The completeness policy checked in CI."""
    imports: list[Import] = []
    """Exports of a CRM or ERP whose figures the plans take (see Import)."""
