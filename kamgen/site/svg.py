"""Inline SVG charts: no JavaScript, no network, the same bytes for the same input.

Colours come from CSS classes (``kamgen.css``) so charts follow light and dark mode;
presentation attributes give a readable fallback where that stylesheet is absent.
Every chart has a ``<title>`` and a ``<desc>`` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .placement import (
    CHAR_WIDTH,
    LINE_HEIGHT,
    Box,
    Bubble,
    place_labels,
    text_box,
    text_width,
    wrap,
)

__all__ = ["Series", "bar_chart", "line_chart", "nice_ticks"]

_FALLBACK = {"s1": "#1f77b4", "s2": "#ff7f0e", "s3": "#2ca02c", "s4": "#9467bd"}


@dataclass(frozen=True)
class Series:
    """One series of a chart: a name for the legend and one value per category."""

    name: str
    values: Sequence[float | None]
    css: str = "s1"
    """Colour class: s1 … s4."""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (0 included)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _text(x: float, y: float, text: str, css: str, anchor: str = "middle") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}" '
            f'fill="currentColor">{escape(text)}</text>')


def _value_grid(ticks: Sequence[float], y_of: Callable[[float], float], left: float,
                right: float, fmt: Callable[[float], str]) -> list[str]:
    """A grid line across the plot from ``left`` to ``right`` and its value at each tick."""
    parts = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="kam-grid" stroke="#8884"/>')
        parts.append(_text(left - 6, y + 4, fmt(tick), "kam-tick", "end"))
    return parts


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str],
    width: int = 640,
    height: int = 300,
) -> str:
    """A grouped bar chart with a value axis, category labels and a legend."""
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    left, right, top, bottom = 84, 12, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_h * (hi - value) / (hi - lo)

    legend = _legend_spots([s.name for s in series], left, width - right)
    parts = _open(chart_id, title, description, width, height + _LEGEND_ROW * legend[-1][1]
                  if legend else height)
    parts += _value_grid(ticks, y_of, left, width - right, fmt)
    group_w = plot_w / max(len(categories), 1)
    chars = max(3, int(group_w / (CHAR_WIDTH * _FONT)))
    bar_w = min(48.0, group_w * 0.8 / max(len(series), 1))
    zero = y_of(0.0)
    for index, category in enumerate(categories):
        x0 = left + group_w * index + (group_w - bar_w * len(series)) / 2
        for s_index, s in enumerate(series):
            value = s.values[index]
            if value is None:
                continue
            y = min(y_of(value), zero)
            h = abs(zero - y_of(value))
            x = x0 + bar_w * s_index
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'class="kam-{s.css}" fill="{_FALLBACK[s.css]}">'
                f'<title>{escape(category)} · {escape(s.name)}: {escape(fmt(value))}</title></rect>'
            )
        parts.append(_label(left + group_w * (index + 0.5), top + plot_h + 18,
                            [_shorten(category, chars)], "middle", category,
                            len(category) > chars))
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{zero:.1f}" y2="{zero:.1f}" '
                 f'class="kam-axis" stroke="currentColor"/>')
    parts += _series_legend(series, legend, height - 8)
    parts.append("</svg>")
    return "".join(parts)


_MARKED_POINTS = 24
"""A line of at most this many points marks each point (with its value as a tooltip)."""


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str],
    ticks: Sequence[float],
    width: int = 640,
    height: int = 300,
) -> str:
    """Lines over ``categories`` (in order, evenly spaced) on a value axis of ``ticks``; a
    value of ``None`` breaks its line."""
    left, right, top, bottom = 56, 40, 16, 74
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = ticks[0], ticks[-1]

    def x_of(index: int) -> float:
        return left + (plot_w * index / (len(categories) - 1) if len(categories) > 1
                       else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h * (hi - min(max(value, lo), hi)) / (hi - lo)

    legend = _legend_spots([s.name for s in series], left, width - right)
    extra = _LEGEND_ROW * max(0, legend[-1][1] - 1) if legend else 0  # two rows fit below
    parts = _open(chart_id, title, description, width, height + extra)
    parts += _value_grid(ticks, y_of, left, width - right, fmt)
    # Every step-th label, so that the widest, and a space, fit between two of them.
    widest = max((text_width(c, _FONT) for c in categories), default=0.0) + 8
    room = plot_w / max(len(categories) - 1, 1)
    step = max(1, math.ceil(widest / room))
    for index, category in enumerate(categories):
        last = len(categories) - 1
        if index == last or (index % step == 0 and last - index >= step):
            parts.append(_text(x_of(index), top + plot_h + 18, category, "kam-label"))
    for s in series:
        runs: list[list[str]] = [[]]
        for index, value in enumerate(s.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x_of(index):.1f},{y_of(value):.1f}")
            if len(categories) > _MARKED_POINTS:
                continue  # a long line is read as a line; its values are in the table
            parts.append(f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="3" '
                         f'class="kam-{s.css}" fill="{_FALLBACK[s.css]}"><title>'
                         f'{escape(categories[index])} · {escape(s.name)}: '
                         f'{escape(fmt(value))}</title></circle>')
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline points="{" ".join(run)}" fill="none" '
                             f'class="kam-line kam-{s.css}" stroke="{_FALLBACK[s.css]}" '
                             'stroke-width="2"/>')
    parts += _series_legend(series, legend, height - 30)
    parts.append("</svg>")
    return "".join(parts)


_LEGEND_ROW = 18
"""The height of a row of a chart's legend."""


