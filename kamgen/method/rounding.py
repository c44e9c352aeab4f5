"""Rounded parts that add up to their rounded total: largest-remainder rounding.

A table of parts and their total shows each figure rounded. Rounded one by one, the parts
may not add up to the total shown (15,0 + 12,5 + 25,0 + 11,2 + 11,2 = 74,9 against 75,0),
and a careful reader sees the gap. :func:`largest_remainder` rounds the parts down and gives
the units still missing to the parts that lost most in rounding (Hare–Niemeyer), so that
the shown parts add up to the shown total and none of them is off by a unit or more.

A table of running totals (a Pareto ranking: each row's share, the total before it and the
total after it) has the same gap row by row (12,4 % + 4,6 % shown beside 16,9 %);
:func:`part_between` gives the part as the difference of the two totals as shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["largest_remainder", "part_between"]


def largest_remainder(parts: Sequence[float], digits: int = 0,
                      total: float | None = None) -> list[float]:
    """``parts`` rounded to ``digits`` decimals so that they add up to ``total`` rounded
    as a table shows it, half to even (``total`` defaults to their exact sum).

    Each part is rounded down, then the units missing to the rounded total go, one each, to
    the parts with the largest remainders (the earlier part first among equal ones). The
    total must be the parts' sum up to rounding: each part moves by less than one unit.
    """
    scale = 10 ** digits
    # Rounded to nine places first, so that 18.75 * 10 is 187.5 and not 187.49999…
    scaled = [round(part * scale, 9) for part in parts]
    exact = round((sum(parts) if total is None else total) * scale, 9)
    # Half to even, as Python's formatting rounds the total where it is shown (56.25 → 56.2).
    target = round(exact)
    floors = [math.floor(value) for value in scaled]
    missing = target - sum(floors)
    if not 0 <= missing <= len(parts):
        raise ValueError(f"the total {total} is not the sum of the parts {list(parts)}")
    order = sorted(range(len(parts)), key=lambda index: (-(scaled[index] - floors[index]),
                                                          index))
    for index in order[:missing]:
        floors[index] += 1
    return [value / scale for value in floors]


def part_between(before: float, after: float, digits: int = 0) -> float:
    """The part that takes a running total from ``before`` to ``after`` as a table must
    show it when it shows the totals rounded to ``digits`` decimals: the difference of the
    rounded totals. In each row the total before and the part add up to the total after,
    and down the column the parts add up to the last total; no part is off by a unit or
    more."""
    return round(round(after, digits) - round(before, digits), digits)
