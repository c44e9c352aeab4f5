"""The generated Markdown: golden page, both languages, formats, escaping, charts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import get_currency_symbol

from kamgen.load import load_portfolio
from kamgen.model import Portfolio
from kamgen.site import generate
from kamgen.site.i18n import Formats, catalogue
from kamgen.site.pages import link
from kamgen.site.render import cell, text
from kamgen.site.svg import Series, bar_chart, nice_ticks

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load_portfolio(PLANS)


def in_language(portfolio: Portfolio, language: str) -> Portfolio:
    programme = portfolio.programme.model_copy(update={"language": language})
    return dataclasses.replace(portfolio, programme=programme)


def table_rows(page: str) -> list[list[str]]:
    """The rows of every HTML table on a page, as the text of their cells."""
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", page)]


def test_account_page_matches_the_golden_file(portfolio: Portfolio) -> None:
    page = generate(portfolio, AS_OF).pages["accounts/nordwerk-chemie/index.md"]
    golden = GOLDEN / "nordwerk-chemie.md"
    if os.environ.get("KAMGEN_UPDATE_GOLDEN"):
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8")


def test_site_has_every_page(portfolio: Portfolio) -> None:
    site = generate(portfolio, AS_OF)
    assert set(site.pages) == {
        "index.md",
        "accounts/index.md",
        "selection/index.md",
        "programme/index.md",
        "programme/plan-format.md",
        "checklists/index.md",
        "tags.md",
        "team/index.md",
        *(f"accounts/{account_id}/index.md" for account_id in portfolio.accounts),
        *(f"team/{member.id}/index.md" for member in portfolio.team),
    }
    assert len(portfolio.accounts) == 8
    assert site.title == "Hanse Polymer GmbH · Key-Account-Pläne"
    assert site.language == "de"


def test_nav_lists_no_account_or_person_page(portfolio: Portfolio) -> None:
    site = generate(portfolio, AS_OF)
    targets = [path for entry in site.nav for path in entry.values()]
    assert targets == ["index.md", "accounts/index.md", "selection/index.md",
                       "programme/index.md", "team/index.md", "checklists/index.md",
                       "tags.md"]


def test_every_account_page_starts_with_its_kep_summary(portfolio: Portfolio) -> None:
    site = generate(portfolio, AS_OF)
    for account_id, account in portfolio.accounts.items():
        page = site.pages[f"accounts/{account_id}/index.md"]
        first_section = page.split("\n## ", 1)[1]
        assert first_section.startswith("Kundenentwicklungsplan (KEP) auf einen Blick"), account_id
        assert f"# {account.plan.name}" in page


@pytest.mark.parametrize("language", ["en", "de"])
def test_both_languages_render_every_page(portfolio: Portfolio, language: str) -> None:
    site = generate(in_language(portfolio, language), AS_OF)
    page = site.pages["accounts/nordwerk-chemie/index.md"]
    expected = {
        "en": ("Customer development plan (KEP) at a glance", "Balanced Scorecard",
               "Relationship network", "3,100,000", "Off track"),
        "de": ("Kundenentwicklungsplan (KEP) auf einen Blick", "Balanced Scorecard",
               "Beziehungsnetzwerk", "3.100.000", "Kritisch"),
    }[language]
    for snippet in expected:
        assert snippet in page
    charter = {"en": "## Programme charter", "de": "## Programm-Charta"}[language]
    assert charter in site.pages["programme/index.md"]


def test_label_catalogues_have_the_same_keys() -> None:
    assert set(catalogue("en")) == set(catalogue("de"))


def test_english_labels_follow_the_glossary() -> None:
    en, de = catalogue("en"), catalogue("de")
    assert (en["perspective_learning"], de["perspective_learning"]) == (
        "Learning & growth", "Lernen & Entwicklung")
    assert (en["role_gatekeeper"], de["role_gatekeeper"]) == (
        "Gatekeeper", "Informationsselektierer (Gatekeeper)")
    assert (en["light_amber"], de["light_amber"]) == ("At risk", "Gefährdet")
    assert (en["value_add_title"], de["value_add_title"]) == (
        "Value-add concepts", "Mehrwertkonzepte")


@pytest.mark.parametrize(
    ("language", "money", "short", "percent", "date", "decimal"),
    [
        ("de", "3.400.000 €", "3,4 Mio. €", "42,5 %", "01.10.2026", "6,5"),
        ("en", "€3,400,000", "€3.4M", "42.5%", "1 Oct 2026", "6.5"),
    ],
)
def test_formats_follow_the_language(
    language: str, money: str, short: str, percent: str, date: str, decimal: str
) -> None:
    f = Formats(language, "EUR")

    def spaced(value: str) -> str:  # Babel keeps numbers and units together with no-break spaces
        return value.replace("\u00a0", " ")

    assert spaced(f.money(3_400_000)) == money
    assert spaced(f.money_short(3_400_000)) == short
    assert spaced(f.percent(0.425, 1)) == percent
    assert f.date(dt.date(2026, 10, 1)) == date
    assert f.decimal(6.50) == decimal


def test_small_amounts_are_written_out() -> None:
    assert Formats("de", "EUR").money_short(820_000) == "820.000\u00a0€"


def test_number_formats_are_kamgens_own() -> None:
    # Worked by hand: the forms the site has always had, whatever the installed Babel's
    # locale data says (Babel 2.19 writes '€3.4m' for '€3.4M').
    de, en, n = Formats("de", "EUR"), Formats("en", "EUR"), "\u00a0"
    amounts = (999_949, 999_950, -2_450_000, 4_200_000_000, 7.5e12)
    assert [de.money_short(value) for value in amounts] == [
        f"999.949{n}€", f"1{n}Mio.{n}€", f"-2,5{n}Mio.{n}€", f"4,2{n}Mrd.{n}€", f"7,5{n}Bio.{n}€",
    ]
    assert [en.money_short(value) for value in amounts] == [
        "€999,949", "€1M", "-€2.5M", "€4.2B", "€7.5T",
    ]
    assert (de.money(-1_234), en.money(-1_234)) == (f"-1.234{n}€", "-€1,234")
    assert (de.number(1234.567, 2), en.number(1234.567, 2), de.number(-0.4)) == (
        "1.234,57", "1,234.57", "0")
    assert (de.decimal(2.50), en.decimal(2.25), de.decimal(3.0)) == ("2,5", "2.25", "3")
    assert (de.percent(0.0042, 1), en.percent(0.0042, 1)) == (f"0,4{n}%", "0.4%")
    days = (dt.date(2026, 9, 7), dt.date(2027, 1, 31))
    assert [de.date(day) for day in days] == ["07.09.2026", "31.01.2027"]
    assert [en.date(day) for day in days] == ["7 Sept 2026", "31 Jan 2027"]


def test_currency_symbols_are_babels() -> None:
    # The symbol is the one thing taken from Babel, for any ISO code a programme may use.
    n = "\u00a0"
    assert Formats("en", "USD").money_short(3_400_000) == (
        f"{get_currency_symbol('USD', locale='en_GB')}3.4M")
    assert Formats("de", "CHF").money(3_400_000) == (
        f"3.400.000{n}{get_currency_symbol('CHF', locale='de_DE')}")
    assert Formats("de", "CHF").money_short(3_400_000) == (
        f"3,4{n}Mio.{n}{get_currency_symbol('CHF', locale='de_DE')}")


def test_plain_text_is_escaped_for_markdown_and_html() -> None:
    assert text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert text("A | B") == "A &#124; B"
    assert text("*bold* [link](x)") == r"\*bold\* \[link\](x)"
    assert cell("two\nlines") == "two lines"


def test_a_name_with_table_syntax_keeps_the_table_intact(portfolio: Portfolio) -> None:
    account = portfolio.accounts["velmar-medizintechnik"]
    plan = account.plan.model_copy(update={"name": "Velmar | Medizin</td><td>"})
    accounts = {**portfolio.accounts, account.id: dataclasses.replace(account, plan=plan)}
    site = generate(dataclasses.replace(portfolio, accounts=accounts), AS_OF)
    rows = table_rows(site.pages["accounts/index.md"])
    header = rows[0]
    assert header[0] == "Kunde"
    row = next(row for row in rows if row[0].startswith("Velmar"))
    assert row[0] == "Velmar | Medizin</td><td>"
    assert len(row) == len(header)


def test_nice_ticks_cover_the_largest_value() -> None:
    # 3.4 million over five steps: a step of 1 million, ticks up to 4 million.
    assert nice_ticks(0, 3_400_000) == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]
    assert nice_ticks(-50, 120) == [-50, 0, 50, 100, 150]
    # Nothing to show: the axis still runs from 0 to 1.
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_bar_chart_is_accessible_and_deterministic() -> None:
    def chart() -> str:
        return bar_chart("c1", "Revenue <by year>", "2024: 1; 2025: 2", ["2024", "2025"],
                         [Series("Revenue", [1.0, 2.0])], lambda v: f"{v:g}")

    svg = chart()
    assert svg == chart()
    assert svg.startswith('<svg class="kam-chart" role="img"')
    assert '<title id="c1-title">Revenue &lt;by year&gt;</title>' in svg
    assert '<desc id="c1-desc">2024: 1; 2025: 2</desc>' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "\n" not in svg  # one line, so Markdown keeps it as one HTML block


# --- building blocks on the pages (issue: the KEP method, complete) ---------------------


def test_every_chart_is_accessible_and_identical_on_a_second_run(portfolio: Portfolio) -> None:
    first = generate(portfolio, AS_OF).pages
    second = generate(portfolio, AS_OF).pages
    assert first == second
    charts = [svg for page in first.values()
              for svg in re.findall(r"<svg class=\"kam-chart\".*?</svg>", page)]
    # business (8 accounts with several years), profile, competence and network charts,
    # two Pareto charts, visit demand, portfolio matrix
    assert len(charts) >= 12
    for svg in charts:
        chart_id = re.search(r'aria-labelledby="([^ ]+)-title \1-desc"', svg)
        assert chart_id, svg[:200]
        assert f'<title id="{chart_id.group(1)}-title">' in svg
        desc = re.search(rf'<desc id="{chart_id.group(1)}-desc">(.*?)</desc>', svg)
        assert desc and desc.group(1).strip(), chart_id.group(1)
        assert 'role="img"' in svg


def test_selection_page_shows_the_selectors_side_by_side(portfolio: Portfolio) -> None:
    page = generate(portfolio, AS_OF).pages["selection/index.md"]
    row = next(row for row in table_rows(page)
               if row[0] == "Gravenhorst Bauprofile GmbH" and len(row) == 5)
    # Largest revenue (class A) but margin class C and rating class C: both flags.
    assert row[1:4] == ["A", "C", "C"]
    assert "Umsatz- und DB-Klasse liegen zwei Stufen auseinander" in row[4]
    assert "Bewertungsklasse weicht von der Umsatzklasse ab" in row[4]
    assert '<a href="../accounts/gravenhorst-bauprofile/">Gravenhorst Bauprofile GmbH</a>' \
        in page
    assert 'id="pareto-revenue-title"' in page and 'id="pareto-margin-title"' in page
    assert "Die obersten 2 von 8 Kunden (20 %) haben einen Anteil von 50 % am Umsatz." in \
        page.replace("\u00a0", " ")


def test_a_pareto_row_shows_a_share_that_adds_up_to_its_cumulative_share(
        portfolio: Portfolio) -> None:
    # Revenues of 2025: 16.7 M in all; Korvat 1.9 M ranks fourth behind 11.5 M. Before it
    # 11.5 / 16.7 = 68.862 % (shown 68,9 %), with it 13.4 / 16.7 = 80.240 % (80,2 %). Its
    # own 1.9 / 16.7 = 11.377 % rounds to 11,4 %, and 68,9 + 11,4 = 80,3: the row shows
    # 80,2 − 68,9 = 11,3 % instead.
    page = generate(portfolio, AS_OF).pages["selection/index.md"].replace("\u00a0", " ")
    revenue = page[page.index('id="pareto-revenue-title"'):page.index('id="pareto-margin-title"')]
    row = next(row for row in table_rows(revenue) if row[1] == "Korvat Hausgeräte AG")
    assert row == ["4", "Korvat Hausgeräte AG", "1.900.000 €", "11,3 %", "68,9 %", "80,2 %",
                   "A"]
    for table in (revenue, page[page.index('id="pareto-margin-title"'):]):
        rows = [row for row in table_rows(table) if len(row) == 7 and row[0].isdigit()]
        shown = [[float(cell[:-2].replace(",", ".")) for cell in row[3:6]] for row in rows]
        assert all(round(before + share, 1) == after for share, before, after in shown)
        assert round(sum(share for share, _, _ in shown), 1) == 100.0
    assert "Korvat Hausgeräte AG: 11,3 %, 80,2 % (A)" in revenue  # the chart says the same


def test_selection_page_shows_visit_demand_with_its_inputs(portfolio: Portfolio) -> None:
    page = generate(portfolio, AS_OF).pages["selection/index.md"].replace("\u00a0", " ")
    rows = table_rows(page)
    # South: demand 292 against a capacity of 120 days × 2 visits = 240.
    assert next(row for row in rows if row[0] == "Süd")[:5] == \
        ["Süd", "292", "240", "122 %", "-52"]
    assert '<span class="kam-light kam-red">122 %</span>' in page
    assert "Süd: Der Bedarf übersteigt die Kapazität um 52 Besuche pro Jahr" in page
    assert ["Sabine Hoffmann", "120 × 2", "240"] in rows


def test_account_page_shows_each_figure_with_its_inputs(portfolio: Portfolio) -> None:
    page = generate(portfolio, AS_OF).pages["accounts/nordwerk-chemie/index.md"]
    page = page.replace("\u00a0", " ")
    # Visit cost: Julia Berger costs 148.000 € / (110 × 2) = 672,73 € a visit.
    assert "24 Besuche × (673 € + 120 €) = 19.025 € pro Jahr" in page
    rows = table_rows(page)
    # VMI: benefits 60.000 + 54.000 + 40.500 = 154.500 €, cost 40.000 €, investment 25.000 €.
    assert ["Nettonutzen pro Jahr", "114.500 €", "154.500 € − 40.000 €"] in rows
    assert ["Amortisation", "2,6 Monate", "12 · 25.000 € / 114.500 €"] in rows
    assert ["ROI über 3 Jahre", "220 %", "(3 · 114.500 € − 25.000 €) / (3 · 40.000 € + 25.000 €)"] \
        in rows
    assert ["Nutzen-Preis-Verhältnis", "3,86", "154.500 € / 40.000 €"] in rows
    # Relative quality against ChemSupply: RQ 1,19, RQS +30.
    assert next(row for row in rows if row[0] == "ChemSupply Ltd" and len(row) == 7)[:5] == \
        ["ChemSupply Ltd", "3,96", "3,33", "1,19", "+30"]
    assert 'id="network-nordwerk-chemie-title"' in page
    assert 'id="competence-nordwerk-chemie-title"' in page


def test_account_page_escapes_plan_text_once(portfolio: Portfolio) -> None:
    account = portfolio.accounts["velmar-medizintechnik"]
    plan = account.plan.model_copy(update={"name": "Velmar & Söhne <GmbH> *neu*",
                                           "industry": "F&E_Labor"})
    accounts = {**portfolio.accounts, account.id: dataclasses.replace(account, plan=plan)}
    page = generate(dataclasses.replace(portfolio, accounts=accounts),
                    AS_OF).pages["accounts/velmar-medizintechnik/index.md"]
    # The heading line is Markdown: escaped for HTML and for Markdown.
    assert "# Velmar &amp; Söhne &lt;GmbH&gt; \\*neu\\* { #account-velmar-medizintechnik }" in page
    # Inside HTML blocks Markdown does not read: escaped for HTML only, once.
    assert "F&amp;E_Labor · Gebiet:" in page


def test_portfolio_matrix_labels_its_quadrants_in_the_right_corners(
    portfolio: Portfolio,
) -> None:
    page = generate(portfolio, AS_OF).pages["index.md"]
    svg = re.search(r'<svg class="kam-chart"[^>]*aria-labelledby="portfolio-matrix-title.*?</svg>',
                    page)
    assert svg
    labels = {
        text: (float(x), float(y))
        for x, y, text in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" class="kam-quadrant"[^>]*>([^<]+)</text>',
            svg.group(0))
    }
    # x: attractiveness grows to the right; y: position grows upwards (SVG y downwards).
    assert labels["Halten"][0] > labels["Selektiv"][0]
    assert labels["Halten"][1] < labels["Entwickeln"][1]
    assert labels["Selektiv"][1] < labels["Abbauen"][1]
    assert labels["Entwickeln"][0] > labels["Abbauen"][0]


@pytest.mark.parametrize(("source", "target", "directory", "plain"), [
    ("index.md", "accounts/x/index.md#completeness", "accounts/x/#completeness",
     "accounts/x/index.html#completeness"),
    ("accounts/index.md", "accounts/x/index.md", "x/", "x/index.html"),
    ("selection/index.md", "accounts/x/index.md", "../accounts/x/", "../accounts/x/index.html"),
    ("accounts/x/index.md", "accounts/x/notes.md", "notes/", "notes.html"),
    ("accounts/x/index.md", "index.md", "../../", "../../index.html"),
    ("tags.md", "accounts/index.md", "../accounts/", "accounts/index.html"),
    ("index.md", "index.md", "./", "index.html"),
])
def test_links_between_pages_follow_the_engines_addresses(
    source: str, target: str, directory: str, plain: str
) -> None:
    assert link(source, target, directory_urls=True) == directory
    assert link(source, target, directory_urls=False) == plain


def test_portfolio_pages_are_html_between_headings(portfolio: Portfolio) -> None:
    site = generate(portfolio, AS_OF)
    assert {"index.md", "accounts/index.md", "selection/index.md"} <= site.html_pages
    assert not {"programme/index.md", "checklists/index.md", "tags.md"} & site.html_pages
    flat = generate(portfolio, AS_OF, directory_urls=False).pages["index.md"]
    assert '<a href="accounts/nordwerk-chemie/index.html#completeness">' in flat


def test_the_account_sections_are_one_table() -> None:
    """Each section of the table has its partial, each partial is a section, and the README
    names every section's anchor."""
    from kamgen.site.sections import ACCOUNT_SECTIONS

    partials = ROOT / "kamgen" / "site" / "templates" / "account"
    assert sorted(p.name for p in partials.glob("*.html.j2")) == sorted(
        Path(s.template).name for s in ACCOUNT_SECTIONS)
    readme = (ROOT / "README.md").read_text("utf-8")
    listed = re.search(r"The sections have the same anchors in every language\s*\(([^)]*)\)",
                       readme)
    assert listed is not None
    assert re.findall(r"`#([a-z-]+)`", listed.group(1)) == [s.id for s in ACCOUNT_SECTIONS]


