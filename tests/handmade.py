"""Model objects that several hand-worked tests share, built directly (never from the
example plans)."""

from __future__ import annotations

from typing import Any

from kamgen.model import Programme


def programme(**settings: Any) -> Programme:
    """Example AG's programme for the fiscal year 2026, rating two criteria: revenue
    (weight 3) and fit (weight 1), on the default scale 1..5 and classes A ≥ 70, B ≥ 50;
    ``settings`` are further keys of kam.yaml."""
    return Programme.model_validate({
        "company": "Example AG",
        "fiscal_year": 2026,
        "rating": {"criteria": [
            {"id": "revenue", "name": "Revenue", "weight": 3},
            {"id": "fit", "name": "Fit", "weight": 1},
        ]},
        **settings,
    })
