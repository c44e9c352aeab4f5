"""Figures from the systems of record: the CSV and XLSX exports that kam.yaml's ``imports``
names, read at every build and merged into the plans (kamgen never rewrites a plan).

An export is read as a CRM or ERP writes it:

- CSV in UTF-8 with or without a byte order mark, or UTF-16 with its byte order mark (as
  SAP writes it); the delimiter (``;``, ``,`` or a tab) is the one that splits the header
  and the first lines into the same number of fields;
- XLSX read-only through openpyxl, with the values Excel stored (a formula is never
  evaluated: its last result is taken), links to other workbooks and macros refused, and
  the parts of the workbook bounded before it is opened (:mod:`~kamgen.load.limits`);
- numbers in the German form (``1.234.567,89``, SAP's trailing minus ``1.234,50-``) or
  the English one (``1,234,567.89``). The form is the file's, decided once for the whole
  file (see :func:`number_style`): ``1.234,5`` or ``1.234.567`` say German, ``1,234.5``,
  ``1,234,567`` or ``1234.5`` say English. ``96.000`` alone says neither: in a German file
  it is 96000, in an English one 96, and in a file whose other numbers do not tell, it is
  an error (set ``numbers: de`` or ``en`` on the import), never a guess.

:func:`read_export` does the I/O and gives the figures of one export with the places they
come from; :func:`merge_imports` computes the plans with those figures, and the errors of
figures given twice. Every error names the export, the line (row) and the column.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import PlanError
from ..model import AccountPlan, BusinessYear, Positions
from ..model._base import MAX_AMOUNT
from ..model.portfolio import KeyPath, ids_hint
from ..model.programme import Import, NumberStyle
from .gate import DATA_SUFFIXES, Entry, read_bytes
from .limits import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_UNPACKED_BYTES,
)
from .source import line_column, shorten

__all__ = [
    "ExportFigures",
    "ImportedFigure",
    "Merged",
    "NumberForm",
    "check_place",
    "column_letter",
    "merge_imports",
    "number_style",
    "parse_number",
    "read_export",
]

MAX_ERRORS_PER_EXPORT = 20
"""An export with more errors reports this many and counts the rest."""

_FIELDS = ("account", "year", "revenue", "margin", "forecast", "wallet")
_NEEDS = {"business": ("account", "year", "revenue"), "wallet": ("account", "wallet")}
_NOT_FOR = {"business": ("wallet",), "wallet": ("revenue", "margin", "forecast")}
_NUMBERS = ("revenue", "margin", "wallet")
_UTF8_HINT = ("save the export as UTF-8 (Excel: 'CSV UTF-8 (durch Trennzeichen getrennt)') "
              "or as XLSX")
_DAMAGED = "the workbook cannot be read: it is damaged or not an Excel workbook"
_RESAVE = "save it again in Excel as .xlsx, or export CSV"
_STYLE_HINT = ("set 'numbers: de' (1.234,5) or 'numbers: en' (1,234.5) on the import in "
               "kam.yaml, or export the numbers without thousands separators")


def _quote(value: Any, limit: int = 60) -> str:
    """A text of the export in quotes for a message, cut short, with every character a
    terminal could take as a command (escape sequences, line breaks, NUL) written as
    ``\\xNN``."""
    text = shorten(str(value), limit)
    return "'" + "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text) + "'"


def column_letter(number: int) -> str:
    """The spreadsheet name of the column ``number`` (1-based): 1 → A, 28 → AB."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- numbers as exports write them -------------------------------------------------------

_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")
_PLAIN = re.compile(r"\d+")
_DE_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_EN_GROUPS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
_OPEN = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
"""``96.000`` or ``96,000``: a thousands separator in one form, a decimal sign in the other."""


