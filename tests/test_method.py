"""The formulas of method.md, each checked against a hand-worked example.

Every expected value is worked out by hand in the comments; none is copied from a run of
the code. Model objects are built directly, never from the example plans.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import handmade
import pytest

from kamgen.method.business import ShareOfWallet, latest_actual, share_of_wallet
from kamgen.method.checklists import completion
from kamgen.method.kep import account_figures, is_open, is_overdue
from kamgen.method.network import ATTITUDE_VALUE, is_key_contact, network
from kamgen.method.rating import account_class, rate
from kamgen.method.scorecard import achievement, scorecard, status
from kamgen.model import (
    Account,
    AccountPlan,
    Action,
    BusinessYear,
    ChecklistTemplate,
    Contact,
    Objective,
    Portfolio,
    RatingModel,
)
from kamgen.model.programme import ScorecardLimits

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def rating_model(weights: list[float], scale: tuple[int, int] = (1, 5),
                 classes: dict[str, float] | None = None) -> RatingModel:
    """A rating model with criteria c1, c2, … of the given weights."""
    data: dict[str, Any] = {
        "scale": list(scale),
        "criteria": [
            {"id": f"c{i}", "name": f"Criterion {i}", "weight": w}
            for i, w in enumerate(weights, start=1)
        ],
    }
    if classes is not None:
        data["classes"] = classes
    return RatingModel.model_validate(data)


def ratings(*values: int) -> dict[str, int]:
    return {f"c{i}": v for i, v in enumerate(values, start=1)}


def objective(perspective: str = "financial", *, target: float, actual: float | None = None,
              baseline: float | None = None, direction: str = "up") -> Objective:
    return Objective.model_validate({
        "perspective": perspective,
        "objective": "an objective",
        "kpi": "a KPI",
        "target": target,
        "actual": actual,
        "baseline": baseline,
        "direction": direction,
    })


def contact(cid: str, *, influence: int, relationship: int, roles: tuple[str, ...] = (),
            attitude: str = "neutral", owner: str | None = None,
            last_contact: dt.date | None = None) -> Contact:
    return Contact.model_validate({
        "id": cid,
        "name": cid.title(),
        "roles": list(roles),
        "influence": influence,
        "attitude": attitude,
        "relationship": relationship,
        "owner": owner,
        "last_contact": last_contact,
    })


def not_nan(value: float | None) -> bool:
    return value is None or not math.isnan(value)


DEFAULT_LIMITS = ScorecardLimits()
TODAY = dt.date(2026, 11, 30)

# --------------------------------------------------------------------------------------
# 1a. Customer rating system: score = 100 · Σ w_i · (r_i − min) / (max − min) / Σ w_i
# --------------------------------------------------------------------------------------


def test_rating_example_weights_score_80() -> None:
    # Weights 20/25/25/15/15 (Σ = 100), scale 1..5 (max − min = 4), ratings 5,4,4,5,3:
    #   c1: 100 · 20/100 · (5−1)/4 = 20 · 1    = 20.00
    #   c2: 100 · 25/100 · (4−1)/4 = 25 · 0.75 = 18.75
    #   c3: 100 · 25/100 · (4−1)/4 = 25 · 0.75 = 18.75
    #   c4: 100 · 15/100 · (5−1)/4 = 15 · 1    = 15.00
    #   c5: 100 · 15/100 · (3−1)/4 = 15 · 0.5  =  7.50
    #   score = 20 + 18.75 + 18.75 + 15 + 7.5 = 80.0  → class A (≥ 70)
    model = rating_model([20, 25, 25, 15, 15])
    result = rate(ratings(5, 4, 4, 5, 3), model)
    assert result.score == pytest.approx(80.0)
    assert result.account_class == "A"
    assert [p.id for p in result.criteria] == ["c1", "c2", "c3", "c4", "c5"]
    assert [p.points for p in result.criteria] == pytest.approx([20.0, 18.75, 18.75, 15.0, 7.5])
    assert [p.share for p in result.criteria] == pytest.approx([0.20, 0.25, 0.25, 0.15, 0.15])
    assert [p.weight for p in result.criteria] == [20, 25, 25, 15, 15]
    assert [p.rating for p in result.criteria] == [5, 4, 4, 5, 3]
    assert result.criteria[0].name == "Criterion 1"
    # The site shows the points next to the score: they must add up to it.
    assert sum(p.points for p in result.criteria) == pytest.approx(result.score)


def test_rating_weights_not_summing_to_100_are_normalised() -> None:
    # Weights 2,1,1 (Σ = 4) → shares 0.5, 0.25, 0.25; scale 1..5; ratings 5,1,3:
    #   c1: 100 · 0.5  · (5−1)/4 = 50.0
    #   c2: 100 · 0.25 · (1−1)/4 =  0.0
    #   c3: 100 · 0.25 · (3−1)/4 = 12.5
    #   score = 62.5 → class B (50 ≤ 62.5 < 70)
    result = rate(ratings(5, 1, 3), rating_model([2, 1, 1]))
    assert [p.share for p in result.criteria] == pytest.approx([0.5, 0.25, 0.25])
    assert [p.points for p in result.criteria] == pytest.approx([50.0, 0.0, 12.5])
    assert result.score == pytest.approx(62.5)
    assert result.account_class == "B"
    # The same shares written as 50/25/25 give the same score.
    assert rate(ratings(5, 1, 3), rating_model([50, 25, 25])).score == pytest.approx(62.5)


def test_rating_scale_0_to_10() -> None:
    # Weights 3,1 (shares 0.75, 0.25), scale 0..10 (max − min = 10), ratings 4, 10:
    #   c1: 100 · 0.75 · (4−0)/10  = 30.0
    #   c2: 100 · 0.25 · (10−0)/10 = 25.0
    #   score = 55.0 → class B
    result = rate(ratings(4, 10), rating_model([3, 1], scale=(0, 10)))
    assert [p.points for p in result.criteria] == pytest.approx([30.0, 25.0])
    assert result.score == pytest.approx(55.0)
    assert result.account_class == "B"


def test_rating_bounds_of_the_scale_give_0_and_100() -> None:
    # All ratings at min → every (r − min) is 0 → score 0 → C.
    # All ratings at max → every (r − min)/(max − min) is 1 → score 100 · Σ shares = 100 → A.
    model = rating_model([20, 25, 25, 15, 15])
    low = rate(ratings(1, 1, 1, 1, 1), model)
    high = rate(ratings(5, 5, 5, 5, 5), model)
    assert low.score == 0.0
    assert low.account_class == "C"
    assert high.score == pytest.approx(100.0)
    assert high.account_class == "A"


def test_rating_class_c_below_50() -> None:
    # Weights 1,1 (shares 0.5, 0.5), scale 1..5, ratings 2,3:
    #   c1: 100 · 0.5 · 1/4 = 12.5;  c2: 100 · 0.5 · 2/4 = 25.0;  score = 37.5 → C
    result = rate(ratings(2, 3), rating_model([1, 1]))
    assert result.score == pytest.approx(37.5)
    assert result.account_class == "C"


def test_rating_score_exactly_70_is_class_a() -> None:
    # One criterion (share 1), scale 0..10, rating 7: 100 · 1 · 7/10 = 70 exactly → A.
    result = rate(ratings(7), rating_model([1], scale=(0, 10)))
    assert result.score == 70.0
    assert result.account_class == "A"


def test_rating_score_exactly_50_is_class_b() -> None:
    # One criterion, scale 1..5, rating 3: 100 · 1 · (3−1)/4 = 50 exactly → B.
    result = rate(ratings(3), rating_model([1]))
    assert result.score == 50.0
    assert result.account_class == "B"


def test_rating_threshold_hit_by_hand_is_not_lost_to_floating_point_a() -> None:
    # Weights 1,1,1 (shares 1/3 each), scale 0..10, ratings 2, 9, 10:
    #   score = 100 · (2 + 9 + 10) / 3 / 10 = 100 · 21/30 = 70 exactly by hand → A.
    # Summed in floating point the three thirds give 69.99999999999999; the class must
    # still be A, as the hand calculation says.
    result = rate(ratings(2, 9, 10), rating_model([1, 1, 1], scale=(0, 10)))
    assert result.score == pytest.approx(70.0)
    assert result.score >= 70.0
    assert result.account_class == "A"


def test_rating_threshold_hit_by_hand_is_not_lost_to_floating_point_b() -> None:
    # Weights 0.7, 0.1, 0.2 (Σ = 1), scale 1..10 (max − min = 9), ratings 6, 5, 4:
    #   c1: 0.7 · (6−1)/9 = 3.5/9;  c2: 0.1 · (5−1)/9 = 0.4/9;  c3: 0.2 · (4−1)/9 = 0.6/9
    #   score = 100 · (3.5 + 0.4 + 0.6)/9 = 100 · 4.5/9 = 50 exactly → B.
    # Floating point lands on 49.99999999999999 unless the code guards against it.
    result = rate(ratings(6, 5, 4), rating_model([0.7, 0.1, 0.2], scale=(1, 10)))
    assert result.score == pytest.approx(50.0)
    assert result.score >= 50.0
    assert result.account_class == "B"


def test_rating_threshold_with_weights_1_2_4() -> None:
    # Weights 1,2,4 (Σ = 7), scale 0..10, ratings 1, 4, 10:
    #   score = 100 · (1·1 + 2·4 + 4·10) / 7 / 10 = 100 · 49/70 = 70 exactly → A.
    result = rate(ratings(1, 4, 10), rating_model([1, 2, 4], scale=(0, 10)))
    assert result.score >= 70.0
    assert result.account_class == "A"


def test_account_class_thresholds_default_and_custom() -> None:
    model = rating_model([1])
    # Defaults A ≥ 70, B ≥ 50.
    assert account_class(70.0, model) == "A"
    assert account_class(69.9, model) == "B"
    assert account_class(50.0, model) == "B"
    assert account_class(49.9, model) == "C"
    assert account_class(100.0, model) == "A"
    assert account_class(0.0, model) == "C"
    custom = rating_model([1], classes={"A": 80, "B": 40})
    assert account_class(80.0, custom) == "A"
    assert account_class(79.0, custom) == "B"
    assert account_class(40.0, custom) == "B"
    assert account_class(39.0, custom) == "C"
    # A threshold of 0 for B: nothing is C.
    lenient = rating_model([1], classes={"A": 60, "B": 0})
    assert account_class(0.0, lenient) == "B"


def test_rating_missing_criterion_is_not_a_silent_zero() -> None:
    # method.md: a missing rating is an error, never counted as 0 points.
    with pytest.raises(KeyError):
        rate({"c1": 5}, rating_model([1, 1]))


def test_rating_ignores_ratings_of_unknown_criteria() -> None:
    # One criterion, scale 1..5, rating 5 → 100; an extra key does not change it.
    result = rate({"c1": 5, "other": 1}, rating_model([1]))
    assert result.score == pytest.approx(100.0)
    assert [p.id for p in result.criteria] == ["c1"]


# --------------------------------------------------------------------------------------
# Business: latest actual year and share of wallet
# --------------------------------------------------------------------------------------

BUSINESS = [
    BusinessYear(year=2025, revenue=3_100_000, margin=820_000),
    BusinessYear(year=2026, revenue=3_400_000, margin=900_000, forecast=True),
    BusinessYear(year=2024, revenue=2_900_000, margin=710_000),
]


def test_latest_actual_ignores_forecast_years() -> None:
    # Fiscal year 2026: 2026 is a forecast, so the latest actual is 2025 (list unsorted).
    latest = latest_actual(BUSINESS, 2026)
    assert latest is not None
    assert latest.year == 2025
    assert latest.revenue == 3_100_000


def test_latest_actual_ignores_years_after_the_fiscal_year() -> None:
    # 2027 is written as actual (not forecast) but lies after fiscal year 2026.
    business = [*BUSINESS, BusinessYear(year=2027, revenue=9_999_999)]
    latest = latest_actual(business, 2026)
    assert latest is not None
    assert latest.year == 2025
    # Fiscal year 2024: 2025 is after it → 2024.
    latest_2024 = latest_actual(BUSINESS, 2024)
    assert latest_2024 is not None
    assert latest_2024.year == 2024


def test_latest_actual_includes_the_fiscal_year_itself() -> None:
    business = [BusinessYear(year=2025, revenue=1), BusinessYear(year=2026, revenue=2)]
    latest = latest_actual(business, 2026)
    assert latest is not None
    assert latest.year == 2026


def test_latest_actual_none_without_actuals() -> None:
    assert latest_actual([], 2026) is None
    only_forecast = [BusinessYear(year=2026, revenue=1, forecast=True)]
    assert latest_actual(only_forecast, 2026) is None
    only_later = [BusinessYear(year=2027, revenue=1)]
    assert latest_actual(only_later, 2026) is None


def test_share_of_wallet_uses_last_actual_not_forecast() -> None:
    # Latest actual 2025: 3,100,000 / wallet 8,000,000 = 0.3875 (the 2026 forecast of
    # 3,400,000 would give 0.425 and must not be used).
    result = share_of_wallet(BUSINESS, 8_000_000, 2026)
    assert result == ShareOfWallet(revenue=3_100_000, wallet=8_000_000, share=0.3875)


def test_share_of_wallet_none_for_missing_or_zero_wallet() -> None:
    assert share_of_wallet(BUSINESS, None, 2026) is None
    assert share_of_wallet(BUSINESS, 0, 2026) is None
    assert share_of_wallet(BUSINESS, 0.0, 2026) is None


def test_share_of_wallet_none_without_actuals() -> None:
    only_forecast = [BusinessYear(year=2026, revenue=1_000_000, forecast=True)]
    assert share_of_wallet(only_forecast, 8_000_000, 2026) is None
    assert share_of_wallet([], 8_000_000, 2026) is None


def test_share_of_wallet_zero_revenue_is_zero_share() -> None:
    # 0 / 5,000,000 = 0.0 (an actual year with no revenue is data, not missing data).
    result = share_of_wallet([BusinessYear(year=2025, revenue=0)], 5_000_000, 2026)
    assert result is not None
    assert result.share == 0.0


# --------------------------------------------------------------------------------------
# 2. Balanced Scorecard: achievement, status, perspective and scorecard scores
# --------------------------------------------------------------------------------------


def test_achievement_up_with_baseline() -> None:
    # (actual − baseline) / (target − baseline) = (42 − 36) / (50 − 36) = 6/14 = 3/7
    assert achievement(objective(baseline=36, target=50, actual=42)) == pytest.approx(3 / 7)


def test_achievement_down_with_baseline() -> None:
    # (baseline − actual) / (baseline − target) = (12 − 6) / (12 − 4) = 6/8 = 0.75
    assert achievement(
        objective(baseline=12, target=4, actual=6, direction="down")
    ) == pytest.approx(0.75)


def test_achievement_up_without_baseline() -> None:
    # actual / target = 4,400,000 / 4,000,000 = 1.1 (uncapped)
    assert achievement(objective(target=4_000_000, actual=4_400_000)) == pytest.approx(1.1)


def test_achievement_down_without_baseline() -> None:
    # target / actual = 2 / 4 = 0.5
    assert achievement(objective(target=2, actual=4, direction="down")) == pytest.approx(0.5)
    # Beating a down target: target / actual = 3 / 2 = 1.5
    assert achievement(objective(target=3, actual=2, direction="down")) == pytest.approx(1.5)


def test_achievement_missing_actual_is_none_and_no_data() -> None:
    obj = objective(baseline=36, target=50)
    assert achievement(obj) is None
    assert status(achievement(obj), DEFAULT_LIMITS) == "no_data"
    assert achievement(objective(target=2, direction="down")) is None


def test_achievement_negative_when_actual_below_baseline() -> None:
    # (75 − 80) / (90 − 80) = −5/10 = −0.5: the KPI went the wrong way → red.
    value = achievement(objective(baseline=80, target=90, actual=75))
    assert value == pytest.approx(-0.5)
    assert status(value, DEFAULT_LIMITS) == "red"
    # Down: (10 − 13) / (10 − 4) = −3/6 = −0.5
    down = achievement(objective(baseline=10, target=4, actual=13, direction="down"))
    assert down == pytest.approx(-0.5)


def test_achievement_at_baseline_is_zero_and_at_target_is_one() -> None:
    # up: (36 − 36)/(50 − 36) = 0;  (50 − 36)/(50 − 36) = 1
    assert achievement(objective(baseline=36, target=50, actual=36)) == 0.0
    assert achievement(objective(baseline=36, target=50, actual=50)) == 1.0
    # down: (12 − 4)/(12 − 4) = 1
    assert achievement(objective(baseline=12, target=4, actual=4, direction="down")) == 1.0


def test_achievement_target_equal_to_baseline() -> None:
    # target − baseline = 0: no scale to measure progress on. Decision: 1.0 when the target
    # is met (up: actual ≥ target; down: actual ≤ target), 0.0 when it is missed — there
    # is an actual, so "no data" would be wrong and would hide the miss from the score.
    met_up = achievement(objective(baseline=10, target=10, actual=12))
    missed_up = achievement(objective(baseline=10, target=10, actual=8))
    met_on_target = achievement(objective(baseline=10, target=10, actual=10))
    met_down = achievement(objective(baseline=5, target=5, actual=4, direction="down"))
    missed_down = achievement(objective(baseline=5, target=5, actual=6, direction="down"))
    assert met_up == 1.0
    assert met_on_target == 1.0
    assert met_down == 1.0
    assert missed_up == 0.0
    assert missed_down == 0.0
    assert status(met_up, DEFAULT_LIMITS) == "green"
    assert status(missed_up, DEFAULT_LIMITS) == "red"


def test_achievement_zero_denominators_without_baseline_do_not_crash() -> None:
    # down without baseline: target / actual with actual 0 → division by zero.
    # Actual 0 ≤ target 2: the target is met (and beaten) → 1.0.
    value = achievement(objective(target=2, actual=0, direction="down"))
    assert value == 1.0
    assert not_nan(value)
    # Actual 0 and target 0 (down): met → 1.0.
    assert achievement(objective(target=0, actual=0, direction="down")) == 1.0
    # Actual 0 above a target of −1 (down): missed → 0.0.
    assert achievement(objective(target=-1, actual=0, direction="down")) == 0.0
    # up without baseline: actual / target with target 0 → division by zero.
    # Actual 3 ≥ target 0: met → 1.0; actual −1 < 0: missed → 0.0.
    assert achievement(objective(target=0, actual=3)) == 1.0
    assert achievement(objective(target=0, actual=-1)) == 0.0
    assert achievement(objective(target=0, actual=0)) == 1.0


def test_achievement_hand_calculation_at_the_green_limit_stays_green() -> None:
    # Scrap rate, down: baseline 2.1, target 1.5, actual 1.56:
    #   (2.1 − 1.56) / (2.1 − 1.5) = 0.54 / 0.6 = 0.9 exactly → green.
    # In floating point the quotient is 0.8999999999999999; it must not turn amber.
    value = achievement(objective(baseline=2.1, target=1.5, actual=1.56, direction="down"))
    assert value == pytest.approx(0.9)
    assert status(value, DEFAULT_LIMITS) == "green"
    # up: baseline 0.1, target 1.1, actual 1.0 → 0.9 / 1.0 = 0.9 → green.
    up = achievement(objective(baseline=0.1, target=1.1, actual=1.0))
    assert status(up, DEFAULT_LIMITS) == "green"


def test_achievement_huge_values_give_no_nan() -> None:
    # (1e308 − (−1e308)) overflows to inf in both numerator and denominator; inf/inf is
    # NaN, which must never reach a page.
    value = achievement(objective(baseline=-1e308, target=1e308, actual=1e308))
    assert not_nan(value)


def test_status_limits() -> None:
    # green ≥ 0.9, amber ≥ 0.6, red below.
    assert status(1.5, DEFAULT_LIMITS) == "green"
    assert status(0.9, DEFAULT_LIMITS) == "green"
    assert status(0.8999, DEFAULT_LIMITS) == "amber"
    assert status(0.6, DEFAULT_LIMITS) == "amber"
    assert status(0.5999, DEFAULT_LIMITS) == "red"
    assert status(0.0, DEFAULT_LIMITS) == "red"
    assert status(-0.5, DEFAULT_LIMITS) == "red"
    assert status(None, DEFAULT_LIMITS) == "no_data"


def test_status_exact_limits_from_achievement() -> None:
    # (9 − 0)/(10 − 0) = 0.9 → green; (6 − 0)/(10 − 0) = 0.6 → amber.
    assert status(achievement(objective(baseline=0, target=10, actual=9)),
                  DEFAULT_LIMITS) == "green"
    assert status(achievement(objective(baseline=0, target=10, actual=6)),
                  DEFAULT_LIMITS) == "amber"


def test_status_custom_limits() -> None:
    limits = ScorecardLimits(green=0.8, amber=0.5)
    assert status(0.8, limits) == "green"
    assert status(0.79, limits) == "amber"
    assert status(0.5, limits) == "amber"
    assert status(0.49, limits) == "red"
    # green = amber: nothing is amber.
    strict = ScorecardLimits(green=1.0, amber=1.0)
    assert status(0.99, strict) == "red"
    assert status(1.0, strict) == "green"


def four_perspective_objectives() -> list[Objective]:
    return [
        # financial
        objective("financial", baseline=36, target=50, actual=42),   # F1 6/14 = 3/7
        objective("financial", target=4_000_000, actual=4_400_000),  # F2 1.1 → capped 1
        # customer
        objective("customer", baseline=12, target=4, actual=6, direction="down"),  # 0.75
        objective("customer", baseline=70, target=80),                # C2 no data
        # processes
        objective("processes", target=2, actual=4, direction="down"),  # P1 2/4 = 0.5
        objective("processes", baseline=80, target=90, actual=75),     # P2 −0.5 → capped 0
        # learning
        objective("learning", baseline=0, target=10, actual=9),        # L1 0.9
    ]


def test_scorecard_four_perspectives_hand_worked() -> None:
    # financial: F1 (42−36)/(50−36) = 3/7 ≈ 0.428571 (red); F2 4.4M/4.0M = 1.1 (green),
    #            capped to 1 → score (3/7 + 1)/2 = 5/7 ≈ 0.714286
    # customer:  C1 (12−6)/(12−4) = 0.75 (amber); C2 no actual → no_data, left out
    #            → score 0.75
    # processes: P1 2/4 = 0.5 (red); P2 (75−80)/(90−80) = −0.5 (red), capped to 0
    #            → score (0.5 + 0)/2 = 0.25
    # learning:  L1 (9−0)/(10−0) = 0.9 (green) → score 0.9
    # scorecard: (5/7 + 0.75 + 0.25 + 0.9)/4 = (50/70 + 133/70)/4 = 183/280 ≈ 0.653571
    result = scorecard(four_perspective_objectives(), DEFAULT_LIMITS)
    assert [p.perspective for p in result.perspectives] == [
        "financial", "customer", "processes", "learning"]
    financial, customer, processes, learning = result.perspectives

    assert [o.achievement for o in financial.objectives] == pytest.approx([3 / 7, 1.1])
    assert [o.status for o in financial.objectives] == ["red", "green"]
    assert financial.score == pytest.approx(5 / 7)

    assert customer.objectives[0].achievement == pytest.approx(0.75)
    assert customer.objectives[1].achievement is None
    assert [o.status for o in customer.objectives] == ["amber", "no_data"]
    assert customer.score == pytest.approx(0.75)

    assert [o.achievement for o in processes.objectives] == pytest.approx([0.5, -0.5])
    assert [o.status for o in processes.objectives] == ["red", "red"]
    assert processes.score == pytest.approx(0.25)

    assert learning.objectives[0].status == "green"
    assert learning.score == pytest.approx(0.9)

    assert result.score == pytest.approx(183 / 280)
    # Counts: green F2, L1; amber C1; red F1, P1, P2; no_data C2.
    assert result.count("green") == 2
    assert result.count("amber") == 1
    assert result.count("red") == 3
    assert result.count("no_data") == 1
    assert len(result.objectives) == 7


def test_scorecard_keeps_objective_order_within_a_perspective() -> None:
    objs = four_perspective_objectives()
    result = scorecard(list(reversed(objs)), DEFAULT_LIMITS)
    assert [r.objective for r in result.perspectives[0].objectives] == [objs[1], objs[0]]


def test_scorecard_perspective_without_data_is_left_out_of_the_mean() -> None:
    # financial: (5 − 0)/(10 − 0) = 0.5;  customer: only an objective without actual → None
    # scorecard = mean of the perspectives that have a score = 0.5 (not (0.5 + 0)/2).
    objs = [
        objective("financial", baseline=0, target=10, actual=5),
        objective("customer", target=10),
    ]
    result = scorecard(objs, DEFAULT_LIMITS)
    assert result.perspectives[0].score == pytest.approx(0.5)
    assert result.perspectives[1].score is None
    assert result.perspectives[1].objectives[0].status == "no_data"
    assert result.perspectives[2].objectives == ()
    assert result.perspectives[2].score is None
    assert result.score == pytest.approx(0.5)


def test_scorecard_without_objectives() -> None:
    result = scorecard([], DEFAULT_LIMITS)
    assert [p.perspective for p in result.perspectives] == [
        "financial", "customer", "processes", "learning"]
    assert all(p.score is None and p.objectives == () for p in result.perspectives)
    assert result.score is None
    assert result.objectives == ()
    assert result.count("no_data") == 0


def test_scorecard_only_objectives_without_data() -> None:
    result = scorecard([objective("learning", target=3)], DEFAULT_LIMITS)
    assert result.score is None
    assert result.count("no_data") == 1


def test_scorecard_mean_at_the_limit_is_not_lost_to_floating_point() -> None:
    # Three perspectives each at 0.9 → scorecard 0.9, which the site colours green
    # (green ≥ 0.9); it must not come out a hair below.
    objs = [
        objective(p, baseline=0, target=10, actual=9) for p in ("financial", "customer",
                                                                  "processes")
    ]
    result = scorecard(objs, DEFAULT_LIMITS)
    assert result.score == pytest.approx(0.9)
    assert result.score is not None and result.score >= 0.9


def test_scorecard_custom_limits_apply_to_status() -> None:
    # (7 − 0)/(10 − 0) = 0.7: amber with the defaults, green with green = 0.7.
    obj = objective(baseline=0, target=10, actual=7)
    assert scorecard([obj], DEFAULT_LIMITS).objectives[0].status == "amber"
    assert scorecard([obj], ScorecardLimits(green=0.7, amber=0.5)).objectives[0].status == "green"


def test_scorecard_zero_denominators_give_no_nan() -> None:
    objs = [
        objective("financial", target=2, actual=0, direction="down"),
        objective("customer", baseline=5, target=5, actual=4),
        objective("processes", target=0, actual=0),
    ]
    result = scorecard(objs, DEFAULT_LIMITS)
    for p in result.perspectives:
        assert not_nan(p.score)
        for o in p.objectives:
            assert not_nan(o.achievement)
    assert not_nan(result.score)
    # financial 1.0 (met), customer 0.0 (missed: up, 4 < 5), processes 1.0 (met)
    # → (1 + 0 + 1)/3 = 2/3
    assert result.score == pytest.approx(2 / 3)


# --------------------------------------------------------------------------------------
# 7. Relationship network
# --------------------------------------------------------------------------------------


def example_network() -> list[Contact]:
    return [
        # key (decider), covered (relationship 3); met 2026-10-12 → 49 days
        contact("k-lange", roles=("decider", "buyer"), influence=5, attitude="supporter",
                relationship=3, owner="j.berger", last_contact=dt.date(2026, 10, 12)),
        # key (decider), not covered, blind spot (relationship 2); no owner;
        # met 2026-09-01 → 29 (Sep) + 31 (Oct) + 30 (Nov) = 90 days: exactly at the limit
        contact("m-vogt", roles=("decider",), influence=5, attitude="neutral",
                relationship=2, last_contact=dt.date(2026, 9, 1)),
        # key (influence 4), not covered; influential opponent; met 2026-08-31 → 91 days
        contact("t-hahn", roles=("influencer",), influence=4, attitude="opponent",
                relationship=1, owner="j.berger", last_contact=dt.date(2026, 8, 31)),
        # not key (influence 2, user); strong relationship 5
        contact("s-roth", roles=("user",), influence=2, attitude="champion",
                relationship=5, owner="j.berger", last_contact=dt.date(2026, 11, 20)),
        # not key (influence 3, buyer); strong relationship 4; never met on record
        contact("p-klein", roles=("buyer",), influence=3, attitude="sceptic",
                relationship=4, owner="j.berger"),
    ]


def test_network_hand_worked() -> None:
    # Key contacts: k-lange (decider), m-vogt (decider), t-hahn (influence 4) → 3.
    # Covered (relationship ≥ 3): k-lange only → coverage 1/3.
    # support = Σ influence · attitude / Σ influence
    #         = (5·1 + 5·0 + 4·(−2) + 2·2 + 3·(−1)) / (5 + 5 + 4 + 2 + 3)
    #         = (5 + 0 − 8 + 4 − 3) / 19 = −2/19 ≈ −0.105263
    # Findings:
    #   blind_spot: m-vogt (decider, relationship 2); k-lange has 3 → not a blind spot
    #   single_threaded: strong (≥ 4) = s-roth (5), p-klein (4), both held by j.berger
    #   stale: t-hahn, 91 days > 90; m-vogt at exactly 90 days is not stale
    #   influential_opponent: t-hahn (opponent, influence 4)
    result = network(example_network(), TODAY, 90)
    assert result.key_contacts == ("k-lange", "m-vogt", "t-hahn")
    assert result.covered == ("k-lange",)
    assert result.coverage == pytest.approx(1 / 3)
    assert result.support == pytest.approx(-2 / 19)
    kinds = [f.kind for f in result.findings]
    assert sorted(kinds) == sorted(
        ["blind_spot", "single_threaded", "stale", "influential_opponent"])
    by_kind = {f.kind: f for f in result.findings}
    assert by_kind["blind_spot"].contacts == ("m-vogt",)
    assert by_kind["single_threaded"].contacts == ("s-roth", "p-klein")
    assert by_kind["single_threaded"].detail == "j.berger"
    assert by_kind["stale"].contacts == ("t-hahn",)
    assert by_kind["stale"].detail == "91"
    assert by_kind["influential_opponent"].contacts == ("t-hahn",)


def test_network_stale_limit_is_measured_against_today() -> None:
    # Same network one day earlier (2026-11-29): t-hahn is at exactly 90 days → not stale;
    # m-vogt at 89 → not stale.
    result = network(example_network(), TODAY - dt.timedelta(days=1), 90)
    assert "stale" not in [f.kind for f in result.findings]
    # A limit of 60 days as of 2026-11-30: m-vogt (90 days) and t-hahn (91 days) are stale;
    # k-lange (49) and s-roth (10) are not; p-klein has no date.
    stale = [f for f in network(example_network(), TODAY, 60).findings if f.kind == "stale"]
    assert [(f.contacts, f.detail) for f in stale] == [(("m-vogt",), "90"), (("t-hahn",), "91")]


def test_network_exactly_at_the_limit_is_not_stale() -> None:
    c = contact("a", influence=1, relationship=1, last_contact=TODAY - dt.timedelta(days=30))
    assert network([c], TODAY, 30).findings == ()
    older = contact("a", influence=1, relationship=1,
                    last_contact=TODAY - dt.timedelta(days=31))
    assert [f.kind for f in network([older], TODAY, 30).findings] == ["stale"]


def test_network_single_threaded_needs_one_owner_for_all_strong_relationships() -> None:
    # s-roth (j.berger) and p-klein (m.kaya) are the strong relationships: two owners.
    contacts = example_network()
    contacts[4] = contact("p-klein", roles=("buyer",), influence=3, attitude="sceptic",
                          relationship=4, owner="m.kaya")
    kinds = [f.kind for f in network(contacts, TODAY, 90).findings]
    assert "single_threaded" not in kinds
    # No strong relationship at all → no single-threaded finding either.
    weak = [contact("a", influence=3, relationship=3, owner="j.berger")]
    assert network(weak, TODAY, 90).findings == ()


def test_network_blind_spot_and_opponent_limits() -> None:
    # Decider with relationship 3 is not a blind spot; with 2 it is.
    ok = contact("a", roles=("decider",), influence=2, relationship=3)
    blind = contact("b", roles=("decider",), influence=2, relationship=2)
    # A non-decider with relationship 1 is no blind spot.
    not_decider = contact("c", influence=5, relationship=1)
    result = network([ok, blind, not_decider], TODAY, 90)
    assert [(f.kind, f.contacts) for f in result.findings] == [("blind_spot", ("b",))]
    # Opponent with influence 3 is not "influential"; with 4 it is.
    weak_opp = contact("d", influence=3, relationship=3, attitude="opponent")
    strong_opp = contact("e", influence=4, relationship=3, attitude="opponent")
    sceptic = contact("f", influence=5, relationship=3, attitude="sceptic")
    result = network([weak_opp, strong_opp, sceptic], TODAY, 90)
    assert [(f.kind, f.contacts) for f in result.findings] == [
        ("influential_opponent", ("e",))]


def test_is_key_contact() -> None:
    assert is_key_contact(contact("a", roles=("decider",), influence=1, relationship=1))
    assert is_key_contact(contact("b", influence=4, relationship=1))
    assert is_key_contact(contact("c", influence=5, relationship=1))
    assert not is_key_contact(contact("d", roles=("buyer", "user"), influence=3,
                                      relationship=5))


def test_network_coverage_counts_only_key_contacts() -> None:
    # Key: a (decider, rel 4 → covered), b (influence 4, rel 3 → covered), c (decider,
    # rel 1 → not covered); d (influence 2, rel 5) is not key. coverage = 2/3.
    contacts = [
        contact("a", roles=("decider",), influence=2, relationship=4, owner="x"),
        contact("b", influence=4, relationship=3),
        contact("c", roles=("decider",), influence=3, relationship=1),
        contact("d", influence=2, relationship=5, owner="y"),
    ]
    result = network(contacts, TODAY, 90)
    assert result.coverage == pytest.approx(2 / 3)
    assert result.covered == ("a", "b")


def test_network_support_extremes() -> None:
    # All champions: Σ influence · 2 / Σ influence = +2; all opponents: −2; neutral: 0.
    champions = [contact(f"c{i}", influence=i, relationship=3, attitude="champion")
                 for i in range(1, 4)]
    opponents = [contact(f"o{i}", influence=i, relationship=3, attitude="opponent")
                 for i in range(1, 4)]
    neutrals = [contact("n", influence=5, relationship=3)]
    assert network(champions, TODAY, 90).support == pytest.approx(2.0)
    assert network(opponents, TODAY, 90).support == pytest.approx(-2.0)
    assert network(neutrals, TODAY, 90).support == 0.0
    assert ATTITUDE_VALUE == {"champion": 2, "supporter": 1, "neutral": 0, "sceptic": -1,
                              "opponent": -2}


def test_network_without_key_contacts_has_no_coverage_but_support() -> None:
    # One user, influence 2, supporter: support = 2·1/2 = 1; no key contacts → coverage None.
    result = network([contact("u", influence=2, relationship=2, attitude="supporter")],
                     TODAY, 90)
    assert result.key_contacts == ()
    assert result.coverage is None
    assert result.support == pytest.approx(1.0)


def test_empty_network() -> None:
    result = network([], TODAY, 90)
    assert result.coverage is None
    assert result.support is None
    assert result.findings == ()
    assert result.key_contacts == ()
    assert result.covered == ()


# --------------------------------------------------------------------------------------
# Checklists: completion = done / (items − n/a)
# --------------------------------------------------------------------------------------


def template(*item_ids: str) -> ChecklistTemplate:
    return ChecklistTemplate.model_validate({
        "title": {"en": "A checklist"},
        "items": [{"id": i, "text": {"en": f"Item {i}"}} for i in item_ids],
    })


def test_checklist_completion_hand_worked() -> None:
    # 5 items: a done, b done, c n/a, d open, e without a state (counts as open).
    # applicable = 5 − 1 = 4; completion = 2/4 = 0.5; open = d, e = 2.
    result = completion(template("a", "b", "c", "d", "e"),
                        {"a": "done", "b": "done", "c": "n/a", "d": "open"})
    assert result.done == 2
    assert result.open == 2
    assert result.not_applicable == 1
    assert result.completion == pytest.approx(0.5)


def test_checklist_without_states_is_all_open() -> None:
    # 3 items, none with a state: 0/3 = 0.0
    result = completion(template("a", "b", "c"), {})
    assert (result.done, result.open, result.not_applicable) == (0, 3, 0)
    assert result.completion == 0.0


def test_checklist_all_done() -> None:
    # 2 done, 1 n/a: 2 / (3 − 1) = 1.0
    result = completion(template("a", "b", "c"), {"a": "done", "b": "done", "c": "n/a"})
    assert result.completion == 1.0
    assert result.open == 0


def test_checklist_all_not_applicable_is_none() -> None:
    result = completion(template("a", "b"), {"a": "n/a", "b": "n/a"})
    assert result.completion is None
    assert not_nan(result.completion)
    assert (result.done, result.open, result.not_applicable) == (0, 0, 2)


def test_checklist_states_of_unknown_items_do_not_count() -> None:
    # Only a and b are items; "zz" done must not raise completion above 1/2.
    result = completion(template("a", "b"), {"a": "done", "zz": "done"})
    assert result.done == 1
    assert result.completion == pytest.approx(0.5)


# --------------------------------------------------------------------------------------
# The KEP figures of one account
# --------------------------------------------------------------------------------------


def action(title: str, status: str, due: dt.date | None = None) -> Action:
    return Action.model_validate({"title": title, "status": status, "due": due})


def test_is_open() -> None:
    assert is_open(action("a", "open"))
    assert is_open(action("b", "in_progress"))
    assert not is_open(action("c", "done"))
    assert not is_open(action("d", "dropped"))


def test_is_overdue() -> None:
    today = dt.date(2026, 11, 23)
    assert is_overdue(action("a", "open", dt.date(2026, 11, 22)), today)
    assert is_overdue(action("b", "in_progress", dt.date(2025, 1, 1)), today)
    assert not is_overdue(action("c", "open", today), today)  # due today: not yet late
    assert not is_overdue(action("d", "done", dt.date(2026, 11, 1)), today)
    assert not is_overdue(action("e", "open"), today)  # no due date


def make_portfolio(plan: AccountPlan, contact_max_age_days: int = 90
                   ) -> tuple[Portfolio, Account]:
    programme = handmade.programme(policy={"contact_max_age_days": contact_max_age_days})
    account = Account(id="acme", plan=plan, file="accounts/acme.yaml")
    portfolio = Portfolio(
        root=Path("plans"),
        programme=programme,
        team=(),
        territories=(),
        checklists={"partnership": template("pa-01", "pa-02", "pa-03")},
        accounts={"acme": account},
        positions={},
    )
    return portfolio, account


def example_plan() -> AccountPlan:
    return AccountPlan.model_validate({
        "name": "Acme",
        "owner": "j.berger",
        "territory": "north",
        "business": [
            {"year": 2025, "revenue": 2_000_000},
            {"year": 2026, "revenue": 2_500_000, "forecast": True},
        ],
        "wallet": 10_000_000,
        "rating": {"revenue": 5, "fit": 3},
        "scorecard": [
            {"perspective": "financial", "objective": "o", "kpi": "k",
             "baseline": 20, "target": 30, "actual": 26},
        ],
        "network": [
            {"id": "a", "name": "A", "roles": ["decider"], "influence": 5,
             "relationship": 4, "attitude": "supporter", "owner": "j.berger",
             "last_contact": "2026-10-01"},
        ],
        "actions": [
            {"title": "open, overdue", "status": "open", "due": "2026-11-29"},
            {"title": "in progress, overdue", "status": "in_progress", "due": "2026-01-15"},
            {"title": "open, due today", "status": "open", "due": "2026-11-30"},
            {"title": "open, no due date", "status": "open"},
            {"title": "done, past due", "status": "done", "due": "2026-01-01"},
            {"title": "dropped, past due", "status": "dropped", "due": "2026-01-01"},
            {"title": "in progress, future", "status": "in_progress", "due": "2027-03-01"},
        ],
        "checklists": {"partnership": {"pa-01": "done", "pa-02": "n/a"}},
    })


def test_account_figures_hand_worked() -> None:
    portfolio, account = make_portfolio(example_plan())
    fig = account_figures(portfolio, account, TODAY)
    # Rating: weights 3,1 (shares 0.75, 0.25), scale 1..5, ratings 5, 3:
    #   100 · 0.75 · 4/4 + 100 · 0.25 · 2/4 = 75 + 12.5 = 87.5 → A
    assert fig.rating is not None
    assert fig.rating.score == pytest.approx(87.5)
    assert fig.rating.account_class == "A"
    # Latest actual: 2025 (2026 is a forecast); share of wallet 2,000,000 / 10,000,000 = 0.2
    assert fig.latest is not None and fig.latest.year == 2025
    assert fig.share_of_wallet is not None
    assert fig.share_of_wallet.share == pytest.approx(0.2)
    # Scorecard: (26 − 20)/(30 − 20) = 0.6 → amber; score 0.6
    assert fig.scorecard.objectives[0].status == "amber"
    assert fig.scorecard.score == pytest.approx(0.6)
    # Network: one decider, relationship 4 → coverage 1/1; support 5·1/5 = 1;
    # 60 days since 2026-10-01 (< 90) → not stale; single-threaded by j.berger.
    assert fig.network.coverage == 1.0
    assert fig.network.support == pytest.approx(1.0)
    assert [f.kind for f in fig.network.findings] == ["single_threaded"]
    # Actions: open = open + in_progress = 5; overdue = open with due < 2026-11-30 = 2
    assert [a.title for a in fig.open_actions] == [
        "open, overdue", "in progress, overdue", "open, due today", "open, no due date",
        "in progress, future"]
    assert [a.title for a in fig.overdue_actions] == ["open, overdue", "in progress, overdue"]
    # Checklist: 3 items, pa-01 done, pa-02 n/a, pa-03 open → 1 / (3 − 1) = 0.5
    assert fig.checklists["partnership"].completion == pytest.approx(0.5)
    assert fig.checklists["partnership"].open == 1


def test_account_figures_use_the_policy_contact_age() -> None:
    # Contact last met 2026-10-01: 60 days before 2026-11-30. Limit 30 → stale.
    portfolio, account = make_portfolio(example_plan(), contact_max_age_days=30)
    fig = account_figures(portfolio, account, TODAY)
    stale = [f for f in fig.network.findings if f.kind == "stale"]
    assert [(f.contacts, f.detail) for f in stale] == [(("a",), "60")]


def test_account_figures_of_an_empty_plan() -> None:
    plan = AccountPlan.model_validate({
        "name": "Empty", "owner": "j.berger", "territory": "north", "status": "candidate"})
    portfolio, account = make_portfolio(plan)
    fig = account_figures(portfolio, account, TODAY)
    assert fig.rating is None
    assert fig.latest is None
    assert fig.share_of_wallet is None
    assert fig.scorecard.score is None
    assert fig.network.coverage is None
    assert fig.network.support is None
    assert fig.network.findings == ()
    assert fig.open_actions == ()
    assert fig.overdue_actions == ()
    assert fig.checklists == {}


def test_margin_rate_is_margin_over_revenue() -> None:
    from kamgen.method.business import margin_rate
    from kamgen.model import BusinessYear

    # 820,000 € margin on 3,100,000 € revenue: 820 / 3,100 = 0.26451…
    assert margin_rate(BusinessYear(year=2025, revenue=3_100_000, margin=820_000)) == \
        pytest.approx(0.264516, abs=1e-6)
    assert margin_rate(BusinessYear(year=2025, revenue=100, margin=-25)) == -0.25
    assert margin_rate(BusinessYear(year=2025, revenue=100)) is None
    assert margin_rate(BusinessYear(year=2025, revenue=0, margin=5)) is None


def test_business_years_in_order_with_their_margin_rates() -> None:
    from kamgen.method.business import business_years

    # Plan order 2026 (forecast), 2024, 2025 → 2024, 2025, 2026.
    # 2024: 150 / 1,000 = 0.15; 2025: no margin → None; 2026: 0 revenue → None.
    rows = business_years([
        BusinessYear(year=2026, revenue=0, margin=10, forecast=True),
        BusinessYear(year=2024, revenue=1_000, margin=150),
        BusinessYear(year=2025, revenue=1_200),
    ])
    assert [(r.year.year, r.margin_rate) for r in rows] == [
        (2024, pytest.approx(0.15)), (2025, None), (2026, None)]
    assert business_years([]) == ()


def pain(title: str, impact: str) -> Any:
    from kamgen.model import Pain

    return Pain.model_validate({"title": title, "impact": impact})


def test_top_pains_are_the_three_of_highest_impact_in_plan_order() -> None:
    from kamgen.method.kep import top_pains

    # high: b, d; medium: a, e; low: c → b, d, then the first medium one, a.
    pains = [pain("a", "medium"), pain("b", "high"), pain("c", "low"), pain("d", "high"),
             pain("e", "medium")]
    assert [p.title for p in top_pains(pains)] == ["b", "d", "a"]
    assert [p.title for p in top_pains(pains, count=5)] == ["b", "d", "a", "e", "c"]
    assert top_pains([]) == ()


def test_account_figures_hold_the_business_years_and_top_pains() -> None:
    # example_plan: 2025 (2,000,000, no margin), 2026 forecast; no pains.
    portfolio, account = make_portfolio(example_plan())
    fig = account_figures(portfolio, account, TODAY)
    assert [(r.year.year, r.margin_rate) for r in fig.business] == [(2025, None),
                                                                      (2026, None)]
    assert fig.top_pains == ()


def test_checklist_applicable_items_are_done_and_open() -> None:
    # 5 items: 2 done, 2 open, 1 n/a → applicable 2 + 2 = 4 = 5 − 1.
    result = completion(template("a", "b", "c", "d", "e"),
                        {"a": "done", "b": "done", "c": "n/a", "d": "open"})
    assert result.applicable == 4
    assert completion(template("a", "b"), {"a": "n/a", "b": "n/a"}).applicable == 0


def test_scorecard_score_has_its_traffic_light() -> None:
    # Default limits green 0.9, amber 0.6. One objective 26 of 20 → 30: 0.6 → amber;
    # 29: 0.9 → green; 21: 0.1 → red; no actual → no score, no_data.
    def light(actual: float | None) -> str:
        return scorecard([objective(target=30, actual=actual, baseline=20)],
                         DEFAULT_LIMITS).status

    assert light(26) == "amber"
    assert light(29) == "green"
    assert light(21) == "red"
    assert light(None) == "no_data"
    assert scorecard([], DEFAULT_LIMITS).status == "no_data"


# --- rounded parts that add up (largest remainder) ------------------------------------------


def test_rounded_parts_add_up_to_the_rounded_total() -> None:
    from kamgen.method.rounding import largest_remainder

    # Weights 20, 25, 25, 15, 15 and ratings 3, 3, 5, 4, 4 on a scale 1..5: points
    # 100 · w · (r − 1) / 4 / 100 = 10, 12.5, 25, 11.25, 11.25 → 70.0 in all.
    # One by one to one decimal: 10.0 + 12.5 + 25.0 + 11.2 + 11.2 = 69.9. Rounded down:
    # 10.0, 12.5, 25.0, 11.2, 11.2 (69.9); one tenth is missing, and the first of the two
    # largest remainders (0.5 tenths each) gets it: 11.3.
    assert largest_remainder([10, 12.5, 25, 11.25, 11.25], 1) == [10.0, 12.5, 25.0, 11.3, 11.2]
    # The example's Nordwerk: 20, 18.75, 18.75, 15, 7.5 = 80.0; one by one 80.1. Rounded
    # down 20.0 + 18.7 + 18.7 + 15.0 + 7.5 = 79.9: the first 18.75 gets the missing tenth.
    assert largest_remainder([20, 18.75, 18.75, 15, 7.5], 1, 80.0) == [
        20.0, 18.8, 18.7, 15.0, 7.5]
    # Shares of one third each, in percent with one decimal: 33.4 + 33.3 + 33.3 = 100.0.
    assert largest_remainder([100 / 3] * 3, 1) == [33.4, 33.3, 33.3]
    # Whole numbers: 1.4 + 1.4 + 1.2 = 4 (one by one 1 + 1 + 1 = 3); the largest
    # remainders, 0.4 and 0.4, are equal: the first gets the unit.
    assert largest_remainder([1.4, 1.4, 1.2]) == [2.0, 1.0, 1.0]
    # A total of 56.25 is shown as 56.2 (half to even, as Python formats it): the parts
    # 0 + 12.5 + 25 + 11.25 + 7.5 show 0.0 + 12.5 + 25.0 + 11.2 + 7.5, not 11.3 (56.3).
    assert largest_remainder([0, 12.5, 25, 11.25, 7.5], 1, 56.25) == [0.0, 12.5, 25.0, 11.2, 7.5]
    assert f"{56.25:.1f}" == "56.2"
    # Parts already round are kept; an empty table has nothing to round.
    assert largest_remainder([60000, 54000, 40500]) == [60000, 54000, 40500]
    assert largest_remainder([]) == []


def test_a_part_between_running_totals_is_the_difference_of_the_shown_totals() -> None:
    import itertools

    from kamgen.method.rounding import part_between

    # 68.862 % → 68.9, 80.240 % → 80.2: the part is 11.3, though 11.377 alone rounds to 11.4.
    assert part_between(68.862, 80.240, 1) == 11.3
    # Running totals 0 → 33.333 → 66.667 → 100 show 33.3, 33.4, 33.3: they add up to 100.0.
    totals = [0, 100 / 3, 200 / 3, 100]
    parts = [part_between(a, b, 1) for a, b in itertools.pairwise(totals)]
    assert parts == [33.3, 33.4, 33.3] and round(sum(parts), 1) == 100.0
    # Whole numbers: 0.4 → 1.6 shows 0 → 2, a part of 2 (1.2 alone would show 1).
    assert part_between(0.4, 1.6) == 2


def test_largest_remainder_refuses_a_total_that_is_not_the_sum() -> None:
    from kamgen.method.rounding import largest_remainder

    with pytest.raises(ValueError, match="not the sum"):
        largest_remainder([1.0, 2.0], 0, 10.0)
