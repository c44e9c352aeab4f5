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

__all__ = ["Series", "bar_chart", "nice_ticks"]

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

    parts = [
        f'<svg class="kam-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="kam-grid" stroke="#8884"/>')
        parts.append(_text(left - 6, y + 4, fmt(tick), "kam-tick", "end"))
    group_w = plot_w / max(len(categories), 1)
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
        parts.append(_text(left + group_w * (index + 0.5), top + plot_h + 18, category,
                           "kam-label"))
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{zero:.1f}" y2="{zero:.1f}" '
                 f'class="kam-axis" stroke="currentColor"/>')
    x = float(left)
    for s in series:
        parts.append(f'<rect x="{x:.1f}" y="{height - 18}" width="12" height="12" '
                     f'class="kam-{s.css}" fill="{_FALLBACK[s.css]}"/>')
        parts.append(_text(x + 18, height - 8, s.name, "kam-legend", "start"))
        x += 30 + 7.5 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)