def _magnitude(text: str) -> tuple[str, bool] | None:
    """The digits and separators of a number and whether it is negative (a leading or,
    as SAP writes it, a trailing minus); None when it has no such shape."""
    text = _SPACES.sub("", text.strip())
    negative = False
    if text[:1] in "-+\u2212" and text[:1]:
        negative, text = text[0] != "+", text[1:]
    elif text[-1:] in ("-", "\u2212"):
        negative, text = True, text[:-1]
    if not text or not text[0].isdigit() or not text[-1].isdigit() or not text.isascii():
        return None
    return text, negative


def style_of(text: str) -> str | None:
    """What a number's text says of the file's form: ``de``, ``en``, ``open`` (``96.000``:
    either) or None (digits only, or not a number at all)."""
    found = _magnitude(text)
    if found is None:
        return None
    digits = found[0]
    if _PLAIN.fullmatch(digits):
        return None
    if _OPEN.fullmatch(digits):
        return "open"
    if "," in digits and "." in digits:
        return "de" if digits.rfind(",") > digits.rfind(".") else "en"
    if "." in digits:
        return "de" if digits.count(".") > 1 else "en"
    return "en" if digits.count(",") > 1 else "de"


def parse_number(text: str, style: str) -> float | None:
    """The number ``text`` written in the form ``style`` (``de`` or ``en``); None when it
    is not one."""
    found = _magnitude(text)
    if found is None:
        return None
    digits, negative = found
    group, decimal = (".", ",") if style == "de" else (",", ".")
    whole, _, fraction = digits.partition(decimal)
    if decimal in fraction or group in fraction or (fraction == "" and digits.endswith(decimal)):
        return None
    grouped = _DE_GROUPS if style == "de" else _EN_GROUPS
    if group in whole and not grouped.fullmatch(whole):
        return None
    if not _PLAIN.fullmatch(whole.replace(group, "")) or (fraction and not fraction.isdigit()):
        return None
    value = float(whole.replace(group, "") + ("." + fraction if fraction else ""))
    return -value if negative else value


@dataclass(frozen=True)
class _Cell:
    """A value of the export at its place: line (row) and column, both 1-based."""

    value: Any
    line: int
    column: int


@dataclass(frozen=True)
class NumberForm:
    """How an export writes its numbers, as :func:`number_style` finds it."""

    style: str
    """``de`` or ``en``."""
    german: _Cell | None = None
    english: _Cell | None = None
    """A cell written the German way and one written the English way, when the file has
    both: an error."""
    open: _Cell | None = None
    """A cell that could be either (``96.000``) in a file that says neither: an error."""


def number_style(cells: Iterable[_Cell], chosen: NumberStyle) -> NumberForm:
    """The form of the file's numbers: ``chosen`` unless it is ``auto``, else what its
    text cells say (see the module's docstring)."""
    if chosen != "auto":
        return NumberForm(chosen)
    found: dict[str, _Cell] = {}
    for cell in cells:
        if isinstance(cell.value, str):
            style = style_of(cell.value)
            if style is not None and style not in found:
                found[style] = cell
    if "de" in found and "en" in found:
        return NumberForm("de", german=found["de"], english=found["en"])
    if "de" in found or "en" in found:
        return NumberForm("de" if "de" in found else "en")
    return NumberForm("de", open=found.get("open"))


# --- reading an export -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedFigure:
    """One row of an export: the account as written and the figures, with their places."""

    account: str
    line: int
    column: int
    """The place of the account's cell."""
    year: int | None = None
    revenue: float | None = None
    margin: float | None = None
    forecast: bool = False
    wallet: float | None = None


@dataclass(frozen=True)
class ExportFigures:
    """What :func:`read_export` found in one export: its figures and its errors."""

    rel: str
    figures: tuple[ImportedFigure, ...] = ()
    errors: tuple[PlanError, ...] = ()


class _Refused(Exception):
    def __init__(self, error: PlanError) -> None:
        self.error = error


def _error(rel: str, line: int, column: int, key: KeyPath, message: str, hint: str
           ) -> PlanError:
    return PlanError(Path(rel), line, column, key, message, hint)


