"""Labels (en, de) and number, currency and date formats for the programme's language."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_currency, format_decimal, parse_pattern

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
    """Numbers, money, percentages and dates in the conventions of a language."""

    def __init__(self, language: str, currency: str) -> None:
        self.locale = Locale.parse(_LOCALES[language])
        self.currency = currency
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern.split(";")[0])
        pattern.frac_prec = (0, 0)
        self._money_pattern = pattern

    def number(self, value: float, digits: int = 0) -> str:
        """A number with the language's separators and ``digits`` decimals."""
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=fmt, locale=self.locale))

    def decimal(self, value: float) -> str:
        """A number with up to two decimals, as many as it needs."""
        return str(format_decimal(value, format="#,##0.##", locale=self.locale))

    def money(self, value: float) -> str:
        """A whole amount in the programme currency, e.g. 3.400.000 €."""
        text = self._money_pattern.apply(
            round(value), self.locale, currency=self.currency, currency_digits=False
        )
        return str(text)

    def money_short(self, value: float) -> str:
        """A compact amount, e.g. 3,4 Mio. €."""
        if abs(value) < 1_000_000:
            return self.money(value)
        return str(format_compact_currency(value, self.currency, locale=self.locale,
                                           fraction_digits=1))

    def percent(self, share: float, digits: int = 0) -> str:
        """A share 0..1 as a percentage, e.g. 42 %."""
        text = self.number(share * 100, digits)
        return f"{text}\u00a0%" if self.locale.language == "de" else f"{text}%"

    def date(self, value: dt.date) -> str:
        """A date, e.g. 01.10.2026 or 1 Oct 2026."""
        return str(format_date(value, format="medium", locale=self.locale))


def shared_edition_banner(language: str) -> str:
    """The note at the top of every page of the customer edition, as Markdown."""
    labels = Labels(language)
    return f'!!! info "{labels("shared_edition")}"\n\n    {labels("shared_edition_note")}\n'
