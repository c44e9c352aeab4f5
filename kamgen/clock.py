"""The date that figures are computed for ("as of"), fixed for reproducible builds."""

from __future__ import annotations

import datetime as dt
import os

from .errors import ConfigError


def as_of(value: str | dt.date | None = None) -> dt.date:
    """The given date, else ``KAMGEN_AS_OF``, else ``SOURCE_DATE_EPOCH``, else today."""
    if isinstance(value, dt.date):
        return value
    text = value or os.environ.get("KAMGEN_AS_OF")
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ConfigError(
                f"as-of date {text!r} is not a date\n    hint: write it as YYYY-MM-DD"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()