def check_place(spec: Import, index: int, entries: Mapping[str, Entry],
                refused: Iterable[str], locate: Positions) -> PlanError | None:
    """The error of an import whose file kamgen may not read, or None: outside the plans
    folder, a dot-file, in a folder of plans (whose files are published), of another kind,
    missing. A file the gate refused already has its error (a link): None."""
    key: KeyPath = ("imports", index, "file")
    line, column = locate.locate(key)
    name = spec.file

    def error(message: str, hint: str) -> PlanError:
        return _error("kam.yaml", line, column, key, message, hint)

    path = PurePosixPath(name)
    if "\\" in name or path.is_absolute() or ".." in path.parts or not path.parts:
        return error(f"the export {_quote(name)} is not below the plans folder",
                     "put the export into the plans folder (e.g. data/umsatz.csv) and give "
                     "its path from there, with '/'")
    if any(part.startswith(".") for part in path.parts):
        return error(f"the export {_quote(name)} is a dot-file or in a dot-folder, which "
                     "kamgen never reads", "move it to a folder such as data/")
    if path.suffix.lower() not in DATA_SUFFIXES or path.suffix not in DATA_SUFFIXES:
        lower = path.suffix.lower()
        other = (f"rename it to {path.stem}{lower}" if lower in DATA_SUFFIXES else
                 "save it as .xlsx or as CSV" if lower in (".xls", ".xlsm", ".xlsb") else
                 "export the figures as CSV (.csv) or as an Excel workbook (.xlsx)")
        return error(f"kamgen reads exports ending in .csv or .xlsx, not "
                     f"{_quote(path.suffix or path.name)}", other)
    if path.parts[0] in ("accounts", "checklists"):
        return error(f"the export {_quote(name)} lies in {path.parts[0]}/, where files are "
                     "published with the pages", "move it to a folder of its own, e.g. data/")
    blocked = set(refused)
    if any("/".join(path.parts[:end]) in blocked for end in range(1, len(path.parts) + 1)):
        return None
    if path.as_posix() not in entries:
        found = sorted(rel for rel, entry in entries.items() if entry.kind == "data")
        listed = ", ".join(found[:10]) + (f" and {len(found) - 10} more" if len(found) > 10
                                          else "")
        return error(f"the export {_quote(name)} is missing",
                     "export it there, or correct the path" +
                     (f"; exports below the plans folder: {listed}" if found else ""))
    return None


def _decode(raw: bytes, rel: str) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _Refused(_error(rel, 0, 0, (), "the export is UTF-32, which kamgen does not read",
                              _UTF8_HINT))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _Refused(_error(rel, 0, 0, (), "the export starts as UTF-16 but is not "
                                  "UTF-16 throughout", _UTF8_HINT)) from None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    even, odd = raw[0:16:2], raw[1:16:2]
    if len(raw) >= 4 and ((all(even) and not any(odd)) or (all(odd) and not any(even))):
        raise _Refused(_error(rel, 0, 0, (), "the export is UTF-16 without a byte order mark",
                              _UTF8_HINT))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, column = line_column(prefix, len(prefix))
        raise _Refused(_error(rel, line, column, (),
                              f"the export is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be "
                              "read (Windows-1252, as older Excel writes CSV?)",
                              _UTF8_HINT)) from None


def _delimiter(text: str) -> str:
    """``;``, ``,`` or a tab: the one that splits the first lines into as many fields as
    the header; the one that splits the header most when none does."""
    head = text[:64 * 1024]
    best: tuple[tuple[int, int, int], str] | None = None
    for rank, candidate in enumerate((",", ";", "\t")):
        try:
            reader = csv.reader(io.StringIO(head, newline=""), delimiter=candidate)
            rows = [row for _, row in zip(range(20), reader, strict=False)
                    if any(cell.strip() for cell in row)]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        # the last line of the sample may be cut short
        consistent = all(len(row) == len(rows[0]) for row in rows[:-1])
        score = (int(consistent), len(rows[0]), rank)
        if best is None or score > best[0]:
            best = (score, candidate)
    return best[1] if best is not None else ";"


