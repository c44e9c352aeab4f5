"""`kamgen check --changed-since REF`: a pull request answers for the plans it changes.

Each test makes a git repository in tmp_path holding the example plans on a branch `main`
(as of 2027-03-15 two plans are overdue for review, which fails a whole check), then works
on a branch `feature` the way a pull request does. Git runs without the user's or the
system's configuration.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import kamgen.changes
from kamgen.changes import Changes, changed_since, scope_of
from kamgen.cli import main
from kamgen.load import load_portfolio

PLANS = Path(__file__).resolve().parents[1] / "plans"
AS_OF = ["--as-of", "2027-03-15"]
KORVAT = "accounts/korvat-hausgeraete.yaml"
NORDWERK = "accounts/nordwerk-chemie/plan.yaml"
UNKNOWN_HINT = (
    "    hint: give a branch, tag or commit, e.g. --changed-since origin/main; in GitHub "
    "Actions check out the whole history (actions/checkout with fetch-depth: 0)\n"
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, check=True,
                          capture_output=True, text=True)
    return done.stdout


@pytest.fixture(autouse=True)
def no_git_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the example plans in plans/ committed on main, and a README
    beside them, checked out on a new branch feature."""
    root = tmp_path / "repo"
    shutil.copytree(PLANS, root / "plans")
    (root / "README.md").write_text("Plans of Hanse Polymer\n", "utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The plans")
    git(root, "switch", "-q", "-c", "feature")
    return root


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "plans" / rel
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), "utf-8")


def commit(repo: Path, message: str = "A change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def check_json(repo: Path, capsys: pytest.CaptureFixture[str], *extra: str
               ) -> tuple[int, dict[str, object]]:
    code = main(["check", str(repo / "plans"), "--format", "json", *AS_OF, *extra])
    return code, json.loads(capsys.readouterr().out)


def reported(document: dict[str, object]) -> tuple[list[str], set[str]]:
    """The accounts of the plans reported, and the files of every finding."""
    plans = document["plans"]
    portfolio = document["portfolio"]
    assert isinstance(plans, list) and isinstance(portfolio, list)
    files = {f["file"] for p in plans for f in p["findings"]} | {f["file"] for f in portfolio}
    return [p["account"] for p in plans], {f.split("/plans/", 1)[1] for f in files}


# --- what is reported -----------------------------------------------------------------------


