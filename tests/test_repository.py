"""The repository around the package: CI entry point, workflows, CODEOWNERS, pre-commit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamgen.cli import main

ROOT = Path(__file__).resolve().parents[1]


def load(path: str) -> Any:
    return yaml.safe_load((ROOT / path).read_text("utf-8"))


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make test    # creates .venv" in readme
    commands = [line for line in (ROOT / ".ci/run").read_text("utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    assert commands[-1] == "make test"


def test_pull_request_workflow_checks_plans_with_annotations_and_a_summary() -> None:
    workflow = load(".github/workflows/pull-request.yml")
    # PyYAML reads the key `on` as True (YAML 1.1).
    assert "pull_request" in workflow[True]
    plans = workflow["jobs"]["plans"]
    steps = [step.get("run", "") for step in plans["steps"]]
    # kamgen as the lock pins it, not whatever an unpinned install finds; only the plans the
    # pull request changes are checked, against the branch it goes into, whose history the
    # checkout fetches.
    assert steps[-4:-2] == ["make install", ".venv/bin/kamgen check plans --format github "
                            "--changed-since \"$BASE\""]
    assert plans["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    assert plans["steps"][0]["with"]["fetch-depth"] == 0
    assert any("--format markdown --changed-since \"$BASE\" >> \"$GITHUB_STEP_SUMMARY\""
               in run for run in steps)
    assert steps[-1] == ".venv/bin/kamgen codeowners plans --check"
    test_steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert test_steps[-2:] == ["make test", "make site"]


def test_publish_workflow_deploys_the_site_from_main() -> None:
    workflow = load(".github/workflows/publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make site" for step in build)
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact")
               and step["with"]["path"] == "site" for step in build)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_codeowners_is_what_kamgen_codeowners_writes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["codeowners", "--check"]) == 0
    assert capsys.readouterr().err.endswith("kamgen: .github/CODEOWNERS is up to date\n")
    text = (ROOT / ".github/CODEOWNERS").read_text("utf-8")
    # The lines about the tool, written by hand, stay below kamgen's section.
    assert text.index("# kamgen codeowners: end") < text.index("/kamgen/ ")


def test_codeowners_names_an_owner_for_every_account_plan() -> None:
    rules = [line.split()[0] for line in (ROOT / ".github/CODEOWNERS").read_text("utf-8")
             .splitlines() if line.strip() and not line.startswith("#")]
    for plan in sorted((ROOT / "plans/accounts").iterdir()):
        pattern = f"/plans/accounts/{plan.name}" + ("/" if plan.is_dir() else "")
        assert pattern in rules, f"add an owner for {pattern} to .github/CODEOWNERS"


@pytest.mark.parametrize("hook_id", ["kamgen-validate", "kamgen-check", "kamgen-codeowners"])
def test_pre_commit_hooks_run_kamgen_on_the_plans(
    hook_id: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hooks = {hook["id"]: hook for hook in load(".pre-commit-hooks.yaml")}
    hook = hooks[hook_id]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.match(hook["files"], "plans/accounts/nordwerk-chemie/plan.yaml")
    assert re.match(hook["files"], "plans/team.yaml")
    command = hook["entry"].split()
    assert command[0] == "kamgen"
    monkeypatch.chdir(ROOT)
    assert main([*command[1:], "--as-of", "2026-11-23"] if hook_id == "kamgen-check"
                else command[1:]) == 0
    capsys.readouterr()


def test_the_example_sites_configuration_is_kamgens_own() -> None:
    """The repository's mkdocs.yml adds branding to kamgen's built-in configuration and
    changes nothing else (kamgen/site/config.py is the one source)."""
    from kamgen.site.config import mkdocs_config

    ours = load("mkdocs.yml")
    builtin = mkdocs_config(Path("plans"))
    for key in ("plugins", "validation", "markdown_extensions"):
        assert ours[key] == builtin[key], key
    theme = {k: v for k, v in ours["theme"].items() if k != "custom_dir"}
    assert theme == builtin["theme"]
    assert ours["docs_dir"] == "plans" and ours["theme"]["custom_dir"] == "theme"