def _csv_rows(raw: bytes, rel: str) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(raw, rel)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        message = (f"a field is longer than {csv.field_size_limit():,} characters"
                   if "field limit" in str(exc) else f"the export cannot be read as CSV here "
                   f"({_quote(exc, 80)[1:-1]})")
        raise _Refused(_error(rel, reader.line_num, 1, (), message,
                              "export it again as plain CSV")) from None


def _xlsx_rows(raw: bytes, rel: str, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    if not raw.startswith(b"PK\x03\x04"):
        raise _Refused(_error(rel, 0, 0, (), "the file is not an XLSX workbook: its content "
                              "does not start as one",
                              "save it again in Excel as .xlsx, or export CSV"))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _Refused(_error(rel, 0, 0, (), _DAMAGED, _RESAVE)) from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > 10_000 or unpacked > MAX_IMPORT_UNPACKED_BYTES:
        raise _Refused(_error(
            rel, 0, 0, (), f"the workbook unpacks to {unpacked / 1024 / 1024:.0f} MiB, more "
            f"than the {MAX_IMPORT_UNPACKED_BYTES // 1024 // 1024} MiB kamgen reads",
            "export only the accounts and years the plans need, or export CSV"))
    names = [part.filename for part in parts]
    if any(name.startswith("xl/externalLinks/") for name in names):
        raise _Refused(_error(rel, 0, 0, (), "the workbook links to other workbooks",
                              "copy the figures in as values (Paste Special → Values) and "
                              "save it without links"))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _Refused(_error(rel, 0, 0, (), "the workbook holds macros",
                              "save it as a plain .xlsx workbook, without macros"))
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True,
                                 keep_links=False, keep_vba=False)
    except Exception:  # openpyxl raises anything from a damaged workbook
        raise _Refused(_error(rel, 0, 0, (), _DAMAGED, _RESAVE)) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            listed = ", ".join(repr(name) for name in workbook.sheetnames[:20])
            raise _Refused(_error(rel, 0, 0, (), f"the workbook has no sheet {_quote(sheet)}",
                                  f"its sheets: {listed}"))
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        if not hasattr(worksheet, "reset_dimensions"):
            raise _Refused(_error(rel, 0, 0, (), "the first sheet of the workbook is a chart",
                                  "name the sheet with the figures: 'sheet:' on the import"))
        worksheet.reset_dimensions()  # a stored size that lies must not cut the data short
        # each row as long as it is written (the parts of the workbook bound how long)
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    except _Refused:
        raise
    except Exception:  # a damaged sheet fails while it is read
        raise _Refused(_error(rel, 0, 0, (), _DAMAGED, _RESAVE)) from None
    finally:
        workbook.close()


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """An account cell as text: a number stored as such (100234.0) as its digits."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_TRUE = {"ja", "j", "yes", "y", "true", "wahr", "1", "x", "prognose", "plan", "forecast"}
_FALSE = {"nein", "n", "no", "false", "falsch", "0", "ist", "actual", ""}


class _Sheet:
    """The rows of one export with the columns of its import found in the header."""

    def __init__(self, rel: str, spec: Import, index: int, kam: Positions) -> None:
        self.rel, self.spec, self.index, self.kam = rel, spec, index, kam
        self.errors: list[PlanError] = []
        self.more = 0
        self.xlsx = rel.lower().endswith(".xlsx")

    def add(self, error: PlanError) -> None:
        if len(self.errors) < MAX_ERRORS_PER_EXPORT:
            self.errors.append(error)
        else:
            self.more += 1

    @staticmethod
    def where(column: int) -> str:
        """The column as a spreadsheet names it (C), which is also how people who open a
        CSV export in Excel find it."""
        return f"column {column_letter(column)}"

    def columns(self, header_line: int, header: Sequence[Any]) -> dict[str, int] | None:
        """kamgen's field → the index of its column; None after errors."""
        names = [_text(cell) if not _empty(cell) else "" for cell in header]
        mapping = self.spec.columns.model_dump(exclude_none=True)
        key_base: KeyPath = ("imports", self.index, "columns")
        found: dict[str, int] = {}
        ok = True
        for name in _NEEDS[self.spec.kind]:
            if name not in mapping:
                line, column = self.kam.locate(key_base)
                self.add(_error("kam.yaml", line, column, key_base,
                                f"an import of kind {self.spec.kind} needs the column "
                                f"'{name}'", f"add '{name}: <header of the column>' to columns"))
                ok = False
        for name in _NOT_FOR[self.spec.kind]:
            if name in mapping:
                line, column = self.kam.locate((*key_base, name))
                self.add(_error("kam.yaml", line, column, (*key_base, name),
                                f"an import of kind {self.spec.kind} takes no column "
                                f"'{name}'", "remove it, or make a second import of kind "
                                + ("business" if self.spec.kind == "wallet" else "wallet")))
                ok = False
        for name, header_text in mapping.items():
            matches = [i for i, cell in enumerate(names) if cell == header_text.strip()]
            if len(matches) == 1:
                found[name] = matches[0]
                continue
            line, column = self.kam.locate((*key_base, name))
            if matches:
                places = " and ".join(self.where(i + 1) for i in matches[:2])
                self.add(_error("kam.yaml", line, column, (*key_base, name),
                                f"the export {self.rel} has the column {_quote(header_text)} "
                                f"twice ({places} of line {header_line})",
                                "give the columns of the export different headers"))
            else:
                headers = [cell for cell in names if cell]
                close = difflib.get_close_matches(header_text, headers, n=1, cutoff=0.6)
                listed = ", ".join(f"{_quote(h, 40)}" for h in headers[:20]) + (
                    f" and {len(headers) - 20} more" if len(headers) > 20 else "")
                self.add(_error("kam.yaml", line, column, (*key_base, name),
                                f"the export {self.rel} has no column {_quote(header_text)} "
                                f"(line {header_line})",
                                (f"did you mean {_quote(close[0], 40)}? " if close else "")
                                + (f"its headers: {listed}" if headers else
                                   "its header line is empty")))
            ok = False
        return found if ok else None

    def figures(self, rows: Iterator[tuple[int, list[Any]]]) -> tuple[ImportedFigure, ...]:
        header: tuple[int, list[Any]] | None = None
        for line, row in rows:
            if any(not _empty(cell) for cell in row):
                header = (line, row[:MAX_IMPORT_COLUMNS])
                break
        if header is None:
            self.add(_error(self.rel, 0, 0, (), "the export holds no rows",
                            "export the figures with a header line"))
            return ()
        columns = self.columns(*header)
        if columns is None:
            return ()
        return self._rows(rows, columns, header[1])

    def _rows(self, rows: Iterator[tuple[int, list[Any]]], columns: dict[str, int],
              header: list[Any]) -> tuple[ImportedFigure, ...]:
        cells: list[tuple[int, dict[str, _Cell]]] = []
        count = 0
        for line, row in rows:
            count += 1
            if count >= MAX_IMPORT_ROWS:
                self.add(_error(self.rel, line, 1, (),
                                f"the export has more than {MAX_IMPORT_ROWS:,} rows",
                                "export only the accounts and years the plans need"))
                return ()
            if all(_empty(cell) for cell in row):
                continue
            extra = [i for i in range(len(header), len(row)) if not _empty(row[i])]
            if extra and not self.xlsx:
                self.add(_error(self.rel, line, extra[0] + 1, (),
                                f"the line has {len(row)} fields, the header {len(header)}",
                                "a number with a decimal comma in a file separated by commas "
                                "must be in quotes; export the file with ';' as separator"))
                continue
            cells.append((line, {name: _Cell(row[i] if i < len(row) else None, line, i + 1)
                                 for name, i in columns.items()}))
        numbers = (row[name] for _, row in cells for name in _NUMBERS if name in row)
        form = number_style(numbers, self.spec.numbers)
        if form.german is not None and form.english is not None:
            self.add(self._cell_error(
                form.english,
                f"the export writes numbers the German way ({_quote(form.german.value, 20)} "
                f"on line {form.german.line}) and the English way "
                f"({_quote(form.english.value, 20)})", _STYLE_HINT, columns))
            return ()
        if form.open is not None:
            text = str(form.open.value)
            self.add(self._cell_error(
                form.open, f"{_quote(text, 20)} may be {_plain(parse_number(text, 'de'))} "
                f"(German thousands) or {_plain(parse_number(text, 'en'))} (English "
                "decimals): no other number in the export says which", _STYLE_HINT, columns))
            return ()
        out = []
        for line, found in cells:
            figure = self._figure(line, found, form.style, columns)
            if figure is not None:
                out.append(figure)
        return tuple(out)

    def _header(self, column: int, columns: dict[str, int]) -> str:
        names = self.spec.columns.model_dump(exclude_none=True)
        return next((names[n] for n, i in columns.items() if i == column - 1), "")

    def _cell_error(self, cell: _Cell, message: str, hint: str,
                    columns: dict[str, int]) -> PlanError:
        """An error at a cell, named by its place, its column's header and letter."""
        header = self._header(cell.column, columns)
        return _error(self.rel, cell.line, cell.column, (header,) if header else (),
                      f"{message} ({self.where(cell.column)})", hint)

    def _figure(self, line: int, row: dict[str, _Cell], style: str,
                columns: dict[str, int]) -> ImportedFigure | None:
        values: dict[str, Any] = {}
        ok = True
        account = row["account"]
        if _empty(account.value):
            self.add(self._cell_error(account, "the account is empty",
                                      "give the plan's id or its customer_number", columns))
            return None
        for name in ("year", *_NUMBERS):
            if name not in row:
                continue
            cell = row[name]
            if _empty(cell.value):
                if name == "margin":
                    continue
                self.add(self._cell_error(cell, f"the {name} is empty",
                                          f"give the {name} in every row", columns))
                ok = False
                continue
            value = self._number(cell, name, style, columns)
            if value is None:
                ok = False
            else:
                values[name] = value
        if "forecast" in row:
            cell = row["forecast"]
            flag = cell.value if isinstance(cell.value, bool) else None
            if flag is None:
                word = "" if cell.value is None else _text(cell.value).lower()
                if word in _TRUE or word in _FALSE:
                    flag = word in _TRUE
            if flag is None:
                self.add(self._cell_error(
                    cell, f"expected ja or nein; found {_quote(_text(cell.value), 30)}",
                    "mark a forecast with ja, yes, true, 1, x or Prognose; an actual with "
                    "nein, no, false, 0, Ist or nothing", columns))
                ok = False
            else:
                values["forecast"] = flag
        if not ok:
            return None
        return ImportedFigure(_text(account.value), line, account.column,
                              year=values.get("year"), revenue=values.get("revenue"),
                              margin=values.get("margin"),
                              forecast=bool(values.get("forecast", False)),
                              wallet=values.get("wallet"))

    def _number(self, cell: _Cell, name: str, style: str, columns: dict[str, int]
                ) -> Any:
        value = cell.value
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            found = f"{type(value).__name__}"
            if hasattr(value, "isoformat"):
                found = f"the date {value.isoformat()}"
            self.add(self._cell_error(cell, f"expected a number; found {found}",
                                      "store the figure as a number", columns))
            return None
        if name == "year":
            year = value if isinstance(value, int) else (
                int(value) if isinstance(value, float) and value.is_integer() else
                int(value.strip()) if isinstance(value, str) and value.strip().isdigit()
                and len(value.strip()) <= 4 else None)
            if year is None:
                self.add(self._cell_error(cell, f"expected a year such as 2026; found "
                                          f"{_quote(str(value), 30)}",
                                          "write the year with four digits", columns))
            elif not 1900 <= year <= 2200:
                self.add(self._cell_error(cell, f"expected a year from 1900 to 2200; "
                                          f"found {year}", "write the year with four digits",
                                          columns))
                return None
            return year
        number = float(value) if isinstance(value, (int, float)) else parse_number(value, style)
        if number is not None and not (-MAX_AMOUNT if name == "margin" else 0
                                       ) <= number <= MAX_AMOUNT:
            least = "-10^15" if name == "margin" else "0"
            self.add(self._cell_error(
                cell, f"expected an amount from {least} to 10^15; found {_plain(number)}",
                f"write the amount in the programme currency as a number from {least} to "
                "10^15" + ("; a credit is no revenue: book it against the year's revenue"
                           if name == "revenue" and number < 0 else ""), columns))
            return None
        if number is None and isinstance(value, str):
            form = "1.234.567,89" if style == "de" else "1,234,567.89"
            self.add(self._cell_error(
                cell, f"expected a number; found {_quote(value.strip(), 30)}",
                f"the export writes numbers as {form}: write digits, without units"
                + ("" if self.spec.numbers != "auto" else
                   "; or set 'numbers:' on the import in kam.yaml"), columns))
        return number


