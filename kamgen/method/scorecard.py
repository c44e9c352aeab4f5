"""Balanced Scorecard: achievement per objective, traffic lights, perspective scores."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Objective
from ..model.account import PERSPECTIVES, Perspective
from ..model.programme import ScorecardLimits

Status = Literal["green", "amber", "red", "no_data"]


@dataclass(frozen=True)
class ObjectiveResult:
    """An objective's achievement (uncapped) and its traffic light."""

    objective: Objective
    achievement: float | None
    status: Status


@dataclass(frozen=True)
class PerspectiveResult:
    """A perspective's objectives and score (mean of capped achievements)."""

    perspective: Perspective
    objectives: tuple[ObjectiveResult, ...]
    score: float | None


@dataclass(frozen=True)
class ScorecardResult:
    """The whole scorecard: perspectives in method order and the overall score."""

    perspectives: tuple[PerspectiveResult, ...]
    score: float | None
    status: Status
    """The score's traffic light (no_data without a score)."""

    @property
    def objectives(self) -> tuple[ObjectiveResult, ...]:
        """Every objective's result, perspective by perspective."""
        return tuple(o for p in self.perspectives for o in p.objectives)

    def count(self, status: Status) -> int:
        """How many objectives have this status."""
        return sum(1 for o in self.objectives if o.status == status)


def achievement(objective: Objective) -> float | None:
    """How far the KPI has come towards its target; ``None`` when it cannot be said.

    With a baseline: up (actual − baseline) / (target − baseline), down
    (baseline − actual) / (baseline − target). Without: up actual / target, down
    target / actual. ``None`` only when there is no actual (or the KPI values are so
    large that the arithmetic overflows).

    A zero denominator (target equal to the baseline, or a zero target or actual without
    a baseline) leaves no scale to measure progress on: the achievement is 1.0 when the
    target is met and 0.0 when it is missed, since there *is* data and a missed target
    must not be shown as "no data" nor left out of the perspective score.

    The result is rounded to 9 decimals so that a hand calculation that hits a limit
    exactly (e.g. 0.54 / 0.6 = 0.9) is not pushed a hair below it by floating point.
    """
    actual, target, baseline = objective.actual, objective.target, objective.baseline
    if actual is None:
        return None
    up = objective.direction == "up"
    if baseline is not None:
        numerator = (actual - baseline) if up else (baseline - actual)
        denominator = (target - baseline) if up else (baseline - target)
    else:
        numerator, denominator = (actual, target) if up else (target, actual)
    if denominator == 0:
        met = actual >= target if up else actual <= target
        return 1.0 if met else 0.0
    value = numerator / denominator
    return round(value, 9) if math.isfinite(value) else None


def status(value: float | None, limits: ScorecardLimits) -> Status:
    """green ≥ limits.green, amber ≥ limits.amber, red below, no_data without a value."""
    if value is None:
        return "no_data"
    if value >= limits.green:
        return "green"
    if value >= limits.amber:
        return "amber"
    return "red"


def _capped(value: float) -> float:
    return min(1.0, max(0.0, value))


def _mean(values: Sequence[float]) -> float | None:
    """The mean, rounded like the achievements so a limit hit exactly stays hit."""
    return round(sum(values) / len(values), 9) if values else None


def scorecard(objectives: Sequence[Objective], limits: ScorecardLimits) -> ScorecardResult:
    """Each perspective's score is the mean of its objectives' achievements capped to 0..1
    (objectives without data left out); the scorecard's score is the mean of the
    perspectives that have a score."""
    perspectives = []
    for perspective in PERSPECTIVES:
        results = tuple(
            ObjectiveResult(o, a, status(a, limits))
            for o in objectives
            if o.perspective == perspective
            for a in [achievement(o)]
        )
        values = [_capped(r.achievement) for r in results if r.achievement is not None]
        perspectives.append(PerspectiveResult(perspective, results, _mean(values)))
    scores = [p.score for p in perspectives if p.score is not None]
    score = _mean(scores)
    return ScorecardResult(tuple(perspectives), score, status(score, limits))