def test_charts_are_functions_of_their_figures() -> None:
    from kamgen.model import BusinessYear
    from kamgen.site import charts
    from kamgen.site.i18n import Labels

    L, F = Labels("en"), Formats("en", "EUR")
    years = [BusinessYear(year=2024, revenue=1_000_000, margin=150_000),
             BusinessYear(year=2025, revenue=1_200_000, forecast=True)]
    # One year makes no chart; two make the same chart every time, from the figures alone.
    assert charts.business_chart("acme", "Acme", years[:1], L, F) == ""
    chart = charts.business_chart("acme", "Acme", years, L, F)
    assert chart == charts.business_chart("acme", "Acme", years, L, F)
    assert 'id="business-acme' in chart and "Acme: " in chart and "2025 (" in chart
    assert charts.competence_chart("acme", "Acme", (), L) == ""
    assert charts.network_chart("acme", "Acme", (), True, L) == ""
    assert [charts.signed(v) for v in (2.4, -2, 0, -0.4)] == ["+2", "−2", "0", "0"]


def test_writing_a_page_leaves_the_writer_as_it_was(portfolio: Portfolio) -> None:
    """Each page is a function of the writer's set-up and its own context: writing an
    account page changes nothing that the next page reads."""
    from kamgen.audience import INTERNAL, redact
    from kamgen.site.pages import _Writer

    writer = _Writer(portfolio, AS_OF, redact(portfolio, INTERNAL).seen)
    before = dict(vars(writer))
    first, second = list(portfolio.accounts.values())[:2]
    page = writer.account_page(first)
    writer.account_page(second)
    assert vars(writer) == before
    assert writer.account_page(first) == page
    context = writer.account_context(first, "accounts/x/index.md")
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.plan = second.plan  # type: ignore[misc]


