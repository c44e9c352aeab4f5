"""``kamgen codeowners``: GitHub's CODEOWNERS made from the plans, the hand-written lines
around it kept, ``--check`` for CI; GitHub handles in team.yaml and the programme's lead."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import pytest

from kamgen.cli import main
from kamgen.codeowners import BEGIN, END, entries, escape, merge, section
from kamgen.errors import ConfigError, KamgenError, PlanErrors
from kamgen.load import load_portfolio

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "plans"
BEGIN_LINE = ("# kamgen codeowners: begin (made from the plans: change them, then run "
              "'kamgen codeowners')")
END_LINE = "# kamgen codeowners: end (the lines above and below the section are kept as they are)"
SECTION = f"""\
{BEGIN_LINE}
/plans/                                     @mehmet-kaya
/plans/kam.yaml                             @mehmet-kaya
/plans/team.yaml                            @mehmet-kaya
/plans/territories.yaml                     @mehmet-kaya
/plans/checklists/                          @mehmet-kaya
/plans/accounts/brenntal-automotive.yaml    @sabine-hoffmann @mehmet-kaya
/plans/accounts/donauried-landtechnik.yaml  @sabine-hoffmann
/plans/accounts/elbkant-verpackungen.yaml   @julia-berger
/plans/accounts/gravenhorst-bauprofile.yaml @tobias-wagner
/plans/accounts/korvat-hausgeraete.yaml     @tobias-wagner
/plans/accounts/marschland-elektro.yaml     @mehmet-kaya
/plans/accounts/nordwerk-chemie/            @julia-berger @mehmet-kaya
/plans/accounts/velmar-medizintechnik.yaml  @tobias-wagner @julia-berger
{END_LINE}
"""
HEAD = """\
# Who must approve a change. GitHub asks the owners below for a review on every pull
# request that touches their files; with branch protection ("Require review from Code
# Owners") a plan cannot change without the approval of one of its owners.

"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Git repository (its .git folder is enough) holding a copy of the example plans;
    the working folder."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root / "plans")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_example_section() -> None:
    portfolio = load_portfolio(EXAMPLE)
    assert "\n".join(section(entries(portfolio, PurePosixPath("plans")))) + "\n" == SECTION


def test_a_new_file_has_a_head_and_the_section(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["codeowners"]) == 0
    assert (repo / ".github/CODEOWNERS").read_text("utf-8") == HEAD + SECTION
    assert capsys.readouterr().err.endswith(
        "kamgen: wrote .github/CODEOWNERS; commit it, and protect the branch with 'Require "
        "review from Code Owners'\n")
    # Once written, it is up to date, and --check says so.
    assert main(["codeowners", "--check"]) == 0
    assert capsys.readouterr().err.endswith("kamgen: .github/CODEOWNERS is up to date\n")


def test_the_lines_written_by_hand_are_kept(repo: Path) -> None:
    target = repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text("* @hanse-polymer/everyone\n\n" + BEGIN + "\n/plans/old.yaml @someone\n"
                      + END + " (anything)\n\n/kamgen/ @hanse-polymer/kam-tooling\n", "utf-8")
    assert main(["codeowners"]) == 0
    assert target.read_text("utf-8") == ("* @hanse-polymer/everyone\n\n" + SECTION
                                         + "\n/kamgen/ @hanse-polymer/kam-tooling\n")


