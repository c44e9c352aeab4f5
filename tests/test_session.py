"""A preview's session: only what changed is read, generated and written again; a
one-off build remembers nothing."""

from __future__ import annotations

import datetime as dt
import re
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
    """Replace ``old`` in Velmar's plan, or in the export of business figures."""
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    if old not in path.read_text("utf-8"):
        path = plans / "data" / "umsatz.csv"
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


def plan_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plan files (names) whose bytes are read from now on."""
    read: list[str] = []
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.suffix == ".yaml":
            read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return read


def test_a_settled_plan_whose_status_is_unchanged_is_not_read_again(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kamgen.load.folder as folder

    monkeypatch.setattr(folder, "_SETTLED_NS", 0)  # every file counts as settled
    cache = Session.preview(plans).plan_cache
    first = load_portfolio(plans, cache)
    read = plan_reads(monkeypatch)
    assert load_portfolio(plans, cache) == first
    assert read == []
    # An edit that keeps the size: the file's times move on, so it is read again.
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    path.write_text(path.read_text("utf-8").replace("Velmar Medizintechnik GmbH",
                                                    "Velmar Medizintechnik Gmbh", 1), "utf-8")
    assert load_portfolio(plans, cache).accounts[
        "velmar-medizintechnik"].plan.name == "Velmar Medizintechnik Gmbh"
    assert read == ["velmar-medizintechnik.yaml"]


def test_a_remembered_plan_replaced_by_a_symbolic_link_is_refused(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a preview remembers never lets a file past the gate: a plan swapped for a link
    to a file outside the plans is an error, not the plan as it was read before."""
    import kamgen.load.folder as folder
    from kamgen.errors import PlanErrors

    monkeypatch.setattr(folder, "_SETTLED_NS", 0)
    cache = Session.preview(plans).plan_cache
    load_portfolio(plans, cache)
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    outside = tmp_path / "other-customer.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(PlanErrors) as raised:
        load_portfolio(plans, cache)
    assert [str(error.path) for error in raised.value.errors] == [
        "accounts/velmar-medizintechnik.yaml"]


