"""``kamgen export``: every computed figure as JSON or CSV (one row per account).

The JSON document is the complete, stable form, with English ids as keys and values; CSV
is a flattened view of it. Numbers are raw (not formatted for a language); shares are 0..1.
The workbook for spreadsheet users, in the programme's language, is :mod:`kamgen.workbook`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from typing import Any

from .audience import INTERNAL, Edition, Redacted, redact
from .method.checklists import completion
from .method.kep import AccountFigures, account_figures
from .method.pareto import ParetoResult
from .method.portfolio_matrix import MatrixPoint
from .method.selection import SelectionRow, selection
from .method.visits import cost_per_visit, visit_capacity
from .model import Account, Portfolio

__all__ = ["ACCOUNT_COLUMNS", "FORMATS", "FORMULA_STARTS", "account_rows", "export",
           "portfolio_document", "shared_document", "spreadsheet_cell"]

FORMATS = ("json", "csv", "xlsx")
SCHEMA_VERSION = 1


def _pareto(result: ParetoResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "top_count": result.top_count,
        "top_share": result.top_share,
        "rows": [
            {"account": r.account_id, "value": r.value, "share": r.share,
             "cumulative_before": r.before, "cumulative": r.cumulative,
             "class": r.account_class}
            for r in result.rows
        ],
    }


def _account(portfolio: Portfolio, account: Account, fig: AccountFigures,
             row: SelectionRow, point: MatrixPoint | None) -> dict[str, Any]:
    plan = account.plan
    latest = fig.latest
    vc = fig.visit_cost
    return {
        "id": account.id,
        "name": plan.name,
        "status": plan.status,
        "owner": plan.owner,
        "team": list(plan.team),
        "territory": plan.territory,
        "industry": plan.industry,
        "tags": list(plan.tags),
        "reviewed": plan.reviewed.isoformat() if plan.reviewed else None,
        "file": account.file,
        "customer_number": plan.customer_number,
        "rating": None if fig.rating is None else {
            "score": fig.rating.score,
            "class": fig.rating.account_class,
            "criteria": [
                {"id": c.id, "weight": c.weight, "share": c.share, "rating": c.rating,
                 "points": c.points}
                for c in fig.rating.criteria
            ],
        },
        "selection": {
            "revenue_class": row.revenue_class,
            "margin_class": row.margin_class,
            "rating_class": row.rating_class,
            "disagreements": list(row.disagreements),
        },
        "business": {
            "latest_year": latest.year if latest else None,
            "revenue": latest.revenue if latest else None,
            "margin": latest.margin if latest else None,
            "margin_rate": latest.margin / latest.revenue
            if latest and latest.margin is not None and latest.revenue else None,
            "years": [b.model_dump() for b in sorted(plan.business, key=lambda b: b.year)],
            "sources": list(account.imported),
        },
        "share_of_wallet": None if fig.share_of_wallet is None else {
            "revenue": fig.share_of_wallet.revenue,
            "wallet": fig.share_of_wallet.wallet,
            "share": fig.share_of_wallet.share,
        },
        "visits": {
            "per_year": vc.visits,
            "cost_per_visit": vc.cost_per_visit,
            "extra_travel_cost": vc.extra_travel_cost,
            "cost": vc.cost,
            "revenue_per_visit": vc.revenue_per_visit,
            "margin_share": vc.margin_share,
            "over_limit": vc.over_limit,
        },
        "scorecard": {
            "score": fig.scorecard.score,
            "perspectives": [
                {
                    "perspective": p.perspective,
                    "score": p.score,
                    "objectives": [
                        {
                            "objective": o.objective.objective,
                            "kpi": o.objective.kpi,
                            "unit": o.objective.unit,
                            "baseline": o.objective.baseline,
                            "target": o.objective.target,
                            "actual": o.objective.actual,
                            "direction": o.objective.direction,
                            "due": o.objective.due.isoformat() if o.objective.due else None,
                            "achievement": o.achievement,
                            "status": o.status,
                        }
                        for o in p.objectives
                    ],
                }
                for p in fig.scorecard.perspectives
            ],
        },
        "positioning": {
            "performance": dict(fig.performance),
            "relative_quality": [
                {"competitor": rq.competitor_id, "criteria": rq.criteria,
                 "performance_us": rq.performance_us, "performance_them": rq.performance_them,
                 "index": rq.index, "score": rq.score, "better": list(rq.better),
                 "worse": list(rq.worse)}
                for rq in fig.relative_quality
            ],
            "competence_fields": [
                {"criterion": f.criterion, "importance": f.importance, "us": f.us,
                 "best_competitor": f.best_competitor, "lead": f.lead, "quadrant": f.quadrant}
                for f in fig.competence_fields
            ],
            "competitors": [
                {"id": c.id, "name": c.name, "share_of_wallet": c.share_of_wallet,
                 "threat": c.threat}
                for c in plan.positioning.competitors
            ],
        },
        "value_add": [
            {"title": concept.title, "benefits": va.benefits, "yearly_cost": va.yearly_cost,
             "investment": va.investment, "horizon_years": va.horizon_years,
             "net_yearly_value": va.net_yearly_value, "payback_months": va.payback_months,
             "roi": va.roi, "value_to_price": va.value_to_price}
            for concept, va in zip(plan.value_add, fig.value_add, strict=True)
        ],
        "network": {
            "contacts": len(plan.network),
            "key_contacts": list(fig.network.key_contacts),
            "covered": list(fig.network.covered),
            "coverage": fig.network.coverage,
            "support": fig.network.support,
            "findings": [
                {"kind": f.kind, "contacts": list(f.contacts), "detail": f.detail}
                for f in fig.network.findings
            ],
        },
        "actions": {
            "total": len(plan.actions),
            "open": len(fig.open_actions),
            "overdue": len(fig.overdue_actions),
            "overdue_titles": [a.title for a in fig.overdue_actions],
            "items": [
                {"title": a.title, "owner": a.owner,
                 "due": a.due.isoformat() if a.due else None, "status": a.status,
                 "overdue": a in fig.overdue_actions}
                for a in plan.actions
            ],
        },
        "checklists": {
            checklist_id: {"done": c.done, "open": c.open, "not_applicable": c.not_applicable,
                           "completion": c.completion}
            for checklist_id, c in fig.checklists.items()
        },
        "matrix": None if point is None else {
            "attractiveness": point.attractiveness,
            "position": point.position,
            "revenue": point.revenue,
            "quadrant": point.quadrant,
        },
    }


def portfolio_document(portfolio: Portfolio, today: dt.date) -> dict[str, Any]:
    """The whole portfolio with every computed figure, as JSON-ready data."""
    programme = portfolio.programme
    chosen = selection(portfolio)
    figures = {aid: account_figures(portfolio, a, today) for aid, a in portfolio.accounts.items()}
    rows = {row.account_id: row for row in chosen.rows}
    points = {point.account_id: point for point in chosen.matrix}
    names = {t.id: t.name for t in portfolio.territories}
    return {
        "kamgen_export": SCHEMA_VERSION,
        "as_of": today.isoformat(),
        "programme": {
            "company": programme.company,
            "language": programme.language,
            "currency": programme.currency,
            "fiscal_year": programme.fiscal_year,
            "rating": programme.rating.model_dump(mode="json"),
            "pareto": programme.pareto.model_dump(),
            "visit_norms": programme.visits.norms.model_dump(),
            "scorecard": programme.scorecard.model_dump(),
            "matrix": {**programme.matrix.model_dump(), "position_split": programme.matrix.split},
            "policy": programme.policy.model_dump(mode="json"),
            "areas": {
                name: None if area is None else area.model_dump()
                for name, area in programme.areas.model_dump(exclude_none=False).items()
                for area in [getattr(programme.areas, name)]
            },
            "checklists": {
                cid: {
                    "done": c.done, "open": c.open, "not_applicable": c.not_applicable,
                    "completion": c.completion,
                }
                for cid in programme.checklists
                for c in [completion(portfolio.checklists[cid],
                                     programme.checklist_state.get(cid, {}))]
            },
        },
        "selection": {
            "revenue": _pareto(chosen.revenue),
            "margin": _pareto(chosen.margin),
        },
        "territories": [
            {
                "id": t.territory_id,
                "name": names[t.territory_id],
                "demand": t.demand,
                "capacity": t.capacity,
                "utilisation": t.utilisation,
                "gap": t.gap,
                "gap_fte": t.gap_fte,
                "parts": [{"group": p.group, "count": p.count, "norm": p.norm,
                           "visits": p.visits} for p in t.parts],
                "plans": [{"account": aid, "visits": visits} for aid, visits in t.plans],
                "managers": [{"id": mid, "capacity": capacity} for mid, capacity in t.managers],
            }
            for t in chosen.territories
        ],
        "managers": [
            {"id": m.id, "name": m.name, "role": m.role, "territory": m.territory,
             "visit_days": m.visit_days, "visits_per_day": m.visits_per_day,
             "capacity": visit_capacity(m), "annual_cost": m.annual_cost,
             "cost_per_visit": cost_per_visit(m),
             "accounts": sorted(aid for aid, a in portfolio.accounts.items()
                                if a.plan.owner == m.id)}
            for m in portfolio.team
        ],
        "accounts": [
            _account(portfolio, account, figures[aid], rows[aid], points.get(aid))
            for aid, account in portfolio.accounts.items()
        ],
    }


ACCOUNT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("name", "name"),
    ("status", "status"),
    ("owner", "owner"),
    ("territory", "territory"),
    ("industry", "industry"),
    ("rating_score", "rating.score"),
    ("rating_class", "rating.class"),
    ("revenue_class", "selection.revenue_class"),
    ("margin_class", "selection.margin_class"),
    ("disagreements", "selection.disagreements"),
    ("latest_year", "business.latest_year"),
    ("revenue", "business.revenue"),
    ("margin", "business.margin"),
    ("margin_rate", "business.margin_rate"),
    ("wallet", "share_of_wallet.wallet"),
    ("share_of_wallet", "share_of_wallet.share"),
    ("visits_per_year", "visits.per_year"),
    ("cost_per_visit", "visits.cost_per_visit"),
    ("visit_cost", "visits.cost"),
    ("revenue_per_visit", "visits.revenue_per_visit"),
    ("visit_cost_share", "visits.margin_share"),
    ("scorecard_score", "scorecard.score"),
    ("network_coverage", "network.coverage"),
    ("network_support", "network.support"),
    ("network_findings", "network.findings"),
    ("value_add_concepts", "value_add"),
    ("open_actions", "actions.open"),
    ("overdue_actions", "actions.overdue"),
    ("matrix_attractiveness", "matrix.attractiveness"),
    ("matrix_position", "matrix.position"),
    ("matrix_quadrant", "matrix.quadrant"),
    ("reviewed", "reviewed"),
    ("customer_number", "customer_number"),
)


def _pick(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    if isinstance(value, list):
        if dotted == "value_add":
            return len(value)
        if value and isinstance(value[0], Mapping):
            if "kind" in value[0]:
                return "; ".join(str(item["kind"]) for item in value)
            return len(value)
        return "; ".join(str(item) for item in value)
    return value


def account_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One flat row per account, with the columns of :data:`ACCOUNT_COLUMNS`."""
    return [{name: _pick(account, path) for name, path in ACCOUNT_COLUMNS}
            for account in document["accounts"]]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text cell as a formula (OWASP, CSV
injection)."""

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an XLSX file cannot hold (YAML escapes such as "\\x01" can give them)."""


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell of the CSV and XLSX exports.

    A text that starts with one of :data:`FORMULA_STARTS` gets a leading ``'``, so that
    Excel, LibreOffice and Google Sheets show it as text instead of running it, and openpyxl
    stores it as a string rather than a formula. Line breaks become ``\\n`` (a carriage
    return inside a CSV field is not quoted by the csv module, and a reader would start a
    new row there, whose first cell could be a formula); other control characters become
    U+FFFD. Numbers (negative ones too), dates and ``None`` are returned as they are.
    """
    if not isinstance(value, str):
        return value
    prefix = "'" if value.startswith(FORMULA_STARTS) else ""
    text = _NOT_IN_XML.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
    return prefix + text


def _csv(document: Mapping[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in ACCOUNT_COLUMNS],
                            lineterminator="\n")
    writer.writeheader()
    for row in account_rows(document):
        writer.writerow({k: "" if v is None else spreadsheet_cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")


def shared_document(redacted: Redacted, today: dt.date) -> dict[str, Any]:
    """The shared edition's export: the one account's plan as :func:`kamgen.audience.redact`
    leaves it, with the figures its site shows and nothing of the portfolio's analyses.
    Keys are taken in by name (default-deny), as the edition's pages show them."""
    seen = redacted.seen
    full = portfolio_document(redacted.portfolio, today)
    programme = full["programme"]
    (account,) = full["accounts"]
    shared: dict[str, Any] = {key: account[key] for key in (
        "id", "name", "owner", "team", "industry", "tags", "reviewed", "scorecard",
        "value_add")}
    if seen.business:
        business = dict(account["business"])
        business.pop("sources")
        if not seen.margins:
            business.pop("margin")
            business.pop("margin_rate")
            business["years"] = [{k: v for k, v in y.items() if k != "margin"}
                                 for y in business["years"]]
        shared["business"] = business
        shared["share_of_wallet"] = account["share_of_wallet"]
    if seen.rating:
        shared["status"] = account["status"]
        shared["rating"] = account["rating"]
    if seen.visit_costs:
        shared["visits"] = account["visits"]
    if seen.competitors:
        shared["positioning"] = account["positioning"]
    shared["network"] = account["network"] if seen.attitudes \
        else {"contacts": account["network"]["contacts"]}
    shared["actions"] = account["actions"]
    if redacted.portfolio.accounts[account["id"]].plan.checklists:
        shared["checklists"] = account["checklists"]
    return {
        "kamgen_export": full["kamgen_export"],
        "edition": "customer",
        "as_of": full["as_of"],
        "programme": {k: programme[k] for k in ("company", "language", "currency",
                                                "fiscal_year")},
        "accounts": [shared],
    }


def export(portfolio: Portfolio, today: dt.date, fmt: str, chosen: Edition = INTERNAL
           ) -> bytes:
    """The export of ``portfolio`` in ``fmt`` (json or csv) as bytes, for the internal
    edition or the shared edition of one account; the workbook (xlsx) is
    :func:`kamgen.workbook.workbook`, in the programme's language."""
    redacted = redact(portfolio, chosen)
    document = (shared_document(redacted, today) if chosen.shared
                else portfolio_document(portfolio, today))
    if fmt == "json":
        return (json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
                ).encode("utf-8")
    if fmt == "csv":
        return _csv(document)
    raise ValueError(f"unknown export format {fmt!r}")
