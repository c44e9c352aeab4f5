"""Our business with an account: the latest actual year and the share of wallet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import BusinessYear


def latest_actual(business: Sequence[BusinessYear], fiscal_year: int) -> BusinessYear | None:
    """The latest year that is not a forecast and not after the fiscal year."""
    actuals = [b for b in business if not b.forecast and b.year <= fiscal_year]
    return max(actuals, key=lambda b: b.year) if actuals else None


def margin_rate(year: BusinessYear) -> float | None:
    """Our contribution margin as a share of our revenue in ``year`` (DB-Quote); ``None``
    without a margin or without revenue."""
    if year.margin is None or not year.revenue:
        return None
    return year.margin / year.revenue


@dataclass(frozen=True)
class YearFigures:
    """A business year and its margin rate."""

    year: BusinessYear
    margin_rate: float | None
    """margin / revenue (DB-Quote); ``None`` without a margin or without revenue."""


def business_years(business: Sequence[BusinessYear]) -> tuple[YearFigures, ...]:
    """The business years in order, each with its margin rate."""
    return tuple(YearFigures(b, margin_rate(b)) for b in sorted(business, key=lambda b: b.year))


@dataclass(frozen=True)
class ShareOfWallet:
    """Share of wallet (Lieferanteil): our last actual revenue / the account's spend."""

    revenue: float
    wallet: float
    share: float


def share_of_wallet(
    business: Sequence[BusinessYear], wallet: float | None, fiscal_year: int
) -> ShareOfWallet | None:
    """Our last actual revenue divided by the account's yearly spend in our categories;
    ``None`` without actuals or without a positive wallet."""
    latest = latest_actual(business, fiscal_year)
    if latest is None or not wallet:
        return None
    return ShareOfWallet(latest.revenue, wallet, latest.revenue / wallet)
