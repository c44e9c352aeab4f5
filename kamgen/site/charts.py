"""The site's charts: each a pure function of figures, labels and formats, drawn by
:mod:`kamgen.site.svg`. A chart with nothing to show is ``""``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..history.timeline import Point as HistoryPoint
from ..method.pareto import ParetoResult
from ..method.portfolio_matrix import MatrixPoint
from ..method.positioning import CompetenceField
from ..method.visits import TerritoryDemand
from ..model import BusinessYear, Contact, Positioning
from ..model.programme import ParetoLimits, PortfolioMatrix
from . import svg
from .i18n import Formats, Labels
from .svg import Axis, OrgNode, Point, Series

__all__ = ["business_chart", "competence_chart", "demand_chart", "history_chart",
           "matrix_chart", "network_chart", "pareto_chart", "profile_chart", "signed"]


def signed(value: float) -> str:
    """A whole number with its sign: +2, −2, 0."""
    number = round(value)
    return f"+{number}" if number > 0 else (f"−{-number}" if number < 0 else "0")


def business_chart(account_id: str, name: str, years: Sequence[BusinessYear],
                   L: Labels, F: Formats) -> str:
    """Revenue (and margin, when a year has one) of the account ``name`` by year; ``years``
    in order. Nothing with fewer than two years."""
    if len(years) < 2:
        return ""
    forecast = L("col_forecast")
    categories = [f"{b.year}{' (' + forecast + ')' if b.forecast else ''}" for b in years]
    series = [Series(L("col_revenue"), [b.revenue for b in years], "s1")]
    if any(b.margin is not None for b in years):
        series.append(Series(L("col_margin"), [b.margin for b in years], "s2"))
    return svg.bar_chart(
        f"business-{account_id}",
        f"{name}: {L('business_chart')}",
        "; ".join(
            f"{category}: {L('col_revenue')} {F.money(b.revenue)}"
            + (f", {L('col_margin')} {F.money(b.margin)}" if b.margin is not None else "")
            for category, b in zip(categories, years, strict=True)
        ),
        categories,
        series,
        F.money_short,
    )


def history_chart(account_id: str, name: str, points: Sequence[HistoryPoint], L: Labels,
                  F: Formats) -> str:
    """The rating score, share of wallet, scorecard score, network coverage and
    completeness of the account ``name`` at each revision (in %); nothing with fewer than
    two revisions."""
    if len(points) < 2:
        return ""
    categories = [F.date(p.date) for p in points]
    series = [Series(L(label), values, css) for label, values, css in (
        ("col_score", [p.score / 100 if p.score is not None else None
                              for p in points], "s1"),
        ("col_share_of_wallet", [p.share_of_wallet for p in points], "s2"),
        ("col_scorecard", [p.scorecard for p in points], "s3"),
        ("col_completeness", [p.completeness for p in points], "s4"),
    ) if any(v is not None for v in values)]
    return svg.line_chart(
        f"history-{account_id}", f"{name}: {L('history_chart')}",
        "; ".join(f"{category}: " + ", ".join(
            f"{s.name} {F.percent(v)}" for s in series
            if (v := s.values[index]) is not None)
            for index, category in enumerate(categories)),
        categories, series, F.percent, [0.0, 0.25, 0.5, 0.75, 1.0])


def profile_chart(account_id: str, name: str, positioning: Positioning, L: Labels) -> str:
    """The strengths-and-weaknesses profile: our rating and each competitor's by criterion."""
    if not positioning.profile:
        return ""
    series = [Series(L("col_us"), [row.us for row in positioning.profile])]
    series += [
        Series(c.name, [row.competitor_ratings.get(c.id) for row in positioning.profile])
        for c in positioning.competitors
    ]
    description = "; ".join(
        f"{row.criterion} ({L('col_importance')} {row.importance}): "
        + ", ".join(f"{s.name} {v}" for s, v in zip(series, values, strict=True)
                    if v is not None)
        for row, values in zip(
            positioning.profile,
            zip(*(s.values for s in series), strict=True),
            strict=True,
        )
    )
    return svg.profile_chart(
        f"profile-{account_id}",
        f"{name}: {L('profile_chart_title')}",
        description,
        [f"{row.criterion} ({row.importance})" for row in positioning.profile],
        series,
    )


_QUADRANT_CSS = {"core_competence": "s3", "act_now": "s2", "over_service": "s1",
                 "watch": "s4"}


