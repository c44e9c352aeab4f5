"""Customer rating system (Kundenbewertungssystem): weighted score 0..100 and class A/B/C."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import RatingModel
from ..model._base import AccountClass


@dataclass(frozen=True)
class CriterionScore:
    """One criterion's part of a rating."""

    id: str
    name: str
    weight: float
    share: float
    """The criterion's weight divided by the sum of all weights."""
    rating: int
    points: float
    """Points this criterion adds to the 0..100 score."""


@dataclass(frozen=True)
class Rating:
    """An account's rating: score 0..100, its class and each criterion's part."""

    score: float
    account_class: AccountClass
    criteria: tuple[CriterionScore, ...]


def account_class(score: float, model: RatingModel) -> AccountClass:
    """A if score ≥ threshold A, B if ≥ threshold B, else C; a score on a threshold takes
    the higher class."""
    if score >= model.classes.A:
        return "A"
    if score >= model.classes.B:
        return "B"
    return "C"


def rate(ratings: Mapping[str, int], model: RatingModel) -> Rating:
    """score = 100 · Σ w_i · (r_i − min) / (max − min) / Σ w_i.

    ``ratings`` must hold every criterion of ``model`` (the loader makes sure of it).
    """
    low, high = model.scale
    total_weight = sum(c.weight for c in model.criteria)
    parts = []
    for criterion in model.criteria:
        rating = ratings[criterion.id]
        share = criterion.weight / total_weight
        points = 100 * share * (rating - low) / (high - low)
        parts.append(CriterionScore(criterion.id, criterion.name, criterion.weight, share,
                                    rating, points))
    score = sum(p.points for p in parts)
    # Summing floating shares can land a hair below a threshold the hand calculation hits.
    score = round(score, 9)
    return Rating(score, account_class(score, model), tuple(parts))