def _legend_spots(names: Sequence[str], left: float, right: float) -> list[tuple[float, int]]:
    """Where each entry of a legend (a 12 px marker, a space, the name) starts: its x and
    its row, a new row begun before an entry that would pass ``right``."""
    spots: list[tuple[float, int]] = []
    x, row = left, 0
    for name in names:
        entry = 18 + text_width(name, _FONT) + 12
        if x > left and x + entry > right:
            x, row = left, row + 1
        spots.append((x, row))
        x += entry
    return spots


def _series_legend(series: Sequence[Series], spots: Sequence[tuple[float, int]],
                   baseline: float) -> list[str]:
    """A legend of ``series``, each a square of its colour and its name, at the ``spots``
    of :func:`_legend_spots`, its first row's text on ``baseline``."""
    parts = []
    for s, (x, row) in zip(series, spots, strict=True):
        y = baseline + _LEGEND_ROW * row
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" '
                     f'class="kam-{s.css}" fill="{_FALLBACK[s.css]}"/>')
        parts.append(_text(x + 18, y, s.name, "kam-legend", "start"))
    return parts


MIN_SCALE = 0.75
"""A chart is drawn no smaller than this share of its size: its text (12 px in kamgen.css,
none smaller) stays at 9 px or more; in a narrower column it scrolls sideways."""


def _open(chart_id: str, title: str, description: str, width: float,
          height: float) -> list[str]:
    return [
        f'<svg class="kam-chart" role="img" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" style="min-width:{width * MIN_SCALE:.0f}px" '
        f'xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def profile_chart(
    chart_id: str,
    title: str,
    description: str,
    criteria: Sequence[str],
    series: Sequence[Series],
    scale: tuple[int, int] = (1, 5),
    width: int = 640,
) -> str:
    """A strengths-weaknesses profile: criteria as rows, the rating scale across, one
    line per supplier."""
    row_h, top, left, right = 34, 28, 230, 20
    height = top + row_h * len(criteria) + 40
    low, high = scale
    plot_w = width - left - right

    def x_of(value: float) -> float:
        return left + plot_w * (value - low) / (high - low)

    legend = _legend_spots([s.name for s in series], left, width - right)
    parts = _open(chart_id, title, description, width,
                  height + (_LEGEND_ROW * legend[-1][1] if legend else 0))
    for tick in range(low, high + 1):
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 8}" '
                     f'y2="{top + row_h * len(criteria) - 16}" class="kam-grid" stroke="#8884"/>')
        parts.append(_text(x, top - 12, str(tick), "kam-tick"))
    chars = int((left - 14) / (CHAR_WIDTH * _FONT))
    for index, criterion in enumerate(criteria):
        lines, cut = wrap(criterion, chars)  # two lines fit a row
        y = top + row_h * index + 8 - (len(lines) - 1) * LINE_HEIGHT * _FONT / 2
        parts.append(_label(left - 10, y, lines, "end", criterion, cut))
    for s_index, s in enumerate(series):
        points = [
            (x_of(v), top + row_h * i + 4) for i, v in enumerate(s.values) if v is not None
        ]
        css = f"s{s_index % 4 + 1}"
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke-width="2.5" '
                         f'class="kam-line-{css}" stroke="{_FALLBACK[css]}"/>')
        for (x, y), value in zip(points, [v for v in s.values if v is not None], strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="kam-{css}" '
                         f'fill="{_FALLBACK[css]}"><title>{escape(s.name)}: {value:g}</title>'
                         f'</circle>')
    for s_index, (s, (x, row)) in enumerate(zip(series, legend, strict=True)):
        css = f"s{s_index % 4 + 1}"
        legend_y = height - 14 + _LEGEND_ROW * row
        parts.append(f'<circle cx="{x + 6:.1f}" cy="{legend_y - 4}" r="5" class="kam-{css}" '
                     f'fill="{_FALLBACK[css]}"/>')
        parts.append(_text(x + 18, legend_y, s.name, "kam-legend", "start"))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    """A labelled point of a scatter chart; ``size`` scales the bubble's area."""

    x: float
    y: float
    label: str
    size: float = 1.0
    css: str = "s1"
    tooltip: str = ""