def competence_chart(account_id: str, name: str, fields: Sequence[CompetenceField],
                     L: Labels) -> str:
    """The competence portfolio: each criterion by importance and our lead."""
    if not fields:
        return ""
    points = [
        Point(f.importance, f.lead, f.criterion, 1.0, _QUADRANT_CSS[f.quadrant],
              f"{f.criterion}: {L('col_importance')} {f.importance}, "
              f"{L('col_lead')} {f.lead:+d} ({L('quadrant_' + f.quadrant)})")
        for f in fields
    ]
    return svg.scatter_chart(
        f"competence-{account_id}",
        f"{name}: {L('competence_title')}",
        "; ".join(p.tooltip for p in points),
        points,
        Axis(0.5, 5.5, L("axis_importance"), 3.5, lambda v: f"{v:g}", (1, 2, 3, 4, 5)),
        Axis(-4.5, 4.5, L("axis_lead"), 0.5, signed, (-4, -2, 0, 2, 4)),
        (L("quadrant_over_service"), L("quadrant_core_competence"),
         L("quadrant_watch"), L("quadrant_act_now")),
        max_radius=9,
    )


def network_chart(account_id: str, name: str, network: Sequence[Contact],
                  attitudes: bool, L: Labels) -> str:
    """The contacts as an org chart; coloured by attitude only when the edition shows
    ``attitudes``."""
    if not network:
        return ""
    nodes = [
        OrgNode(
            c.id, c.name, c.title or "", c.reports_to,
            f"kam-att-{c.attitude}" if attitudes else "kam-att-neutral",
            c.relationship if attitudes else 0,
            f"{c.name}, {c.title or ''}: {L('attitude_' + c.attitude)}, "
            f"{L('col_influence')} {c.influence}, "
            f"{L('col_relationship')} {c.relationship}"
            if attitudes else f"{c.name}, {c.title or ''}",
        )
        for c in network
    ]
    return svg.org_chart(
        f"network-{account_id}",
        f"{name}: {L('network_title')}",
        "; ".join(n.tooltip for n in nodes),
        nodes,
    )


def pareto_chart(key: str, result: ParetoResult, names: Mapping[str, str],
                 limits: ParetoLimits, L: Labels, F: Formats) -> str:
    """The Pareto chart of the accounts' ``key`` (revenue or margin), with the class
    limits."""
    return svg.pareto_chart(
        f"pareto-{key}",
        L("pareto_chart", what=L("pareto_" + key)),
        "; ".join(f"{names[r.account_id]}: {F.percent_part(r.before, r.cumulative, 1)}, "
                  f"{F.percent(r.cumulative, 1)} ({r.account_class})"
                  for r in result.rows),
        [names[r.account_id] for r in result.rows],
        [r.share for r in result.rows],
        (limits.A / 100, limits.B / 100),
        F.percent,
    )


def demand_chart(territories: Sequence[TerritoryDemand], names: Sequence[str], L: Labels,
                 F: Formats) -> str:
    """Visit demand against capacity by territory (``names`` in the same order)."""
    return svg.bar_chart(
        "visit-demand",
        L("demand_chart"),
        "; ".join(f"{n}: {L('col_demand')} {F.number(t.demand)}, "
                  f"{L('col_capacity')} {F.number(t.capacity)}"
                  for n, t in zip(names, territories, strict=True)),
        list(names),
        [Series(L("col_demand"), [t.demand for t in territories], "s2"),
         Series(L("col_capacity"), [t.capacity for t in territories], "s1")],
        F.number,
    )


_MATRIX_CSS = {"maintain": "s3", "develop": "s1", "selective": "s4", "reduce": "s2"}


def matrix_chart(points: Sequence[MatrixPoint], names: Mapping[str, str],
                 settings: PortfolioMatrix, L: Labels, F: Formats) -> str:
    """The portfolio matrix: attractiveness against our position, bubbles sized by
    revenue."""
    if not points:
        return ""
    position = L("matrix_position_" + settings.position)
    share = settings.position == "share_of_wallet"
    fmt_y = F.percent if share else (lambda v: F.number(v, 2))
    chart_points = [
        Point(p.attractiveness, p.position, names[p.account_id], p.revenue,
              _MATRIX_CSS[p.quadrant],
              f"{names[p.account_id]}: {F.number(p.attractiveness, 1)}, "
              f"{fmt_y(p.position)}, {F.money_short(p.revenue)} "
              f"({L('matrix_' + p.quadrant)})")
        for p in points
    ]
    top = 1.0 if share else max(2.0, max(p.position for p in points))
    return svg.scatter_chart(
        "portfolio-matrix",
        L("matrix_title"),
        "; ".join(p.tooltip for p in chart_points),
        chart_points,
        Axis(0, 100, L("axis_attractiveness"), settings.attractiveness_split,
             lambda v: F.number(v), (0, 25, 50, 75, 100)),
        Axis(0, top, position, settings.split, fmt_y,
             (0, 0.25, 0.5, 0.75, 1.0) if share else (0, settings.split, top)),
        (L("matrix_selective"), L("matrix_maintain"),
         L("matrix_reduce"), L("matrix_develop")),
    )