def test_templates_are_compiled_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import Environment

    from kamgen.site.render import environment

    environment().get_template("account.html.j2")
    compiled: list[object] = []
    original = Environment.compile

    def compile_(self: Environment, *args: Any, **kwargs: Any) -> Any:
        compiled.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile_)
    template = environment().get_template("account.html.j2")  # a new build's environment
    assert compiled == [] and template.name == "account.html.j2"


@pytest.mark.parametrize(("theme", "extra", "names", "generator"), [
    ({"palette": [{"toggle": {"name": "Dark mode"}}, {"toggle": {"name": "Light mode"}}]}, {},
     ["Dunkles Farbschema", "Helles Farbschema"], False),
    ({"palette": {"toggle": {"name": "Dark mode"}}}, {}, ["Dunkles Farbschema"], False),
    ({"palette": [{"toggle": {"name": "Nachtmodus"}}, {"scheme": "slate"}]}, {},
     ["Nachtmodus", None], False),
    ({}, {"generator": True}, [], True),
])
def test_the_theme_s_words_of_a_german_site(theme: dict[str, Any], extra: dict[str, Any],
                                            names: list[str | None], generator: bool) -> None:
    """kamgen's own palette names are given in the site's language; a site's own names and
    its own generator setting are left as they are, and no palette is no error."""
    from kamgen.site.config import _in_language

    config: dict[str, Any] = {"theme": theme, "extra": extra}
    _in_language(config, "de")
    palette = theme.get("palette", [])
    schemes = [palette] if isinstance(palette, dict) else palette
    assert [s.get("toggle", {}).get("name") for s in schemes] == names
    assert config["extra"]["generator"] is generator