@dataclass(frozen=True)
class Axis:
    """One axis of a quadrant chart: its range, label, the split between the quadrants,
    how a tick is written and where ticks go (default: the ends and the split)."""

    low: float
    high: float
    label: str
    split: float
    fmt: Callable[[float], str]
    ticks: Sequence[float] = ()


def scatter_chart(
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    x: Axis,
    y: Axis,
    quadrants: tuple[str, str, str, str],
    max_radius: float = 24,
    width: int = 640,
    height: int = 420,
) -> str:
    """A bubble chart in four quadrants split at (``x.split``, ``y.split``).

    ``quadrants`` are the labels of top-left, top-right, bottom-left, bottom-right.
    """
    left, right, top, bottom = 70, 20, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    (x0, x1), (y0, y1) = (x.low, x.high), (y.low, y.high)
    x_split, y_split, x_label, y_label = x.split, y.split, x.label, y.label
    fmt_x, fmt_y, x_ticks, y_ticks = x.fmt, y.fmt, x.ticks, y.ticks

    def x_of(value: float) -> float:
        return left + plot_w * (min(max(value, x0), x1) - x0) / (x1 - x0)

    def y_of(value: float) -> float:
        return top + plot_h * (y1 - min(max(value, y0), y1)) / (y1 - y0)

    corners = ((left + 8, top + 18, "start"), (left + plot_w - 8, top + 18, "end"),
               (left + 8, top + plot_h - 8, "start"), (left + plot_w - 8, top + plot_h - 8, "end"))
    largest = max((p.size for p in points), default=1.0) or 1.0
    drawn = sorted(points, key=lambda p: -p.size)  # the small ones on top
    bubbles = [Bubble(x_of(p.x), y_of(p.y),
                      6 + (max_radius - 6) * math.sqrt(max(p.size, 0.0) / largest))
               for p in drawn]
    labels, legend = _point_labels(
        drawn, bubbles, Box(left, top, left + plot_w, top + plot_h),
        [text_box(qx, qy, [label], _FONT, anchor)
         for (qx, qy, anchor), label in zip(corners, quadrants, strict=True)])
    legend_h = _legend_height(legend)

    parts = _open(chart_id, title, description, width, height + legend_h)
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
                 f'class="kam-axis" stroke="currentColor"/>')
    sx, sy = x_of(x_split), y_of(y_split)
    parts.append(f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{top}" y2="{top + plot_h}" '
                 f'class="kam-split" stroke="#888" stroke-dasharray="4 4"/>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{sy:.1f}" y2="{sy:.1f}" '
                 f'class="kam-split" stroke="#888" stroke-dasharray="4 4"/>')
    for (qx, qy, anchor), label in zip(corners, quadrants, strict=True):
        parts.append(_text(qx, qy, label, "kam-quadrant", anchor))
    for value in x_ticks or (x0, x_split, x1):
        parts.append(_text(x_of(value), top + plot_h + 16, fmt_x(value), "kam-tick"))
    for value in y_ticks or (y0, y_split, y1):
        parts.append(_text(left - 6, y_of(value) + 4, fmt_y(value), "kam-tick", "end"))
    parts.append(_text(left + plot_w / 2, height - 8, x_label, "kam-legend"))
    parts.append(f'<text x="14" y="{top + plot_h / 2:.1f}" class="kam-legend" '
                 f'text-anchor="middle" fill="currentColor" '
                 f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{escape(y_label)}</text>')
    for p, b in zip(drawn, bubbles, strict=True):
        parts.append(f'<circle cx="{b.cx:.1f}" cy="{b.cy:.1f}" r="{b.r:.1f}" '
                     f'class="kam-bubble kam-{p.css}" fill="{_FALLBACK.get(p.css, "#888")}" '
                     f'fill-opacity="0.55"><title>{escape(p.tooltip or p.label)}</title>'
                     f'</circle>')
    parts += labels
    parts += _numbered_legend(legend, left, height, width - left - right)
    parts.append("</svg>")
    return "".join(parts)


_FONT = 12.0
"""The size of a chart's text in px (kamgen.css), for the estimates of its boxes."""
LABELS_MAX = 30
"""A chart labels at most this many points: beyond that, names on a chart of 640 px are
no longer read (a portfolio of hundreds of accounts is read in its tables)."""
_LABEL_CHARS = 22
"""A point's label wraps at this many characters, onto at most two lines."""


def _label(x: float, y: float, lines: Sequence[str], anchor: str, full: str, cut: bool,
           css: str = "kam-label") -> str:
    """A label of one or more lines, with its full text as a tooltip when it was cut."""
    spans = escape(lines[0]) + "".join(
        f'<tspan x="{x:.1f}" dy="{LINE_HEIGHT:g}em">{escape(line)}</tspan>'
        for line in lines[1:])
    title = f"<title>{escape(full)}</title>" if cut else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}" '
            f'fill="currentColor">{title}{spans}</text>')


