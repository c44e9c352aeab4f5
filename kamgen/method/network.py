"""Relationship network (Netzwerkbildung): coverage, support and findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Contact

ATTITUDE_VALUE = {"champion": 2, "supporter": 1, "neutral": 0, "sceptic": -1, "opponent": -2}
"""Attitude on the scale −2..+2 used by the support figure."""

FindingKind = Literal["blind_spot", "single_threaded", "stale", "influential_opponent"]


@dataclass(frozen=True)
class NetworkFinding:
    """Something about the network that needs attention."""

    kind: FindingKind
    contacts: tuple[str, ...]
    """Ids of the contacts concerned (for single-threaded: every strong relationship)."""
    detail: str = ""
    """The team member for single-threaded; the days since contact for stale."""


@dataclass(frozen=True)
class NetworkResult:
    """Coverage and support of an account's network, with its findings."""

    key_contacts: tuple[str, ...]
    """Deciders and contacts with influence ≥ 4."""
    covered: tuple[str, ...]
    """Key contacts whose relationship is ≥ 3."""
    coverage: float | None
    support: float | None
    findings: tuple[NetworkFinding, ...]


def is_key_contact(contact: Contact) -> bool:
    """Deciders and contacts with influence ≥ 4 are the ones coverage counts."""
    return "decider" in contact.roles or contact.influence >= 4


def network(contacts: Sequence[Contact], today: dt.date, contact_max_age_days: int
            ) -> NetworkResult:
    """coverage = share of key contacts with relationship ≥ 3;
    support = Σ influence · attitude / Σ influence (−2..+2); and the findings of method.md."""
    key = [c for c in contacts if is_key_contact(c)]
    covered = [c for c in key if c.relationship >= 3]
    coverage = len(covered) / len(key) if key else None
    total_influence = sum(c.influence for c in contacts)
    support = (
        sum(c.influence * ATTITUDE_VALUE[c.attitude] for c in contacts) / total_influence
        if total_influence else None
    )
    findings: list[NetworkFinding] = []
    blind = tuple(c.id for c in contacts if "decider" in c.roles and c.relationship <= 2)
    if blind:
        findings.append(NetworkFinding("blind_spot", blind))
    strong_owners = {c.owner for c in contacts if c.relationship >= 4}
    strong = [c for c in contacts if c.relationship >= 4]
    if strong and len(strong_owners) == 1 and None not in strong_owners:
        findings.append(NetworkFinding("single_threaded", tuple(c.id for c in strong),
                                       str(next(iter(strong_owners)))))
    for c in contacts:
        if c.last_contact is not None and (today - c.last_contact).days > contact_max_age_days:
            findings.append(NetworkFinding("stale", (c.id,), str((today - c.last_contact).days)))
    opponents = tuple(c.id for c in contacts if c.attitude == "opponent" and c.influence >= 4)
    if opponents:
        findings.append(NetworkFinding("influential_opponent", opponents))
    return NetworkResult(tuple(c.id for c in key), tuple(c.id for c in covered), coverage,
                         support, tuple(findings))