def test_a_plan_changed_a_moment_ago_is_read_again_while_its_status_may_lag(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writes within one tick of the file clock can leave the same status: a file
    changed less than two seconds ago is known by its content only."""
    cache = Session.preview(plans).plan_cache
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    path.write_text(path.read_text("utf-8"), "utf-8")
    load_portfolio(plans, cache)
    read = plan_reads(monkeypatch)
    load_portfolio(plans, cache)
    assert "velmar-medizintechnik.yaml" in read


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
    # The account's page, the portfolio pages that list its name and the pages of the
    # people who work on it (Tobias manages it, Julia is on its team).
    assert "accounts/velmar-medizintechnik/index.md" in rewritten
    assert "accounts/nordwerk-chemie/index.md" not in rewritten
    assert set(rewritten) <= {"accounts/velmar-medizintechnik/index.md", "index.md",
                              "accounts/index.md", "selection/index.md",
                              "team/t.wagner/index.md", "team/j.berger/index.md"}


def test_a_preview_puts_together_only_the_pages_mkdocs_renders_again(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build

    from kamgen.site.html_page import HtmlPage

    empty = tmp_path / "empty-docs"
    empty.mkdir()
    session = Session.preview(plans.resolve(), as_of=AS_OF, pages_dir=tmp_path / "pages")
    put_together: list[str] = []
    original = HtmlPage.rendered

    def counted(page: HtmlPage, render: Any) -> Any:
        put_together.append(page.headings[0].id)
        return original(page, render)

    monkeypatch.setattr(HtmlPage, "rendered", counted)

    def rebuild() -> None:
        build(_configured(session, None, str(empty), site_dir=str(tmp_path / "site")),
              dirty=True)

    rebuild()
    assert "account-nordwerk-chemie" in put_together and len(put_together) > 8
    put_together.clear()
    rename(plans, "name: Velmar Medizintechnik GmbH", "name: Velmar Medical GmbH")
    rebuild()
    assert "account-velmar-medizintechnik" in put_together
    assert "account-nordwerk-chemie" not in put_together
    # The pages that name the account: its own, the portfolio's and its people's.
    assert set(put_together) <= {"account-velmar-medizintechnik", "home", "accounts",
                                 "selection", "person"}


def test_a_build_outside_a_preview_remembers_nothing(plans: Path) -> None:
    first = load_portfolio(plans)
    second = load_portfolio(plans)
    assert first.accounts["nordwerk-chemie"].plan is not second.accounts["nordwerk-chemie"].plan
    assert first.accounts["nordwerk-chemie"].plan == second.accounts["nordwerk-chemie"].plan
    page = "accounts/nordwerk-chemie/index.md"
    one, two = generate(first, AS_OF).pages[page], generate(first, AS_OF).pages[page]
    assert one == two and one is not two


LOW_RATING = ("rating: {revenue: 3, margin: 5, potential: 4, fit: 3, reference: 4}",
              "rating: {revenue: 1, margin: 1, potential: 1, fit: 1, reference: 1}")
EDITS = [
    # An A account becomes a C account: home, accounts and selection pages change.
    LOW_RATING,
    # Only the export changes: the preview reads it again.
    ("100336;Velmar Medizintechnik GmbH;2025;1.450.000,00",
     "100336;Velmar Medizintechnik GmbH;2025;9.450.000,00"),
    ("name: Velmar Medizintechnik GmbH", "name: Velmar Medical GmbH"),
    # Nothing but the account's own page shows it.
    ("rating: {revenue: 1, margin: 1, potential: 1, fit: 1, reference: 1}",
     "rating: {revenue: 1, margin: 1, potential: 1, fit: 1, reference: 1}  # tief"),
]


def test_a_preview_shows_after_each_edit_what_a_build_shows(plans: Path) -> None:
    session = Session.preview(plans)

    def preview() -> dict[str, str]:
        return dict(generate(load_portfolio(plans, session.plan_cache), AS_OF,
                             page_cache=session.page_cache,
                             account_cache=session.account_cache).pages)

    first = preview()
    for old, new in EDITS:
        rename(plans, old, new)
        assert preview() == dict(generate(load_portfolio(plans), AS_OF).pages)
    assert preview() != first


def test_a_preview_writes_again_only_the_table_rows_of_the_edited_account(
        plans: Path) -> None:
    from kamgen.site.pages import _ROWS

    session = Session.preview(plans)
    assert session.page_cache is not None

    def preview() -> dict[str, str]:
        return dict(generate(load_portfolio(plans, session.plan_cache), AS_OF,
                             page_cache=session.page_cache,
                             account_cache=session.account_cache).pages)

    preview()
    before = dict(session.page_cache[_ROWS])
    rename(plans, "name: Velmar Medizintechnik GmbH", "name: Velmar Medical GmbH")
    pages = preview()
    assert pages == dict(generate(load_portfolio(plans), AS_OF).pages)
    written = [kept for key, kept in session.page_cache[_ROWS].items() if key not in before]
    rows = [row for row in written if isinstance(row, str) and row.startswith("<tr>")]
    # Its rows on the accounts page, in the rating, classes, both Pareto and the
    # visit-cost tables of the selection page and on its people's pages: each row that
    # names it, and no row of another account.
    naming = [row for path, page in pages.items()
              if path in ("accounts/index.md", "selection/index.md") or path.startswith("team/")
              for row in re.findall(r"<tr>.*?</tr>", page) if "Velmar Medical GmbH" in row
              and "Kunden mit Plan" not in row]  # a territory's few rows are not kept
    assert sorted(row.strip() for row in rows) == sorted(naming)
    assert len(naming) > 6
    assert all(("Velmar Medical GmbH" if isinstance(kept, str) else b"Velmar Medical GmbH")
               in kept for kept in written)


def test_a_preview_writes_every_row_again_when_the_team_changes(plans: Path) -> None:
    session = Session.preview(plans)

    def preview() -> dict[str, str]:
        return dict(generate(load_portfolio(plans, session.plan_cache), AS_OF,
                             page_cache=session.page_cache,
                             account_cache=session.account_cache).pages)

    preview()
    team = plans / "team.yaml"
    text = team.read_text("utf-8")
    assert text.count("name: Julia Berger") == 1
    team.write_text(text.replace("name: Julia Berger", "name: Julia Berger-Lind"), "utf-8")
    pages = preview()
    assert pages == dict(generate(load_portfolio(plans), AS_OF).pages)
    assert "Julia Berger-Lind" in pages["selection/index.md"]


def test_a_preview_writes_the_person_pages_and_calendars_a_build_writes(plans: Path) -> None:
    session = Session.preview(plans)

    def both(cache: bool) -> tuple[dict[str, str], tuple[tuple[str, bytes], ...]]:
        site = generate(load_portfolio(plans, session.plan_cache if cache else None), AS_OF,
                        page_cache=session.page_cache if cache else None,
                        account_cache=session.account_cache if cache else None)
        people = {path: page for path, page in site.pages.items() if path.startswith("team/")}
        return people, site.files

    first = both(cache=True)
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    text = path.read_text("utf-8")
    action = "- title: Muster für die Pumpenplattform liefern"
    assert text.count(action) == 1
    path.write_text(text.replace(action, "- title: Neu geplant"), "utf-8")
    second = both(cache=True)
    assert second == both(cache=False) != first
    assert any(b"Neu geplant" in ics for _path, ics in second[1])


def test_unchanged_accounts_keep_their_figures_and_findings(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import kamgen.checks._run as run

    # kamgen.site's generate() hides the module of that name from attribute access.
    site_generate = importlib.import_module("kamgen.site.pages")

    computed: list[str] = []
    checked: list[str] = []
    figures, check_account = site_generate.account_figures, run.check_account
    monkeypatch.setattr(site_generate, "account_figures", lambda portfolio, account, today: (
        computed.append(account.id), figures(portfolio, account, today))[1])
    monkeypatch.setattr(run, "check_account", lambda portfolio, account, fig, today: (
        checked.append(account.id), check_account(portfolio, account, fig, today))[1])
    session = Session.preview(plans)

    def preview(day: dt.date = AS_OF) -> None:
        generate(load_portfolio(plans, session.plan_cache), day,
                 page_cache=session.page_cache, account_cache=session.account_cache)

    preview()
    assert len(computed) == 8 and len(checked) == 7  # a former account is not checked
    computed.clear(), checked.clear()
    rename(plans, *LOW_RATING)
    preview()
    assert computed == checked == ["velmar-medizintechnik"]
    computed.clear(), checked.clear()
    preview(AS_OF + dt.timedelta(days=1))  # every account's figures are as of a day
    assert len(computed) == 8 and len(checked) == 7


def test_a_preview_keys_accounts_by_the_content_of_their_plan_files(plans: Path) -> None:
    session = Session.preview(plans)
    previewed = load_portfolio(plans, session.plan_cache).accounts["velmar-medizintechnik"]
    assert previewed.digest is not None
    assert load_portfolio(plans).accounts["velmar-medizintechnik"].digest is None
    rename(plans, *LOW_RATING)
    changed = load_portfolio(plans, session.plan_cache).accounts["velmar-medizintechnik"]
    assert changed.digest not in (None, previewed.digest)


def test_an_edit_of_one_plan_changes_the_home_page_of_a_preview(plans: Path,
                                                                tmp_path: Path) -> None:
    from mkdocs.commands.build import build

    pages, empty, site = tmp_path / "pages", tmp_path / "empty-docs", tmp_path / "site"
    empty.mkdir()
    session = Session.preview(plans.resolve(), as_of=AS_OF, pages_dir=pages)

    def rebuild() -> None:
        build(_configured(session, None, str(empty), site_dir=str(site)), dirty=True)

    rebuild()
    assert "A-Kunde: 3 · B-Kunde: 2 · C-Kunde: 1" in (site / "index.html").read_text("utf-8")
    rename(plans, *LOW_RATING)
    rebuild()
    built = generate(load_portfolio(plans), AS_OF).pages
    for page in ("index.md", "accounts/index.md", "selection/index.md",
                 "accounts/velmar-medizintechnik/index.md"):
        assert (pages / page).read_text("utf-8") == built[page]
    assert "A-Kunde: 2 · B-Kunde: 2 · C-Kunde: 2" in (site / "index.html").read_text("utf-8")


def test_a_settled_preview_leaves_what_it_remembers_out_of_full_collections() -> None:
    import gc

    from kamgen.engine import settle_preview

    remembered = [{"plan": index} for index in range(100)]
    try:
        settle_preview()
        assert gc.get_freeze_count() >= len(remembered)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