def _point_labels(points: Sequence[Point], bubbles: Sequence[Bubble], plot: Box,
                  obstacles: Sequence[Box]) -> tuple[list[str], list[tuple[str, str]]]:
    """The labels of a scatter chart's points, each beside its bubble where there is room;
    a point without room gets a number by its bubble, and the numbered names are
    returned for a legend. Only the first :data:`LABELS_MAX` points (the largest: they are
    drawn first) are labelled; the others are named by their bubble's tooltip."""
    wrapped = [wrap(p.label, _LABEL_CHARS) for p in points[:LABELS_MAX]]
    spots = place_labels(bubbles, [lines for lines, _ in wrapped], _FONT, plot, obstacles)
    parts = [_label(spot.x, spot.y, lines, spot.anchor, p.label, cut)
             for p, spot, (lines, cut) in zip(points[:LABELS_MAX], spots, wrapped, strict=True)
             if spot]
    missing = [i for i, spot in enumerate(spots) if spot is None]
    if not missing:
        return parts, []
    numbers = [str(n) for n in range(1, len(missing) + 1)]
    taken = [*obstacles, *(spot.box for spot in spots if spot)]
    number_spots = place_labels([bubbles[i] for i in missing], [[n] for n in numbers], _FONT,
                                plot, taken, gap=1.0)
    legend = []
    for number, index, spot in zip(numbers, missing, number_spots, strict=True):
        b = bubbles[index]
        x, y, anchor = (spot.x, spot.y, spot.anchor) if spot else (b.cx, b.cy + 4, "middle")
        parts.append(_label(x, y, [number], anchor, points[index].label, True,
                            "kam-label kam-number"))
        legend.append((number, points[index].label))
    return parts, legend


_LEGEND_COLUMNS = 2


def _legend_height(legend: Sequence[tuple[str, str]]) -> int:
    """The room under a chart for its numbered legend (none without one)."""
    rows = math.ceil(len(legend) / _LEGEND_COLUMNS)
    return int(rows * LINE_HEIGHT * _FONT + 8) if rows else 0