def _plain(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if not value.is_integer() else f"{int(value)}"


def read_export(root: Path, rel: str, spec: Import, index: int, kam: Positions
                ) -> ExportFigures:
    """The figures of the export ``rel`` (which the gate listed) for the import ``spec``
    (``imports[index]`` of kam.yaml, whose positions are ``kam``), or its errors."""
    sheet = _Sheet(rel, spec, index, kam)
    try:
        raw = read_bytes(root, rel, MAX_IMPORT_BYTES)
        if sheet.xlsx:
            rows = _xlsx_rows(raw, rel, spec.sheet)
        else:
            if spec.sheet is not None:
                line, column = kam.locate(("imports", index, "sheet"))
                sheet.add(_error("kam.yaml", line, column, ("imports", index, "sheet"),
                                 "a CSV export has no sheets", "remove 'sheet:'"))
            rows = _csv_rows(raw, rel)
        figures = sheet.figures(rows)
    except _Refused as refused:
        sheet.add(refused.error)
        figures = ()
    except PlanError as error:
        text = str(error.message)
        if "more than" in text:
            error = _error(rel, 0, 0, (), f"the export is more than "
                           f"{MAX_IMPORT_BYTES // 1024 // 1024} MiB",
                           "export only the accounts and years the plans need")
        sheet.add(error)
        figures = ()
    errors = list(sheet.errors)
    if sheet.more:
        errors.append(_error(rel, 0, 0, (), f"{sheet.more:,} more errors in this export are "
                             "not listed", "correct the ones listed first: the others are "
                             "often the same mistake"))
    return ExportFigures(rel, figures, tuple(errors))


# --- the figures in the plans ------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """The plans with the imported figures, and where each plan's came from."""

    plans: dict[str, AccountPlan]
    sources: dict[str, tuple[str, ...]]
    """Account id → the exports (relative paths) its figures come from."""
    rows: dict[str, tuple[ImportedFigure, ...]] = field(default_factory=dict)
    """Account id → its imported rows, which a preview's digest of the plan includes."""


def _business_year(figure: ImportedFigure) -> BusinessYear:
    """The plan's row of an export's row of business, whose year and revenue were read."""
    assert figure.year is not None and figure.revenue is not None
    return BusinessYear.model_construct(year=figure.year, revenue=figure.revenue,
                                        margin=figure.margin, forecast=figure.forecast)


def merge_imports(specs: Sequence[Import], exports: Sequence[ExportFigures],
                  accounts: Mapping[str, tuple[AccountPlan, str]],
                  positions: Mapping[str, Positions], fiscal_year: int,
                  complete: bool = True) -> tuple[Merged, list[PlanError]]:
    """The plans of ``accounts`` (id → plan and its file) with the figures of ``exports``
    (one per import of ``specs``), and the errors: an account no plan has, a year or a
    wallet given twice (in two rows, or in a plan and an export). ``complete`` is False
    when a plan failed to load: a row may be its, so no row is an unknown account."""
    by_id = dict(accounts)
    by_number = {plan.customer_number: account_id for account_id, (plan, _) in accounts.items()
                 if plan.customer_number is not None}
    errors: list[PlanError] = []
    years: dict[str, dict[int, tuple[ImportedFigure, str, str]]] = {}
    wallets: dict[str, tuple[ImportedFigure, str, str]] = {}
    sources: dict[str, list[str]] = {}
    rows: dict[str, list[ImportedFigure]] = {}
    known = sorted([*by_id, *by_number])
    for spec, export in zip(specs, exports, strict=True):
        header = spec.columns.account
        unknown = 0
        for figure in export.figures:
            account_id = figure.account if figure.account in by_id else \
                by_number.get(figure.account)
            place = f"{export.rel}:{figure.line}"
            if account_id is None:
                if spec.other_accounts == "ignore" or not complete:
                    continue
                unknown += 1
                if unknown <= MAX_ERRORS_PER_EXPORT:
                    errors.append(_error(
                        export.rel, figure.line, figure.column, (header,),
                        f"no plan has the id or customer number {_quote(figure.account, 40)}",
                        ids_hint(figure.account, known, "plan ids and customer numbers")
                        + "; or set 'other_accounts: ignore' on the import in kam.yaml when "
                        "the export holds customers without a plan"))
                continue
            if spec.kind == "wallet":
                if figure.year is not None and figure.year != fiscal_year:
                    continue
                if account_id in wallets:
                    errors.append(_error(
                        export.rel, figure.line, figure.column, (header,),
                        f"the wallet of {account_id} is given twice: also in "
                        f"{wallets[account_id][1]}",
                        "give each account's wallet in one row"))
                    continue
                wallets[account_id] = (figure, place, export.rel)
            else:
                assert figure.year is not None
                given = years.setdefault(account_id, {})
                if figure.year in given:
                    errors.append(_error(
                        export.rel, figure.line, figure.column, (header,),
                        f"year {figure.year} of {account_id} is given twice: also in "
                        f"{given[figure.year][1]}", "give each year of an account in one row"))
                    continue
                given[figure.year] = (figure, place, export.rel)
            rows.setdefault(account_id, []).append(figure)
            if export.rel not in sources.setdefault(account_id, []):
                sources[account_id].append(export.rel)
        if unknown > MAX_ERRORS_PER_EXPORT:
            errors.append(_error(export.rel, 0, 0, (),
                                 f"and {unknown - MAX_ERRORS_PER_EXPORT:,} more rows of "
                                 "accounts that no plan has", "see the errors above"))
    plans: dict[str, AccountPlan] = {}
    for account_id, (plan, file) in accounts.items():
        given = years.get(account_id, {})
        wallet = wallets.get(account_id)
        if not given and wallet is None:
            plans[account_id] = plan
            continue
        where = positions.get(file, Positions())
        business = list(plan.business)
        for index, year in enumerate(plan.business):
            if year.year in given:
                line, column = where.locate(("business", index, "year"))
                errors.append(_error(
                    file, line, column, ("business", index, "year"),
                    f"year {year.year} is given both here and in the export "
                    f"{given[year.year][1]}",
                    "give each year in one place: remove it from the plan, or its row from "
                    "the export"))
        # the rows were checked cell by cell as they were read (years, amounts in range)
        business += [_business_year(figure) for figure, _, _ in given.values()]
        update: dict[str, Any] = {"business": sorted(business, key=lambda b: b.year)}
        if wallet is not None:
            figure, place, _ = wallet
            if plan.wallet is not None:
                line, column = where.locate(("wallet",))
                errors.append(_error(
                    file, line, column, ("wallet",),
                    f"the wallet is given both here and in the export {place}",
                    "give it in one place: remove it from the plan, or its row from the "
                    "export"))
            else:
                update["wallet"] = figure.wallet
        plans[account_id] = plan.model_copy(update=update)
    return Merged(plans, {k: tuple(v) for k, v in sources.items()},
                  {k: tuple(v) for k, v in rows.items()}), errors
