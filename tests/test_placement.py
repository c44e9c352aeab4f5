"""Chart labels that never lie on each other: the estimated text boxes, wrapping, the
greedy placement (kamgen.site.placement) and what the scatter and org charts
(kamgen.site.svg) make of it. Positions are worked by hand from the 12 px font, a glyph
of 0.6 × 12 = 7.2 px, a line of 14.4 px, 10.8 px above a baseline and 3 px below."""

from __future__ import annotations

import re

import pytest

from kamgen.site import svg
from kamgen.site.placement import Box, Bubble, Placed, place_labels, text_box, wrap
from kamgen.site.svg import Axis, OrgNode, Point

# -- boxes and wrapping ------------------------------------------------------------------

@pytest.mark.parametrize(("anchor", "x0", "x1"), [("middle", 82.0, 118.0),
                                                  ("start", 100.0, 136.0),
                                                  ("end", 64.0, 100.0)])
def test_text_box_of_one_line(anchor: str, x0: float, x1: float) -> None:
    # "Preis": 5 glyphs × 7.2 = 36 px; 50 − 10.8 = 39.2 up to 50 + 3 = 53.
    box = text_box(100, 50, ["Preis"], 12, anchor)
    assert box == pytest.approx(Box(x0, 39.2, x1, 53.0))


def test_text_box_of_two_lines_is_as_wide_as_the_longer() -> None:
    # "Beratung": 8 × 7.2 = 57.6; the second baseline 14.4 lower, so 50 + 14.4 + 3.
    box = text_box(0, 50, ["Anwendung", "Beratung"], 12, "start")
    assert box == pytest.approx(Box(0, 39.2, 9 * 7.2, 67.4))


def test_boxes_that_touch_do_not_overlap() -> None:
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
    assert Box(0, 0, 10, 10).overlaps(Box(9, 9, 20, 20))
    assert Box(1, 1, 9, 9).inside(Box(0, 0, 10, 10))
    assert not Box(1, 1, 11, 9).inside(Box(0, 0, 10, 10))


def test_bubble_overlaps_a_box_it_reaches() -> None:
    bubble = Bubble(0, 0, 5)
    assert bubble.overlaps(Box(3, 3, 10, 10))  # the corner (3, 3) is 4.24 from the centre
    assert not bubble.overlaps(Box(4, 4, 10, 10))  # (4, 4) is 5.66 away
    assert bubble.overlaps(Box(-1, 4.9, 1, 6))


@pytest.mark.parametrize(("text", "chars", "lines", "cut"), [
    ("Preis", 22, ["Preis"], False),
    ("Anwendungstechnische Beratung", 22, ["Anwendungstechnische", "Beratung"], False),
    ("Geschwindigkeit der Werkstofffreigabe", 22,
     ["Geschwindigkeit der", "Werkstofffreigabe"], False),
    ("Donaudampfschifffahrt", 10, ["Donaudamp…"], True),
    ("a b c d e", 3, ["a b", "c…"], True),
    ("Kurz und bündig gesagt", 10, ["Kurz und", "bündig…"], True),
])
def test_wrap_breaks_at_spaces_and_cuts_what_does_not_fit(
        text: str, chars: int, lines: list[str], cut: bool) -> None:
    assert wrap(text, chars) == (lines, cut)


# -- placement ---------------------------------------------------------------------------

BOUNDS = Box(0, 0, 300, 300)


def test_two_labels_at_the_same_spot_stack_above_and_below() -> None:
    # Above: the baseline 6 (radius) + 3 (gap) + 3 (descent) over the centre: 88.
    # Below: 6 + 3 + 10.8 (ascent) under it: 119.8.
    same = [Bubble(100, 100, 6), Bubble(100, 100, 6)]
    first, second = place_labels(same, [["Preis"], ["Liefertreue"]], 12, BOUNDS)
    assert first == Placed(100, 88.0, "middle", text_box(100, 88.0, ["Preis"], 12, "middle"))
    assert second is not None and (second.x, second.y, second.anchor) == (100, 119.8, "middle")


def test_a_label_at_the_top_border_goes_below_its_bubble() -> None:
    (placed,) = place_labels([Bubble(100, 10, 6)], [["Preis"]], 12, BOUNDS)
    assert placed is not None and (placed.x, placed.y) == (100, pytest.approx(29.8))


