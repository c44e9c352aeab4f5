"""Building block 1 (selection), positioning, value-add and the portfolio matrix, each
formula of method.md checked against a hand-worked example.

Every expected value is worked out by hand in the comments; none is copied from a run of
the code. Model objects are built directly; only the last tests load the example plans,
and their figures are summed by hand from the YAML files.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import handmade
import pytest

from kamgen.load import load_portfolio
from kamgen.method.pareto import TOP_SHARE, abc, disagreement
from kamgen.method.portfolio_matrix import matrix_point, matrix_quadrant
from kamgen.method.positioning import (
    IMPORTANT,
    competence_fields,
    quadrant,
    relative_quality,
    weighted_performance,
)
from kamgen.method.selection import selection
from kamgen.method.value_add import value_add
from kamgen.method.visits import (
    DemandPart,
    cost_per_visit,
    owner_demand,
    visit_capacity,
    visit_cost,
    visit_demand,
)
from kamgen.model import (
    Account,
    AccountPlan,
    BusinessYear,
    Competitor,
    Portfolio,
    ProfileCriterion,
    TeamMember,
    Territory,
    ValueAddConcept,
)
from kamgen.model.programme import ParetoLimits, PortfolioMatrix, VisitNorms

PLANS = Path(__file__).resolve().parents[1] / "plans"
DEFAULT_LIMITS = ParetoLimits()  # A 80, B 95


def classes(values: dict[str, float], limits: ParetoLimits = DEFAULT_LIMITS
            ) -> list[tuple[str, str]]:
    """(account id, class) in ranking order."""
    return [(r.account_id, r.account_class) for r in abc(values, limits).rows]


# --------------------------------------------------------------------------------------
# 1b. Pareto / ABC: A while the cumulative share *before* the account is < 80 %,
#     B while < 95 %, C otherwise
# --------------------------------------------------------------------------------------


def test_abc_hand_worked_with_an_account_exactly_at_80_percent() -> None:
    # Values 500, 300, 100, 60, 40 → total 1000. Shares and cumulative share before:
    #   nord  500/1000 = 0.50  before 0.00          → A
    #   sued  300/1000 = 0.30  before 0.50          → A
    #   west  100/1000 = 0.10  before 0.50+0.30=0.80 → B (exactly 80 % is not < 80 %)
    #   ost    60/1000 = 0.06  before 0.90          → B
    #   mitte  40/1000 = 0.04  before 0.96          → C (not < 95 %)
    result = abc({"west": 100, "mitte": 40, "nord": 500, "ost": 60, "sued": 300},
                 DEFAULT_LIMITS)
    assert [r.account_id for r in result.rows] == ["nord", "sued", "west", "ost", "mitte"]
    assert [r.account_class for r in result.rows] == ["A", "A", "B", "B", "C"]
    assert [r.value for r in result.rows] == [500, 300, 100, 60, 40]
    assert [r.share for r in result.rows] == pytest.approx([0.5, 0.3, 0.1, 0.06, 0.04])
    assert [r.before for r in result.rows] == pytest.approx([0.0, 0.5, 0.8, 0.9, 0.96])
    assert [r.cumulative for r in result.rows] == pytest.approx([0.5, 0.8, 0.9, 0.96, 1.0])
    assert result.total == 1000
    # top 20 % of 5 accounts: ceil(0.2 · 5) = ceil(1.0) = 1 account, nord with 50 %.
    assert result.top_count == 1
    assert result.top_share == pytest.approx(0.5)
    assert result.klass("west") == "B"
    assert result.klass("mitte") == "C"
    assert result.klass("unknown") is None


def test_abc_exactly_95_percent_before_is_c() -> None:
    # 80 + 15 + 5 = 100: a before 0 → A; b before 0.80 → B; c before 0.80+0.15 = 0.95 → C.
    assert classes({"a": 80, "b": 15, "c": 5}) == [("a", "A"), ("b", "B"), ("c", "C")]


def test_abc_exactly_80_percent_reached_with_floating_shares_0_7_plus_0_1() -> None:
    # Values 7, 1, 1, 1 → total 10; shares 0.7, 0.1, 0.1, 0.1.
    # In floating point 0.7 + 0.1 = 0.7999999999999999, but by hand it is 0.8:
    #   a before 0.0 → A; b before 0.7 → A; c before 0.7+0.1 = 0.8 → B;
    #   d before 0.9 → B.   (ties b, c, d by id)
    result = abc({"d": 1, "c": 1, "b": 1, "a": 7}, DEFAULT_LIMITS)
    assert [(r.account_id, r.account_class) for r in result.rows] == [
        ("a", "A"), ("b", "A"), ("c", "B"), ("d", "B"),
    ]
    assert result.rows[2].before == pytest.approx(0.8)
    # The same with float values 0.7, 0.1, 0.1, 0.1 (total 1.0).
    floats = abc({"d": 0.1, "c": 0.1, "b": 0.1, "a": 0.7}, DEFAULT_LIMITS)
    assert [r.account_class for r in floats.rows] == ["A", "A", "B", "B"]
    assert floats.total == pytest.approx(1.0)
    assert [r.before for r in floats.rows] == pytest.approx([0.0, 0.7, 0.8, 0.9])


def test_abc_hundred_equal_accounts_split_80_15_5() -> None:
    # 100 accounts of 1 each: the k-th (0-based, by id) has before = k/100 — by hand
    # exactly 0.80 at k = 80, however the 0.01 shares add up in floating point.
    # A for k < 80 (80 accounts), B for 80 ≤ k < 95 (15), C for k ≥ 95 (5).
    # top 20 %: ceil(0.2 · 100) = 20 accounts holding 20 · 0.01 = 0.20.
    result = abc({f"a{k:03d}": 1 for k in range(100)}, DEFAULT_LIMITS)
    got = [r.account_class for r in result.rows]
    assert got == ["A"] * 80 + ["B"] * 15 + ["C"] * 5
    assert result.rows[80].account_id == "a080"
    assert result.top_count == 20
    assert result.top_share == pytest.approx(0.2)


def test_abc_configurable_limits() -> None:
    # Limits A 50, B 90 on the values 500, 300, 100, 60, 40 (before 0, .5, .8, .9, .96):
    #   nord before 0.00 → A; sued 0.50 → B (not < 50 %); west 0.80 → B;
    #   ost 0.90 → C (not < 90 %); mitte 0.96 → C.
    limits = ParetoLimits.model_validate({"A": 50, "B": 90})
    assert classes({"nord": 500, "sued": 300, "west": 100, "ost": 60, "mitte": 40},
                   limits) == [("nord", "A"), ("sued", "B"), ("west", "B"),
                               ("ost", "C"), ("mitte", "C")]


def test_abc_limit_100_keeps_every_positive_account_in_a() -> None:
    # Limits A 100, B 100: before is below 100 % for every account that holds a share:
    #   x 60/100 before 0 → A; y 40/100 before 0.6 → A.
    limits = ParetoLimits.model_validate({"A": 100, "B": 100})
    assert classes({"x": 60, "y": 40}, limits) == [("x", "A"), ("y", "A")]


def test_abc_ties_are_broken_by_id() -> None:
    # b 100, a 100, c 50 → total 250; order a, b (tie by id), c.
    #   a before 0 → A; b before 100/250 = 0.4 → A; c before 0.4 + 0.4 = 0.8 → B.
    result = abc({"b": 100, "a": 100, "c": 50}, DEFAULT_LIMITS)
    assert [(r.account_id, r.account_class) for r in result.rows] == [
        ("a", "A"), ("b", "A"), ("c", "B"),
    ]
    assert [r.before for r in result.rows] == pytest.approx([0.0, 0.4, 0.8])


def test_abc_negative_and_zero_values_are_c_and_add_nothing() -> None:
    # a 600, b 400, z 0, n −200: total = 600 + 400 = 1000 (the −200 is not subtracted).
    #   a share 0.6 before 0 → A; b share 0.4 before 0.6 → A;
    #   z share 0 → C (value 0); n share 0 → C (negative), its value kept as −200.
    # top 20 % of 4: ceil(0.8) = 1 account, a with 0.6.
    result = abc({"n": -200, "z": 0, "b": 400, "a": 600}, DEFAULT_LIMITS)
    assert [(r.account_id, r.account_class) for r in result.rows] == [
        ("a", "A"), ("b", "A"), ("z", "C"), ("n", "C"),
    ]
    assert result.total == 1000
    assert [r.share for r in result.rows] == pytest.approx([0.6, 0.4, 0.0, 0.0])
    assert result.rows[3].value == -200
    assert [r.cumulative for r in result.rows] == pytest.approx([0.6, 1.0, 1.0, 1.0])
    assert result.top_count == 1
    assert result.top_share == pytest.approx(0.6)


def test_abc_small_positive_after_the_limits_and_a_negative_one() -> None:
    # p 90, q 10, m −50: total 100. p before 0 → A; q before 0.9 → B; m → C.
    assert classes({"m": -50, "q": 10, "p": 90}) == [("p", "A"), ("q", "B"), ("m", "C")]


def test_abc_empty_input() -> None:
    result = abc({}, DEFAULT_LIMITS)
    assert result.rows == ()
    assert result.total == 0
    assert result.top_count == 0
    assert result.top_share is None


def test_abc_all_zero_or_negative_gives_all_c_without_nan() -> None:
    # No positive total: every account is C, every share 0, no 80/20 share.
    result = abc({"a": 0, "b": 0}, DEFAULT_LIMITS)
    assert [(r.account_id, r.account_class) for r in result.rows] == [("a", "C"), ("b", "C")]
    assert result.total == 0
    assert all(r.share == 0 and not math.isnan(r.share) for r in result.rows)
    assert all(not math.isnan(r.before) and not math.isnan(r.cumulative) for r in result.rows)
    # ceil(0.2 · 2) = ceil(0.4) = 1
    assert result.top_count == 1
    assert result.top_share is None
    single = abc({"x": -5}, DEFAULT_LIMITS)
    assert single.klass("x") == "C"
    assert single.total == 0
    assert single.top_share is None
    assert single.top_count == 1


@pytest.mark.parametrize(("n", "expected"), [
    (1, 1),    # ceil(0.2) = 1
    (4, 1),    # ceil(0.8) = 1
    (5, 1),    # ceil(1.0) = 1
    (6, 2),    # ceil(1.2) = 2
    (10, 2),   # ceil(2.0) = 2
    (11, 3),   # ceil(2.2) = 3
    (35, 7),   # ceil(7.0) = 7 (0.2 · 35 must not become 7.000…1 → 8)
])
def test_abc_top_count_is_20_percent_rounded_up(n: int, expected: int) -> None:
    assert TOP_SHARE == 0.2
    assert abc({f"a{i:02d}": 10 for i in range(n)}, DEFAULT_LIMITS).top_count == expected


def test_abc_top_share_of_six_accounts() -> None:
    # 40, 20, 15, 10, 10, 5 → total 100; top_count = ceil(1.2) = 2: (40 + 20)/100 = 0.6.
    result = abc({"a": 40, "b": 20, "c": 15, "d": 10, "e": 10, "f": 5}, DEFAULT_LIMITS)
    assert result.top_count == 2
    assert result.top_share == pytest.approx(0.6)


def test_disagreement_revenue_and_margin_two_steps_apart() -> None:
    assert disagreement("A", "C", "A") == ("revenue_margin",)
    assert disagreement("C", "A", "C") == ("revenue_margin",)
    # one step apart is no finding
    assert disagreement("A", "B", "A") == ()
    assert disagreement("B", "C", "B") == ()
    assert disagreement("B", "A", "B") == ()


def test_disagreement_rating_class_differs_from_revenue_class() -> None:
    assert disagreement("A", "A", "B") == ("rating_revenue",)
    assert disagreement("C", "C", "A") == ("rating_revenue",)
    assert disagreement("B", "B", "B") == ()
    # both at once, in this order
    assert disagreement("A", "C", "C") == ("revenue_margin", "rating_revenue")


def test_disagreement_missing_classes_are_no_finding() -> None:
    assert disagreement(None, "C", "A") == ()
    assert disagreement("A", None, "A") == ()
    assert disagreement("A", None, "C") == ("rating_revenue",)
    assert disagreement("A", "C", None) == ("revenue_margin",)
    assert disagreement(None, None, None) == ()


# --------------------------------------------------------------------------------------
# 1c. Visit demand: demand = Σ customers × norm + Σ prospects × norm + Σ planned visits;
#     capacity = Σ visit days × visits per day
# --------------------------------------------------------------------------------------


def territory(**counts: Any) -> Territory:
    return Territory.model_validate({"id": "north", "name": "Nord", **counts})


def manager(mid: str, visit_days: int, visits_per_day: float, annual_cost: float = 0
            ) -> TeamMember:
    return TeamMember(id=mid, name=mid.title(), territory="north", visit_days=visit_days,
                      visits_per_day=visits_per_day, annual_cost=annual_cost)


def test_visit_demand_hand_worked() -> None:
    # Default norms: customers A 24, B 12, C 4; prospects important 6, other 2.
    #   customers  2×24 + 5×12 + 10×4 = 48 + 60 + 40 = 148
    #   prospects  3×6 + 6×2          = 18 + 12      =  30
    #   plans      24 + 12 + 2 (a former account counts too) = 38
    #   demand     148 + 30 + 38 = 216
    #   capacity   m1 100×2 + m2 50×1.5 = 200 + 75 = 275
    #   utilisation 216/275 = 0.785454…; gap 275 − 216 = 59
    #   mean capacity 275/2 = 137.5; gap_fte 59/137.5 = 0.429090…
    t = territory(customers={"A": 2, "B": 5, "C": 10}, prospects={"important": 3, "other": 6})
    result = visit_demand(t, VisitNorms(), [("acme", 24), ("beta", 12), ("old", 2)],
                          [manager("m1", 100, 2), manager("m2", 50, 1.5)])
    assert result.territory_id == "north"
    assert [(p.group, p.count, p.norm, p.visits) for p in result.parts] == [
        ("customers.A", 2, 24, 48),
        ("customers.B", 5, 12, 60),
        ("customers.C", 10, 4, 40),
        ("prospects.important", 3, 6, 18),
        ("prospects.other", 6, 2, 12),
    ]
    assert result.plans == (("acme", 24), ("beta", 12), ("old", 2))
    assert result.managers == (("m1", 200.0), ("m2", 75.0))
    assert result.demand == 216
    assert result.capacity == 275
    assert result.utilisation == pytest.approx(216 / 275)
    assert result.utilisation == pytest.approx(0.7854545)
    assert result.gap == 59
    assert result.gap_fte == pytest.approx(0.4290909)


def test_visit_demand_custom_norms() -> None:
    # Norms customers A 12, B 6, C 2; prospects important 4, other 1:
    #   2×12 + 5×6 + 10×2 = 24 + 30 + 20 = 74; 3×4 + 6×1 = 12 + 6 = 18; plans 38
    #   demand 74 + 18 + 38 = 130; capacity 200; utilisation 0.65; gap 70; fte 70/200 = 0.35
    norms = VisitNorms.model_validate({"customers": {"A": 12, "B": 6, "C": 2},
                                       "prospects": {"important": 4, "other": 1}})
    t = territory(customers={"A": 2, "B": 5, "C": 10}, prospects={"important": 3, "other": 6})
    result = visit_demand(t, norms, [("acme", 24), ("beta", 12), ("old", 2)],
                          [manager("m1", 100, 2)])
    assert result.demand == 130
    assert result.utilisation == pytest.approx(0.65)
    assert result.gap == 70
    assert result.gap_fte == pytest.approx(0.35)


def test_visit_demand_over_100_percent() -> None:
    # 5 A-customers × 24 = 120, plus one plan of 24 = 144; capacity 50 × 2 = 100.
    # utilisation 144/100 = 1.44; gap 100 − 144 = −44; fte −44/100 = −0.44.
    result = visit_demand(territory(customers={"A": 5}), VisitNorms(), [("x", 24)],
                          [manager("m1", 50, 2)])
    assert result.demand == 144
    assert result.capacity == 100
    assert result.utilisation == pytest.approx(1.44)
    assert result.utilisation is not None and result.utilisation > 1
    assert result.gap == -44
    assert result.gap_fte == pytest.approx(-0.44)


def test_visit_demand_without_managers_does_not_divide_by_zero() -> None:
    # customers 2×24 + 5×12 + 10×4 = 148; prospects 3×6 + 6×2 = 30 → demand 178.
    t = territory(customers={"A": 2, "B": 5, "C": 10}, prospects={"important": 3, "other": 6})
    result = visit_demand(t, VisitNorms(), [], [])
    assert result.demand == 178
    assert result.capacity == 0
    assert result.managers == ()
    assert result.utilisation is None
    assert result.gap == -178
    assert result.gap_fte is None


def test_visit_demand_managers_without_visit_days_have_no_capacity() -> None:
    # 1 A-customer: demand 24. Managers with 0 days, or with days but 0 visits per day.
    result = visit_demand(territory(customers={"A": 1}), VisitNorms(), [],
                          [manager("m1", 0, 2), manager("m2", 100, 0)])
    assert result.capacity == 0
    assert result.managers == (("m1", 0.0), ("m2", 0.0))
    assert result.utilisation is None
    assert result.gap == -24
    assert result.gap_fte is None


def test_visit_demand_empty_territory() -> None:
    result = visit_demand(territory(), VisitNorms(), [], [])
    assert result.demand == 0
    assert result.gap == 0
    assert result.utilisation is None
    assert result.gap_fte is None


def test_visit_demand_mean_capacity_counts_every_manager() -> None:
    # Capacity 0 + 100×2 = 200 over two managers → mean 100 per manager.
    # demand 1×24 = 24; gap 176; fte 176/100 = 1.76; utilisation 24/200 = 0.12.
    result = visit_demand(territory(customers={"A": 1}), VisitNorms(), [],
                          [manager("m1", 0, 2), manager("m2", 100, 2)])
    assert result.utilisation == pytest.approx(0.12)
    assert result.gap == 176
    assert result.gap_fte == pytest.approx(1.76)


def test_demand_part_visits() -> None:
    assert DemandPart("customers.B", 7, 12).visits == 84


def test_owner_demand_hand_worked() -> None:
    # The accounts of m1 plan 24 + 12 + 2 = 38 visits; m1 can make 20 × 1.5 = 30.
    result = owner_demand(manager("m1", 20, 1.5), [("acme", 24), ("beta", 12), ("old", 2)])
    assert (result.member_id, result.plans, result.demand, result.capacity) == (
        "m1", (("acme", 24), ("beta", 12), ("old", 2)), 38, 30)
    assert result.over_capacity
    # On the capacity is not over it; a manager without accounts plans nothing.
    assert not owner_demand(manager("m1", 19, 2), [("acme", 38)]).over_capacity
    idle = owner_demand(manager("m2", 0, 0), [])
    assert (idle.demand, idle.capacity, idle.over_capacity) == (0, 0, False)


# --------------------------------------------------------------------------------------
# 1d. Visit cost: cost per visit = annual cost / (visit days × visits per day);
#     account visit cost = visits × (cost per visit + extra travel cost)
# --------------------------------------------------------------------------------------


def plan(visits: int, extra: float | None = None) -> AccountPlan:
    data: dict[str, Any] = {"per_year": visits}
    if extra is not None:
        data["extra_travel_cost"] = extra
    return AccountPlan.model_validate({
        "name": "Acme", "owner": "m1", "territory": "north", "visits": data,
    })


def year(revenue: float, margin: float | None) -> BusinessYear:
    return BusinessYear(year=2025, revenue=revenue, margin=margin)


OWNER = manager("m1", 100, 2, annual_cost=150_000)  # 150 000 / 200 = 750 per visit


def test_cost_per_visit() -> None:
    # 150 000 / (100 × 2) = 750
    assert visit_capacity(OWNER) == 200
    assert cost_per_visit(OWNER) == pytest.approx(750.0)
    # 148 000 / (110 × 2) = 148 000 / 220 = 672.7272…
    assert cost_per_visit(manager("j", 110, 2, 148_000)) == pytest.approx(672.7272727)
    # 90 000 / (120 × 1.5) = 90 000 / 180 = 500
    assert cost_per_visit(manager("k", 120, 1.5, 90_000)) == pytest.approx(500.0)


def test_cost_per_visit_without_capacity_is_none() -> None:
    assert cost_per_visit(manager("z", 0, 2, 100_000)) is None
    assert cost_per_visit(manager("z", 100, 0, 100_000)) is None


def test_visit_cost_hand_worked() -> None:
    # 24 visits × (750 + 50 extra) = 24 × 800 = 19 200
    # revenue per visit 1 200 000 / 24 = 50 000; share of margin 19 200 / 240 000 = 0.08
    result = visit_cost(plan(24, 50), OWNER, year(1_200_000, 240_000), 0.10)
    assert result.visits == 24
    assert result.cost_per_visit == pytest.approx(750.0)
    assert result.extra_travel_cost == 50
    assert result.cost == pytest.approx(19_200.0)
    assert result.revenue == 1_200_000
    assert result.margin == 240_000
    assert result.revenue_per_visit == pytest.approx(50_000.0)
    assert result.margin_share == pytest.approx(0.08)


def test_visit_cost_extra_travel_cost_defaults_to_zero() -> None:
    # 12 × (750 + 0) = 9 000; 9 000 / 100 000 = 0.09; revenue per visit 600 000/12 = 50 000
    result = visit_cost(plan(12), OWNER, year(600_000, 100_000), 0.10)
    assert result.extra_travel_cost == 0
    assert result.cost == pytest.approx(9_000.0)
    assert result.margin_share == pytest.approx(0.09)
    assert result.revenue_per_visit == pytest.approx(50_000.0)


def test_visit_cost_share_none_for_missing_zero_or_negative_margin() -> None:
    # cost 12 × 750 = 9 000 each time; no share without a positive margin.
    for margin in (None, 0, -10_000):
        result = visit_cost(plan(12), OWNER, year(600_000, margin), 0.10)
        assert result.cost == pytest.approx(9_000.0)
        assert result.margin == margin
        assert result.margin_share is None


def test_visit_cost_owner_without_capacity_or_unknown_owner() -> None:
    # No cost per visit → no cost and no share; revenue per visit 600 000 / 12 = 50 000.
    for owner in (manager("m1", 0, 2, 150_000), None):
        result = visit_cost(plan(12, 80), owner, year(600_000, 100_000), 0.10)
        assert result.cost_per_visit is None
        assert result.cost is None
        assert result.margin_share is None
        assert result.revenue_per_visit == pytest.approx(50_000.0)


def test_visit_cost_zero_visits() -> None:
    # 0 × anything = 0; no revenue per visit (no division by 0); share 0 / 100 000 = 0.
    result = visit_cost(plan(0, 80), OWNER, year(600_000, 100_000), 0.10)
    assert result.cost == 0
    assert result.revenue_per_visit is None
    assert result.margin_share == 0
    # also without a known owner: nothing to pay for
    assert visit_cost(plan(0), None, None, 0.10).cost == 0


def test_visit_cost_without_a_latest_year() -> None:
    # 24 × (750 + 50) = 19 200, nothing to measure it against.
    result = visit_cost(plan(24, 50), OWNER, None, 0.10)
    assert result.cost == pytest.approx(19_200.0)
    assert result.revenue is None
    assert result.margin is None
    assert result.revenue_per_visit is None
    assert result.margin_share is None


# --------------------------------------------------------------------------------------
# 3. Strengths-weaknesses profile, relative quality, competence fields
# --------------------------------------------------------------------------------------


def row(criterion: str, importance: int, us: int, **competitors: int) -> ProfileCriterion:
    return ProfileCriterion.model_validate(
        {"criterion": criterion, "importance": importance, "us": us, **competitors})


def competitor(cid: str) -> Competitor:
    return Competitor.model_validate({"id": cid, "name": cid.title()})


# imp, us, alpha, beta (beta is not rated on Preis)
PROFILE = [
    row("Liefertreue", 5, 4, alpha=3, beta=5),
    row("Preis", 3, 2, alpha=4),
    row("Technik", 4, 5, alpha=5, beta=3),
    row("Service", 2, 3, alpha=2, beta=3),
]


def test_weighted_performance_us_and_competitors() -> None:
    # Σ imp = 5 + 3 + 4 + 2 = 14
    # P_us    = (5·4 + 3·2 + 4·5 + 2·3)/14 = (20 + 6 + 20 + 6)/14 = 52/14 = 3.714286
    # P_alpha = (5·3 + 3·4 + 4·5 + 2·2)/14 = (15 + 12 + 20 + 4)/14 = 51/14 = 3.642857
    # P_beta over its three criteria only: Σ imp = 5 + 4 + 2 = 11
    #         = (5·5 + 4·3 + 2·3)/11 = (25 + 12 + 6)/11 = 43/11 = 3.909091
    assert weighted_performance(PROFILE, "us") == pytest.approx(52 / 14)
    assert weighted_performance(PROFILE, "us") == pytest.approx(3.7142857)
    assert weighted_performance(PROFILE, "alpha") == pytest.approx(3.6428571)
    assert weighted_performance(PROFILE, "beta") == pytest.approx(3.9090909)


def test_weighted_performance_rated_nowhere_or_empty_profile() -> None:
    assert weighted_performance(PROFILE, "gamma") is None
    assert weighted_performance([], "us") is None


def test_relative_quality_against_a_competitor_rated_everywhere() -> None:
    # alpha, all four criteria (Σ imp 14):
    #   RQ = P_us/P_alpha = (52/14)/(51/14) = 52/51 = 1.019608
    #   better: Liefertreue 4>3 (imp 5), Service 3>2 (imp 2) → 7
    #   worse:  Preis 2<4 (imp 3) → 3;   level: Technik 5=5
    #   RQS = 100 · (7 − 3)/14 = 400/14 = 28.571429
    rq = relative_quality(PROFILE, "alpha")
    assert rq is not None
    assert rq.competitor_id == "alpha"
    assert rq.criteria == 4
    assert rq.performance_us == pytest.approx(52 / 14)
    assert rq.performance_them == pytest.approx(51 / 14)
    assert rq.index == pytest.approx(1.0196078)
    assert rq.score == pytest.approx(28.5714286)
    assert rq.better == ("Liefertreue", "Service")
    assert rq.worse == ("Preis",)


def test_relative_quality_only_counts_criteria_that_rate_the_competitor() -> None:
    # beta on Liefertreue, Technik, Service (Σ imp 5 + 4 + 2 = 11):
    #   P_us   = (5·4 + 4·5 + 2·3)/11 = (20 + 20 + 6)/11 = 46/11 = 4.181818
    #   P_beta = (5·5 + 4·3 + 2·3)/11 = 43/11 = 3.909091
    #   RQ = 46/43 = 1.069767
    #   better: Technik 5>3 (imp 4); worse: Liefertreue 4<5 (imp 5); level: Service
    #   RQS = 100 · (4 − 5)/11 = −100/11 = −9.090909
    rq = relative_quality(PROFILE, "beta")
    assert rq is not None
    assert rq.criteria == 3
    assert rq.performance_us == pytest.approx(4.1818182)
    assert rq.performance_them == pytest.approx(3.9090909)
    assert rq.index == pytest.approx(1.0697674)
    assert rq.score == pytest.approx(-9.0909091)
    assert rq.better == ("Technik",)
    assert rq.worse == ("Liefertreue",)


def test_relative_quality_bounds_and_level() -> None:
    # better everywhere → +100; worse everywhere → −100; level everywhere → 0 and RQ 1.
    best = relative_quality([row("a", 5, 5, c=1), row("b", 1, 3, c=2)], "c")
    assert best is not None
    assert best.score == pytest.approx(100.0)
    # RQ = (5·5 + 1·3)/(5·1 + 1·2) = 28/7 = 4.0
    assert best.index == pytest.approx(4.0)
    worst = relative_quality([row("a", 5, 1, c=5), row("b", 1, 2, c=3)], "c")
    assert worst is not None
    assert worst.score == pytest.approx(-100.0)
    level = relative_quality([row("a", 3, 4, c=4)], "c")
    assert level is not None
    assert level.score == 0
    assert level.index == pytest.approx(1.0)
    assert level.better == () and level.worse == ()


def test_relative_quality_competitor_rated_nowhere_is_none() -> None:
    assert relative_quality(PROFILE, "gamma") is None
    assert relative_quality([], "alpha") is None


def test_quadrant_boundaries() -> None:
    assert IMPORTANT == 4
    assert quadrant(4, 1) == "core_competence"   # importance 4 is important, lead > 0
    assert quadrant(5, -1) == "act_now"
    assert quadrant(4, 0) == "act_now"           # level is not ahead
    assert quadrant(3, 1) == "over_service"      # importance 3 is less important
    assert quadrant(3, 0) == "watch"
    assert quadrant(1, -3) == "watch"


def test_competence_fields_all_four_quadrants_and_level() -> None:
    # lead = r_us − max over the known competitors (alpha, beta); ghost is not a competitor.
    profile = [
        row("core", 4, 5, alpha=3, beta=4, ghost=5),  # 5 − max(3,4) = +1, imp 4 → core
        row("act", 5, 3, alpha=4),                    # 3 − 4 = −1, imp 5 → act_now
        row("over", 3, 5, alpha=2, beta=3),           # 5 − 3 = +2, imp 3 → over_service
        row("watch", 1, 2, alpha=4),                  # 2 − 4 = −2, imp 1 → watch
        row("level-important", 4, 4, alpha=4),        # 4 − 4 = 0, imp 4 → act_now
        row("level-minor", 3, 3, beta=3),             # 3 − 3 = 0, imp 3 → watch
        row("only-ghost", 5, 2, ghost=5),             # no known competitor → left out
    ]
    fields = competence_fields(profile, [competitor("alpha"), competitor("beta")])
    assert [(f.criterion, f.importance, f.us, f.best_competitor, f.lead, f.quadrant)
            for f in fields] == [
        ("core", 4, 5, 4, 1, "core_competence"),
        ("act", 5, 3, 4, -1, "act_now"),
        ("over", 3, 5, 3, 2, "over_service"),
        ("watch", 1, 2, 4, -2, "watch"),
        ("level-important", 4, 4, 4, 0, "act_now"),
        ("level-minor", 3, 3, 3, 0, "watch"),
    ]


def test_competence_fields_without_competitors_is_empty() -> None:
    assert competence_fields(PROFILE, []) == ()
    assert competence_fields([], [competitor("alpha")]) == ()


def test_competence_fields_on_the_shared_profile() -> None:
    # Liefertreue 4 − max(3,5) = −1 (imp 5) act_now; Preis 2 − 4 = −2 (imp 3) watch;
    # Technik 5 − max(5,3) = 0 (imp 4) act_now; Service 3 − max(2,3) = 0 (imp 2) watch.
    fields = competence_fields(PROFILE, [competitor("alpha"), competitor("beta")])
    assert [(f.lead, f.quadrant) for f in fields] == [
        (-1, "act_now"), (-2, "watch"), (0, "act_now"), (0, "watch"),
    ]


# --------------------------------------------------------------------------------------
# 6. Value-add: net = Σ benefits − yearly cost; payback = 12 · investment / net (net > 0);
#    ROI = (H · net − investment)/(H · yearly cost + investment); ratio = Σ benefits / cost
# --------------------------------------------------------------------------------------


def concept(benefits: list[float], yearly_cost: float = 0, investment: float = 0,
            horizon: int | None = None) -> ValueAddConcept:
    data: dict[str, Any] = {
        "title": "Vendor Managed Inventory",
        "yearly_cost": yearly_cost,
        "investment": investment,
        "benefits": [{"item": f"b{i}", "amount": a} for i, a in enumerate(benefits)],
    }
    if horizon is not None:
        data["horizon_years"] = horizon
    return ValueAddConcept.model_validate(data)


def test_value_add_vmi_example_of_plan_format() -> None:
    # plan-format.md: investment 25 000, yearly cost 40 000, benefit 60 000, H = 3.
    #   net      = 60 000 − 40 000 = 20 000
    #   payback  = 12 · 25 000 / 20 000 = 15 months
    #   ROI      = (3 · 20 000 − 25 000)/(3 · 40 000 + 25 000) = 35 000/145 000 = 7/29
    #            = 0.241379
    #   ratio    = 60 000 / 40 000 = 1.5
    result = value_add(concept([60_000], 40_000, 25_000, 3))
    assert result.benefits == 60_000
    assert result.yearly_cost == 40_000
    assert result.investment == 25_000
    assert result.horizon_years == 3
    assert result.net_yearly_value == 20_000
    assert result.payback_months == pytest.approx(15.0)
    assert result.roi == pytest.approx(0.2413793)
    assert result.value_to_price == pytest.approx(1.5)


def test_value_add_horizon_defaults_to_three_years() -> None:
    result = value_add(concept([60_000], 40_000, 25_000))
    assert result.horizon_years == 3
    assert result.roi == pytest.approx(7 / 29)


def test_value_add_three_benefits() -> None:
    # benefits 60 000 + 15 000 + 5 000 = 80 000; net 80 000 − 40 000 = 40 000
    #   payback = 12 · 25 000 / 40 000 = 7.5 months
    #   ROI     = (3 · 40 000 − 25 000)/145 000 = 95 000/145 000 = 19/29 = 0.655172
    #   ratio   = 80 000 / 40 000 = 2.0
    result = value_add(concept([60_000, 15_000, 5_000], 40_000, 25_000, 3))
    assert result.benefits == 80_000
    assert result.net_yearly_value == 40_000
    assert result.payback_months == pytest.approx(7.5)
    assert result.roi == pytest.approx(0.6551724)
    assert result.value_to_price == pytest.approx(2.0)


def test_value_add_longer_horizon() -> None:
    # H = 5: ROI = (5 · 20 000 − 25 000)/(5 · 40 000 + 25 000) = 75 000/225 000 = 1/3;
    # payback does not depend on H: 15 months.
    result = value_add(concept([60_000], 40_000, 25_000, 5))
    assert result.roi == pytest.approx(0.3333333)
    assert result.payback_months == pytest.approx(15.0)


def test_value_add_without_benefits() -> None:
    # net = 0 − 40 000 = −40 000 → no payback
    # ROI = (3 · (−40 000) − 25 000)/(120 000 + 25 000) = −145 000/145 000 = −1
    # ratio = 0 / 40 000 = 0
    result = value_add(concept([], 40_000, 25_000, 3))
    assert result.benefits == 0
    assert result.net_yearly_value == -40_000
    assert result.payback_months is None
    assert result.roi == pytest.approx(-1.0)
    assert result.value_to_price == 0


def test_value_add_net_not_positive_has_no_payback_and_negative_roi() -> None:
    # benefits 30 000 < cost 40 000: net −10 000
    #   ROI = (3 · (−10 000) − 25 000)/145 000 = −55 000/145 000 = −11/29 = −0.379310
    #   ratio = 30 000 / 40 000 = 0.75
    result = value_add(concept([30_000], 40_000, 25_000, 3))
    assert result.net_yearly_value == -10_000
    assert result.payback_months is None
    assert result.roi == pytest.approx(-0.3793103)
    assert result.value_to_price == pytest.approx(0.75)
    # net exactly 0: no payback; ROI = (0 − 25 000)/145 000 = −5/29 = −0.172414
    even = value_add(concept([40_000], 40_000, 25_000, 3))
    assert even.net_yearly_value == 0
    assert even.payback_months is None
    assert even.roi == pytest.approx(-0.1724138)
    assert even.value_to_price == pytest.approx(1.0)


def test_value_add_without_yearly_cost() -> None:
    # cost 0, investment 10 000, benefit 6 000, H 3: net 6 000
    #   payback = 12 · 10 000 / 6 000 = 20 months
    #   ROI = (3 · 6 000 − 10 000)/(0 + 10 000) = 8 000/10 000 = 0.8
    #   ratio: no price → None
    result = value_add(concept([6_000], 0, 10_000, 3))
    assert result.net_yearly_value == 6_000
    assert result.payback_months == pytest.approx(20.0)
    assert result.roi == pytest.approx(0.8)
    assert result.value_to_price is None


def test_value_add_without_cost_and_investment() -> None:
    # ROI denominator 3 · 0 + 0 = 0 → None; payback 12 · 0 / 5 000 = 0 months; ratio None.
    result = value_add(concept([5_000], 0, 0, 3))
    assert result.roi is None
    assert result.payback_months == 0
    assert result.value_to_price is None
    # nothing at all: no NaN anywhere
    empty = value_add(concept([]))
    assert empty.net_yearly_value == 0
    assert empty.payback_months is None
    assert empty.roi is None
    assert empty.value_to_price is None


def test_value_add_without_investment() -> None:
    # benefit 50 000, cost 20 000, no investment: net 30 000; payback 0 months;
    # ROI = (3 · 30 000 − 0)/(3 · 20 000 + 0) = 90 000/60 000 = 1.5; ratio 2.5
    result = value_add(concept([50_000], 20_000, 0, 3))
    assert result.payback_months == 0
    assert result.roi == pytest.approx(1.5)
    assert result.value_to_price == pytest.approx(2.5)


# --------------------------------------------------------------------------------------
# Portfolio matrix: attractiveness (rating score) against our position
# --------------------------------------------------------------------------------------


def test_portfolio_matrix_default_splits() -> None:
    wallet = PortfolioMatrix()
    assert wallet.position == "share_of_wallet"
    assert wallet.attractiveness_split == 50
    assert wallet.split == 0.5
    quality = PortfolioMatrix.model_validate({"position": "relative_quality"})
    assert quality.split == 1.0
    custom = PortfolioMatrix.model_validate({"position": "relative_quality",
                                             "position_split": 0.9})
    assert custom.split == 0.9


def test_matrix_quadrants_with_share_of_wallet() -> None:
    settings = PortfolioMatrix()  # attractive from 50, strong from 0.5
    assert matrix_quadrant(80, 0.6, settings) == "maintain"
    assert matrix_quadrant(80, 0.3, settings) == "develop"
    assert matrix_quadrant(30, 0.6, settings) == "selective"
    assert matrix_quadrant(30, 0.3, settings) == "reduce"


def test_matrix_value_on_a_split_counts_as_high() -> None:
    settings = PortfolioMatrix()
    assert matrix_quadrant(50, 0.5, settings) == "maintain"
    assert matrix_quadrant(49.99, 0.5, settings) == "selective"
    assert matrix_quadrant(50, 0.4999, settings) == "develop"
    assert matrix_quadrant(49.99, 0.4999, settings) == "reduce"


def test_matrix_quadrants_with_relative_quality() -> None:
    settings = PortfolioMatrix.model_validate({"position": "relative_quality"})
    assert matrix_quadrant(70, 1.0, settings) == "maintain"    # RQ 1.0 is on the split
    assert matrix_quadrant(70, 0.98, settings) == "develop"
    assert matrix_quadrant(40, 1.2, settings) == "selective"
    assert matrix_quadrant(40, 0.8, settings) == "reduce"
    # 0.6 would be strong with the share-of-wallet split 0.5, not against RQ 1.0
    assert matrix_quadrant(70, 0.6, settings) == "develop"


def test_matrix_custom_splits() -> None:
    settings = PortfolioMatrix.model_validate({"attractiveness_split": 60,
                                               "position_split": 0.3})
    assert matrix_quadrant(60, 0.3, settings) == "maintain"
    assert matrix_quadrant(59, 0.35, settings) == "selective"
    assert matrix_quadrant(75, 0.25, settings) == "develop"
    assert matrix_quadrant(55, 0.45, settings) == "selective"  # 55 < 60 even though ≥ 50
    assert matrix_quadrant(10, 0.1, settings) == "reduce"


def test_matrix_point() -> None:
    point = matrix_point("acme", 80.0, 0.3875, 3_100_000, PortfolioMatrix())
    assert point.account_id == "acme"
    assert point.attractiveness == 80.0
    assert point.position == 0.3875
    assert point.revenue == 3_100_000
    assert point.quadrant == "develop"


# --------------------------------------------------------------------------------------
# selection() over a small portfolio built by hand
# --------------------------------------------------------------------------------------


def small_portfolio(position: str = "relative_quality") -> Portfolio:
    programme = handmade.programme(matrix={"position": position})
    acme = AccountPlan.model_validate({
        "name": "Acme", "owner": "m1", "territory": "north",
        "business": [{"year": 2025, "revenue": 1_000_000, "margin": 200_000},
                     {"year": 2026, "revenue": 1_500_000, "margin": 300_000,
                      "forecast": True}],
        "wallet": 2_000_000,
        "rating": {"revenue": 5, "fit": 5},
        "visits": {"per_year": 10},
        "positioning": {
            "competitors": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}],
            "profile": [
                {"criterion": "x", "importance": 5, "us": 4, "alpha": 3, "beta": 2},
                {"criterion": "y", "importance": 3, "us": 2, "alpha": 4, "beta": 2},
            ],
        },
    })
    beta_co = AccountPlan.model_validate({
        "name": "Beta Co", "owner": "m1", "territory": "north",
        "business": [{"year": 2025, "revenue": 250_000}],
        "rating": {"revenue": 2, "fit": 1},
        "visits": {"per_year": 6},
    })
    newco = AccountPlan.model_validate({
        "name": "Newco", "status": "candidate", "owner": "m1", "territory": "north",
        "visits": {"per_year": 4},
    })
    elsewhere = AccountPlan.model_validate({
        "name": "Elsewhere", "status": "former", "owner": "nobody", "territory": "south",
        "business": [{"year": 2027, "revenue": 900_000, "margin": 1}],
        "visits": {"per_year": 3},
    })
    plans = {"acme": acme, "beta-co": beta_co, "newco": newco, "elsewhere": elsewhere}
    return Portfolio(
        root=Path("plans"),
        programme=programme,
        team=(manager("m1", 100, 2, 100_000), manager("m2", 50, 2, 60_000)),
        territories=(territory(customers={"A": 1}),
                     Territory.model_validate({"id": "south", "name": "Süd"})),
        checklists={},
        accounts={aid: Account(id=aid, plan=p, file=f"accounts/{aid}.yaml")
                  for aid, p in plans.items()},
        positions={},
    )


def test_selection_small_portfolio() -> None:
    result = selection(small_portfolio())
    # Revenue (latest actual 2025; newco has no years, elsewhere only 2027 > fiscal year):
    #   acme 1 000 000 + beta-co 250 000 = 1 250 000
    #   acme before 0 → A; beta-co before 1 000 000/1 250 000 = 0.8 → B
    assert [(r.account_id, r.account_class) for r in result.revenue.rows] == [
        ("acme", "A"), ("beta-co", "B"),
    ]
    assert result.revenue.total == 1_250_000
    # Margin: only acme has one (200 000) → A; beta-co has no margin and is left out.
    assert [(r.account_id, r.account_class) for r in result.margin.rows] == [("acme", "A")]
    # Ratings (weights 3 and 1, scale 1..5):
    #   acme    5, 5 → 100 → A
    #   beta-co 2, 1 → 100 · (3 · 1/4 + 1 · 0/4)/4 = 100 · 0.75/4 = 18.75 → C
    rows = {r.account_id: r for r in result.rows}
    assert list(rows) == ["acme", "beta-co", "newco", "elsewhere"]
    assert rows["acme"].rating_score == pytest.approx(100.0)
    assert (rows["acme"].revenue_class, rows["acme"].margin_class,
            rows["acme"].rating_class, rows["acme"].disagreements) == ("A", "A", "A", ())
    assert rows["beta-co"].rating_score == pytest.approx(18.75)
    assert (rows["beta-co"].revenue_class, rows["beta-co"].margin_class,
            rows["beta-co"].rating_class) == ("B", None, "C")
    assert rows["beta-co"].disagreements == ("rating_revenue",)
    assert (rows["newco"].revenue_class, rows["newco"].margin_class,
            rows["newco"].rating_class, rows["newco"].rating_score,
            rows["newco"].disagreements) == (None, None, None, None, ())
    # Territory north: 1 A-customer × 24 + plans acme 10 + beta-co 6 + newco 4 = 44;
    # capacity m1 100 × 2 + m2 50 × 2 = 300 (m2 is in north too, see manager());
    # utilisation 44/300; gap 256. South: 'elsewhere' 3 visits, no managers.
    north, south = result.territories
    assert north.territory_id == "north"
    assert north.plans == (("acme", 10), ("beta-co", 6), ("newco", 4))
    assert north.demand == 44
    assert north.capacity == 300
    assert north.utilisation == pytest.approx(44 / 300)
    assert north.gap == 256
    assert south.demand == 3
    assert south.capacity == 0
    assert south.utilisation is None and south.gap_fte is None
    # Owners: m1 owns acme 10, beta-co 6 and newco 4 = 20 of its 200; m2 owns none (and
    # 'nobody', the owner of elsewhere, is no team member).
    assert [(o.member_id, o.plans, o.demand, o.capacity) for o in result.owners] == [
        ("m1", (("acme", 10), ("beta-co", 6), ("newco", 4)), 20, 200),
        ("m2", (), 0, 100),
    ]
    # Visit cost: m1 100 000 / 200 = 500 per visit.
    #   acme 10 × 500 = 5 000; 5 000 / 200 000 = 0.025; revenue per visit 100 000
    #   newco 4 × 500 = 2 000, no revenue
    #   elsewhere: owner unknown → cost None
    assert result.visit_costs["acme"].cost == pytest.approx(5_000.0)
    assert result.visit_costs["acme"].margin_share == pytest.approx(0.025)
    assert result.visit_costs["acme"].revenue_per_visit == pytest.approx(100_000.0)
    assert result.visit_costs["newco"].cost == pytest.approx(2_000.0)
    assert result.visit_costs["newco"].revenue is None
    assert result.visit_costs["elsewhere"].cost is None
    # Matrix by relative quality against the strongest competitor (the lowest RQ):
    #   P_us    = (5·4 + 3·2)/8 = 26/8 = 3.25
    #   P_alpha = (5·3 + 3·4)/8 = 27/8 = 3.375 → RQ 26/27 = 0.962963
    #   P_beta  = (5·2 + 3·2)/8 = 16/8 = 2     → RQ 3.25/2 = 1.625
    #   position min(0.963, 1.625) = 0.963 < 1.0, attractiveness 100 ≥ 50 → develop
    # beta-co has no competitors, newco no rating, elsewhere no actual: not placed.
    assert [(p.account_id, p.quadrant) for p in result.matrix] == [("acme", "develop")]
    assert result.matrix[0].position == pytest.approx(0.9629630)
    assert result.matrix[0].attractiveness == pytest.approx(100.0)
    assert result.matrix[0].revenue == 1_000_000


def test_selection_small_portfolio_by_share_of_wallet() -> None:
    # acme: 1 000 000 / 2 000 000 = 0.5, on the split → strong; 100 ≥ 50 → maintain.
    # beta-co has no wallet: not placed.
    result = selection(small_portfolio("share_of_wallet"))
    assert [(p.account_id, p.quadrant) for p in result.matrix] == [("acme", "maintain")]
    assert result.matrix[0].position == pytest.approx(0.5)


# --------------------------------------------------------------------------------------
# selection() on the example plans (plans/), every figure summed by hand from the YAML
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Any:
    return selection(load_portfolio(PLANS))


def test_example_revenue_abc(example: Any) -> None:
    # fiscal_year 2026; every 2026 figure is a forecast → the latest actual year is 2025.
    # Revenue 2025, descending (cumulative before / total 16.70 M):
    #   gravenhorst-bauprofile  4 600 000   before  0            → A
    #   brenntal-automotive     3 800 000   before  4.60/16.70 = 27.5 % → A
    #   nordwerk-chemie         3 100 000   before  8.40/16.70 = 50.3 % → A
    #   korvat-hausgeraete      1 900 000   before 11.50/16.70 = 68.9 % → A
    #   velmar-medizintechnik   1 450 000   before 13.40/16.70 = 80.2 % → B
    #   elbkant-verpackungen    1 250 000   before 14.85/16.70 = 88.9 % → B
    #   marschland-elektro        420 000   before 16.10/16.70 = 96.4 % → C
    #   donauried-landtechnik     180 000   before 16.52/16.70 = 98.9 % → C
    # total 4.6 + 3.8 + 3.1 + 1.9 + 1.45 + 1.25 + 0.42 + 0.18 = 16.70 M
    # top 20 %: ceil(0.2 · 8) = ceil(1.6) = 2 accounts: (4.6 + 3.8)/16.7 = 8.4/16.7
    revenue = example.revenue
    assert [(r.account_id, r.value, r.account_class) for r in revenue.rows] == [
        ("gravenhorst-bauprofile", 4_600_000, "A"),
        ("brenntal-automotive", 3_800_000, "A"),
        ("nordwerk-chemie", 3_100_000, "A"),
        ("korvat-hausgeraete", 1_900_000, "A"),
        ("velmar-medizintechnik", 1_450_000, "B"),
        ("elbkant-verpackungen", 1_250_000, "B"),
        ("marschland-elektro", 420_000, "C"),
        ("donauried-landtechnik", 180_000, "C"),
    ]
    assert revenue.total == pytest.approx(16_700_000)
    assert [r.before for r in revenue.rows] == pytest.approx(
        [0, 4.6 / 16.7, 8.4 / 16.7, 11.5 / 16.7, 13.4 / 16.7, 14.85 / 16.7,
         16.1 / 16.7, 16.52 / 16.7])
    assert revenue.top_count == 2
    assert revenue.top_share == pytest.approx(0.5029940)


def test_example_margin_abc(example: Any) -> None:
    # Margin 2025, descending (total 2 993 000):
    #   brenntal     870 000  before 0                  → A
    #   nordwerk     820 000  before   870/2993 = 29.1 % → A
    #   velmar       520 000  before 1 690/2993 = 56.5 % → A
    #   korvat       390 000  before 2 210/2993 = 73.8 % → A
    #   elbkant      240 000  before 2 600/2993 = 86.9 % → B
    #   marschland    60 000  before 2 840/2993 = 94.9 % → B
    #   gravenhorst   55 000  before 2 900/2993 = 96.9 % → C
    #   donauried     38 000  before 2 955/2993 = 98.7 % → C
    margin = example.margin
    assert [(r.account_id, r.account_class) for r in margin.rows] == [
        ("brenntal-automotive", "A"),
        ("nordwerk-chemie", "A"),
        ("velmar-medizintechnik", "A"),
        ("korvat-hausgeraete", "A"),
        ("elbkant-verpackungen", "B"),
        ("marschland-elektro", "B"),
        ("gravenhorst-bauprofile", "C"),
        ("donauried-landtechnik", "C"),
    ]
    assert margin.total == pytest.approx(2_993_000)


def test_example_rating_and_disagreements(example: Any) -> None:
    # Weights 20/25/25/15/15 (Σ 100), scale 1..5; points = weight · (r − 1)/4.
    #   gravenhorst 5,1,2,2,1: 20 + 0 + 6.25 + 3.75 + 0       = 30.00 → C
    #   brenntal    5,3,5,4,5: 20 + 12.5 + 25 + 11.25 + 15    = 83.75 → A
    #   nordwerk    5,4,4,5,3: 20 + 18.75 + 18.75 + 15 + 7.5  = 80.00 → A
    #   korvat      4,3,3,3,3: 15 + 12.5 + 12.5 + 7.5 + 7.5   = 55.00 → B
    #   velmar      3,5,4,3,4: 10 + 25 + 18.75 + 7.5 + 11.25  = 72.50 → A
    #   elbkant     3,3,4,3,2: 10 + 12.5 + 18.75 + 7.5 + 3.75 = 52.50 → B
    #   marschland  2,2,2,3,2: 5 + 6.25 + 6.25 + 7.5 + 3.75   = 28.75 → C
    #   donauried   1,3,5,4,3: 0 + 12.5 + 25 + 11.25 + 7.5    = 56.25 → B
    # Gravenhorst: revenue A, margin C (two steps) and rating C ≠ revenue A → both.
    rows = {r.account_id: r for r in example.rows}
    expected = {
        #                        revenue margin rating score  disagreements
        "gravenhorst-bauprofile": ("A", "C", "C", 30.0, ("revenue_margin", "rating_revenue")),
        "brenntal-automotive": ("A", "A", "A", 83.75, ()),
        "nordwerk-chemie": ("A", "A", "A", 80.0, ()),
        "korvat-hausgeraete": ("A", "A", "B", 55.0, ("rating_revenue",)),
        "velmar-medizintechnik": ("B", "A", "A", 72.5, ("rating_revenue",)),
        "elbkant-verpackungen": ("B", "B", "B", 52.5, ()),
        "marschland-elektro": ("C", "B", "C", 28.75, ()),
        "donauried-landtechnik": ("C", "C", "B", 56.25, ("rating_revenue",)),
    }
    assert set(rows) == set(expected)
    for aid, (rev, mar, rat, score, reasons) in expected.items():
        got = rows[aid]
        assert (got.revenue_class, got.margin_class, got.rating_class) == (rev, mar, rat), aid
        assert got.rating_score == pytest.approx(score), aid
        assert got.disagreements == reasons, aid


def test_example_territories(example: Any) -> None:
    # north: customers 3×24 + 6×12 + 14×4 = 72 + 72 + 56 = 200
    #        prospects 4×6 + 8×2 = 24 + 16 = 40
    #        plans nordwerk 24 + elbkant 12 + marschland (former) 2 = 38 → demand 278
    #        capacity m.kaya 60×2 + j.berger 110×2 = 120 + 220 = 340
    #        utilisation 278/340 = 0.817647; gap 62; fte 62/(340/2 = 170) = 0.364706
    # south: customers 3×24 + 7×12 + 15×4 = 72 + 84 + 60 = 216
    #        prospects 4×6 + 10×2 = 24 + 20 = 44
    #        plans brenntal 24 + donauried (candidate) 8 = 32 → demand 292
    #        capacity s.hoffmann 120×2 = 240
    #        utilisation 292/240 = 1.216667; gap −52; fte −52/240 = −0.216667
    # west:  customers 2×24 + 4×12 + 10×4 = 48 + 48 + 40 = 136
    #        prospects 3×6 + 4×2 = 18 + 8 = 26
    #        plans velmar 24 + korvat 12 + gravenhorst 12 = 48 → demand 210
    #        capacity t.wagner 115×2 = 230
    #        utilisation 210/230 = 0.913043; gap 20; fte 20/230 = 0.086957
    by_id = {t.territory_id: t for t in example.territories}
    assert list(by_id) == ["north", "south", "west"]
    figures = {tid: (t.demand, t.capacity, t.gap) for tid, t in by_id.items()}
    assert figures == {"north": (278, 340, 62), "south": (292, 240, -52),
                       "west": (210, 230, 20)}
    assert by_id["north"].utilisation == pytest.approx(0.8176471)
    assert by_id["south"].utilisation == pytest.approx(1.2166667)
    assert by_id["west"].utilisation == pytest.approx(0.9130435)
    assert by_id["north"].gap_fte == pytest.approx(0.3647059)
    assert by_id["south"].gap_fte == pytest.approx(-0.2166667)
    assert by_id["west"].gap_fte == pytest.approx(0.0869565)
    assert sorted(by_id["north"].plans) == [
        ("elbkant-verpackungen", 12), ("marschland-elektro", 2), ("nordwerk-chemie", 24),
    ]
    assert sorted(by_id["south"].plans) == [
        ("brenntal-automotive", 24), ("donauried-landtechnik", 8),
    ]


def test_example_owners(example: Any) -> None:
    # m.kaya      marschland (former) 2                  of  60 × 2 = 120
    # j.berger    nordwerk 24 + elbkant 12 = 36          of 110 × 2 = 220
    # s.hoffmann  brenntal 24 + donauried 8 = 32         of 120 × 2 = 240
    # t.wagner    velmar 24 + korvat 12 + gravenhorst 12 = 48 of 115 × 2 = 230
    assert [(o.member_id, o.demand, o.capacity, o.over_capacity) for o in example.owners] == [
        ("m.kaya", 2, 120, False), ("j.berger", 36, 220, False),
        ("s.hoffmann", 32, 240, False), ("t.wagner", 48, 230, False),
    ]


def test_example_visit_costs(example: Any) -> None:
    # gravenhorst (owner t.wagner): 146 000/(115 × 2) = 146 000/230 = 634.7826 per visit
    #   12 × (634.7826 + 80) = 12 × 714.7826 = 8 577.39; margin 55 000 → 0.155953 (> 10 %)
    # nordwerk (owner j.berger): 148 000/220 = 672.7273 per visit
    #   24 × (672.7273 + 120) = 24 × 792.7273 = 19 025.4545
    #   margin 820 000 → 19 025.4545/820 000 = 0.0232017738
    #   revenue per visit 3 100 000 / 24 = 129 166.67
    gravenhorst = example.visit_costs["gravenhorst-bauprofile"]
    assert gravenhorst.cost_per_visit == pytest.approx(634.7826087)
    assert gravenhorst.cost == pytest.approx(8_577.3913043)
    assert gravenhorst.margin_share == pytest.approx(0.1559526)
    nordwerk = example.visit_costs["nordwerk-chemie"]
    assert nordwerk.cost == pytest.approx(19_025.4545455)
    assert nordwerk.margin_share == pytest.approx(0.0232017738)
    assert nordwerk.revenue_per_visit == pytest.approx(129_166.6666667)


def test_example_matrix(example: Any) -> None:
    # kam.yaml sets no matrix: share of wallet, split 0.5, attractive from 50.
    #   nordwerk    3 100 000/8 000 000 = 0.3875, score 80    → develop
    #   gravenhorst 4 600 000/6 200 000 = 0.7419, score 30    → selective
    #   marschland    420 000/2 400 000 = 0.175,  score 28.75 → reduce
    points = {p.account_id: p for p in example.matrix}
    assert len(points) == 8
    assert points["nordwerk-chemie"].position == pytest.approx(0.3875)
    assert points["nordwerk-chemie"].quadrant == "develop"
    assert points["gravenhorst-bauprofile"].position == pytest.approx(0.7419355)
    assert points["gravenhorst-bauprofile"].quadrant == "selective"
    assert points["marschland-elektro"].position == pytest.approx(0.175)
    assert points["marschland-elektro"].quadrant == "reduce"


def test_visit_cost_over_the_limit_of_the_margin_share() -> None:
    # 24 × (750 + 50) = 19 200 on a margin of 240 000: 0.08. Limit 0.10 → within;
    # 0.08 itself → not over (on the limit is within); 0.05 → over.
    within = visit_cost(plan(24, 50), OWNER, year(1_200_000, 240_000), 0.10)
    assert within.margin_share == pytest.approx(0.08)
    assert not within.over_limit
    assert not visit_cost(plan(24, 50), OWNER, year(1_200_000, 240_000), 0.08).over_limit
    assert visit_cost(plan(24, 50), OWNER, year(1_200_000, 240_000), 0.05).over_limit
    # Without a positive margin there is no share, so nothing is over the limit.
    assert not visit_cost(plan(24, 50), OWNER, year(1_200_000, None), 0.0).over_limit
    assert not visit_cost(plan(24, 50), OWNER, year(1_200_000, -5), 0.0).over_limit


def test_visit_demand_over_capacity_and_the_visits_missing() -> None:
    # 10 A customers × 24 = 240 against m1's 100 × 2 = 200: utilisation 1.2 → over;
    # missing 240 − 200 = 40 visits, 40 / 200 = 0.2 of a manager.
    over = visit_demand(territory(customers={"A": 10}), VisitNorms(), [],
                        [manager("m1", 100, 2)])
    assert over.over_capacity
    assert over.missing_visits == 40
    assert over.missing_fte == pytest.approx(0.2)
    # 5 × 24 + 20 × 4 = 200 against 200: utilisation exactly 1 is not over; nothing
    # missing.
    full = visit_demand(territory(customers={"A": 5, "C": 20}), VisitNorms(), [],
                        [manager("m1", 100, 2)])
    assert full.utilisation == 1
    assert not full.over_capacity
    assert full.missing_visits == 0
    # No capacity: no utilisation, not over capacity; no managers, no FTE.
    empty = visit_demand(territory(customers={"A": 1}), VisitNorms(), [], [])
    assert not empty.over_capacity
    assert empty.missing_visits == 24
    assert empty.missing_fte is None