def test_a_whole_check_fails_because_of_two_stale_plans(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, document = check_json(repo, capsys)
    assert code == 1 and "changed_since" not in document
    assert len(reported(document)[0]) == 7


def test_only_the_changed_plan_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    edit(repo, KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert code == 0
    assert reported(document) == (["korvat-hausgeraete"], {KORVAT})
    base = git(repo, "rev-parse", "main").strip()
    assert document["changed_since"] == {"ref": "main", "merge_base": base,
                                         "plans": ["korvat-hausgeraete"], "removed": [],
                                         "portfolio": False}
    summary = document["summary"]
    assert isinstance(summary, dict) and summary["plans"] == 1


def test_a_stale_plan_that_changed_still_fails(repo: Path, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    edit(repo, NORDWERK, "industry: Chemie", "industry: Spezialchemie")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert code == 1
    assert reported(document)[0] == ["nordwerk-chemie"]


def test_a_change_to_an_unrelated_file_reports_no_plan(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "README.md").write_text("Plans of Hanse Polymer GmbH\n", "utf-8")
    (repo / "plans" / "accounts" / "notes.txt").write_text("not a plan\n", "utf-8")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert code == 0
    assert reported(document) == ([], set())


def test_commits_on_the_base_after_the_branch_left_it_do_not_count(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Someone else changes nordwerk on main meanwhile: it is not this branch's change.
    git(repo, "switch", "-q", "main")
    edit(repo, NORDWERK, "industry: Chemie", "industry: Spezialchemie")
    commit(repo, "Meanwhile on main")
    git(repo, "switch", "-q", "feature")
    edit(repo, KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert (code, reported(document)[0]) == (0, ["korvat-hausgeraete"])


def test_uncommitted_and_new_files_count(repo: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    edit(repo, KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte")  # not staged
    shutil.copy(repo / "plans" / KORVAT, repo / "plans" / "accounts" / "korvat-neu.yaml")
    edit(repo, "accounts/korvat-neu.yaml", "customer_number: '100163'",
         "customer_number: '100999'")  # each customer number belongs to one plan
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert reported(document)[0] == ["korvat-hausgeraete", "korvat-neu"]
    assert code == 0


def test_a_page_in_a_plan_folder_counts_as_a_change_of_the_plan(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = repo / "plans" / "accounts" / "nordwerk-chemie" / "werksbesuch.md"
    page.write_text("# Werksbesuch\n\nNeu.\n", "utf-8")
    commit(repo)
    assert reported(check_json(repo, capsys, "--changed-since", "main")[1])[0] == [
        "nordwerk-chemie"]


def test_a_renamed_plan_is_reported_under_its_new_id(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "mv", f"plans/{KORVAT}", "plans/accounts/korvat.yaml")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert code == 0
    assert reported(document) == (["korvat"], {"accounts/korvat.yaml"})
    scope = document["changed_since"]
    assert isinstance(scope, dict)
    assert (scope["plans"], scope["removed"]) == (["korvat"], ["korvat-hausgeraete"])


def test_a_deleted_plan_reports_nothing_and_says_so(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Korvat's rows leave the export of business figures on main (a changed export would
    # put every account whose figures it holds in the scope), then the branch deletes it.
    git(repo, "switch", "-q", "main")
    export = repo / "plans" / "data" / "umsatz.csv"
    export.write_text("".join(line for line in export.read_text("utf-8-sig").splitlines(True)
                              if not line.startswith("100163;")), "utf-8-sig")
    commit(repo, "Korvat's figures leave the export")
    git(repo, "switch", "-q", "feature")
    git(repo, "merge", "-q", "--ff-only", "main")
    git(repo, "rm", "-q", f"plans/{KORVAT}")
    commit(repo)
    assert main(["check", str(repo / "plans"), *AS_OF, "--changed-since", "main"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "0 errors, 0 warnings in 0 plans\n"
        "only the plans changed since main (merge base "
        f"{git(repo, 'rev-parse', 'main')[:12]}) were checked: none (deleted or renamed: "
        "korvat-hausgeraete); of the portfolio's findings those that a changed plan adds to; "
        "every plan of the portfolio is valid\n"
    )


def test_a_changed_export_puts_the_accounts_whose_figures_it_holds_in_the_scope(
        repo: Path) -> None:
    export = repo / "plans" / "data" / "umsatz.csv"
    export.write_text(export.read_text("utf-8-sig").replace(
        "100234;Nordwerk Chemie AG;2025;3.100.000,00", "100234;Nordwerk Chemie AG;2025;"
        "3.200.000,00"), "utf-8-sig")
    commit(repo)
    changes = changed_since(repo / "plans", "main")
    assert changes.files == ("data/umsatz.csv",) and changes.accounts == frozenset()
    portfolio = load_portfolio(repo / "plans")
    scope = scope_of(changes, portfolio.accounts,
                     {aid: a.imported for aid, a in portfolio.accounts.items()})
    assert scope.accounts == tuple(sorted(portfolio.accounts)) and not scope.programme
    assert scope_of(changes, portfolio.accounts).accounts == ()


def test_a_deleted_folder_plan_counts_as_removed(repo: Path) -> None:
    git(repo, "rm", "-q", "-r", "plans/accounts/nordwerk-chemie")
    changes = changed_since(repo / "plans", "main")
    assert changes.accounts == {"nordwerk-chemie"}
    assert "accounts/nordwerk-chemie/plan.yaml" in changes.files


def test_an_invalid_plan_that_did_not_change_still_fails(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "main")
    edit(repo, NORDWERK, "industry: Chemie", "industry: [Chemie")
    commit(repo, "A broken plan on main")
    git(repo, "switch", "-q", "-c", "feature-2")
    edit(repo, KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert code == 1 and document["valid"] is False
    errors = document["errors"]
    assert isinstance(errors, list) and {e["file"].split("/plans/", 1)[1] for e in errors} == {
        NORDWERK}


# --- the portfolio's findings ------------------------------------------------------------


def test_a_programme_change_reports_the_portfolio_findings(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "team.yaml", "  role: Key Account Manager\n", "  role: Key Account Manager Süd\n")
    commit(repo)
    code, document = check_json(repo, capsys, "--changed-since", "main")
    assert code == 0  # the capacity of south is a warning
    assert reported(document) == ([], {"territories.yaml"})
    scope = document["changed_since"]
    assert isinstance(scope, dict) and scope["portfolio"] is True


@pytest.mark.parametrize(("plan", "old", "new", "capacity"), [
    ("accounts/brenntal-automotive.yaml", "industry: Automobilzulieferer", "industry: Auto",
     True),
    (KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte", False),
], ids=["south", "west"])
def test_a_plan_in_an_overloaded_territory_reports_its_capacity(
        repo: Path, capsys: pytest.CaptureFixture[str], plan: str, old: str, new: str,
        capacity: bool) -> None:
    # south is over capacity: a change to a plan there reports it, one in west does not.
    edit(repo, plan, old, new)
    commit(repo)
    files = reported(check_json(repo, capsys, "--changed-since", "main")[1])[1]
    assert ("territories.yaml" in files) is capacity


# --- what each format says ---------------------------------------------------------------


@pytest.fixture
def korvat_changed(repo: Path) -> Path:
    edit(repo, KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte")
    commit(repo)
    return repo


def scope_sentence(repo: Path) -> str:
    return (f"only the plans changed since main (merge base "
            f"{git(repo, 'rev-parse', 'main')[:12]}) were checked: korvat-hausgeraete; of the "
            "portfolio's findings those that a changed plan adds to; every plan of the "
            "portfolio is valid")


def test_text_says_that_only_the_changed_plans_were_checked(
        korvat_changed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(korvat_changed / "plans"), *AS_OF, "--changed-since", "main"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3].startswith("korvat-hausgeraete ")
    # korvat's 6 findings (3 for sections it leaves empty: scorecard.kpi without a
    # scorecard, both competitors' rules without competitors) and 5 of the portfolio
    assert lines[-2:] == ["0 errors, 11 warnings in 1 plan", scope_sentence(korvat_changed)]


def test_annotations_say_that_only_the_changed_plans_were_checked(
        korvat_changed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(korvat_changed / "plans"), *AS_OF, "--changed-since", "main",
          "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "::notice title=kamgen check::" + scope_sentence(korvat_changed)
    assert all(f"file={korvat_changed}/plans/{KORVAT}," in line for line in lines[1:-1])
    assert lines[-1] == ("kamgen check: 0 errors, 11 warnings in 1 plan (only the plans "
                         "changed since main)")


def test_the_summary_says_that_only_the_changed_plans_were_checked(
        korvat_changed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(korvat_changed / "plans"), *AS_OF, "--changed-since", "main",
          "--format", "markdown"])
    lines = capsys.readouterr().out.splitlines()
    base = git(korvat_changed, "rev-parse", "main")[:12]
    assert lines[:5] == [
        "## kamgen check", "",
        f"Only the plans changed since `main` (merge base `{base}`) were checked: "
        "`korvat-hausgeraete`; of the portfolio's findings those that a changed plan adds "
        "to; every plan of the portfolio is valid.", "",
        "0 errors, 11 warnings in 1 plan.",
    ]
    assert "| ⚠️ `korvat-hausgeraete` |" in "\n".join(lines)


# --- errors ---------------------------------------------------------------------------------


def usage_error(plans: Path, ref: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["check", str(plans), f"--changed-since={ref}"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


def test_an_unknown_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(repo / "plans", "origin/main", capsys) == (
        "kamgen: --changed-since 'origin/main': git knows no commit of that name\n"
        + UNKNOWN_HINT)


@pytest.mark.parametrize("ref", ["--output=/tmp/kamgen-x", "-c", "core.pager=touch x",
                                 "--all", "-h", "", " ", "HEAD --", "HEAD\n--all"])
def test_a_ref_that_looks_like_an_option_is_no_option(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], ref: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # joined to the option, as argparse would take '-c' for an option of its own
    assert main(["check", str(repo / "plans"), f"--changed-since={ref}"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err == f"kamgen: --changed-since {ref!r}: git knows no commit of that name\n" \
        + UNKNOWN_HINT
    assert not Path("/tmp/kamgen-x").exists() and not (tmp_path / "x").exists()
    assert not (repo / "plans" / "x").exists()


def test_no_commit_in_common(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "--orphan", "elsewhere")
    (repo / "other.txt").write_text("other\n", "utf-8")
    git(repo, "add", "other.txt")
    git(repo, "commit", "-q", "-m", "Another history")
    git(repo, "switch", "-q", "feature")
    assert usage_error(repo / "plans", "elsewhere", capsys) == (
        "kamgen: --changed-since 'elsewhere': it has no commit in common with HEAD\n"
        "    hint: give the branch the pull request goes into; in GitHub Actions check out "
        "the whole history (actions/checkout with fetch-depth: 0)\n")


def test_not_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (tmp_path / ".git").write_text("gitdir: nowhere\n", "utf-8")  # stops git's search here
    assert usage_error(plans, "main", capsys) == (
        f"kamgen: --changed-since: {plans} is not in a git repository\n"
        "    hint: check the plans in a clone of their repository, or leave out "
        "--changed-since to check every plan\n")


def test_git_not_installed(repo: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert usage_error(repo / "plans", "main", capsys) == (
        "kamgen: --changed-since needs git, which is not installed (or not on the PATH)\n"
        "    hint: install git, or leave out --changed-since to check every plan\n")


def test_git_that_does_not_answer(repo: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    programs = tmp_path / "slow"
    programs.mkdir()
    fake = programs / "git"
    fake.write_text("#!/bin/sh\nexec sleep 30\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(kamgen.changes, "GIT_TIMEOUT", 0.5)
    assert usage_error(repo / "plans", "main", capsys) == (
        "kamgen: --changed-since: git did not answer within 0.5 s (git rev-parse)\n"
        "    hint: try again, or leave out --changed-since to check every plan\n")


def test_a_missing_plans_folder_is_reported_as_without_the_option(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nowhere"), "--changed-since", "main"]) == 2
    assert capsys.readouterr().err.startswith(f"kamgen: {tmp_path / 'nowhere'}: no such folder")


# --- the plans folder within a larger repository -------------------------------------------


def test_paths_are_those_below_the_plans_folder(repo: Path) -> None:
    edit(repo, KORVAT, "industry: Haushaltsgeräte", "industry: Hausgeräte")
    (repo / "README.md").write_text("changed\n", "utf-8")
    changes = changed_since(repo / "plans", "main")
    assert changes == Changes("main", git(repo, "rev-parse", "main").strip(), (KORVAT,))
    assert not changes.programme