def test_a_file_without_a_section_is_not_replaced(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text("/plans/ @someone\n", "utf-8")
    assert main(["codeowners"]) == 1
    assert capsys.readouterr().err.endswith(
        "kamgen: .github/CODEOWNERS has no section written by kamgen, and kamgen does not "
        "replace lines written by hand\n"
        "    hint: put the two lines\n"
        "      # kamgen codeowners: begin\n"
        "      # kamgen codeowners: end\n"
        "    where the plans' owners go (they replace the lines between them), delete the "
        "lines about plans/, and run 'kamgen codeowners' again\n")
    assert target.read_text("utf-8") == "/plans/ @someone\n"


@pytest.mark.parametrize("text", [
    f"{BEGIN}\n{BEGIN}\n{END}\n",
    f"{END}\n{BEGIN}\n",
    f"{BEGIN}\n",
])
def test_a_broken_section_is_refused(text: str) -> None:
    begins, ends = text.count(BEGIN), text.count(END)
    with pytest.raises(KamgenError) as caught:
        merge(text, ["x"], "CODEOWNERS")
    assert str(caught.value) == (
        "CODEOWNERS: the section written by kamgen is broken: expected one line starting with "
        f"'{BEGIN}' and, below it, one starting with '{END}'; found {begins} and {ends}\n"
        "    hint: keep one pair of these lines and run 'kamgen codeowners' again")


def test_check_says_what_is_out_of_date(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", "--check"]) == 1
    assert capsys.readouterr().err.endswith(
        "kamgen: .github/CODEOWNERS does not exist\n"
        "    hint: run 'kamgen codeowners' and commit .github/CODEOWNERS\n")
    assert main(["codeowners"]) == 0
    edit(repo / "plans/team.yaml", "github: julia-berger", "github: '@hanse-polymer/north'")
    capsys.readouterr()
    assert main(["codeowners", "--check"]) == 1
    assert capsys.readouterr().err.endswith(
        "kamgen: .github/CODEOWNERS is out of date: it does not say who owns the plans as "
        "team.yaml, kam.yaml and the plans do\n"
        "      has: /plans/accounts/elbkant-verpackungen.yaml   @julia-berger\n"
        "      needs: /plans/accounts/elbkant-verpackungen.yaml   @hanse-polymer/north\n"
        "      has: /plans/accounts/nordwerk-chemie/            @julia-berger @mehmet-kaya\n"
        "      needs: /plans/accounts/nordwerk-chemie/            @hanse-polymer/north "
        "@mehmet-kaya\n"
        "      has: /plans/accounts/velmar-medizintechnik.yaml  @tobias-wagner @julia-berger\n"
        "      needs: /plans/accounts/velmar-medizintechnik.yaml  @tobias-wagner "
        "@hanse-polymer/north\n"
        "    hint: run 'kamgen codeowners' and commit .github/CODEOWNERS\n")
    # --check writes nothing.
    assert "@hanse-polymer/north" not in (repo / ".github/CODEOWNERS").read_text("utf-8")


def test_nobody_without_a_handle_owns_a_plan(repo: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    edit(repo / "plans/team.yaml", "  github: tobias-wagner\n", "")
    edit(repo / "plans/kam.yaml", "lead: m.kaya ", "lead: t.wagner")
    assert main(["codeowners"]) == 0
    text = (repo / ".github/CODEOWNERS").read_text("utf-8")
    assert "# /plans/kam.yaml: no owner (the lead 't.wagner' has no github handle)\n" in text
    assert ("# /plans/accounts/korvat-hausgeraete.yaml: no owner (its owner 't.wagner' has "
            "no github handle)\n") in text
    # The team still owns the plans it shares with the owner.
    assert "/plans/accounts/velmar-medizintechnik.yaml @julia-berger\n" in text
    err = capsys.readouterr().err
    assert ("kamgen: no owner for /plans/accounts/gravenhorst-bauprofile.yaml (the plan of "
            "gravenhorst-bauprofile): its owner 't.wagner' has no github handle\n") in err


def test_a_programme_without_a_lead(repo: Path) -> None:
    edit(repo / "plans/kam.yaml", "lead: m.kaya ", "")
    portfolio = load_portfolio(repo / "plans")
    first = entries(portfolio, PurePosixPath("plans"))[0]
    assert (first.path, first.owners, first.nobody) == ("plans/", (), "kam.yaml names no lead")


def test_paths_are_relative_to_the_repository_root(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root / "key accounts#2" / "plans*")
    (root / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["codeowners", str(root / "key accounts#2" / "plans*")]) == 0
    text = (root / ".github/CODEOWNERS").read_text("utf-8")
    assert "\n/key\\ accounts\\#2/plans\\*/kam.yaml " in text
    assert "\n/key\\ accounts\\#2/plans\\*/accounts/nordwerk-chemie/ " in text


def test_plans_at_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "plans")
    (tmp_path / "plans" / ".git").mkdir()
    portfolio = load_portfolio(tmp_path / "plans")
    paths = [entry.path for entry in entries(portfolio, PurePosixPath("."))]
    assert paths[:5] == ["kam.yaml", "team.yaml", "territories.yaml", "checklists/",
                         "accounts/brenntal-automotive.yaml"]
    monkeypatch.chdir(tmp_path)
    # The plans folder is the repository: CODEOWNERS may not go into it.
    assert main(["codeowners"]) == 2


@pytest.mark.parametrize(("path", "pattern"), [
    ("plans/kam.yaml", "/plans/kam.yaml"),
    ("my plans/kam.yaml", "/my\\ plans/kam.yaml"),
    ("a#b/c*d?e\\f", "/a\\#b/c\\*d\\?e\\\\f"),
    ("Plän ü/x.yaml", "/Plän\\ ü/x.yaml"),
    ("!important/x", "/!important/x"),
])
def test_escape(path: str, pattern: str) -> None:
    assert escape(path) == pattern


@pytest.mark.parametrize(("path", "char"), [
    ("plans[1]/kam.yaml", "["), ("a]b", "]"), ("line\nbreak", "\n"), ("tab\there", "\t"),
    ("sep\u2028arator", "\u2028"),
])
def test_escape_refuses_what_codeowners_cannot_match(path: str, char: str) -> None:
    with pytest.raises(ConfigError) as caught:
        escape(path)
    assert str(caught.value) == (
        f"the path {path!r} holds {char!r}, which a CODEOWNERS pattern cannot match\n"
        "    hint: rename the folder so that its name has no line breaks, control characters, "
        "'[' or ']'")


def test_output_in_the_plans_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", "--output", "plans/CODEOWNERS"]) == 2
    assert capsys.readouterr().err.endswith(
        "kamgen: --output plans/CODEOWNERS lies in the plans folder plans\n"
        "    hint: kamgen never changes the plans; write .github/CODEOWNERS at the "
        "repository root\n")
    assert not (repo / "plans/CODEOWNERS").exists()


def test_output_elsewhere(repo: Path) -> None:
    assert main(["codeowners", "--output", "docs/CODEOWNERS"]) == 0
    assert (repo / "docs/CODEOWNERS").read_text("utf-8") == HEAD + SECTION
    assert not (repo / ".github").exists()


# --- github: in team.yaml and lead: in kam.yaml -------------------------------------------


GITHUB_HINT = ("    hint: write the name as it is on github.com, e.g. 'julia-berger', "
               "'@julia-berger' or 'hanse-polymer/kam-lead'")


@pytest.mark.parametrize("handle", ["julia berger", "-julia", "julia-", "@", "org/",
                                    "org/team/sub", "a" * 40, "jülia", "@@julia"])
def test_a_github_handle_that_is_not_one(repo: Path, handle: str) -> None:
    edit(repo / "plans/team.yaml", "github: julia-berger", f"github: '{handle}'")
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(repo / "plans")
    assert caught.value.render() == (
        f"team.yaml:19:3: [1].github: expected a GitHub user (name or @name) or team "
        f"(org/team); found '{handle}'\n{GITHUB_HINT}\n1 error in 1 file")


@pytest.mark.parametrize(("handle", "owner"), [
    ("julia-berger", "@julia-berger"), ("@julia-berger", "@julia-berger"),
    ("Hanse-Polymer/KAM_north.1", "@Hanse-Polymer/KAM_north.1"), ("a" * 39, "@" + "a" * 39),
])
def test_github_handles_as_codeowners_writes_them(repo: Path, handle: str, owner: str) -> None:
    edit(repo / "plans/team.yaml", "github: julia-berger", f"github: '{handle}'")
    portfolio = load_portfolio(repo / "plans")
    member = portfolio.member("j.berger")
    assert member is not None and member.code_owner == owner


def test_an_unknown_lead(repo: Path) -> None:
    edit(repo / "plans/kam.yaml", "lead: m.kaya ", "lead: m.kaja ")
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(repo / "plans")
    assert caught.value.render() == (
        "kam.yaml:3:1: lead: unknown team member 'm.kaja'\n"
        "    hint: did you mean 'm.kaya'? team.yaml ids that exist: j.berger, m.kaya, "
        "s.hoffmann, t.wagner\n1 error in 1 file")
