"""``kamgen export --format xlsx``: the workbook for spreadsheet users, in the programme's
language.

The JSON and CSV exports are for other programs: English ids as keys and values, raw
numbers. The workbook is for people: sheet names, headers and enum values are the site's
labels (``kamgen/site/labels``), amounts carry the programme's currency, shares show as
percentages, and every figure keeps its full value in the cell, rounded only by the cell's
number format, so that sums and filters work on the exact figures. Each sheet has a frozen
header row and a filter. Its content is that of the export's document (the shared
edition's :func:`kamgen.export.shared_document` for ``--audience customer``), so the shared
edition's workbook holds what its JSON holds, and nothing of the portfolio's own analyses
(no completeness sheet); names come from the edition's redacted portfolio.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from .audience import INTERNAL, Edition, redact
from .checks import RULES, PlanCheck, check
from .export import (
    ACCOUNT_COLUMNS,
    account_rows,
    portfolio_document,
    shared_document,
    spreadsheet_cell,
)
from .model import Portfolio
from .site.i18n import CONVENTIONS, Labels

__all__ = ["COLUMN_LABELS", "SHEET_LABELS", "number_formats", "workbook"]

Kind = Literal["text", "money", "percent", "one", "two", "count", "year", "date"]
"""How a column's numbers are shown: an amount in the programme's currency, a share as a
percentage with one decimal, a figure with one or two decimals, a whole number, a year
(no thousands separator), a date."""


def number_formats(language: str, currency_symbol: str) -> dict[Kind, str]:
    """The cells' number formats of each kind, for the language of the programme.

    Format codes are written with Excel's neutral ``,`` and ``.``; the spreadsheet shows
    them with the reader's separators. Only the place of the currency symbol and the
    form of dates follow the programme's language, as on the site."""
    before, _, after = CONVENTIONS[language].money.partition("{number}")

    def literal(text: str) -> str:
        text = text.replace("{symbol}", currency_symbol).replace('"', "")
        return f'"{text}"' if text else ""

    return {
        "text": "General",
        "money": literal(before) + "#,##0" + literal(after),
        "percent": "0.0%",
        "one": "#,##0.0",
        "two": "#,##0.00",
        "count": "#,##0",
        "year": "0",
        "date": "DD.MM.YYYY" if language == "de" else "D MMM YYYY",
    }


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the document's key, its header's label, how its numbers show,
    and for enum values the prefix of their labels (``status_`` + ``key_account``)."""

    key: str
    label: str
    kind: Kind = "text"
    values: str | None = None


_c = Column
"""Short, for the tables of columns below."""


_ACCOUNT_COLUMNS = {column.key: column for column in (
    _c("id", "xlsx_col_account_id"), _c("name", "col_account"),
    _c("status", "col_status", values="status_"), _c("owner", "col_owner"),
    _c("territory", "col_territory"), _c("industry", "col_industry"),
    _c("rating_score", "xlsx_col_rating_score", "one"), _c("rating_class", "col_rating_class"),
    _c("revenue_class", "col_revenue_class"), _c("margin_class", "col_margin_class"),
    _c("disagreements", "col_flag", values="flag_"),
    _c("latest_year", "xlsx_col_latest_year", "year"), _c("revenue", "col_revenue", "money"),
    _c("margin", "col_margin", "money"), _c("margin_rate", "col_margin_rate", "percent"),
    _c("wallet", "xlsx_col_wallet", "money"),
    _c("share_of_wallet", "col_share_of_wallet", "percent"),
    _c("visits_per_year", "col_visits", "count"),
    _c("cost_per_visit", "col_cost_per_visit", "money"),
    _c("visit_cost", "col_visit_cost", "money"),
    _c("revenue_per_visit", "col_revenue_per_visit", "money"),
    _c("visit_cost_share", "xlsx_col_visit_cost_share", "percent"),
    _c("scorecard_score", "xlsx_col_scorecard_score", "percent"),
    _c("network_coverage", "xlsx_col_network_coverage", "percent"),
    _c("network_support", "xlsx_col_network_support", "two"),
    _c("network_findings", "xlsx_col_network_findings", values="xlsx_finding_"),
    _c("value_add_concepts", "value_add_title", "count"),
    _c("open_actions", "open_actions", "count"),
    _c("overdue_actions", "overdue_actions", "count"),
    _c("matrix_attractiveness", "col_attractiveness", "one"),
    _c("matrix_position", "col_position", "two"),
    _c("matrix_quadrant", "xlsx_col_matrix_quadrant", values="matrix_"),
    _c("reviewed", "col_reviewed", "date"), _c("customer_number", "xlsx_col_customer_number"),
)}
"""The Accounts sheet's columns by the CSV export's column id: label, kind, enum labels."""
ACCOUNTS = tuple(_ACCOUNT_COLUMNS[key] for key, _ in ACCOUNT_COLUMNS)
"""The columns of the CSV export, in its order: each needs its entry above."""
TERRITORIES = (
    _c("id", "xlsx_col_territory_id"), _c("name", "col_territory"),
    _c("demand", "col_demand", "count"), _c("capacity", "col_capacity", "count"),
    _c("utilisation", "col_utilisation", "percent"), _c("gap", "col_gap", "count"),
    _c("gap_fte", "col_gap_fte", "one"),
)
MANAGERS = (
    _c("id", "xlsx_col_person_id"), _c("name", "col_name"), _c("territory", "col_territory"),
    _c("visit_days", "col_visit_days", "count"), _c("visits_per_day", "col_visits_per_day", "one"),
    _c("capacity", "col_capacity", "count"), _c("annual_cost", "xlsx_col_annual_cost", "money"),
    _c("cost_per_visit", "col_cost_per_visit", "money"),
)


def _pareto(value_label: str) -> tuple[Column, ...]:
    return (
        _c("rank", "col_rank", "count"), _c("account", "col_account"),
        _c("value", value_label, "money"), _c("share", "col_share", "percent"),
        _c("cumulative_before", "col_cumulative_before", "percent"),
        _c("cumulative", "col_cumulative", "percent"), _c("class", "col_class"),
    )


SCORECARD = (
    _c("account", "col_account"), _c("perspective", "col_perspective", values="perspective_"),
    _c("objective", "col_objective"), _c("kpi", "col_kpi"), _c("unit", "col_unit"),
    # A KPI's figures in its own unit (%, days, T€): shown as written.
    _c("baseline", "col_baseline"), _c("target", "col_target"), _c("actual", "col_actual"),
    _c("direction", "xlsx_col_direction", values="direction_"), _c("due", "col_due", "date"),
    _c("achievement", "col_achievement", "percent"),
    _c("status", "col_status", values="light_"),
)
VALUE_ADD = (
    _c("account", "col_account"), _c("title", "xlsx_col_concept"),
    _c("benefits", "value_add_total", "money"), _c("yearly_cost", "value_add_cost", "money"),
    _c("investment", "value_add_investment", "money"),
    _c("horizon_years", "xlsx_col_horizon_years", "count"),
    _c("net_yearly_value", "value_add_net", "money"),
    _c("payback_months", "xlsx_col_payback_months", "one"), _c("roi", "xlsx_col_roi", "percent"),
    _c("value_to_price", "value_add_ratio", "two"),
)
RELATIVE_QUALITY = (
    _c("account", "col_account"), _c("competitor", "col_competitor"),
    _c("criteria", "xlsx_col_criteria", "count"), _c("performance_us", "col_p_us", "two"),
    _c("performance_them", "col_p_them", "two"), _c("index", "col_rq", "two"),
    _c("score", "col_rqs", "one"),
)
NETWORK_FINDINGS = (
    _c("account", "col_account"), _c("kind", "xlsx_col_finding", values="xlsx_finding_"),
    _c("contacts", "xlsx_col_contacts"), _c("detail", "xlsx_col_detail"),
)
ACTIONS = (
    _c("account", "col_account"), _c("title", "col_action"), _c("owner", "col_owner"),
    _c("due", "col_due", "date"), _c("status", "col_status", values="action_"),
    _c("overdue", "xlsx_col_overdue", values="xlsx_bool_"),
)
COMPLETENESS = (
    _c("account", "col_account"), _c("class", "col_class"),
    _c("completeness", "col_completeness", "percent"),
    _c("passed", "xlsx_col_rules_met", "count"), _c("rules", "xlsx_col_rules_in_force", "count"),
    _c("errors", "col_errors", "count"), _c("warnings", "col_warnings", "count"),
    *(_c(rule.id, f"rule_{rule.id}", values="xlsx_rule_") for rule in RULES
      if rule.scope == "account"),
)

SHEET_LABELS = ("xlsx_sheet_accounts", "xlsx_sheet_territories", "xlsx_sheet_managers",
                "xlsx_sheet_pareto_revenue", "xlsx_sheet_pareto_margin",
                "xlsx_sheet_scorecard", "xlsx_sheet_value_add",
                "xlsx_sheet_relative_quality", "xlsx_sheet_network_findings",
                "xlsx_sheet_actions", "xlsx_sheet_completeness")
"""The labels of the sheets' names, in the workbook's order."""

COLUMN_LABELS = tuple(sorted({column.label for columns in (
    ACCOUNTS, TERRITORIES, MANAGERS, _pareto("col_revenue"), _pareto("col_margin"), SCORECARD,
    VALUE_ADD, RELATIVE_QUALITY, NETWORK_FINDINGS, ACTIONS, COMPLETENESS) for column in columns}))
"""Every header's label, for the test that both languages have them."""