def _numbered_legend(legend: Sequence[tuple[str, str]], left: float, top: float,
                     width: float) -> list[str]:
    """The names of numbered points, in columns under the chart."""
    column_w = width / _LEGEND_COLUMNS
    chars = int(column_w / (CHAR_WIDTH * _FONT)) - 1
    parts = []
    for i, (number, name) in enumerate(legend):
        x = left + column_w * (i % _LEGEND_COLUMNS)
        y = top + 0.9 * _FONT + LINE_HEIGHT * _FONT * (i // _LEGEND_COLUMNS)
        text = f"{number} {name}"
        parts.append(_label(x, y, [_shorten(text, chars)], "start", text, len(text) > chars,
                            "kam-legend"))
    return parts



def pareto_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    shares: Sequence[float],
    limits: tuple[float, float],
    fmt: Callable[[float], str],
    width: int = 640,
    height: int = 320,
) -> str:
    """Bars of each account's share and the cumulative curve, with the A and B limits."""
    left, right, top, bottom = 110, 16, 16, 96
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(shares), 1)
    step = plot_w / n

    def y_of(share: float) -> float:
        return top + plot_h * (1 - share)

    parts = _open(chart_id, title, description, width, height)
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y_of(tick):.1f}" '
                     f'y2="{y_of(tick):.1f}" class="kam-grid" stroke="#8884"/>')
        parts.append(_text(left - 6, y_of(tick) + 4, fmt(tick), "kam-tick", "end"))
    for limit in limits:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y_of(limit):.1f}" '
                     f'y2="{y_of(limit):.1f}" class="kam-split" stroke="#888" '
                     f'stroke-dasharray="4 4"/>')
    # Labels turned by 40° lie step × sin 40° apart: every k-th, so that a line fits.
    every = max(1, math.ceil((LINE_HEIGHT * _FONT + 2) / (step * math.sin(math.radians(40)))))
    cumulative = 0.0
    points = []
    for index, (label, share) in enumerate(zip(labels, shares, strict=True)):
        x = left + step * index
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{y_of(share):.1f}" '
                     f'width="{step * 0.7:.1f}" height="{plot_h * share:.1f}" class="kam-s1" '
                     f'fill="{_FALLBACK["s1"]}"><title>{escape(label)}: {escape(fmt(share))}'
                     f'</title></rect>')
        cumulative += share
        points.append((x + step / 2, y_of(cumulative)))
        if index % every:
            continue
        lx, ly = x + step / 2, top + plot_h + 10
        short = _shorten(label, 20)
        tooltip = f"<title>{escape(label)}</title>" if short != label else ""
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" class="kam-label" text-anchor="end" '
                     f'fill="currentColor" transform="rotate(-40 {lx:.1f} {ly:.1f})">'
                     f'{tooltip}{escape(short)}</text>')
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in [(left, y_of(0.0)), *points])
        parts.append(f'<polyline points="{path}" fill="none" stroke-width="2.5" '
                     f'class="kam-line-s2" stroke="{_FALLBACK["s2"]}"/>')
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="kam-s2" '
                         f'fill="{_FALLBACK["s2"]}"/>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class OrgNode:
    """A person in an org chart."""

    id: str
    name: str
    title: str
    parent: str | None
    css: str
    """Colour class of the box, e.g. kam-att-supporter."""
    strength: int
    """Relationship strength 1..5, drawn as the border width and as dots."""
    tooltip: str


ORG_CHART_WIDTH = 1240
"""The widest org chart drawn as a tree (children side by side under their parent): at
:data:`MIN_SCALE` it still fits a content column of 930 px. A wider network is drawn as an
indented list, one person a row, which stays legible at any size."""


def org_chart(chart_id: str, title: str, description: str, nodes: Sequence[OrgNode],
              width: int = 720) -> str:
    """A reports-to tree: parents above their reports, boxes coloured by ``css``; a large
    network as an indented list (see :data:`ORG_CHART_WIDTH`)."""
    ids = {n.id for n in nodes}
    children: dict[str | None, list[OrgNode]] = {}
    for node in nodes:
        parent = node.parent if node.parent in ids else None
        children.setdefault(parent, []).append(node)
    order: list[tuple[OrgNode, int]] = []
    slots: dict[str, float] = {}
    next_slot = 0.0

    def place(node: OrgNode, level: int, trail: frozenset[str]) -> float:
        nonlocal next_slot
        order.append((node, level))
        kids = [k for k in children.get(node.id, []) if k.id not in trail]
        if not kids:
            slots[node.id] = next_slot
            next_slot += 1
        else:
            positions = [place(k, level + 1, trail | {node.id}) for k in kids]
            slots[node.id] = (positions[0] + positions[-1]) / 2
        return slots[node.id]

    for root in children.get(None, []):
        place(root, 0, frozenset())
    natural = max(next_slot, 1.0) * (_ORG_BOX[0] + _ORG_GAP[0]) + _ORG_GAP[0]
    if natural > ORG_CHART_WIDTH:
        return _org_list(chart_id, title, description, order)
    return _org_tree(chart_id, title, description, order, slots, max(width, natural))


_ORG_BOX, _ORG_GAP = (160, 58), (14, 34)
"""An org chart's box (width, height) and the gaps between boxes (across, down)."""


