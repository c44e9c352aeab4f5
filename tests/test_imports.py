"""Figures from the systems of record: the exports kam.yaml's imports names are read as CRM
and ERP systems write them (German or English numbers, UTF-8 with or without a byte order
mark, SAP's UTF-16 with tabs, XLSX), merged into the plans at every build, and every
mistake is an error that names the export, its line and its column."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kamgen.cli import main
from kamgen.errors import PlanErrors
from kamgen.load import load_portfolio
from kamgen.load.imports import column_letter, parse_number, style_of
from kamgen.model import Portfolio
from kamgen.session import Session

PLANS = Path(__file__).resolve().parents[1] / "plans"
NORDWERK = "accounts/nordwerk-chemie/plan.yaml"
HINT_LINE = "# Dort pflegen, nicht hier: ein Jahr an beiden Stellen ist ein Fehler."
"""A comment line of every example plan, where a test puts a key of its own."""

BUSINESS = """\
imports:
  - file: {file}
    kind: business
    columns:
      account: Kunde
      year: Jahr
      revenue: Umsatz
      margin: DB
"""
"""An import of the columns Kunde, Jahr, Umsatz and DB; its lines are counted from
:data:`IMPORTS_LINE`."""


def kam_prefix() -> str:
    """kam.yaml of the example without its imports."""
    text = (PLANS / "kam.yaml").read_text("utf-8")
    return text[: text.index("\nimports:")] + "\n"


IMPORTS_LINE = kam_prefix().count("\n") + 1
"""The line of 'imports:' in the kam.yaml of :func:`plans_with`."""


def plans_with(tmp_path: Path, files: dict[str, bytes], imports: str | None = None,
               edits: Iterable[tuple[str, str, str]] = ()) -> Path:
    """A copy of the example portfolio with ``files`` written, kam.yaml's imports replaced
    by ``imports`` (by default :data:`BUSINESS` of data/x.csv), and each edit (file, old,
    new) made once."""
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    (root / "kam.yaml").write_text(
        kam_prefix() + (imports if imports is not None else BUSINESS.format(file="data/x.csv")),
        "utf-8")
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    for rel, old, new in edits:
        path = root / rel
        text = path.read_text("utf-8")
        assert text.count(old) == 1, (rel, old)
        path.write_text(text.replace(old, new), "utf-8")
    return root


def errors(root: Path) -> list[str]:
    """Every error of the folder as ``kamgen validate`` prints it (paths below it)."""
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(root)
    return caught.value.render().splitlines()[:-1]


def years(portfolio: Portfolio, account_id: str = "nordwerk-chemie"
          ) -> list[tuple[int, float, float | None, bool]]:
    return [(b.year, b.revenue, b.margin, b.forecast)
            for b in portfolio.accounts[account_id].plan.business]


def xlsx(rows: list[list[Any]], title: str = "Umsatz", **extra_sheets: list[list[Any]]
         ) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, more in extra_sheets.items():
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the example portfolio ---------------------------------------------------------------


def test_the_example_takes_its_business_figures_from_its_export() -> None:
    portfolio = load_portfolio(PLANS)
    assert years(portfolio) == [(2024, 2_900_000, 710_000, False),
                                (2025, 3_100_000, 820_000, False),
                                (2026, 3_400_000, 900_000, True)]
    assert years(portfolio, "donauried-landtechnik") == [(2025, 180_000, 38_000, False),
                                                         (2026, 310_000, 62_000, True)]
    for account in portfolio.accounts.values():
        assert account.imported == ("data/umsatz.csv",)
        assert account.plan.business, account.id
        assert "\nbusiness:" not in (PLANS / account.file).read_text("utf-8")
    assert portfolio.accounts["nordwerk-chemie"].plan.customer_number == "100234"


# --- numbers as exports write them -------------------------------------------------------


@pytest.mark.parametrize(("text", "style", "de", "en"), [
    ("96000", None, 96000, 96000),
    ("2.900.000", "de", 2_900_000, None),
    ("2.900.000,50", "de", 2_900_000.5, None),
    ("1234,5", "de", 1234.5, None),
    ("2,900,000", "en", None, 2_900_000),
    ("2,900,000.50", "en", None, 2_900_000.5),
    ("1234.5", "en", None, 1234.5),
    ("96.000", "open", 96000, 96),
    ("96,000", "open", 96, 96000),
    ("1.234,50-", "de", -1234.5, None),       # SAP's trailing minus
    ("-1.234,50", "de", -1234.5, None),
    ("1 234 567,89", "de", 1_234_567.89, None),
    ("1.23.456", "de", None, None),
    ("0,500", "de", 0.5, None),               # a thousands group never starts with 0
    ("0.500", "en", None, 0.5),
    ("12 Mio", None, None, None),
    ("€ 12", None, None, None),
    ("=1+1", None, None, None),
    ("", None, None, None),
])
def test_numbers_in_german_and_english(text: str, style: str | None, de: float | None,
                                       en: float | None) -> None:
    assert style_of(text) == style
    assert parse_number(text, "de") == de
    assert parse_number(text, "en") == en


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 3, 26, 27, 28, 702, 703)] == [
        "A", "C", "Z", "AA", "AB", "ZZ", "AAA"]


# --- encodings and forms -----------------------------------------------------------------

GERMAN = ("Kunde;Jahr;Umsatz;DB\r\n100234;2024;2.900.000,00;710.000,00\r\n"
          "nordwerk-chemie;2025;3.100.000;820.000\r\n")
"""A German export as Excel writes it: semicolons, decimal commas, thousands dots, CRLF;
the account once by customer number, once by plan id."""
EXPECTED = [(2024, 2_900_000, 710_000, False), (2025, 3_100_000, 820_000, False)]

FORMS = {
    "utf-8 with a byte order mark": GERMAN.encode("utf-8-sig"),
    "utf-8 without": GERMAN.encode("utf-8"),
    "utf-16 with tabs, as SAP writes it": GERMAN.replace(";", "\t").encode("utf-16"),
    "utf-16 big-endian": b"\xfe\xff" + GERMAN.replace(";", "\t").encode("utf-16-be"),
    "English numbers, commas": (b"Kunde,Jahr,Umsatz,DB\n100234,2024,\"2,900,000.00\",710000\n"
                                b"nordwerk-chemie,2025,3100000.0,\"820,000\"\n"),
    "tabs, lone line ends": b"Kunde\tJahr\tUmsatz\tDB\r100234\t2024\t2900000\t710000\r"
                            b"nordwerk-chemie\t2025\t3100000\t820000\r",
    "quoted fields and a name with ';'": (
        b'"Kunde";"Name";"Jahr";"Umsatz";"DB"\n"100234";"Nordwerk; Chemie";"2024";"2.900.000";'
        b'"710.000"\n\n"nordwerk-chemie";"x";"2025";"3.100.000";"820.000"\n'),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_csv_export_is_read_as_it_comes(form: str, tmp_path: Path) -> None:
    root = plans_with(tmp_path, {"data/x.csv": FORMS[form]})
    portfolio = load_portfolio(root)
    assert years(portfolio) == EXPECTED
    assert portfolio.accounts["nordwerk-chemie"].imported == ("data/x.csv",)
    assert years(portfolio, "korvat-hausgeraete") == []


def test_a_96_000_in_a_german_file_is_96000_and_in_an_english_file_96(tmp_path: Path) -> None:
    german = b"Kunde;Jahr;Umsatz\nnordwerk-chemie;2024;96.000\nnordwerk-chemie;2025;1.234,5\n"
    english = b"Kunde;Jahr;Umsatz\nnordwerk-chemie;2024;96.000\nnordwerk-chemie;2025;1234.5\n"
    imports = BUSINESS.format(file="data/x.csv").replace("      margin: DB\n", "")
    for data, expected in ((german, 96_000), (english, 96)):
        root = plans_with(tmp_path / str(expected), {"data/x.csv": data}, imports)
        assert years(load_portfolio(root))[0] == (2024, expected, None, False)


def test_the_number_form_can_be_set_where_the_file_leaves_it_open(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;96.000;1.000\n"
    for numbers, expected in (("de", (2024, 96_000, 1000, False)), ("en", (2024, 96, 1, False))):
        imports = BUSINESS.format(file="data/x.csv") + f"    numbers: {numbers}\n"
        root = plans_with(tmp_path / numbers, {"data/x.csv": data}, imports)
        assert years(load_portfolio(root)) == [expected]


def test_forecast_column(tmp_path: Path) -> None:
    data = (b"Kunde;Jahr;Umsatz;Art\nnordwerk-chemie;2024;1;Ist\nnordwerk-chemie;2025;2;\n"
            b"nordwerk-chemie;2026;3;Prognose\nnordwerk-chemie;2027;4;ja\n")
    imports = BUSINESS.format(file="data/x.csv").replace("margin: DB", "forecast: Art")
    root = plans_with(tmp_path, {"data/x.csv": data}, imports)
    assert [b.forecast for b in load_portfolio(root).accounts["nordwerk-chemie"].plan.business
            ] == [False, False, True, True]


def test_an_xlsx_export_gives_its_stored_values(tmp_path: Path) -> None:
    book = xlsx([["Kunde", "Jahr", "Umsatz", "DB"],
                 [100234, 2024, 2_900_000, 710_000.0],     # numbers stored as numbers
                 [],
                 ["nordwerk-chemie", "2025", "3.100.000,00", "820.000,00"]])  # or as text
    root = plans_with(tmp_path, {"data/x.xlsx": book}, BUSINESS.format(file="data/x.xlsx"))
    assert years(load_portfolio(root)) == EXPECTED


def test_an_xlsx_export_reads_the_sheet_it_names(tmp_path: Path) -> None:
    book = xlsx([["Notizen"]], "Hinweise", Umsatz=[["Kunde", "Jahr", "Umsatz", "DB"],
                                                   [100234, 2024, 2_900_000, 710_000]])
    imports = BUSINESS.format(file="data/x.xlsx") + "    sheet: Umsatz\n"
    root = plans_with(tmp_path, {"data/x.xlsx": book}, imports)
    assert years(load_portfolio(root)) == EXPECTED[:1]
    imports = BUSINESS.format(file="data/x.xlsx") + "    sheet: Umsätze\n"
    root = plans_with(tmp_path / "other", {"data/x.xlsx": book}, imports)
    assert errors(root) == [
        "data/x.xlsx: the workbook has no sheet 'Umsätze'",
        "    hint: its sheets: 'Hinweise', 'Umsatz'",
    ]


def test_a_formula_is_never_evaluated_only_its_stored_result_taken(tmp_path: Path) -> None:
    # openpyxl stores no result for a formula it writes, as a workbook never calculated.
    book = xlsx([["Kunde", "Jahr", "Umsatz", "DB"], [100234, 2024, "=1000*1000", 1]])
    root = plans_with(tmp_path, {"data/x.xlsx": book}, BUSINESS.format(file="data/x.xlsx"))
    assert errors(root) == [
        "data/x.xlsx:2:3: Umsatz: the revenue is empty (column C)",
        "    hint: give the revenue in every row",
    ]


def test_a_wallet_export(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Wallet\n100234;2025;7.000.000\n100234;2026;9.000.000\n"
    imports = ("imports:\n  - file: data/x.csv\n    kind: wallet\n"
               "    columns: {account: Kunde, year: Jahr, wallet: Wallet}\n")
    root = plans_with(tmp_path, {"data/x.csv": data}, imports,
                      [(NORDWERK, "wallet: 8000000 ", "# wallet aus dem Export")])
    portfolio = load_portfolio(root)
    assert portfolio.accounts["nordwerk-chemie"].plan.wallet == 9_000_000  # the fiscal year's
    root = plans_with(tmp_path / "twice", {"data/x.csv": data}, imports)
    assert errors(root) == [
        "accounts/nordwerk-chemie/plan.yaml:40:1: wallet: the wallet is given both here and in "
        "the export data/x.csv:3",
        "    hint: give it in one place: remove it from the plan, or its row from the export",
    ]


def test_rows_of_customers_without_a_plan_may_be_left_out(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz\nnordwerk-chemie;2024;1\n999999;2024;2\n<script>;2024;3\n"
    imports = (BUSINESS.format(file="data/x.csv").replace("      margin: DB\n", "")
               + "    other_accounts: ignore\n")
    root = plans_with(tmp_path, {"data/x.csv": data}, imports)
    assert years(load_portfolio(root)) == [(2024, 1, None, False)]


# --- errors ------------------------------------------------------------------------------

COLUMNS = IMPORTS_LINE + 3
"""The line of 'columns:' in :data:`BUSINESS`."""


def test_a_column_the_export_does_not_have(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz netto;DB\nnordwerk-chemie;2024;1;1\n"
    root = plans_with(tmp_path, {"data/x.csv": data})
    assert errors(root) == [
        f"kam.yaml:{COLUMNS + 3}:7: imports[0].columns.revenue: the export data/x.csv has no "
        "column 'Umsatz' (line 1)",
        "    hint: did you mean 'Umsatz netto'? its headers: 'Kunde', 'Jahr', 'Umsatz netto', "
        "'DB'",
    ]


def test_a_column_twice_and_a_kind_without_its_columns(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;Umsatz\nnordwerk-chemie;2024;1;1\n"
    imports = ("imports:\n  - file: data/x.csv\n    kind: business\n"
               "    columns: {account: Kunde, revenue: Umsatz, wallet: W}\n")
    root = plans_with(tmp_path, {"data/x.csv": data}, imports)
    assert errors(root) == [
        f"kam.yaml:{COLUMNS}:5: imports[0].columns: an import of kind business needs the "
        "column 'year'",
        "    hint: add 'year: <header of the column>' to columns",
        f"kam.yaml:{COLUMNS}:31: imports[0].columns.revenue: the export data/x.csv has the "
        "column 'Umsatz' twice (column C and column D of line 1)",
        "    hint: give the columns of the export different headers",
        f"kam.yaml:{COLUMNS}:48: imports[0].columns.wallet: an import of kind business takes "
        "no column 'wallet'",
        "    hint: remove it, or make a second import of kind wallet",
        f"kam.yaml:{COLUMNS}:48: imports[0].columns.wallet: the export data/x.csv has no "
        "column 'W' (line 1)",
        "    hint: its headers: 'Kunde', 'Jahr', 'Umsatz', 'Umsatz'",
    ]


def test_an_account_no_plan_has(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemi;2024;1;1\n"
    root = plans_with(tmp_path, {"data/x.csv": data})
    assert errors(root) == [
        "data/x.csv:2:1: Kunde: no plan has the id or customer number 'nordwerk-chemi'",
        "    hint: did you mean 'nordwerk-chemie'? plan ids and customer numbers that exist: "
        "100051, 100095, 100163, 100187, 100234, 100298, 100336, 100412, brenntal-automotive, "
        "donauried-landtechnik, elbkant-verpackungen, gravenhorst-bauprofile, "
        "korvat-hausgeraete, marschland-elektro, nordwerk-chemie, velmar-medizintechnik; or "
        "set 'other_accounts: ignore' on the import in kam.yaml when the export holds "
        "customers without a plan",
    ]


def test_a_value_that_is_not_a_number(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;12 Mio;1,5\nnordwerk-chemie;24;1;\n"
    root = plans_with(tmp_path, {"data/x.csv": data})
    assert errors(root) == [
        "data/x.csv:2:3: Umsatz: expected a number; found '12 Mio' (column C)",
        "    hint: the export writes numbers as 1.234.567,89: write digits, without units; or "
        "set 'numbers:' on the import in kam.yaml",
        "data/x.csv:3:2: Jahr: expected a year from 1900 to 2200; found 24 (column B)",
        "    hint: write the year with four digits",
    ]


def test_a_number_that_may_be_german_or_english(tmp_path: Path) -> None:
    root = plans_with(tmp_path, {"data/x.csv": b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;"
                                               b"96.000;1\n"})
    assert errors(root) == [
        "data/x.csv:2:3: Umsatz: '96.000' may be 96000 (German thousands) or 96 (English "
        "decimals): no other number in the export says which (column C)",
        "    hint: set 'numbers: de' (1.234,5) or 'numbers: en' (1,234.5) on the import in "
        "kam.yaml, or export the numbers without thousands separators",
    ]


def test_numbers_in_both_forms(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;1.234,5;1\n100234;2025;1,234.5;1\n"
    root = plans_with(tmp_path, {"data/x.csv": data})
    assert errors(root) == [
        "data/x.csv:3:3: Umsatz: the export writes numbers the German way ('1.234,5' on line 2) "
        "and the English way ('1,234.5') (column C)",
        "    hint: set 'numbers: de' (1.234,5) or 'numbers: en' (1,234.5) on the import in "
        "kam.yaml, or export the numbers without thousands separators",
    ]


def test_a_year_both_in_a_plan_and_in_an_export(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;1;1\n"
    root = plans_with(tmp_path, {"data/x.csv": data}, edits=[
        (NORDWERK, HINT_LINE, "business: [{year: 2024, revenue: 5}]")])
    assert errors(root) == [
        "accounts/nordwerk-chemie/plan.yaml:39:13: business[0].year: year 2024 is given both "
        "here and in the export data/x.csv:2",
        "    hint: give each year in one place: remove it from the plan, or its row from the "
        "export",
    ]


def test_the_same_account_and_year_twice_in_the_exports(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;1;1\n100234;2024;2;2\n"
    imports = BUSINESS.format(file="data/x.csv") + BUSINESS.format(file="data/y.csv")[9:]
    root = plans_with(tmp_path, {"data/x.csv": data, "data/y.csv": data[:45]}, imports)
    assert errors(root) == [
        "data/x.csv:3:1: Kunde: year 2024 of nordwerk-chemie is given twice: also in "
        "data/x.csv:2",
        "    hint: give each year of an account in one row",
        "data/y.csv:2:1: Kunde: year 2024 of nordwerk-chemie is given twice: also in "
        "data/x.csv:2",
        "    hint: give each year of an account in one row",
    ]


def test_a_customer_number_in_two_plans(tmp_path: Path) -> None:
    root = plans_with(tmp_path, {"data/x.csv": b"Kunde;Jahr;Umsatz;DB\n"}, edits=[
        ("accounts/korvat-hausgeraete.yaml", "customer_number: '100163'",
         "customer_number: '100234'")])
    assert errors(root) == [
        "accounts/nordwerk-chemie/plan.yaml:36:1: customer_number: customer number '100234' "
        "is given in two plans: accounts/korvat-hausgeraete.yaml and "
        "accounts/nordwerk-chemie/plan.yaml",
        "    hint: each customer number belongs to one plan: correct it in one of the two files",
    ]


@pytest.mark.parametrize(("file", "message", "hint"), [
    ("../umsatz.csv", "the export '../umsatz.csv' is not below the plans folder",
     "put the export into the plans folder (e.g. data/umsatz.csv) and give its path from "
     "there, with '/'"),
    ("/etc/passwd.csv", "the export '/etc/passwd.csv' is not below the plans folder",
     "put the export into the plans folder (e.g. data/umsatz.csv) and give its path from "
     "there, with '/'"),
    ("data\\x.csv", "the export 'data\\x.csv' is not below the plans folder",
     "put the export into the plans folder (e.g. data/umsatz.csv) and give its path from "
     "there, with '/'"),
    (".data/x.csv", "the export '.data/x.csv' is a dot-file or in a dot-folder, which kamgen "
     "never reads", "move it to a folder such as data/"),
    ("data/x.xls", "kamgen reads exports ending in .csv or .xlsx, not '.xls'",
     "save it as .xlsx or as CSV"),
    ("data/x.xlsm", "kamgen reads exports ending in .csv or .xlsx, not '.xlsm'",
     "save it as .xlsx or as CSV"),
    ("data/x.CSV", "kamgen reads exports ending in .csv or .xlsx, not '.CSV'",
     "rename it to x.csv"),
    ("data/x.txt", "kamgen reads exports ending in .csv or .xlsx, not '.txt'",
     "export the figures as CSV (.csv) or as an Excel workbook (.xlsx)"),
    ("accounts/nordwerk-chemie/x.csv", "the export 'accounts/nordwerk-chemie/x.csv' lies in "
     "accounts/, where files are published with the pages",
     "move it to a folder of its own, e.g. data/"),
    ("data/y.csv", "the export 'data/y.csv' is missing",
     "export it there, or correct the path; exports below the plans folder: data/umsatz.csv, "
     "data/x.csv"),
])
def test_an_export_kamgen_may_not_read(file: str, message: str, hint: str,
                                       tmp_path: Path) -> None:
    files = {"data/x.csv": b"Kunde;Jahr;Umsatz;DB\n", "data/umsatz.csv": b"x;y\n"}
    root = plans_with(tmp_path, files, BUSINESS.format(file=f"'{file}'"))
    assert errors(root) == [f"kam.yaml:{IMPORTS_LINE + 1}:5: imports[0].file: {message}",
                            f"    hint: {hint}"]


def test_many_errors_in_one_export_are_counted(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\n" + b"nordwerk-chemie;2024;x;1\n" * 50
    found = errors(plans_with(tmp_path, {"data/x.csv": data}))
    assert len(found) == 2 * 21
    assert found[:2] == ["data/x.csv: 30 more errors in this export are not listed",
                         "    hint: correct the ones listed first: the others are often the "
                         "same mistake"]


def test_an_export_that_is_not_utf8(tmp_path: Path) -> None:
    data = "Kunde;Jahr;Umsatz\nnordwerk-chemie;2024;1\nKorvat Hausgeräte;2024;1\n"
    root = plans_with(tmp_path, {"data/x.csv": data.encode("cp1252")})
    assert errors(root) == [
        "data/x.csv:3:15: the export is not UTF-8: byte 0xe4 cannot be read (Windows-1252, as "
        "older Excel writes CSV?)",
        "    hint: save the export as UTF-8 (Excel: 'CSV UTF-8 (durch Trennzeichen getrennt)') "
        "or as XLSX",
    ]


def test_a_decimal_comma_that_splits_a_line_of_a_comma_file(tmp_path: Path) -> None:
    data = b"Kunde,Jahr,Umsatz,DB\nnordwerk-chemie,2024,1,1\nnordwerk-chemie,2025,1,5,1\n"
    root = plans_with(tmp_path, {"data/x.csv": data})
    assert errors(root) == [
        "data/x.csv:3:5: the line has 5 fields, the header 4",
        "    hint: a number with a decimal comma in a file separated by commas must be in "
        "quotes; export the file with ';' as separator",
    ]


def test_every_import_error_is_reported_without_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = plans_with(tmp_path, {"data/x.csv": b"Kunde;Jahr;Umsatz;DB\nx;2024;y;1\n"})
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{root}/data/x.csv:2:3: Umsatz: expected a number; found 'y' (column C)" in err


# --- hostile exports ---------------------------------------------------------------------


def test_formulas_and_markup_in_an_export_reach_nothing(tmp_path: Path) -> None:
    data = (b'Kunde;Jahr;Umsatz;DB;Notiz\n'
            b'nordwerk-chemie;2024;1;1;=HYPERLINK("http://evil.example/IMPORT-ZX81")\n'
            b'=HYPERLINK("http://evil.example","IMPORT-ZX81");2024;2;2;x\n'
            b'nordwerk-chemie;2025;=1+1;<script>alert("IMPORT-ZX81")</script>;x\n')
    found = errors(plans_with(tmp_path, {"data/x.csv": data}))
    assert found[0::2] == [
        "data/x.csv:3:1: Kunde: no plan has the id or customer number "
        "'=HYPERLINK(\"http://evil.example\",\"IMPOR…'",
        "data/x.csv:4:3: Umsatz: expected a number; found '=1+1' (column C)",
        "data/x.csv:4:4: DB: expected a number; found '<script>alert(\"IMPORT-ZX81\")<…' "
        "(column D)",
    ]


def test_control_characters_of_an_export_are_written_out_in_messages(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\n\x1b[2Jnordwerk;2024;1;1\nnordwerk-chemie;2024;1\x00;1\n"
    found = errors(plans_with(tmp_path, {"data/x.csv": data}))
    assert found[0::2] == [
        "data/x.csv:2:1: Kunde: no plan has the id or customer number '\\x1b[2Jnordwerk'",
        "data/x.csv:3:3: Umsatz: expected a number; found '1\\x00' (column C)",
    ]


def test_a_field_too_long_for_csv(tmp_path: Path) -> None:
    data = b'Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;"' + b"9" * 200_000 + b'";1\n'
    assert errors(plans_with(tmp_path, {"data/x.csv": data})) == [
        "data/x.csv:2:1: a field is longer than 131,072 characters",
        "    hint: export it again as plain CSV",
    ]


def test_a_fifty_megabyte_export_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = plans_with(tmp_path, {"data/x.csv": b"Kunde;Jahr;Umsatz;DB\n"})
    with (root / "data/x.csv").open("ab") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    assert errors(root) == [
        "data/x.csv: the export is more than 20 MiB",
        "    hint: export only the accounts and years the plans need",
    ]


def test_an_export_of_too_many_rows(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\n" + b"999;2024;1;1\n" * 100_000
    assert errors(plans_with(tmp_path, {"data/x.csv": data})) == [
        "data/x.csv:100001:1: the export has more than 100,000 rows",
        "    hint: export only the accounts and years the plans need",
    ]


def test_an_export_that_is_a_symbolic_link_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_bytes(b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;1;1\n")
    root = plans_with(tmp_path, {})
    (root / "data").mkdir(exist_ok=True)
    os.symlink(secret, root / "data/x.csv")
    assert errors(root) == [
        "data/x.csv: is a symbolic link; kamgen never follows links below the plans folder",
        "    hint: put the file itself here, or remove the link",
    ]
    os.remove(root / "data/x.csv")
    shutil.rmtree(root / "data")
    os.symlink(tmp_path, root / "data")
    assert errors(root) == [
        "data: is a symbolic link; kamgen never follows links below the plans folder",
        "    hint: put the file itself here, or remove the link",
    ]


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return out.getvalue()


def with_parts(book: bytes, parts: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(book)) as source:
        kept = {name: source.read(name) for name in source.namelist()}
    return zipped({**kept, **parts})


def entity_bomb() -> bytes:
    """A workbook whose sheet declares entities that expand to a billion 'lol's."""
    book = xlsx([["Kunde", "Jahr", "Umsatz", "DB"], ["nordwerk-chemie", 2024, 1, 1]])
    with zipfile.ZipFile(io.BytesIO(book)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    entities = b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10)
                        for i in range(1, 10))
    head = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + entities + b"]>"
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    assert b"<v>1</v>" in body
    return with_parts(book, {"xl/worksheets/sheet1.xml":
                             head + body.replace(b"<v>1</v>", b"<v>&lol9;</v>", 1)})


HOSTILE_XLSX = {
    "an entity bomb": (
        entity_bomb, "the workbook cannot be read: it is damaged or not an Excel workbook",
        "save it again in Excel as .xlsx, or export CSV"),
    "a zip bomb": (
        lambda: with_parts(xlsx([["Kunde"]]), {"xl/bomb.xml": b"\0" * (65 * 1024 * 1024)}),
        "the workbook unpacks to 65 MiB, more than the 64 MiB kamgen reads",
        "export only the accounts and years the plans need, or export CSV"),
    "links to other workbooks": (
        lambda: with_parts(xlsx([["Kunde"]]),
                           {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
        "the workbook links to other workbooks",
        "copy the figures in as values (Paste Special → Values) and save it without links"),
    "macros": (
        lambda: with_parts(xlsx([["Kunde"]]), {"xl/vbaProject.bin": b"\0"}),
        "the workbook holds macros", "save it as a plain .xlsx workbook, without macros"),
    "an HTML page named .xlsx": (
        lambda: b"<html><script>alert(1)</script></html>",
        "the file is not an XLSX workbook: its content does not start as one",
        "save it again in Excel as .xlsx, or export CSV"),
    "a zip that is no workbook": (
        lambda: zipped({"hello.txt": b"hello"}),
        "the workbook cannot be read: it is damaged or not an Excel workbook",
        "save it again in Excel as .xlsx, or export CSV"),
    "a damaged zip": (
        lambda: b"PK\x03\x04" + b"\0" * 100,
        "the workbook cannot be read: it is damaged or not an Excel workbook",
        "save it again in Excel as .xlsx, or export CSV"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_XLSX))
def test_a_hostile_workbook_is_refused(name: str, tmp_path: Path) -> None:
    make, message, hint = HOSTILE_XLSX[name]
    root = plans_with(tmp_path, {"data/x.xlsx": make()}, BUSINESS.format(file="data/x.xlsx"))
    assert errors(root) == [f"data/x.xlsx: {message}", f"    hint: {hint}"]


# --- the preview ---------------------------------------------------------------------------


def test_the_preview_notices_a_changed_export(tmp_path: Path) -> None:
    data = b"Kunde;Jahr;Umsatz;DB\nnordwerk-chemie;2024;1;1\nkorvat-hausgeraete;2024;2;2\n"
    root = plans_with(tmp_path, {"data/x.csv": data})
    cache = Session.preview(root).plan_cache
    first = load_portfolio(root, cache)
    second = load_portfolio(root, cache)
    for account_id, account in first.accounts.items():
        assert second.accounts[account_id].plan is account.plan
        assert second.accounts[account_id].digest == account.digest
    (root / "data/x.csv").write_bytes(data.replace(b"2024;1;1", b"2024;7;1"))
    third = load_portfolio(root, cache)
    assert years(third) == [(2024, 7, 1, False)]
    assert third.accounts["nordwerk-chemie"].digest != first.accounts["nordwerk-chemie"].digest
    korvat = "korvat-hausgeraete"
    assert third.accounts[korvat].digest == first.accounts[korvat].digest
    assert third.accounts[korvat].plan is first.accounts[korvat].plan


# --- the shared edition --------------------------------------------------------------------


def shared_export(root: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "shared.json"
    assert main(["export", str(root), "--format", "json", "--out", str(out), "--as-of",
                 "2026-11-23", "--audience", "customer", "--account", "nordwerk-chemie"]) == 0
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return data


def test_a_shared_edition_holds_no_other_accounts_imported_figures(tmp_path: Path) -> None:
    others = {int(b.revenue) for account in load_portfolio(PLANS).accounts.values()
              if account.id != "nordwerk-chemie" for b in account.plan.business}
    # By default the shared edition shows no business figures at all.
    root = plans_with(tmp_path / "default", {}, (PLANS / "kam.yaml").read_text("utf-8")[
        len(kam_prefix()):])
    text = json.dumps(shared_export(root, tmp_path))
    assert "2900000" not in text and "umsatz.csv" not in text and "100234" not in text
    # Shared, it shows the account's own years and nothing of any other row of the export.
    shared = kam_prefix().replace("\nmatrix:", "\ncustomer_edition: {share: [business]}\n"
                                  "matrix:") + (PLANS / "kam.yaml").read_text("utf-8")[
        len(kam_prefix()):]
    root = plans_with(tmp_path / "shared", {}, "")
    (root / "kam.yaml").write_text(shared, "utf-8")
    data = shared_export(root, tmp_path)
    (account,) = data["accounts"]
    assert [(y["year"], y["revenue"]) for y in account["business"]["years"]] == [
        (2024, 2_900_000), (2025, 3_100_000), (2026, 3_400_000)]
    text = json.dumps(data)
    assert [n for n in others if re.search(rf"(?<![\d.]){n}(?![\d])", text)] == []
    assert "umsatz.csv" not in text and "100234" not in text and "100163" not in text


# --- the schema ----------------------------------------------------------------------------


def test_the_programme_schema_documents_the_imports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--stdout", "programme"]) == 0
    schema = json.loads(capsys.readouterr().out)
    imports = schema["$defs"]["Import"]
    assert sorted(imports["properties"]) == ["columns", "file", "kind", "numbers",
                                             "other_accounts", "sheet"]
    assert sorted(schema["$defs"]["ImportColumns"]["properties"]) == [
        "account", "forecast", "margin", "revenue", "wallet", "year"]
    assert "imports" in schema["properties"]
    assert main(["schema", "--stdout", "account"]) == 0
    assert "customer_number" in json.loads(capsys.readouterr().out)["properties"]