def test_rating_points_and_weights_add_up_to_the_totals_shown(portfolio: Portfolio) -> None:
    # Largest-remainder rounding (kamgen.method.rounding): what the table shows adds up.
    site = generate(portfolio, AS_OF)
    for account_id in portfolio.accounts:
        page = str(site.pages[f"accounts/{account_id}/index.md"])
        table = page[page.index("{ #rating }"):page.index("</table>", page.index("{ #rating }"))]
        rows = [row for row in table_rows(table) if row and row[0] != "Kriterium"]
        points = sum(round(float(row[3].replace(",", ".")) * 10) for row in rows)
        shares = sum(round(float(row[1].split("(")[1].rstrip(" %)").replace(",", ".")) * 10)
                     for row in rows)
        score = re.search(r"<p>([\d,]+) von 100 Punkten", page)
        assert score is not None
        assert points == round(float(score.group(1).replace(",", ".")) * 10), account_id
        assert shares == 1000, account_id


def test_value_add_table_keeps_the_one_time_investment_out_of_the_yearly_column(
    portfolio: Portfolio
) -> None:
    page = str(generate(portfolio, AS_OF).pages["accounts/nordwerk-chemie/index.md"])
    table = page[page.index("{ #value-add-1 }"):]
    table = table[table.index("<table>"):table.index("</table>")]
    yearly, once = table.split("</tbody>\n<tbody>")
    assert "<th class=\"kam-r\">Betrag pro Jahr</th>" in yearly
    assert "Einmalige Investition" not in yearly
    assert once.startswith("\n<tr><th>Einmalig und über den Zeitraum</th><th class=\"kam-r\">"
                           "Wert</th><th>Rechnung</th></tr>\n"
                           "<tr><td>Einmalige Investition</td><td class=\"kam-r\">25.000\xa0€</td>")


