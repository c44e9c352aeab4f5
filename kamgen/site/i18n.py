"""Labels (en, de) and number, currency and date formats for the programme's language."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from types import SimpleNamespace
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_currency, parse_pattern
from markupsafe import Markup

LANGUAGES = ("en", "de")
_LOCALES = {"en": "en_GB", "de": "de_DE"}


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


class Formats:
    """Numbers, money, percentages and dates in the conventions of a language.

    Babel supplies the conventions (separators, where the currency sign goes, the
    compact units, date patterns) once; the formatting itself is plain Python, because a
    site of a thousand accounts formats a few hundred thousand numbers.
    """

    def __init__(self, language: str, currency: str) -> None:
        self.locale = Locale.parse(_LOCALES[language])
        self.currency = currency
        self._decimal = str(self.locale.number_symbols["latn"]["decimal"])
        self._group = str(self.locale.number_symbols["latn"]["group"])
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern.split(";")[0])
        pattern.frac_prec = (0, 0)
        sample = str(pattern.apply(7, self.locale, currency=currency, currency_digits=False))
        self._money_prefix, self._money_suffix = sample.split("7", 1)
        self._compact: list[tuple[float, str, str]] = []
        for exponent in (12, 9, 6):
            text = str(format_compact_currency(7.5 * 10**exponent, currency,
                                               locale=self.locale, fraction_digits=1))
            number = f"7{self._decimal}5"
            if number in text:
                before, after = text.split(number, 1)
                self._compact.append((10.0**exponent, before, after))
        self._percent_sign = "\u00a0%" if self.locale.language == "de" else "%"
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

    def date(self, value: dt.date) -> str:
        """A date, e.g. 01.10.2026 or 1 Oct 2026."""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = str(format_date(value, format="medium",
                                                        locale=self.locale))
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