Row = Mapping[str, Any]


@dataclass(frozen=True)
class _Words:
    """What a sheet's cells say: labels, and names for the ids the document holds."""

    labels: Labels
    formats: Mapping[Kind, str]
    names: Mapping[str, str]
    """Account id → its name."""
    people: Mapping[str, str]
    """Team member id → name."""
    territories: Mapping[str, str]
    """Territory id → name."""
    contacts: Mapping[str, Mapping[str, str]]
    """Account id → contact id → name; competitor id → name, too."""
    shared: bool
    """The shared edition's workbook: no sheet without rows and no column without a
    value, so that not even a header names what the edition leaves out."""

    def value(self, column: Column, value: Any) -> Any:
        """A cell's value: an enum as its label (a list of them joined with ``; ``), a
        date as a date, a number as it is."""
        if value is None or value == "":
            return None
        if column.kind == "date" and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if column.values == "xlsx_bool_":
            return self.labels("xlsx_bool_" + ("yes" if value else "no"))
        if column.values is not None and isinstance(value, str):
            return "; ".join(self.labels(column.values + part) for part in value.split("; "))
        return value


def _sheet(book: Any, title: str, columns: Sequence[Column], rows: Iterable[Row],
           words: _Words, frozen: str = "B2") -> None:
    """One sheet: bold, wrapped header row frozen with the first column(s), a filter over
    the table, each column's number format and a width that fits its longest entry."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = list(rows)
    if words.shared:
        columns = [c for c in columns if any(row.get(c.key) not in (None, "") for row in rows)]
        if not rows:
            return
    sheet = book.create_sheet(title)
    headers = [words.labels(column.label) for column in columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(max(len(word) for word in header.split()), 40) for header in headers]
    for row in rows:
        values = [spreadsheet_cell(words.value(c, row.get(c.key))) for c in columns]
        sheet.append(values)
        for index, (column, value) in enumerate(zip(columns, values, strict=True)):
            cell = sheet.cell(row=sheet.max_row, column=index + 1)
            if column.kind != "text":
                cell.number_format = words.formats[column.kind]
            widths[index] = max(widths[index], _width(column.kind, value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(8, width + 2), 50)
    sheet.freeze_panes = frozen
    sheet.auto_filter.ref = sheet.dimensions


def _width(kind: Kind, value: Any) -> int:
    """About how many characters the cell shows once formatted."""
    if value is None:
        return 0
    if kind == "date":
        return 11
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = len(f"{abs(value):,.0f}") + 1
        return digits + {"money": 3, "percent": 3, "one": 2, "two": 3}.get(kind, 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _accounts(document: Row, words: _Words) -> list[dict[str, Any]]:
    rows = []
    for row in account_rows(document):
        named = dict(row)
        named["owner"] = words.people.get(row["owner"], row["owner"]) if row.get("owner") \
            else None
        if row.get("territory"):
            named["territory"] = words.territories.get(row["territory"], row["territory"])
        rows.append(named)
    return rows


def _per_account(document: Row, words: _Words,
                 items: Callable[[Row], Iterable[Row]]) -> list[Row]:
    return [{"account": words.names[a["id"]], **item} for a in document["accounts"]
            for item in items(a)]


def _network_finding(finding: Row, contacts: Mapping[str, str], people: Mapping[str, str]
                     ) -> Row:
    """A finding of the network with names for ids: the contacts, and the one of us who
    holds every strong relationship (single-threaded); a stale contact's days as a number."""
    detail: Any = finding["detail"]
    if finding["kind"] == "single_threaded":
        detail = people.get(detail, detail)
    elif isinstance(detail, str) and detail.isdigit():
        detail = int(detail)
    return {"kind": finding["kind"], "detail": detail,
            "contacts": ", ".join(contacts.get(c, c) for c in finding["contacts"])}