def _org_node(node: OrgNode, x: float, y: float, w: float, h: float, name: tuple[float, float],
              line: tuple[float, float], dots: tuple[float, float], anchor: str) -> str:
    """One person's box: the name, the title below it, the relationship as five dots."""
    chars = int((w - 10 - (70 if anchor == "start" else 0)) / (CHAR_WIDTH * _FONT))
    dot_row = "".join(
        f'<circle cx="{x + dots[0] + 10 * i:.1f}" cy="{y + dots[1]:.1f}" r="3" '
        f'class="{"kam-dot-on" if i < node.strength else "kam-dot-off"}" '
        f'fill="{"#333" if i < node.strength else "#ccc"}"/>'
        for i in range(5)
    )
    return (f'<g class="kam-node {node.css}"><title>{escape(node.tooltip)}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="6" '
            f'stroke-width="{0.5 + node.strength * 0.6:.1f}" fill="#eee" stroke="#555"/>'
            + _text(x + name[0], y + name[1], _shorten(node.name, chars), "kam-node-name", anchor)
            + _text(x + line[0], y + line[1], _shorten(node.title, chars), "kam-node-title",
                    anchor)
            + dot_row + "</g>")


def _org_tree(chart_id: str, title: str, description: str,
              order: Sequence[tuple[OrgNode, int]], slots: dict[str, float],
              width: float) -> str:
    (box_w, box_h), (gap_x, gap_y) = _ORG_BOX, _ORG_GAP
    depth = {node.id: level for node, level in order}
    levels = max(depth.values(), default=0) + 1
    natural = max((slot + 1 for slot in slots.values()), default=1.0) * (box_w + gap_x) + gap_x
    height = levels * (box_h + gap_y) + gap_y
    offset = (width - natural) / 2

    def box_x(node_id: str) -> float:
        return offset + gap_x + slots[node_id] * (box_w + gap_x)

    def box_y(node_id: str) -> float:
        return gap_y / 2 + depth[node_id] * (box_h + gap_y)

    parts = _open(chart_id, title, description, width, height)
    for node, _level in order:
        if node.parent in slots:
            x1 = box_x(node.parent) + box_w / 2
            y1 = box_y(node.parent) + box_h
            x2, y2 = box_x(node.id) + box_w / 2, box_y(node.id)
            mid = (y1 + y2) / 2
            parts.append(f'<path d="M{x1:.1f},{y1:.1f} V{mid:.1f} H{x2:.1f} V{y2:.1f}" '
                         f'fill="none" class="kam-edge" stroke="#888"/>')
    for node, _level in order:
        parts.append(_org_node(node, box_x(node.id), box_y(node.id), box_w, box_h,
                               (box_w / 2, 18), (box_w / 2, 34), (box_w / 2 - 20, 46),
                               "middle"))
    parts.append("</svg>")
    return "".join(parts)


_ORG_ROW, _ORG_INDENT = (340, 42, 8), 24
"""A row of the indented org chart (box width, box height, gap below) and the indent of
each level of reports."""


def _org_list(chart_id: str, title: str, description: str,
              order: Sequence[tuple[OrgNode, int]]) -> str:
    row_w, row_h, gap = _ORG_ROW
    levels = max((level for _node, level in order), default=0)
    width = 2 * gap + levels * _ORG_INDENT + row_w
    height = gap + len(order) * (row_h + gap)
    row = {node.id: index for index, (node, _level) in enumerate(order)}
    level_of = {node.id: level for node, level in order}

    def x_of(node_id: str) -> float:
        return gap + level_of[node_id] * _ORG_INDENT

    def y_of(node_id: str) -> float:
        return gap + row[node_id] * (row_h + gap)

    parts = _open(chart_id, title, description, width, height)
    for node, _level in order:
        if node.parent in row and row[node.parent] < row[node.id]:
            x1, y1 = x_of(node.parent) + _ORG_INDENT / 2, y_of(node.parent) + row_h
            y2 = y_of(node.id) + row_h / 2
            parts.append(f'<path d="M{x1:.1f},{y1:.1f} V{y2:.1f} H{x_of(node.id):.1f}" '
                         f'fill="none" class="kam-edge" stroke="#888"/>')
    for node, _level in order:
        parts.append(_org_node(node, x_of(node.id), y_of(node.id), row_w, row_h, (10, 17),
                               (10, 33), (row_w - 56, row_h / 2), "start"))
    parts.append("</svg>")
    return "".join(parts)
