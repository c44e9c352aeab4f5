"""A preview's session: only what changed is read, generated and written again; a
one-off build remembers nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from kamgen.engine import _configured
from kamgen.load import load_portfolio
from kamgen.session import Session
from kamgen.site import generate

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", target)
    return target


def rename(plans: Path, old: str, new: str) -> None:
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")


def test_unchanged_plans_are_not_read_again(plans: Path) -> None:
    cache = Session.preview(plans).plan_cache
    first = load_portfolio(plans, cache)
    second = load_portfolio(plans, cache)
    assert all(second.accounts[a].plan is first.accounts[a].plan for a in first.accounts)
    rename(plans, "name: Velmar Medizintechnik GmbH", "name: Velmar Medical GmbH")
    third = load_portfolio(plans, cache)
    changed = [a for a in first.accounts if third.accounts[a].plan is not first.accounts[a].plan]
    assert changed == ["velmar-medizintechnik"]
    assert third.accounts["velmar-medizintechnik"].plan.name == "Velmar Medical GmbH"


def test_only_pages_whose_inputs_changed_are_generated_again(plans: Path) -> None:
    session = Session.preview(plans)

    def pages(day: dt.date) -> dict[str, Any]:
        site = generate(load_portfolio(plans, session.plan_cache), day,
                        page_cache=session.page_cache)
        return {path: site.pages.html(path) or site.pages[path] for path in site.pages}

    first = pages(AS_OF)
    rename(plans, "name: Velmar Medizintechnik GmbH", "name: Velmar Medical GmbH")
    second = pages(AS_OF)
    accounts = [p for p in first if p.startswith("accounts/") and p != "accounts/index.md"]
    regenerated = [p for p in accounts if second[p] is not first[p]]
    assert regenerated == ["accounts/velmar-medizintechnik/index.md"]
    assert "Velmar Medical GmbH" in second["accounts/velmar-medizintechnik/index.md"].markdown()
    # A new as-of date changes every page's figures.
    third = pages(AS_OF + dt.timedelta(days=1))
    assert all(third[p] is not second[p] for p in accounts)


def test_preview_rewrites_only_changed_page_files(plans: Path, tmp_path: Path) -> None:
    from mkdocs.commands.build import build

    pages, empty = tmp_path / "pages", tmp_path / "empty-docs"
    empty.mkdir()
    session = Session.preview(plans.resolve(), as_of=AS_OF, pages_dir=pages)

    def rebuild() -> None:
        """What ``kamgen serve`` does when a plan changed."""
        build(_configured(session, None, str(empty), site_dir=str(tmp_path / "site")),
              dirty=True)

    rebuild()
    before = {p: p.stat().st_mtime_ns for p in pages.rglob("*.md")}
    assert pages / "accounts/nordwerk-chemie/index.md" in before
    rename(plans, "- perspective: processes", "- perspective: processes\n    internal: false")
    rebuild()
    after = {p: p.stat().st_mtime_ns for p in pages.rglob("*.md")}
    assert after.keys() == before.keys()
    rewritten = sorted(p.relative_to(pages).as_posix() for p in after if after[p] != before[p])
    # The plan changed but says the same: its page, and every other, stays as it was.
    assert rewritten == []
    rename(plans, "name: Velmar Medizintechnik GmbH", "name: Velmar Medical GmbH")
    rebuild()
    again = {p: p.stat().st_mtime_ns for p in pages.rglob("*.md")}
    rewritten = sorted(p.relative_to(pages).as_posix() for p in again if again[p] != after[p])
    # The account's page and the portfolio pages that list its name.
    assert "accounts/velmar-medizintechnik/index.md" in rewritten
    assert "accounts/nordwerk-chemie/index.md" not in rewritten
    assert set(rewritten) <= {"accounts/velmar-medizintechnik/index.md", "index.md",
                              "accounts/index.md", "selection/index.md"}


def test_a_build_outside_a_preview_remembers_nothing(plans: Path) -> None:
    first = load_portfolio(plans)
    second = load_portfolio(plans)
    assert first.accounts["nordwerk-chemie"].plan is not second.accounts["nordwerk-chemie"].plan
    assert first.accounts["nordwerk-chemie"].plan == second.accounts["nordwerk-chemie"].plan
    page = "accounts/nordwerk-chemie/index.md"
    one, two = generate(first, AS_OF).pages[page], generate(first, AS_OF).pages[page]
    assert one == two and one is not two
