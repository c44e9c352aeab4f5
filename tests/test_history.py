"""``kamgen diff``: what a change does to the accounts, in a git repository made here with
dated commits."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kamgen.cli import main
from kamgen.errors import ConfigError
from kamgen.history import COMMENT_MARKER, Git, compare, render_diff
from kamgen.history.render import markdown_text

EXAMPLE = Path(__file__).resolve().parents[1] / "plans"
BRENNTAL = "plans/accounts/brenntal-automotive.yaml"
ELBKANT = "plans/accounts/elbkant-verpackungen.yaml"
NORDWERK = "plans/accounts/nordwerk-chemie/plan.yaml"
TODAY = dt.date(2026, 12, 1)


def git(repo: Path, *args: str, date: str = "2026-10-01T10:00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Key Account", "GIT_AUTHOR_EMAIL": "kam@example.com",
           "GIT_COMMITTER_NAME": "Key Account", "GIT_COMMITTER_EMAIL": "kam@example.com"}
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


def edit(repo: Path, file: str, *replacements: tuple[str, str]) -> None:
    path = repo / file
    text = path.read_text("utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """The example portfolio committed on 2026-10-01 as ``main``; a branch ``change``
    whose commit of 2026-11-15 changes it in every way the diff tells."""
    repo = tmp_path / "plans-repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLE, repo / "plans")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "The example portfolio")
    git(repo, "checkout", "-q", "-b", "change")
    edit(repo, BRENNTAL,
         ("rating: {revenue: 5, margin: 3, potential: 5, fit: 4, reference: 5}",
          "rating: {revenue: 2, margin: 2, potential: 2, fit: 2, reference: 2}"),
         ("wallet: 14500000", "wallet: 19000000"),
         ("    actual: 1350\n", "    actual: 1750\n"),
         ("    attitude: supporter\n    relationship: 3\n    owner: m.kaya",
          "    attitude: opponent\n    relationship: 2\n    owner: m.kaya"),
         ("    due: 2026-12-12\n    status: in_progress", "    due: 2026-12-12\n    status: done"),
         ("  - title: Jahrespreisgespräch 2027 vorbereiten\n",
          "  - title: Muster an @octocat **senden** <img src=x onerror=alert(1)>\n"
          "    owner: s.hoffmann\n    due: 2026-11-20\n"
          "  - title: Jahrespreisgespräch 2027 vorbereiten\n"),
         ("visits: {per_year: 24,", "visits: {per_year: 40,"))
    edit(repo, NORDWERK, ("    investment: 25000\n", "    investment: 50000\n"))
    # A plan removed, with its rows of the ERP export; a plan added, with rows of its own.
    git(repo, "rm", "-q", "plans/accounts/korvat-hausgeraete.yaml")
    export = repo / "plans/data/umsatz.csv"
    rows = export.read_text("utf-8-sig").splitlines(keepends=True)
    added = [row.replace("100095;Elbkant Verpackungen", "100096;Elbkant Folien")
             for row in rows if row.startswith("100095;")]
    export.write_text("".join(row for row in rows if not row.startswith("100163;"))
                      + "".join(added), "utf-8-sig")
    shutil.copy(repo / ELBKANT, repo / "plans/accounts/elbkant-folien.yaml")
    edit(repo, "plans/accounts/elbkant-folien.yaml",
         ("name: Elbkant Verpackungen GmbH", "name: Elbkant Folien GmbH"),
         ("customer_number: '100095'", "customer_number: '100096'"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Brenntal after the price talks",
        date="2026-11-15T10:00:00")
    return repo


def test_the_text_diff_names_each_change_in_the_method_s_words(repo: Path) -> None:
    diff, base, head = compare(repo / "plans", "main", "change")
    assert (base.name, base.date, head.name, head.date) == (
        "main", dt.date(2026, 10, 1), "change", dt.date(2026, 11, 15))
    text = render_diff(diff, base, head, "text")
    lines = text.splitlines()
    assert lines[0] == (f"kamgen diff: main ({base.short}, 2026-10-01) → "
                        f"change ({head.short}, 2026-11-15)")
    brenntal = lines.index("Brenntal Automotive SE (accounts/brenntal-automotive.yaml): "
                           "class A → C, 13 changes, 2 new risks")
    assert lines[brenntal + 1:brenntal + 14] == [
        "  - class A → C",
        # every criterion rated 2 of 5: (2 − 1) / 4 = 25 points
        "  - rating score 83.75 → 25.00",
        # revenue 2025 3,800,000 / wallet 14,500,000 = 26.2 %; / 19,000,000 = 20 %
        "  - share of wallet 26.2% → 20%",
        "  - scorecard score 53.2% → 57.8%",
        "  - KPI “Umsatz mit Hochvolt- und Batterietypen” (financial): actual 1,350 → "
        "1,750, status red → amber",
        "  - contact “Dr. Christoph Hartmann”: attitude supporter → opponent, "
        "relationship 3 → 2",
        "  ! new risk: “Dr. Christoph Hartmann”, a blind spot (a decider with a weak "
        "relationship)",
        "  ! new risk: “Dr. Christoph Hartmann”, an influential opponent",
        "  - action done “Halogenfreie Versuchstypen an die Werkstofftechnik liefern”",
        # due 2026-11-20: not yet overdue on the commit's date, 2026-11-15
        "  - action added “Muster an @octocat **senden** <img src=x onerror=alert(1)>”: "
        "owner s.hoffmann, due 2026-11-20, status open",
        # due 2026-10-15: open on 2026-10-01, overdue on 2026-11-15
        "  - action now overdue “Lohncompoundierung in Querétaro prüfen” (due 2026-10-15)",
        "  - completeness 94.1% → 87.5%",
        "  - finding resolved: single-threaded: every strong relationship is held by "
        "Sabine Hoffmann",
    ]
    added = lines.index("Elbkant Folien GmbH (accounts/elbkant-folien.yaml): new plan")
    assert lines[added + 1:added + 5] == [
        "  - class B", "  - rating score 52.50", "  - share of wallet 41.7%",
        # 16 rules for class B; no competitors fails both competitors' rules: 11 / 16
        "  - completeness 68.8%"]
    assert "Korvat Hausgeräte AG (accounts/korvat-hausgeraete.yaml): plan removed" in lines
    nordwerk = lines.index("Nordwerk Chemie AG (accounts/nordwerk-chemie/plan.yaml): "
                           "3 changes")
    # net yearly value 60,000 + 54,000 + 40,500 − 40,000 = 114,500;
    # payback 12 · 25,000 / 114,500 = 2.62 → 12 · 50,000 / 114,500 = 5.24 months;
    # ROI (3 · 114,500 − 25,000) / (3 · 40,000 + 25,000) = 219.7 % → 293,500 / 170,000
    assert lines[nordwerk + 2] == (
        "  - value-add concept “Vendor Managed Inventory Stade”: payback months 2.62 → "
        "5.24, ROI 219.7% → 172.6%")
    # territories.yaml: Nord 278 + 12 (the new plan) = 290 / 340; Süd 292 + 16 = 308 / 240;
    # West 210 − 12 (Korvat) = 198 / 230
    assert lines[-3:] == ["territory Nord: utilisation 81.8% → 85.3%",
                          "territory Süd: utilisation 121.7% → 128.3%",
                          "territory West: utilisation 91.3% → 86.1%"]
    assert diff.labels == ("class-change", "new-risk", "new-finding", "new-plan",
                           "removed-plan")


def test_an_action_dropped_and_a_kpi_and_contact_removed(repo: Path) -> None:
    edit(repo, ELBKANT, ("  - id: m-thiel\n", "  - id: m-thiel-old\n"))
    text = (repo / BRENNTAL).read_text("utf-8")
    start = text.index("  - title: Lohncompoundierung in Querétaro prüfen")
    end = text.index("  - title:", start + 5) if "  - title:" in text[start + 5:] else None
    (repo / BRENNTAL).write_text(text[:start] + (text[end:] if end else ""), "utf-8")
    diff, base, head = compare(repo / "plans", "change", today=TODAY)
    text = render_diff(diff, base, head, "text")
    assert "  - action dropped “Lohncompoundierung in Querétaro prüfen”" in text
    elbkant = text.splitlines()[text.splitlines().index(
        "Elbkant Verpackungen GmbH (accounts/elbkant-verpackungen.yaml): 4 changes") + 1:]
    assert elbkant[:2] == [
        "  - contact added “Maren Thiel”: influence 4, attitude neutral, relationship 3",
        "  - contact removed “Maren Thiel”"]


def test_the_markdown_diff_is_one_comment_with_each_account_folded(repo: Path) -> None:
    diff, base, head = compare(repo / "plans", "main", "change")
    text = render_diff(diff, base, head, "markdown")
    lines = text.splitlines()
    assert lines[0] == COMMENT_MARKER
    assert lines[1] == "### What this change does to the accounts"
    assert ("Labels: `class-change`, `new-risk`, `new-finding`, `new-plan`, "
            "`removed-plan`") in lines
    assert ("<summary><b>Brenntal Automotive SE</b>: class A → C, 13 changes, 2 new "
            "risks</summary>") in lines
    assert text.count("<details>") == text.count("</details>") == 4
    assert "- <b>Korvat Hausgeräte AG</b>: plan removed" in lines
    # Plan text never becomes a mention, HTML or emphasis in the comment.
    assert ("- action added “Muster an &#64;octocat &#42;&#42;senden&#42;&#42; "
            "&#60;img src=x onerror=alert(1)&#62;”: owner s.hoffmann, due 2026-11-20, "
            "status open") in lines
    assert "@octocat" not in text and "<img" not in text
    assert lines[-4:] == ["| --- | ---: | ---: |", "| Nord | 81.8% | 85.3% |",
                          "| Süd | 121.7% | 128.3% |", "| West | 91.3% | 86.1% |"]


@pytest.mark.parametrize(("text", "inert"), [
    ("@everyone", "&#64;everyone"),
    ("<script>x</script>", "&#60;script&#62;x&#60;/script&#62;"),
    ("![t](https://x/p.png)", "&#33;&#91;t&#93;(https://x/p.png)"),
    ("a | b", "a &#124; b"),
    ("line\nbreak  and   tabs\t", "line break and tabs"),
    ("`code` *em* _u_ ~s~ #h", "&#96;code&#96; &#42;em&#42; &#95;u&#95; &#126;s&#126; &#35;h"),
    ("&amp;", "&#38;amp;"),
])
def test_plan_text_is_inert_in_a_comment(text: str, inert: str) -> None:
    assert markdown_text(text) == inert


def test_a_long_name_is_cut_in_a_comment() -> None:
    assert markdown_text("x" * 400) == "x" * 299 + "…"


def test_the_json_diff_holds_every_change_with_its_values(repo: Path) -> None:
    diff, base, head = compare(repo / "plans", "main", "change")
    document = json.loads(render_diff(diff, base, head, "json"))
    assert document["kamgen_diff"] == 1
    assert document["base"] == {"name": "main", "commit": base.commit, "date": "2026-10-01"}
    assert document["labels"] == ["class-change", "new-risk", "new-finding", "new-plan",
                                  "removed-plan"]
    brenntal = next(a for a in document["accounts"] if a["id"] == "brenntal-automotive")
    assert brenntal["class"] == {"before": "A", "after": "C"}
    kpi = next(c for c in brenntal["changes"] if c["topic"] == "kpi")
    assert kpi["event"] == "changed"
    assert kpi["details"][:2] == [{"field": "actual", "before": 1350, "after": 1750},
                                  {"field": "kpi_status", "before": "red", "after": "amber"}]
    risks = [c for c in brenntal["changes"] if c["risk"]]
    assert [c["after"] for c in risks] == ["blind_spot", "influential_opponent"]
    assert [a["state"] for a in document["accounts"]].count("removed") == 1
    assert document["territories"][1] == {
        "id": "south", "name": "Süd",
        "utilisation": {"before": pytest.approx(292 / 240), "after": pytest.approx(308 / 240)}}


def test_by_default_the_working_tree_is_compared_with_where_it_parted_from_main(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ELBKANT, ("wallet: 3000000", "wallet: 4000000"))
    monkeypatch.chdir(repo)
    assert main(["diff", "--as-of", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("kamgen diff: merge base with main (") and \
        first.endswith(", 2026-10-01) → the working tree (2026-12-01)")
    assert "Elbkant Verpackungen GmbH (accounts/elbkant-verpackungen.yaml): " in out
    assert "Brenntal Automotive SE" in out  # the branch's commit is part of the change


def test_no_change_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--plans", str(repo / "plans"), "change", "change"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["  no account changes"]


def test_a_revision_whose_plans_do_not_validate_is_reported(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, ELBKANT, ("status: key_account\n", "status: key_account\nownr: x\n"))
    assert main(["diff", "--plans", str(repo / "plans"), "main"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  the plans of the working tree do not validate (")
    assert out[1].endswith("); run kamgen validate there")
    assert "accounts/elbkant-verpackungen.yaml:" in out[1]


@pytest.mark.parametrize(("revision", "message"), [
    ("nope", "kamgen: 'nope' is not a revision of {top}\n    hint: give a branch, a tag or a "
             "commit id (git log --oneline lists them); a shallow clone needs `git fetch "
             "--unshallow` or fetch-depth: 0\n"),
    ("--output=/tmp/x", None),
    ("-c", None),
    ("a b", "kamgen: 'a b' is not a revision\n    hint: give a branch, a tag or a commit id, "
            "such as main, v1.0 or 3f2a9c1\n"),
    ("main..change", "kamgen: 'main..change' is not a revision\n    hint: give a branch, a "
                     "tag or a commit id, such as main, v1.0 or 3f2a9c1\n"),
    ("HEAD:plans/kam.yaml", "kamgen: 'HEAD:plans/kam.yaml' is not a revision\n    hint: give "
                            "a branch, a tag or a commit id, such as main, v1.0 or 3f2a9c1\n"),
])
def test_a_bad_revision_is_a_usage_error(repo: Path, revision: str, message: str | None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    if message is None:  # argparse refuses what looks like an option
        with pytest.raises(SystemExit) as stopped:
            main(["diff", "--plans", str(repo / "plans"), revision])
        assert stopped.value.code == 2
        return
    assert main(["diff", "--plans", str(repo / "plans"), revision]) == 2
    assert capsys.readouterr().err == message.format(top=repo)


def test_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "plans")
    assert main(["diff", "--plans", str(tmp_path / "plans")]) == 2
    assert capsys.readouterr().err == (
        f"kamgen: {tmp_path / 'plans'}: not in a git repository\n"
        "    hint: run kamgen in a clone of the plans repository\n")


def test_without_git(repo: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(repo))  # no git there
    assert main(["diff", "--plans", str(repo / "plans"), "main"]) == 2
    assert capsys.readouterr().err == (
        "kamgen: git is not installed, or not on the PATH\n"
        "    hint: install git; kamgen reads the plans' history with it\n")


def test_a_revision_s_plans_never_leave_the_scratch_folder(repo: Path, tmp_path: Path
                                                           ) -> None:
    """A symbolic link committed into the plans folder is not followed: the revision's
    plans are written as regular files only."""
    (repo / "plans/accounts/link.yaml").symlink_to("/etc/passwd")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a link")
    g = Git(repo / "plans")
    written = g.write_plans(g.revision("HEAD"), tmp_path / "out")
    assert written is not None
    assert not (written / "accounts/link.yaml").exists()
    assert (written / "kam.yaml").read_bytes() == (repo / "plans/kam.yaml").read_bytes()


def test_a_revision_without_the_plans_folder(repo: Path, tmp_path: Path) -> None:
    (repo / "README.md").write_text("plans to come\n", "utf-8")
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", "plans")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "empty")
    diff, base, _head = compare(repo / "plans", "empty", "change")
    assert diff.problems == ("empty (" + base.short + ") has no plans folder plans: every "
                             "plan is new",)
    assert {a.state for a in diff.accounts} == {"added"}


def test_a_plans_folder_outside_the_repository_is_refused(repo: Path, tmp_path: Path
                                                           ) -> None:
    with pytest.raises(ConfigError, match="not in a git repository"):
        Git(tmp_path)


# --- the history of each plan on the site ---------------------------------------------------


def history_of(repo: Path, today: dt.date = TODAY) -> Any:
    from kamgen.history.timeline import plan_history
    from kamgen.load import load_portfolio

    portfolio = load_portfolio(repo / "plans")
    return portfolio, plan_history(portfolio, today)


def test_each_revision_that_changed_a_plan_is_a_point_dated_by_its_commit(repo: Path) -> None:
    _, history = history_of(repo)
    brenntal = history.accounts["brenntal-automotive"]
    assert [(p.date, p.account_class, p.score, p.open_actions) for p in brenntal.points] == [
        (dt.date(2026, 10, 1), "A", 83.75, 5), (dt.date(2026, 11, 15), "C", 25.0, 5)]
    assert [p.commit for p in brenntal.points] == [
        git(repo, "rev-parse", "main").strip(), git(repo, "rev-parse", "change").strip()]
    # revenue 3,800,000 / wallet 14,500,000, then / 19,000,000
    assert [round(p.share_of_wallet, 4) for p in brenntal.points] == [0.2621, 0.2]
    assert brenntal.actuals("Umsatz mit Hochvolt- und Batterietypen", "financial") == (
        1350, 1750)
    # Korvat's plan was removed: no account, no history; Velmar never changed: one point.
    assert "korvat-hausgeraete" not in history.accounts
    assert len(history.accounts["velmar-medizintechnik"].points) == 1
    assert history.shallow is False


def test_a_plan_changed_on_disk_gets_a_point_of_its_own(repo: Path) -> None:
    edit(repo, BRENNTAL, ("    actual: 1750\n", "    actual: 1900\n"))
    _, history = history_of(repo)
    points = history.accounts["brenntal-automotive"].points
    assert [(p.commit is None, p.date) for p in points] == [
        (False, dt.date(2026, 10, 1)), (False, dt.date(2026, 11, 15)), (True, TODAY)]
    assert history.accounts["brenntal-automotive"].actuals(
        "Umsatz mit Hochvolt- und Batterietypen", "financial") == (1350, 1750, 1900)


def test_since_the_last_review_names_the_changes_in_the_words_of_the_diff(repo: Path
                                                                          ) -> None:
    # Brenntal's plan says reviewed: 2026-11-16; the revision current then is "change".
    edit(repo, BRENNTAL, ("    actual: 1750\n", "    actual: 1900\n"))
    _, history = history_of(repo)
    brenntal = history.accounts["brenntal-automotive"]
    assert brenntal.review_commit == git(repo, "rev-parse", "change").strip()
    from kamgen.history import describe

    # Figures of the revision as of its date (2026-11-15), of the plan on disk as of today.
    assert [describe(c) for c in brenntal.since_review] == [
        "scorecard score 57.8% → 59.5%",
        "KPI “Umsatz mit Hochvolt- und Batterietypen” (financial): actual 1,750 → 1,900, "
        "status amber → green",
        "action now overdue “Muster an @octocat **senden** <img src=x onerror=alert(1)>” "
        "(due 2026-11-20)",
    ]
    # The last change: from the commit to the plan on disk.
    assert brenntal.latest == brenntal.since_review


def test_a_version_the_plan_format_refuses_is_counted_not_shown(repo: Path) -> None:
    edit(repo, ELBKANT, ("status: key_account\n", "status: key_account\nownr: x\n"))
    git(repo, "commit", "-qam", "a typo", date="2026-11-20T10:00:00")
    edit(repo, ELBKANT, ("status: key_account\nownr: x\n", "status: key_account\n"))
    git(repo, "commit", "-qam", "the typo mended", date="2026-11-21T10:00:00")
    _, history = history_of(repo)
    elbkant = history.accounts["elbkant-verpackungen"]
    assert elbkant.unreadable == 1
    assert [p.date for p in elbkant.points] == [dt.date(2026, 10, 1), dt.date(2026, 11, 21)]


def test_plans_outside_git_have_no_history(tmp_path: Path) -> None:
    from kamgen.history.timeline import plan_history
    from kamgen.load import load_portfolio

    shutil.copytree(EXAMPLE, tmp_path / "plans")
    assert plan_history(load_portfolio(tmp_path / "plans"), TODAY) is None


def test_a_shallow_clone_says_that_the_history_needs_the_whole_history(repo: Path,
                                                                       tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "change",
                    f"file://{repo}", str(clone)], check=True, capture_output=True)
    _, history = history_of(clone)
    assert history.shallow is True
    assert len(history.accounts["brenntal-automotive"].points) == 1


def test_the_account_page_shows_every_earlier_value_and_the_shared_edition_none(
        repo: Path) -> None:
    from kamgen.audience import edition
    from kamgen.site import generate

    edit(repo, BRENNTAL, ("    actual: 1750\n", "    actual: 1900\n"))
    portfolio, history = history_of(repo)
    site = generate(portfolio, TODAY, history=history)
    page = site.pages.html("accounts/brenntal-automotive/index.md")
    assert page is not None
    text = page.markdown()
    start = text.index("## Verlauf { #history data-search-exclude }")
    section = text[start:text.index("## Checklisten {")]
    row = re.search(r"<tr><td>Umsatz mit Hochvolt- und Batterietypen <small>\(Finanzen\)"
                    r"</small></td>(.*?)</tr>", section)
    assert row is not None
    assert re.findall(r"<td>([^<]*)</td>", row.group(1)) == ["1.350", "1.750", "1.900"]
    assert "<td>01.10.2026</td><td><code>" in section
    assert "nicht eingecheckt" in section
    assert 'id="history-brenntal-automotive-title"' in section  # the chart
    assert "Seit der letzten Überprüfung (16.11.2026, Stand " in section
    home = site.pages.html("index.md")
    assert home is not None
    changes = home.markdown()
    changes = changes[changes.index("{ #changes }"):]
    # In the site's language, with its numbers and dates; plan text stays text.
    assert ('<tr><td>01.12.2026</td><td><a href="accounts/brenntal-automotive/#history">'
            'Brenntal Automotive SE</a></td><td>Scorecard-Wert 57,8\xa0% → 59,5\xa0%; KPI '
            '„Umsatz mit Hochvolt- und Batterietypen“ (Finanzen): Ist 1.750 → 1.900, Status '
            'Gefährdet → Im Plan; Maßnahme jetzt überfällig „Muster an @octocat **senden** '
            '&lt;img src=x onerror=alert(1)&gt;“ (fällig 20.11.2026)</td></tr>') in changes
    shared = generate(portfolio, TODAY, edition("customer", "brenntal-automotive"),
                      history=history)
    shared_page = shared.pages.html("index.md")
    assert shared_page is not None
    assert "#history" not in shared_page.markdown()
    assert "Verlauf" not in shared_page.markdown()


def test_measured_versions_are_kept_between_builds(repo: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kamgen.history import timeline
    from kamgen.load import load_portfolio

    store = tmp_path / "cache" / "history.sqlite3"
    portfolio = load_portfolio(repo / "plans")
    first = timeline.plan_history(portfolio, TODAY, store=store)
    measured: list[str] = []
    monkeypatch.setattr(timeline, "_measure", lambda *a: measured.append("x"))  # type: ignore[arg-type]
    monkeypatch.setattr(timeline, "account_changes", lambda *a: measured.append("y"))  # type: ignore[arg-type]
    monkeypatch.setattr(timeline, "validate_file", lambda *a: measured.append("z"))  # type: ignore[arg-type]
    again = timeline.plan_history(portfolio, TODAY, store=store)
    # Every version's figures and every change come from the store: no plan version is
    # read, measured or compared again.
    assert measured == []
    assert first == again
    findings = [c.finding for c in again.accounts["elbkant-verpackungen"].since_review
                if c.topic == "finding"]
    assert findings and findings == [c.finding for c in first.accounts[
        "elbkant-verpackungen"].since_review if c.topic == "finding"]
    assert timeline.PointStore(store).get(["nothing"]) == {}


def test_a_store_that_cannot_be_written_is_left_out(repo: Path, tmp_path: Path) -> None:
    from kamgen.history.timeline import plan_history
    from kamgen.load import load_portfolio

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    portfolio = load_portfolio(repo / "plans")
    history = plan_history(portfolio, TODAY, store=blocked / "history.sqlite3")
    assert history is not None
    assert len(history.accounts["brenntal-automotive"].points) == 2


def test_a_damaged_store_is_measured_afresh(repo: Path, tmp_path: Path) -> None:
    from kamgen.history.timeline import plan_history
    from kamgen.load import load_portfolio

    store = tmp_path / "history.sqlite3"
    store.write_bytes(b"this is not a database" * 100)
    portfolio = load_portfolio(repo / "plans")
    history = plan_history(portfolio, TODAY, store=store)
    assert history is not None
    assert len(history.accounts["brenntal-automotive"].points) == 2
    assert store.read_bytes() == b"this is not a database" * 100  # never rewritten
