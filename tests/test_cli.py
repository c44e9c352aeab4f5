"""The command line: exit codes, messages, and `kamgen new` never overwriting."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kamgen.cli import main
from kamgen.load import load_portfolio

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def test_validate_example_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(PLANS)]) == 0
    err = capsys.readouterr().err
    assert "8 account plans, 14 checklists, 4 team members are valid" in err


def test_validate_missing_folder_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err == (f"kamgen: {tmp_path / 'nope'}: no such folder\n"
                   "    hint: give the folder that holds kam.yaml (default: plans)\n")


def test_unknown_command_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    assert "argument COMMAND: 'frobnicate' is unknown; choose from validate," in (
        capsys.readouterr().err)


def test_build_of_invalid_plans_exits_1_before_building(
    plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = plans / "team.yaml"
    team.write_text(team.read_text("utf-8").replace("visit_days: 110", "visit_days: viele"),
                    "utf-8")
    assert main(["build", str(plans), "--site-dir", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "team.yaml:15:3: [1].visit_days: expected a whole number; found 'viele'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_new_account_writes_a_plan_that_validates(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "account", "acme-kunststoff", "--plans", str(plans),
                 "--name", "ACME Kunststoff GmbH", "--owner", "t.wagner"]) == 0
    path = plans / "accounts" / "acme-kunststoff.yaml"
    assert capsys.readouterr().out.strip() == str(path)
    portfolio = load_portfolio(plans)
    plan = portfolio.accounts["acme-kunststoff"].plan
    assert (plan.name, plan.owner, plan.territory, plan.status) == (
        "ACME Kunststoff GmbH", "t.wagner", "west", "candidate")
    text = path.read_text("utf-8")
    # Every rating criterion of kam.yaml is offered, ready to be filled.
    for criterion in ("revenue", "margin", "potential", "fit", "reference"):
        assert f"#   {criterion}: 1" in text


def test_filled_in_scaffold_validates_as_a_key_account(plans: Path) -> None:
    assert main(["new", "account", "acme", "--plans", str(plans)]) == 0
    path = plans / "accounts" / "acme.yaml"
    text = path.read_text("utf-8").replace("status: candidate", "status: key_account")
    text = text.replace("# rating:", "rating:").replace("#   ", "  ")
    path.write_text(text, "utf-8")
    assert load_portfolio(plans).accounts["acme"].plan.rating == {
        "revenue": 1, "margin": 1, "potential": 1, "fit": 1, "reference": 1}


def test_new_account_never_overwrites(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = plans / "accounts" / "velmar-medizintechnik.yaml"
    before = existing.read_bytes()
    assert main(["new", "account", "velmar-medizintechnik", "--plans", str(plans)]) == 2
    assert existing.read_bytes() == before
    assert capsys.readouterr().err == (
        f"kamgen: {existing} exists already\n"
        "    hint: kamgen never overwrites a plan; choose another id or edit that file\n")
    # A folder plan counts too.
    assert main(["new", "account", "nordwerk-chemie", "--plans", str(plans)]) == 2


def test_new_account_rejects_a_bad_id_and_unknown_owner(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "account", "Nordwerk AG", "--plans", str(plans)]) == 2
    assert capsys.readouterr().err == (
        "kamgen: 'Nordwerk AG' is not an account id\n"
        "    hint: use lowercase letters, digits and '-', e.g. 'nordwerk-ag'\n")
    assert main(["new", "account", "acme", "--plans", str(plans), "--owner", "x.y"]) == 2
    assert capsys.readouterr().err == (
        "kamgen: --owner 'x.y' is not in team.yaml\n"
        "    hint: use one of m.kaya, j.berger, s.hoffmann, t.wagner\n")
    assert not (plans / "accounts" / "acme.yaml").exists()


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "kamgen", "validate", str(PLANS)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "are valid" in result.stderr


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("kamgen")
    assert script.is_file()
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("kamgen ")
