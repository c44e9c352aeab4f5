"""``territories.yaml``: sales territories with the customers that have no plan of their own."""

from __future__ import annotations

from ._base import Count, Model, Slug


class CustomerCounts(Model):
    """Buying customers in a territory that have no plan of their own, per class."""

    A: Count = 0
    """Class-A customers without a plan."""
    B: Count = 0
    """Class-B customers without a plan."""
    C: Count = 0
    """Class-C customers without a plan."""


class ProspectCounts(Model):
    """Prospects (potential customers) in a territory, per class."""

    important: Count = 0
    """Important prospects."""
    other: Count = 0
    """Other prospects."""


class Territory(Model):
    """A sales territory (Verkaufsgebiet)."""

    id: Slug
    """The territory's id, used as ``territory`` in team.yaml and the account plans."""
    name: str
    """The territory's name as shown on the site."""
    customers: CustomerCounts = CustomerCounts()
    """Counts of buying customers without a plan, per class, for the visit demand analysis."""
    prospects: ProspectCounts = ProspectCounts()
    """Counts of prospects, per class, for the visit demand analysis."""