def test_a_label_by_the_right_border_ends_at_its_bubble() -> None:
    # Centred above or below, "Liefertreue" (79.2 px) would reach 290 + 39.6 > 300, and
    # right of the bubble too; left of it, it ends at 290 − 6 − 3 = 281, centred on the
    # bubble's height: the baseline (10.8 − 3) / 2 under the centre.
    (placed,) = place_labels([Bubble(290, 100, 6)], [["Liefertreue"]], 12, BOUNDS)
    assert placed is not None
    assert (placed.x, placed.anchor) == (281, "end")
    assert placed.y == pytest.approx(100 + (10.8 - 3) / 2)


def test_a_label_keeps_clear_of_other_bubbles_and_obstacles() -> None:
    # A big bubble right above the small one and a quadrant label right below it.
    bubbles = [Bubble(100, 100, 6), Bubble(100, 70, 20)]
    obstacle = Box(60, 108, 140, 125)
    placed, _ = place_labels(bubbles, [["Preis"], ["X"]], 12, BOUNDS, [obstacle])
    assert placed is not None and placed.anchor == "start"  # right of the bubble
    assert placed.x == 109


def test_no_room_leaves_the_label_to_the_caller() -> None:
    assert place_labels([Bubble(10, 10, 6)], [["Anwendungstechnische"]], 12,
                        Box(0, 0, 40, 40)) == [None]


# -- the scatter chart -------------------------------------------------------------------

def scatter(points: list[Point]) -> str:
    return svg.scatter_chart(
        "c", "Chart", "description", points,
        Axis(0.5, 5.5, "importance", 3.5, lambda v: f"{v:g}", (1, 2, 3, 4, 5)),
        Axis(-4.5, 4.5, "lead", 0.5, lambda v: f"{v:g}", (-4, -2, 0, 2, 4)),
        ("top left", "top right", "bottom left", "bottom right"), max_radius=9)


def labels_of(chart: str) -> list[tuple[float, float, str]]:
    return [(float(x), float(y), re.sub(r"<title>.*?</title>|<[^>]+>", "|", text).strip("|"))
            for x, y, text in re.findall(
                r'<text x="([\d.]+)" y="([\d.]+)" class="kam-label[^"]*"[^>]*>(.*?)</text>',
                chart)]


def test_scatter_points_at_the_same_spot_get_labels_at_different_spots() -> None:
    chart = scatter([Point(4, 1, "Preis"), Point(4, 1, "Liefertreue")])
    labels = labels_of(chart)
    assert sorted(text for *_xy, text in labels) == ["Liefertreue", "Preis"]
    assert len({(x, y) for x, y, _text in labels}) == 2


def test_a_long_scatter_label_wraps_and_a_cut_one_keeps_its_full_text_as_title() -> None:
    chart = scatter([Point(2, 2, "Anwendungstechnische Beratung"),
                     Point(4, -2, "Rezyklat-Typen mit UN-Zulassung für Gefahrgut")])
    texts = re.findall(r'<text [^>]*class="kam-label"[^>]*>(.*?)</text>', chart)
    assert '<title>' not in texts[0]
    assert texts[0].startswith('Anwendungstechnische<tspan x="')
    assert texts[0].endswith('dy="1.2em">Beratung</tspan>')
    x = re.search(r'tspan x="([\d.]+)"', texts[1])
    assert x and texts[1] == ('<title>Rezyklat-Typen mit UN-Zulassung für Gefahrgut</title>'
                              f'Rezyklat-Typen mit<tspan x="{x.group(1)}" dy="1.2em">'
                              'UN-Zulassung für…</tspan>')


def test_a_crowded_scatter_numbers_its_points_and_lists_them_below() -> None:
    # Twenty criteria on one spot: around it and in stacks above and below it some fit;
    # the rest are numbered, and the legend under the chart names them.
    names = [f"Kriterium {n}" for n in range(1, 21)]
    chart = scatter([Point(4, 1, name) for name in names])
    numbered = re.findall(r'class="kam-label kam-number"[^>]*><title>([^<]+)</title>(\d+)<',
                          chart)
    legend = re.findall(r'class="kam-legend"[^>]*>(\d+) ([^<]+)<', chart)
    assert numbered and [(n, name) for name, n in numbered] == legend
    shown = {text for *_xy, text in labels_of(chart)} - {n for n, _ in legend}
    assert shown | {name for _n, name in legend} == set(names)
    height = float(re.search(r'viewBox="0 0 640 ([\d.]+)"', chart).group(1))  # type: ignore[union-attr]
    assert height > 420  # room for the legend


def test_every_chart_keeps_its_text_at_nine_px() -> None:
    # 12 px text at no less than 3/4 of the chart's size.
    chart = scatter([Point(4, 1, "Preis")])
    assert 'width="640" height="420" style="min-width:480px"' in chart


