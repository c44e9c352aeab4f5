"""The date that figures are computed for ("as of"), fixed for reproducible builds."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

from .errors import ConfigError

__all__ = ["EARLIEST", "LATEST", "MAX_EPOCH", "as_of", "source_date"]

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)
"""The as-of dates kamgen computes for: the years a plan's figures may have (1900 to 2200)."""

MAX_EPOCH = 2**32 - 1
"""The latest ``SOURCE_DATE_EPOCH`` (2106-02-07): MkDocs writes it into a gzip header,
which holds 32 bits."""

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_RANGE_HINT = f"give a date from {EARLIEST.isoformat()} to {LATEST.isoformat()} as YYYY-MM-DD"


def as_of(value: str | dt.date | None = None,
          environ: Mapping[str, str] | None = None) -> dt.date:
    """The given date, else ``KAMGEN_AS_OF``, else ``SOURCE_DATE_EPOCH``, else today; the
    variables are read from ``environ`` (the command line passes none: the process's
    environment).

    Raises :class:`ConfigError` for a date that is not one, or lies outside
    :data:`EARLIEST` to :data:`LATEST`, naming where it came from.
    """
    if isinstance(value, dt.date):
        return _bounded(value, f"as-of date {value.isoformat()!r}", _RANGE_HINT)
    if value:
        return _date(value, "as-of date", "")
    environ = os.environ if environ is None else environ
    text = environ.get("KAMGEN_AS_OF")
    if text:
        return _date(text, "KAMGEN_AS_OF", ", or unset KAMGEN_AS_OF")
    return source_date(environ) or dt.date.today()


def _date(text: str, source: str, unset: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{source} {text!r} is not a date\n"
                          f"    hint: write it as YYYY-MM-DD{unset}") from None
    return _bounded(day, f"{source} {text!r}", _RANGE_HINT + unset)


def _bounded(day: dt.date, what: str, hint: str) -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise ConfigError(f"{what} is out of range\n    hint: {hint}")
    return day


def source_date(environ: Mapping[str, str] | None = None) -> dt.date | None:
    """The UTC date of ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) in ``environ`` (by
    default the process's environment), or None when unset.

    Raises :class:`ConfigError` unless it is whole seconds from 0 to :data:`MAX_EPOCH`.
    """
    text = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if not text:
        return None
    hint = (f"    hint: set it to whole seconds since 1970-01-01 UTC (date +%s), at most "
            f"{MAX_EPOCH}, or unset it")
    if not re.fullmatch(r"-?[0-9]+", text):
        raise ConfigError(f"SOURCE_DATE_EPOCH {text[:40]!r} is not a time stamp\n{hint}")
    if len(text) > 12 or not 0 <= int(text) <= MAX_EPOCH:
        raise ConfigError(f"SOURCE_DATE_EPOCH {text[:40]!r} is out of range\n{hint}")
    return (_EPOCH + dt.timedelta(seconds=int(text))).date()
