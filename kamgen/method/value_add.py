"""Value-add calculation (Mehrwertrechnung) of a value-add concept."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ValueAddConcept


@dataclass(frozen=True)
class ValueAdd:
    """The customer's calculation of one concept."""

    benefits: float
    """Σ yearly benefits."""
    yearly_cost: float
    investment: float
    horizon_years: int
    net_yearly_value: float
    """Σ benefits − yearly cost."""
    payback_months: float | None
    """12 · investment / net yearly value; only when the net value is positive."""
    roi: float | None
    """(H · net − investment) / (H · yearly cost + investment); ``None`` when the
    denominator is 0."""
    value_to_price: float | None
    """Σ benefits / yearly cost; ``None`` without a yearly cost."""


def value_add(concept: ValueAddConcept) -> ValueAdd:
    """The value-add calculation of method.md for ``concept``."""
    benefits = sum(b.amount for b in concept.benefits)
    cost, investment, horizon = concept.yearly_cost, concept.investment, concept.horizon_years
    net = benefits - cost
    denominator = horizon * cost + investment
    return ValueAdd(
        benefits=benefits,
        yearly_cost=cost,
        investment=investment,
        horizon_years=horizon,
        net_yearly_value=net,
        payback_months=12 * investment / net if net > 0 else None,
        roi=(horizon * net - investment) / denominator if denominator > 0 else None,
        value_to_price=benefits / cost if cost > 0 else None,
    )
