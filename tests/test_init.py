"""``kamgen init``: a new plans repository that validates, checks and builds as it stands,
written all at once or not at all, with every input written safely."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kamgen.init
from kamgen.cli import main
from kamgen.errors import ConfigError
from kamgen.init import ACTION, TEMPLATES, files, init_repository
from kamgen.load import load_portfolio
from kamgen.model.programme import Charter
from kamgen.scaffold import check_name

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
FILES = [
    ".github/CODEOWNERS",
    ".github/workflows/nightly.yml",
    ".github/workflows/publish.yml",
    ".github/workflows/pull-request.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "plans/.schema/account.schema.json",
    "plans/.schema/checklist.schema.json",
    "plans/.schema/programme.schema.json",
    "plans/.schema/team.schema.json",
    "plans/.schema/territories.schema.json",
    "plans/accounts/example-account.yaml",
    *(f"plans/checklists/{p.name}" for p in sorted((ROOT / "plans/checklists").iterdir())),
    "plans/kam.yaml",
    "plans/team.yaml",
    "plans/territories.yaml",
    "requirements.txt",
]


def written(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_new_repository_validates_and_checks(tmp_path: Path, language: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kam-plans"
    paths = init_repository(target, "Hanse Polymer GmbH", language, "CHF", TODAY, "1.2.3",
                            github="mehmet-kaya")
    assert paths == FILES == written(target)
    portfolio = load_portfolio(target / "plans")
    assert portfolio.programme.company == "Hanse Polymer GmbH"
    assert portfolio.programme.language == language
    assert portfolio.programme.currency == "CHF"
    assert portfolio.programme.fiscal_year == 2026
    assert len(portfolio.checklists) == 14
    assert list(portfolio.accounts) == ["example-account"]
    assert main(["check", str(target / "plans"), "--as-of", TODAY.isoformat(), "--strict"]) == 0
    assert capsys.readouterr().out.endswith("0 errors, 0 warnings in 1 plan\n")
    assert (target / "requirements.txt").read_text("utf-8").endswith("kamgen==1.2.3\n")
    # The programme's files and the example belong to the lead.
    codeowners = (target / ".github/CODEOWNERS").read_text("utf-8")
    assert "\n/plans/kam.yaml                      @mehmet-kaya\n" in codeowners
    assert "\n/plans/accounts/example-account.yaml @mehmet-kaya\n" in codeowners


@pytest.mark.slow
def test_the_new_repository_builds_with_the_company_in_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "kam-plans", "--company", 'Foo: "bar" #x', "--language", "de"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("kamgen: wrote a new plans repository with 31 files to kam-plans/\n")
    monkeypatch.chdir(tmp_path / "kam-plans")
    assert main(["validate"]) == 0
    # The example person has no GitHub handle yet: a warning, not an error.
    assert main(["check"]) == 0
    assert "[codeowners.owner]" in capsys.readouterr().out
    assert main(["codeowners", "--check"]) == 0
    assert main(["build"]) == 0
    index = (tmp_path / "kam-plans/site/index.html").read_text("utf-8")
    assert "<title>Key-Account-Portfolio - Foo: &#34;bar&#34; #x · Key-Account-Pläne</title>" \
        in index


def test_the_charter_asks_its_questions(tmp_path: Path) -> None:
    text = files("X", "en", "EUR", TODAY, "1.0")["plans/kam.yaml"]
    assert "  # How many key accounts?\n  key_account_count:\n" in text
    assert "  # How does KAM work with the sales organisation?\n  sales_cooperation:\n" in text
    german = files("X", "de", "EUR", TODAY, "1.0")["plans/kam.yaml"]
    assert "  # Wie viele Key Accounts?\n  key_account_count:\n" in german
    charter = yaml.safe_load(text)["charter"]
    assert charter == dict.fromkeys(Charter.model_fields)


def test_the_checklists_are_the_examples(tmp_path: Path) -> None:
    """The package's checklists (what init writes) are the example repository's."""
    ours = {p.name: p.read_text("utf-8") for p in (ROOT / "plans/checklists").iterdir()}
    shipped = {p.name: p.read_text("utf-8") for p in (TEMPLATES / "checklists").iterdir()}
    assert shipped == ours


def test_the_pre_commit_configuration_uses_kamgens_hooks() -> None:
    config = yaml.safe_load(files(None, "en", "EUR", TODAY, "1.2.3")[".pre-commit-config.yaml"])
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/kamgen/kamgen"
    assert repo["rev"] == "v1.2.3"
    hooks = {hook["id"] for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert [hook["id"] for hook in repo["hooks"]] == sorted(hooks, key=[
        "kamgen-validate", "kamgen-check", "kamgen-codeowners"].index)


def test_another_action(tmp_path: Path) -> None:
    texts = files(None, "en", "EUR", TODAY, "1.0", action="hanse-polymer/kamgen@v2.1")
    assert "uses: hanse-polymer/kamgen@v2.1\n" in texts[".github/workflows/publish.yml"]
    assert "https://github.com/hanse-polymer/kamgen" in texts[".pre-commit-config.yaml"]
    assert ACTION not in "".join(texts.values())


def test_no_placeholder_is_left(tmp_path: Path) -> None:
    import re

    for language in ("en", "de"):
        for rel, text in files("$version", language, "EUR", TODAY, "1.0").items():
            left = [m for m in re.findall(r"\$[a-z_]+", text) if m not in ("$schema",)]
            assert left == (["$version"] if rel in ("README.md", "plans/kam.yaml") else []), rel


# --- hostile company names -------------------------------------------------------------


NAMES = [
    'Foo: "bar" #x',
    "Müller & Söhne — Ölmühle 日本",
    "- [x] *alias &anchor !!python/object:os.system",
    "'single' \"double\" `back`",
    "{a: b}, [c]",
    "%YAML 1.1",
    "---",
    "...",
    "null",
    "yes",
    "0x1F",
    "1e3",
    "\\back\\slash\\",
    "  leading and trailing  ",
    "$version ${{ secrets.TOKEN }}",
    "<script>alert(1)</script> **bold** _x_ [link](javascript:x) | a |",
    "zero\u200bwidth\u00a0space",
    "# not a comment",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_company_name_round_trips(tmp_path: Path, name: str) -> None:
    target = tmp_path / "new"
    init_repository(target, name, "en", "EUR", TODAY, "1.0")
    assert load_portfolio(target / "plans").programme.company == name
    # The README's title says the name as text, never as Markdown or a placeholder.
    title = (target / "README.md").read_text("utf-8").splitlines()[0]
    assert title.startswith("# Key account plans of ")
    if name == "<script>alert(1)</script> **bold** _x_ [link](javascript:x) | a |":
        assert title.endswith("\\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\_x\\_ "
                              "\\[link\\](javascript:x) \\| a \\|")
    if name.startswith("$version"):
        assert title.endswith("$version ${{ secrets.TOKEN }}")


REFUSED = [
    ("Meyer\nCo", "kamgen: --company 'Meyer\\nCo' holds a line break\n"
                  "    hint: write the name as one line of text, e.g. --company 'Meyer Co'\n"),
    ("Meyer\u2028Co", "kamgen: --company 'Meyer\\u2028Co' holds a line break\n"
                      "    hint: write the name as one line of text, e.g. --company 'Meyer Co'\n"),
    ("Tab\there", "kamgen: --company 'Tab\\there' holds a tab\n"
                  "    hint: write the name as one line of text, e.g. --company 'Tab here'\n"),
    ("Bell\x07", "kamgen: --company 'Bell\\x07' holds a control character (U+0007)\n"
                 "    hint: write the name as one line of text, e.g. --company 'Bell'\n"),
    ("   ", "kamgen: --company is empty\n    hint: give your company's name, e.g. --company "
           "'Hanse Polymer GmbH', or leave --company out\n"),
]


@pytest.mark.parametrize(("name", "message"), REFUSED)
def test_a_company_name_that_is_not_one_line_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    assert main(["init", str(tmp_path / "new"), "--company", name]) == 2
    assert capsys.readouterr().err == message
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("argv", "message"), [
    (["--currency", "eur"], "kamgen: --currency 'eur' is not a three-letter currency code in "
                            "capitals\n    hint: give an ISO 4217 code, e.g. --currency EUR\n"),
    (["--currency", "€"], "kamgen: --currency '€' is not a three-letter currency code in "
                          "capitals\n    hint: give an ISO 4217 code, e.g. --currency EUR\n"),
    (["--action", "kamgen@v1"], "kamgen: --action 'kamgen@v1' is not OWNER/REPOSITORY@REF\n"
                                "    hint: name kamgen's action as GitHub does, e.g. --action "
                                "kamgen/kamgen@v1\n"),
    (["--action", "a/b@v1\nrun: x"], "kamgen: --action 'a/b@v1\\nrun: x' is not "
                                     "OWNER/REPOSITORY@REF\n    hint: name kamgen's action as "
                                     "GitHub does, e.g. --action kamgen/kamgen@v1\n"),
    (["--github", "julia berger"], "kamgen: --github 'julia berger' is not a GitHub user or "
                                   "team\n    hint: give the name as it is on github.com, e.g. "
                                   "--github julia-berger or --github hanse-polymer/kam-lead\n"),
])
def test_bad_options_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 argv: list[str], message: str) -> None:
    assert main(["init", str(tmp_path / "new"), *argv]) == 2
    assert capsys.readouterr().err == message
    assert os.listdir(tmp_path) == []


# --- where it writes ---------------------------------------------------------------------


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("mine\n", "utf-8")
    assert main(["init", str(tmp_path / "old")]) == 2
    assert capsys.readouterr().err == (
        f"kamgen: {tmp_path}/old is not empty: kamgen init writes only into a new or an empty "
        "folder\n    hint: give a new folder, e.g. kamgen init kam-plans\n")
    assert written(tmp_path) == ["old/notes.txt"]


def test_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("mine\n", "utf-8")
    assert main(["init", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err == (
        f"kamgen: {tmp_path}/file exists and is not a folder\n"
        "    hint: give a new folder, e.g. kamgen init kam-plans\n")
    assert (tmp_path / "file").read_text("utf-8") == "mine\n"


def test_a_folder_below_a_missing_one_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "missing" / "new")]) == 2
    assert capsys.readouterr().err == (
        f"kamgen: cannot make {tmp_path}/missing/new: {tmp_path}/missing is not a folder\n"
        f"    hint: make the folder {tmp_path}/missing first, or give another one\n")


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    init_repository(tmp_path / "empty", None, "en", "EUR", TODAY, "1.0")
    assert written(tmp_path / "empty") == FILES
    assert os.listdir(tmp_path) == ["empty"]
    assert load_portfolio(tmp_path / "empty/plans").programme.company == "Your Company"


def test_a_failure_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    def full(folder: Path) -> list[Path]:
        (folder / "half.json").parent.mkdir(parents=True)
        (folder / "half.json").write_text("{", "utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kamgen.init, "write_schemas", full)
    with pytest.raises(ConfigError) as caught:
        init_repository(tmp_path / "new", None, "en", "EUR", TODAY, "1.0")
    assert str(caught.value) == (f"cannot write {tmp_path}/new: No space left on device\n"
                                 "    hint: give a folder in a place you can write to")
    assert os.listdir(tmp_path) == []


def test_the_new_folder_has_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        init_repository(tmp_path / "new", None, "en", "EUR", TODAY, "1.0")
    finally:
        os.umask(umask)
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o755


def test_the_working_folder_when_it_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert main(["init", "."]) == 0
    assert written(tmp_path / "here") == FILES
    assert os.listdir(tmp_path) == ["here"]
    assert Path.cwd() == tmp_path / "here"


def test_a_failure_while_filling_an_empty_folder_takes_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    rename = os.rename
    calls: list[str] = []

    def failing(source: str | Path, target: str | Path) -> None:
        calls.append(str(target))
        if len(calls) == 3:
            raise OSError(18, "Invalid cross-device link")
        rename(source, target)

    monkeypatch.setattr(kamgen.init.os, "rename", failing)
    with pytest.raises(ConfigError) as caught:
        init_repository(tmp_path / "empty", None, "en", "EUR", TODAY, "1.0")
    assert str(caught.value) == (f"cannot write {tmp_path}/empty: Invalid cross-device link\n"
                                 "    hint: give a folder in a place you can write to")
    assert os.listdir(tmp_path) == ["empty"]
    assert os.listdir(tmp_path / "empty") == []


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_init_accepts_reads_back_the_same(name: str) -> None:
    try:
        check_name(name, "--company", "your company's name", "Hanse Polymer GmbH")
    except ConfigError:
        return
    text = files(name, "en", "EUR", TODAY, "1.0")["plans/kam.yaml"]
    assert yaml.safe_load(text)["company"] == name


def test_a_language_the_site_has_not(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        init_repository(tmp_path / "new", None, "fr", "EUR", TODAY, "1.0")
    assert str(caught.value) == ("--language 'fr' is not a language of the site\n"
                                 "    hint: give en or de")


def test_the_help_names_the_default_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["init", "--help"])
    assert f"(default: {ACTION})" in " ".join(capsys.readouterr().out.split())