def _completeness(plans: Sequence[PlanCheck], words: _Words) -> list[dict[str, Any]]:
    rows = []
    for plan in plans:
        row: dict[str, Any] = {
            "account": words.names[plan.account], "class": plan.account_class,
            "completeness": plan.completeness, "passed": plan.passed,
            "rules": len(plan.rules), "errors": plan.count("error"),
            "warnings": plan.count("warning")}
        for rule in RULES:
            if rule.scope == "account":
                row[rule.id] = ("not_met" if rule.id in plan.failed else "met") \
                    if rule.id in plan.rules else "off"
        rows.append(row)
    return rows


def workbook(portfolio: Portfolio, today: dt.date, chosen: Edition = INTERNAL) -> bytes:
    """The workbook of the edition ``chosen`` as XLSX bytes, the same for the same plans
    and day (every time stamp is the as-of date)."""
    from babel.numbers import get_currency_symbol
    from openpyxl import Workbook

    redacted = redact(portfolio, chosen)
    document = (shared_document(redacted, today) if chosen.shared
                else portfolio_document(portfolio, today))
    programme = document["programme"]
    language = programme["language"]
    words = _Words(
        Labels(language),
        number_formats(language, get_currency_symbol(programme["currency"],
                                                     CONVENTIONS[language].locale)),
        {a["id"]: a["name"] for a in document["accounts"]},
        {m.id: m.name for m in redacted.portfolio.team},
        {t.id: t.name for t in redacted.portfolio.territories},
        {aid: {**{c.id: c.name for c in a.plan.network},
               **{c.id: c.name for c in a.plan.positioning.competitors}}
         for aid, a in redacted.portfolio.accounts.items()},
        chosen.shared)
    L = words.labels
    accounts = ACCOUNTS
    if programme.get("matrix", {}).get("position") == "share_of_wallet":
        # The matrix's position is then a share: shown as one, like the share of wallet.
        accounts = tuple(replace(c, kind="percent") if c.key == "matrix_position" else c
                         for c in ACCOUNTS)
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    as_of = dt.datetime.fromisoformat(document["as_of"])
    book.properties.created = as_of
    book.properties.modified = as_of
    book.properties.creator = "kamgen"
    _sheet(book, L("xlsx_sheet_accounts"), accounts, _accounts(document, words), words, "C2")
    if not chosen.shared:
        _sheet(book, L("xlsx_sheet_territories"), TERRITORIES, document["territories"], words)
        _sheet(book, L("xlsx_sheet_managers"), MANAGERS, [
            {**m, "territory": words.territories.get(m["territory"], m["territory"])
             if m.get("territory") else None} for m in document["managers"]], words)
        for key, value_label in (("revenue", "col_revenue"), ("margin", "col_margin")):
            _sheet(book, L(f"xlsx_sheet_pareto_{key}"), _pareto(value_label), [
                {**row, "rank": rank, "account": words.names.get(row["account"], row["account"])}
                for rank, row in enumerate(document["selection"][key]["rows"], start=1)
            ], words)
    _sheet(book, L("xlsx_sheet_scorecard"), SCORECARD, _per_account(document, words, lambda a: (
        {"perspective": p["perspective"], **o} for p in a["scorecard"]["perspectives"]
        for o in p["objectives"])), words)
    _sheet(book, L("xlsx_sheet_value_add"), VALUE_ADD,
           _per_account(document, words, lambda a: a["value_add"]), words)
    _sheet(book, L("xlsx_sheet_relative_quality"), RELATIVE_QUALITY,
           _per_account(document, words, lambda a: (
               {**rq, "competitor": words.contacts[a["id"]].get(rq["competitor"],
                                                                 rq["competitor"])}
               for rq in a.get("positioning", {}).get("relative_quality", []))), words)
    _sheet(book, L("xlsx_sheet_network_findings"), NETWORK_FINDINGS,
           _per_account(document, words, lambda a: (
               _network_finding(f, words.contacts[a["id"]], words.people)
               for f in a["network"].get("findings", []))), words)
    _sheet(book, L("xlsx_sheet_actions"), ACTIONS, _per_account(document, words, lambda a: (
        {**item, "owner": words.people.get(item["owner"], item["owner"])
         if item["owner"] else None} for item in a["actions"]["items"])), words)
    if not chosen.shared:
        _sheet(book, L("xlsx_sheet_completeness"), COMPLETENESS,
               _completeness(check(portfolio, today).plans, words), words)
    out = io.BytesIO()
    book.save(out)
    return _pin_zip(out.getvalue(), as_of)


_ZIP_EARLIEST = dt.datetime(1980, 1, 1)
_ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)


def _pin_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same workbook with every time stamp set to ``when``, so that the same plans
    give the same bytes: openpyxl stamps the save time into docProps/core.xml and the
    zip entries carry the wall clock. A zip entry holds only 1980 to 2107: an as-of date
    outside stamps the entries with the nearest end of that range."""
    import zipfile

    stamp = when.isoformat(timespec="seconds") + "Z"
    zipped = min(max(when, _ZIP_EARLIEST), _ZIP_LATEST).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=zipped)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()

