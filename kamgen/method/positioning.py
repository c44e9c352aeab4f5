"""Strengths-weaknesses profile (Stärken-Schwächen-Profil), relative quality (relative
Qualität) and competence fields (Kompetenzfeld-Analyse)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Competitor, ProfileCriterion

IMPORTANT = 4
"""Criteria with importance ≥ 4 (of 5) count as important in the competence fields."""

Quadrant = Literal["core_competence", "act_now", "over_service", "watch"]


def weighted_performance(profile: Sequence[ProfileCriterion], supplier: str) -> float | None:
    """P_x = Σ imp_i · r_x,i / Σ imp_i over the criteria where supplier x is rated
    (``"us"`` for ourselves, else a competitor id); ``None`` when it is rated nowhere."""
    rated = [(row.importance, _rating(row, supplier)) for row in profile]
    pairs = [(imp, r) for imp, r in rated if r is not None]
    weight = sum(imp for imp, _ in pairs)
    return sum(imp * r for imp, r in pairs) / weight if weight else None


def _rating(row: ProfileCriterion, supplier: str) -> int | None:
    return row.us if supplier == "us" else row.competitor_ratings.get(supplier)


@dataclass(frozen=True)
class RelativeQuality:
    """Our relative quality against one competitor, over the criteria where it is rated."""

    competitor_id: str
    criteria: int
    """How many criteria rate this competitor."""
    performance_us: float
    performance_them: float
    index: float | None
    """RQ = P_us / P_c (above 1: the account sees us as better)."""
    score: float
    """RQS = 100 · (Σ imp where we are better − Σ imp where we are worse) / Σ imp."""
    better: tuple[str, ...]
    worse: tuple[str, ...]


def relative_quality(profile: Sequence[ProfileCriterion], competitor: str
                     ) -> RelativeQuality | None:
    """RQ index and RQ score against ``competitor``; ``None`` when the profile rates it
    nowhere. Both performances use only the criteria that rate the competitor, so the
    comparison is like for like."""
    rows = [row for row in profile if competitor in row.competitor_ratings]
    weight = sum(row.importance for row in rows)
    if not rows or weight == 0:
        return None
    us = sum(row.importance * row.us for row in rows) / weight
    them = sum(row.importance * row.competitor_ratings[competitor] for row in rows) / weight
    better = [row for row in rows if row.us > row.competitor_ratings[competitor]]
    worse = [row for row in rows if row.us < row.competitor_ratings[competitor]]
    score = 100 * (sum(r.importance for r in better) - sum(r.importance for r in worse)) / weight
    return RelativeQuality(
        competitor_id=competitor,
        criteria=len(rows),
        performance_us=us,
        performance_them=them,
        index=us / them if them else None,
        score=score,
        better=tuple(r.criterion for r in better),
        worse=tuple(r.criterion for r in worse),
    )


@dataclass(frozen=True)
class CompetenceField:
    """A criterion placed by importance (x) and our lead over the best competitor (y)."""

    criterion: str
    importance: int
    us: int
    best_competitor: int
    lead: int
    """r_us − max_c r_c."""
    quadrant: Quadrant


def quadrant(importance: int, lead: int) -> Quadrant:
    """Important (≥ 4) and ahead (lead > 0): core competence; important and not ahead:
    act now; less important and ahead: possible over-service; else watch. Level with the
    best competitor is not ahead."""
    important = importance >= IMPORTANT
    if lead > 0:
        return "core_competence" if important else "over_service"
    return "act_now" if important else "watch"


def competence_fields(profile: Sequence[ProfileCriterion],
                      competitors: Sequence[Competitor]) -> tuple[CompetenceField, ...]:
    """Every criterion that rates at least one known competitor, placed in its quadrant."""
    ids = {c.id for c in competitors}
    fields = []
    for row in profile:
        ratings = [r for cid, r in row.competitor_ratings.items() if cid in ids]
        if not ratings:
            continue
        best = max(ratings)
        lead = row.us - best
        fields.append(CompetenceField(row.criterion, row.importance, row.us, best, lead,
                                      quadrant(row.importance, lead)))
    return tuple(fields)
