"""The portfolio matrix: attractiveness (rating score) against our position."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model.programme import PortfolioMatrix

MatrixQuadrant = Literal["develop", "maintain", "selective", "reduce"]


@dataclass(frozen=True)
class MatrixPoint:
    """One account in the matrix; the bubble's size is its revenue."""

    account_id: str
    attractiveness: float
    position: float
    revenue: float
    quadrant: MatrixQuadrant


def matrix_quadrant(attractiveness: float, position: float, settings: PortfolioMatrix
                    ) -> MatrixQuadrant:
    """Attractive with a strong position: maintain; attractive with a weak one: develop;
    less attractive with a strong position: selective; both low: reduce. A value on a
    split counts as high."""
    attractive = attractiveness >= settings.attractiveness_split
    strong = position >= settings.split
    if attractive:
        return "maintain" if strong else "develop"
    return "selective" if strong else "reduce"


def matrix_point(account_id: str, attractiveness: float, position: float, revenue: float,
                 settings: PortfolioMatrix) -> MatrixPoint:
    """Place an account in the matrix."""
    return MatrixPoint(account_id, attractiveness, position, revenue,
                       matrix_quadrant(attractiveness, position, settings))
