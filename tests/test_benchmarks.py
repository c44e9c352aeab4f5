"""The benchmarks' synthetic portfolios are valid plans (the benchmarks themselves run by
hand: timing lives in benchmarks/, never in tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from kamgen.load import load_portfolio

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_a_synthetic_portfolio_validates_with_figures_of_its_own(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from portfolio import write_portfolio
    finally:
        sys.path.remove(str(BENCHMARKS))
    portfolio = load_portfolio(write_portfolio(tmp_path / "plans", 4))
    assert len(portfolio.accounts) == 4
    assert all(a.plan.business and not a.imported for a in portfolio.accounts.values())
    assert not portfolio.programme.imports