@pytest.mark.parametrize(("toc", "title"), [
    ({"permalink": True}, "Link zu diesem Abschnitt"),
    ({"permalink": True, "permalink_title": "Anker"}, "Anker"),
    ({}, None),
])
def test_a_german_site_titles_its_permalinks_and_heads_its_404_page_in_german(
        toc: dict[str, Any], title: str | None) -> None:
    """Python-Markdown's "Permanent link" and Material's "404 - Not found" are no words of
    the theme's translations: kamgen gives them in German, a site's own title stays."""
    from kamgen.site.config import OVERRIDES, _in_language

    class Theme(dict[str, Any]):
        """MkDocs' theme: its template folders, a site's own first."""

        custom_dir = "/site/overrides"

        def __init__(self) -> None:
            super().__init__()
            self.dirs = ["/site/overrides", "/material/templates"]

    theme = Theme()
    config: dict[str, Any] = {"theme": theme, "extra": {}, "mdx_configs": {"toc": toc}}
    _in_language(config, "de")
    assert toc.get("permalink_title") == title
    assert config["extra"]["kamgen_not_found"] == "404 – Seite nicht gefunden"
    # After the site's own templates, before Material's.
    assert theme.dirs == ["/site/overrides", str(OVERRIDES), "/material/templates"]
    assert (OVERRIDES / "404.html").is_file()
    english: dict[str, Any] = {"theme": Theme(), "extra": {}, "mdx_configs": {"toc": {}}}
    _in_language(english, "en")
    assert english["extra"] == {}
