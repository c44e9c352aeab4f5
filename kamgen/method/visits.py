"""Visit demand analysis (Besuchsbedarfsanalyse) and visit cost analysis
(Besuchskostenanalyse)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import AccountPlan, BusinessYear, TeamMember, Territory
from ..model.programme import VisitNorms


@dataclass(frozen=True)
class DemandPart:
    """One line of the demand sum: a count times a norm."""

    group: str
    """customers.A, customers.B, customers.C, prospects.important, prospects.other."""
    count: int
    norm: int

    @property
    def visits(self) -> int:
        """count × norm."""
        return self.count * self.norm


@dataclass(frozen=True)
class TerritoryDemand:
    """Visit demand against capacity in one territory."""

    territory_id: str
    parts: tuple[DemandPart, ...]
    plans: tuple[tuple[str, int], ...]
    """(account id, planned visits per year) of every account with a plan in the territory."""
    managers: tuple[tuple[str, float], ...]
    """(team member id, visit capacity per year) of the territory's managers."""
    demand: float
    capacity: float
    utilisation: float | None
    """demand / capacity; ``None`` without capacity."""
    gap: float
    """capacity − demand (negative: visits missing)."""
    gap_fte: float | None
    """gap in full-time managers: gap / mean capacity per manager; ``None`` without managers."""

    @property
    def over_capacity(self) -> bool:
        """True when the demand is above the capacity (utilisation above 100 %)."""
        return self.utilisation is not None and self.utilisation > 1

    @property
    def missing_visits(self) -> float:
        """demand − capacity: the visits the managers cannot make (negative: visits to
        spare)."""
        return -self.gap

    @property
    def missing_fte(self) -> float | None:
        """The missing visits in full-time managers; ``None`` without managers."""
        return -self.gap_fte if self.gap_fte is not None else None


def visit_capacity(member: TeamMember) -> float:
    """Visits a person can make per year: visit days × visits per day."""
    return member.visit_days * member.visits_per_day


def visit_demand(territory: Territory, norms: VisitNorms,
                 plans: Sequence[tuple[str, int]], managers: Sequence[TeamMember]
                 ) -> TerritoryDemand:
    """demand = Σ customers × norm + Σ prospects × norm + Σ planned visits of the accounts
    with a plan; capacity = Σ visit days × visits per day of the territory's managers."""
    parts = (
        DemandPart("customers.A", territory.customers.A, norms.customers.A),
        DemandPart("customers.B", territory.customers.B, norms.customers.B),
        DemandPart("customers.C", territory.customers.C, norms.customers.C),
        DemandPart("prospects.important", territory.prospects.important,
                   norms.prospects.important),
        DemandPart("prospects.other", territory.prospects.other, norms.prospects.other),
    )
    demand = float(sum(p.visits for p in parts) + sum(v for _, v in plans))
    capacities = tuple((m.id, visit_capacity(m)) for m in managers)
    capacity = float(sum(c for _, c in capacities))
    gap = capacity - demand
    mean_capacity = capacity / len(capacities) if capacities else 0.0
    return TerritoryDemand(
        territory_id=territory.id,
        parts=parts,
        plans=tuple(plans),
        managers=capacities,
        demand=demand,
        capacity=capacity,
        utilisation=demand / capacity if capacity > 0 else None,
        gap=gap,
        gap_fte=gap / mean_capacity if mean_capacity > 0 else None,
    )


@dataclass(frozen=True)
class OwnerDemand:
    """Planned visits of the accounts one manager owns against that manager's capacity."""

    member_id: str
    plans: tuple[tuple[str, int], ...]
    """(account id, planned visits per year) of every account the manager owns."""
    demand: float
    """Σ planned visits per year of those accounts."""
    capacity: float
    """The manager's visit days per year × visits per day."""

    @property
    def over_capacity(self) -> bool:
        """True when the accounts plan more visits than the manager can make."""
        return self.demand > self.capacity


def owner_demand(member: TeamMember, plans: Sequence[tuple[str, int]]) -> OwnerDemand:
    """demand = Σ planned visits per year of the accounts ``member`` owns (``plans``: account
    id, planned visits); capacity = visit days × visits per day."""
    return OwnerDemand(member.id, tuple(plans), float(sum(v for _, v in plans)),
                       visit_capacity(member))


@dataclass(frozen=True)
class VisitCost:
    """Visit cost of one account and what it is measured against."""

    visits: int
    cost_per_visit: float | None
    """The owner's cost per visit: annual cost / (visit days × visits per day)."""
    extra_travel_cost: float
    cost: float | None
    """visits × (cost per visit + extra travel cost per visit)."""
    revenue: float | None
    margin: float | None
    revenue_per_visit: float | None
    margin_share: float | None
    """cost / contribution margin; ``None`` when the margin is missing or not positive."""
    over_limit: bool
    """True when the margin share is above the programme's limit
    (``policy.visit_cost_share_max``)."""


def cost_per_visit(member: TeamMember) -> float | None:
    """annual fully loaded cost / (visit days × visits per day); ``None`` without capacity."""
    capacity = visit_capacity(member)
    return member.annual_cost / capacity if capacity > 0 else None


def visit_cost(plan: AccountPlan, owner: TeamMember | None,
               latest: BusinessYear | None, share_max: float) -> VisitCost:
    """Visit cost of an account, with revenue per visit and the share of its margin,
    measured against the limit ``share_max`` on that share."""
    visits = plan.visits.per_year
    per_visit = cost_per_visit(owner) if owner is not None else None
    extra = plan.visits.extra_travel_cost
    if visits == 0:
        cost: float | None = 0.0
    elif per_visit is None:
        cost = None
    else:
        cost = visits * (per_visit + extra)
    revenue = latest.revenue if latest is not None else None
    margin = latest.margin if latest is not None else None
    margin_share = (cost / margin if cost is not None and margin is not None and margin > 0
                    else None)
    return VisitCost(
        visits=visits,
        cost_per_visit=per_visit,
        extra_travel_cost=extra,
        cost=cost,
        revenue=revenue,
        margin=margin,
        revenue_per_visit=revenue / visits if revenue is not None and visits > 0 else None,
        margin_share=margin_share,
        over_limit=margin_share is not None and margin_share > share_max,
    )
