"""Where a chart's labels go, so that no two of them lie on each other.

A chart is drawn before any browser measures its text, so the boxes here are estimates:
a glyph is taken as :data:`CHAR_WIDTH` of the font size wide, a generous average of the
site's sans-serif (measured: 0.45–0.57 of the size for German words). Placement is
greedy and stable: labels are placed in the order given, each at the first of its
candidate spots that is inside the plot and clear of every other label, bubble and
obstacle; a label with no free spot is left to the caller (:func:`place_labels` returns
``None`` for it), who numbers it and lists it in a legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CHAR_WIDTH", "LINE_HEIGHT", "Box", "Bubble", "Placed", "place_labels",
           "text_box", "text_width", "wrap"]

CHAR_WIDTH = 0.6
"""A glyph's width as a share of the font size (an overestimate, so boxes are safe)."""
LINE_HEIGHT = 1.2
"""A line of text as a multiple of the font size."""
_ASCENT, _DESCENT = 0.9, 0.25
"""How far a line's glyphs reach above and below its baseline, in font sizes."""


@dataclass(frozen=True)
class Box:
    """An axis-parallel rectangle: left, top, right, bottom (SVG y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two share more than an edge."""
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def inside(self, other: Box) -> bool:
        """Whether this box lies wholly within ``other``."""
        return (self.x0 >= other.x0 and self.x1 <= other.x1
                and self.y0 >= other.y0 and self.y1 <= other.y1)


@dataclass(frozen=True)
class Bubble:
    """A circle of a chart: its centre and radius."""

    cx: float
    cy: float
    r: float

    def overlaps(self, box: Box) -> bool:
        """Whether the circle reaches into ``box``."""
        nearest_x = min(max(self.cx, box.x0), box.x1)
        nearest_y = min(max(self.cy, box.y0), box.y1)
        return (self.cx - nearest_x) ** 2 + (self.cy - nearest_y) ** 2 < self.r ** 2


@dataclass(frozen=True)
class Placed:
    """Where a label's first baseline starts and how it is anchored."""

    x: float
    y: float
    anchor: str
    """``start``, ``middle`` or ``end``, as SVG's text-anchor."""
    box: Box


def text_width(text: str, size: float) -> float:
    """The estimated width of ``text`` at font ``size``."""
    return len(text) * CHAR_WIDTH * size


def text_box(x: float, y: float, lines: Sequence[str], size: float, anchor: str) -> Box:
    """The box of ``lines`` whose first baseline is at ``y``, anchored at ``x``."""
    width = max((text_width(line, size) for line in lines), default=0.0)
    x0 = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
    top = y - _ASCENT * size
    bottom = y + (len(lines) - 1) * LINE_HEIGHT * size + _DESCENT * size
    return Box(x0, top, x0 + width, bottom)


def wrap(text: str, chars: int, lines: int = 2) -> tuple[list[str], bool]:
    """``text`` broken at spaces into at most ``lines`` lines of at most ``chars``
    characters; a word longer than a line, or text beyond the last line, is cut with
    "…". The flag says whether anything was cut (so the caller adds the full text as a
    tooltip)."""
    out: list[str] = []
    words = text.split()
    cut = False
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= chars:
            line += " " + words.pop(0)
        if len(line) > chars:
            line, cut = line[: chars - 1] + "…", True
        out.append(line)
    if words:
        cut = True
        last = out[-1]
        out[-1] = (last if len(last) < chars else last[: chars - 1].rstrip()) + "…"
    return out, cut


def _candidates(bubble: Bubble, lines: Sequence[str], size: float,
                gap: float) -> list[tuple[float, float, str]]:
    """Spots for a label of ``lines`` around ``bubble``, in order of preference: above,
    below, right, left, above and below but ending or starting at the bubble's edge (by
    the plot's border), then further above and below (a stack of labels)."""
    block = (len(lines) - 1) * LINE_HEIGHT * size
    above = bubble.cy - bubble.r - gap - _DESCENT * size - block
    below = bubble.cy + bubble.r + gap + _ASCENT * size
    middle = bubble.cy + (_ASCENT - _DESCENT) * size / 2 - block / 2
    step = block + LINE_HEIGHT * size
    spots = [(bubble.cx, above, "middle"), (bubble.cx, below, "middle"),
             (bubble.cx + bubble.r + gap, middle, "start"),
             (bubble.cx - bubble.r - gap, middle, "end"),
             (bubble.cx + bubble.r, above, "end"), (bubble.cx - bubble.r, above, "start"),
             (bubble.cx + bubble.r, below, "end"), (bubble.cx - bubble.r, below, "start")]
    for level in (1, 2, 3):
        spots += [(bubble.cx, above - level * step, "middle"),
                  (bubble.cx, below + level * step, "middle")]
    return spots


def place_labels(bubbles: Sequence[Bubble], labels: Sequence[Sequence[str]], size: float,
                 bounds: Box, obstacles: Sequence[Box] = (), gap: float = 3.0,
                 ) -> list[Placed | None]:
    """A spot for each label (``labels[i]`` belongs to ``bubbles[i]``), or ``None`` where
    none is free: inside ``bounds``, clear of the labels placed before it, of every
    bubble but its own and of ``obstacles``."""
    taken: list[Box] = list(obstacles)
    placed: list[Placed | None] = []
    for index, (bubble, lines) in enumerate(zip(bubbles, labels, strict=True)):
        others = [b for i, b in enumerate(bubbles) if i != index]
        spot = None
        for x, y, anchor in _candidates(bubble, lines, size, gap):
            box = text_box(x, y, lines, size, anchor)
            if (box.inside(bounds) and not any(box.overlaps(t) for t in taken)
                    and not any(b.overlaps(box) for b in others)):
                spot = Placed(x, y, anchor, box)
                break
        if spot is not None:
            taken.append(spot.box)
        placed.append(spot)
    return placed
