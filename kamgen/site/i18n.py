"""Labels (en, de) and number, currency and date formats for the programme's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import SimpleNamespace
from typing import Any

import yaml
from babel.numbers import get_currency_symbol
from markupsafe import Markup

from ..method.rounding import part_between

LANGUAGES = ("en", "de")


@cache
def catalogue(language: str) -> dict[str, str]:
    """The label catalogue of ``language`` (en or de)."""
    text = resources.files("kamgen.site").joinpath(f"labels/{language}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return {str(key): str(value) for key, value in data.items()}


class Labels:
    """Labels of one language; a missing key is a programming error, not a user error."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._labels = catalogue(language)

    def __call__(self, key: str, **values: Any) -> str:
        text = self._labels[key]
        return text.format(**values) if values else text


@dataclass(frozen=True)
class Convention:
    """How one language writes numbers, amounts, percentages and dates on the site.

    kamgen's own, not the locale data of the installed Babel: a new Babel (new CLDR data)
    must not change a page. Babel 2.19 writes '€3.4m' where 2.14 to 2.18 wrote '€3.4M';
    these are the forms the site has always had (CLDR's de_DE and en_GB as Babel 2.14 to
    2.18 gave them).
    """

    locale: str
    """Where Babel looks up the currency's symbol, the one thing taken from it."""
    decimal: str
    group: str
    money: str
    """An amount, with {number} and {symbol}."""
    compact: str
    """A compact amount, with {number}, {unit} and {symbol}."""
    units: tuple[tuple[int, str], ...]
    """Compact units, largest first: trillion, billion, million."""
    percent: str
    """What follows the number of a percentage."""
    months: tuple[str, ...] | None
    """Month names of a date, or None for a date in digits."""


NBSP = "\u00a0"
CONVENTIONS = {
    "de": Convention(
        locale="de_DE", decimal=",", group=".",
        money=f"{{number}}{NBSP}{{symbol}}", compact=f"{{number}}{NBSP}{{unit}}{NBSP}{{symbol}}",
        units=((10**12, "Bio."), (10**9, "Mrd."), (10**6, "Mio.")),
        percent=f"{NBSP}%", months=None,
    ),
    "en": Convention(
        locale="en_GB", decimal=".", group=",",
        money="{symbol}{number}", compact="{symbol}{number}{unit}",
        units=((10**12, "T"), (10**9, "B"), (10**6, "M")),
        percent="%",
        months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov",
                "Dec"),
    ),
}
"""The conventions of every language of :data:`LANGUAGES`."""


class Formats:
    """Numbers, money, percentages and dates in the conventions of a language.

    The conventions are kamgen's own (:data:`CONVENTIONS`); Babel gives the symbol of the
    programme's currency. The formatting is plain Python, because a site of a thousand
    accounts formats a few hundred thousand numbers.
    """

    def __init__(self, language: str, currency: str) -> None:
        convention = CONVENTIONS[language]
        self.currency = currency
        self._decimal = convention.decimal
        self._group = convention.group
        symbol = str(get_currency_symbol(currency, locale=convention.locale))
        self._money_prefix, self._money_suffix = convention.money.format(
            symbol=symbol, number="\0").split("\0")
        self._compact: list[tuple[float, str, str]] = []
        for unit, name in convention.units:
            before, after = convention.compact.format(
                symbol=symbol, unit=name, number="\0").split("\0")
            self._compact.append((float(unit), before, after))
        self._percent_sign = convention.percent
        self._months = convention.months
        self._dates: dict[dt.date, str] = {}

    def number(self, value: float, digits: int = 0) -> str:
        """A number with the language's separators and ``digits`` decimals."""
        text = f"{abs(value):,.{digits}f}"
        if text.strip("0.,") == "":
            value = 0.0  # no "-0"
        text = text.replace(",", "\0").replace(".", self._decimal).replace("\0", self._group)
        return f"-{text}" if value < 0 else text

    def decimal(self, value: float) -> str:
        """A number with up to two decimals, as many as it needs."""
        text = self.number(value, 2)
        if self._decimal in text:
            text = text.rstrip("0").rstrip(self._decimal)
        return text

    def money(self, value: float) -> str:
        """A whole amount in the programme currency, e.g. 3.400.000 €."""
        number = self.number(abs(value))
        sign = "-" if round(value) < 0 else ""
        return f"{sign}{self._money_prefix}{number}{self._money_suffix}"

    def money_short(self, value: float) -> str:
        """A compact amount, e.g. 3,4 Mio. €."""
        for unit, before, after in self._compact:
            if abs(value) >= unit * 0.99995:
                number = self.number(abs(value) / unit, 1)
                if number.endswith(f"{self._decimal}0"):
                    number = number[:-2]
                return f"{'-' if value < 0 else ''}{before}{number}{after}"
        return self.money(value)

    def percent(self, share: float, digits: int = 0) -> str:
        """A share 0..1 as a percentage, e.g. 42 %."""
        return self.number(share * 100, digits) + self._percent_sign

    def percent_part(self, before: float, after: float, digits: int = 0) -> str:
        """The share between two running shares 0..1 as a percentage, as the shares are
        shown with :meth:`percent`: 12,4 % and 17,0 % have 4,6 % between them, whatever
        the unrounded share (:func:`kamgen.method.rounding.part_between`)."""
        return self.number(part_between(before * 100, after * 100, digits), digits) \
            + self._percent_sign

    def date(self, value: dt.date) -> str:
        """A date, e.g. 01.10.2026 or 1 Oct 2026."""
        text = self._dates.get(value)
        if text is None:
            if self._months is None:
                text = f"{value.day:02d}.{value.month:02d}.{value.year}"
            else:
                text = f"{value.day} {self._months[value.month - 1]} {value.year}"
            self._dates[value] = text
        return text


def shared_edition_banner(language: str) -> str:
    """The note at the top of every page of the customer edition: an admonition, as HTML
    that Markdown keeps as it is."""
    labels = Labels(language)
    return Markup('<div class="admonition info">\n<p class="admonition-title">{}</p>\n'
                  '<p>{}</p>\n</div>\n').format(labels("shared_edition"),
                                                labels("shared_edition_note"))


class HtmlLabels:
    """Labels for HTML templates: the label's text is escaped, and so is every value filled
    in unless it is already safe HTML (:class:`markupsafe.Markup`)."""

    def __init__(self, labels: Labels) -> None:
        self.language = labels.language
        self._labels = labels
        self._escaped: dict[str, Markup] = {}

    @property
    def table(self) -> SimpleNamespace:
        """Every label, escaped, by its key as an attribute (``T.col_revenue`` in a
        template: quicker than a call for a label without values)."""
        return SimpleNamespace(**{key: self(key) for key in catalogue(self.language)})

    def __call__(self, key: str, **values: Any) -> Markup:
        text = self._escaped.get(key)
        if text is None:
            text = self._escaped[key] = Markup.escape(self._labels(key))
        return text.format(**values) if values else text