# -- the org chart -----------------------------------------------------------------------

def network(count: int) -> list[OrgNode]:
    """A head, five managers under it, the rest spread under the managers."""
    nodes = [OrgNode("head", "Dr. Head", "Vorstand", None, "kam-att-neutral", 3, "head")]
    nodes += [OrgNode(f"m{i}", f"Manager {i}", "Bereichsleitung", "head", "kam-att-neutral",
                      2, f"m{i}") for i in range(5)]
    nodes += [OrgNode(f"p{i}", f"Person {i}", "Fachkraft", f"m{i % 5}", "kam-att-neutral",
                      1, f"p{i}") for i in range(count - len(nodes))]
    return nodes


def test_a_small_network_is_a_tree_of_boxes_side_by_side() -> None:
    chart = svg.org_chart("n", "Network", "d", network(8))
    # 2 people under the first two managers, none under three: 5 leaves side by side,
    # 5 × (160 + 14) + 14 = 884 px.
    assert 'viewBox="0 0 884 ' in chart
    assert chart.count('class="kam-node ') == 8


def test_a_large_network_is_an_indented_list_that_stays_legible() -> None:
    chart = svg.org_chart("n", "Network", "d", network(40))
    # Three levels: 8 + 2 × 24 + 340 + 8 = 404 wide; 40 rows of 42 + 8, and 8 on top.
    assert 'viewBox="0 0 404 2008"' in chart
    assert 'style="min-width:303px"' in chart
    assert chart.count('class="kam-node ') == 40
    # Everyone is there, in reporting order: each manager, then their people.
    names = re.findall(r'class="kam-node-name"[^>]*>([^<]+)<', chart)
    assert names[:3] == ["Dr. Head", "Manager 0", "Person 0"]
    assert sorted(names) == sorted(n.name for n in network(40))


# -- legends, category labels and axis labels of the other charts ------------------------

def test_a_legend_too_long_for_one_row_wraps_and_the_chart_grows() -> None:
    # Each entry: 18 (marker and space) + 23 × 7.2 + 12 = 195.6 px from x = 84; the third
    # would end at 279.6 + 195.6 + 195.6 = 670.8 > 628 (the plot's right): a second row.
    names = [f"Umsatz im Geschäftsjahr{n}"[:23] for n in range(4)]
    chart = svg.bar_chart("b", "t", "d", ["2024", "2025"],
                          [svg.Series(name, [1.0, 2.0]) for name in names], str)
    assert 'viewBox="0 0 640 318"' in chart
    legend = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" class="kam-legend"', chart)
    assert legend == [("102.0", "292.0"), ("297.6", "292.0"), ("102.0", "310.0"),
                      ("297.6", "310.0")]


def test_a_bar_chart_cuts_a_category_to_its_group_and_keeps_it_as_tooltip() -> None:
    # Ten groups of 544 / 10 = 54.4 px: 7 glyphs of 7.2 px.
    categories = [f"Nordwerk Chemie {n}" for n in range(10)]
    chart = svg.bar_chart("b", "t", "d", categories, [svg.Series("s", [1.0] * 10)], str)
    assert ('class="kam-label" text-anchor="middle" fill="currentColor">'
            '<title>Nordwerk Chemie 0</title>Nordwe…</text>') in chart


def test_a_line_chart_labels_as_many_dates_as_fit() -> None:
    # "23.11.2026" is 72 px, with a space 80; ten points 544 / 9 = 60.4 px apart: every
    # second, and the last, whose neighbour two before it (index 8) would be too close.
    dates = [f"{day:02d}.11.2026" for day in range(1, 11)]
    chart = svg.line_chart("l", "t", "d", dates, [svg.Series("s", [0.5] * 10)], str,
                           [0.0, 1.0])
    shown = re.findall(r'class="kam-label"[^>]*>([^<]+)<', chart)
    assert shown == ["01.11.2026", "03.11.2026", "05.11.2026", "07.11.2026", "10.11.2026"]


def test_a_pareto_chart_of_many_accounts_labels_every_second() -> None:
    # 514 / 40 = 12.85 px a bar; turned by 40° the labels lie 12.85 × 0.643 = 8.26 px
    # apart, a line needs 14.4 + 2: every ⌈16.4 / 8.26⌉ = 2nd.
    names = [f"Kunde {n}" for n in range(40)]
    chart = svg.pareto_chart("p", "t", "d", names, [1 / 40] * 40, (0.8, 0.95), str)
    shown = re.findall(r'class="kam-label"[^>]*>([^<]+)<', chart)
    assert shown == names[::2]
