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


def test_pull_requests_get_the_business_level_diff_as_an_artifact() -> None:
    job = load(".github/workflows/pull-request.yml")["jobs"]["diff"]
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and \
        checkout["with"]["fetch-depth"] == 0
    diff = next(step for step in job["steps"] if step.get("name") == "The business-level diff")
    # The base branch's name reaches the script through the environment, never pasted in.
    assert "${{" not in diff["run"]
    assert diff["env"]["BASE"] == "origin/${{ github.base_ref }}"
    assert '.venv/bin/kamgen diff "$BASE" HEAD --format markdown > kamgen-diff/comment.md' \
        in diff["run"]
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "kamgen-diff"


def test_one_comment_per_pull_request_safe_for_forks() -> None:
    from kamgen.history import COMMENT_MARKER
    from kamgen.history.diff import LABELS

    workflow = load(".github/workflows/pull-request-comment.yml")
    assert workflow[True] == {"workflow_run": {"workflows": ["Pull request"],
                                               "types": ["completed"]}}
    assert workflow["permissions"] == {"actions": "read", "issues": "write",
                                       "pull-requests": "write"}
    (job,) = workflow["jobs"].values()
    uses = [step.get("uses", "") for step in job["steps"]]
    # The pull request's code is never checked out where the token may write.
    assert not any(use.startswith("actions/checkout") for use in uses)
    assert not any("run" in step for step in job["steps"])
    script = job["steps"][-1]["with"]["script"]
    assert f"const MARKER = '{COMMENT_MARKER}';" in script
    assert "pull.head.sha !== run.head_sha" in script
    assert "updateComment" in script and "createComment" in script
    allowed = re.search(r"const LABELS = \[(.*?)\];", script, re.S)
    assert allowed is not None
    assert tuple(re.findall(r"'([a-z-]+)'", allowed.group(1))) == LABELS


def test_gitignore_covers_the_output_folders_the_readme_names() -> None:
    # The folders the README's examples write to (--site-dir, generate --out) and the
    # default site/ stay out of git, in this repository and in one made by kamgen init.
    readme = (ROOT / "README.md").read_text("utf-8")
    named = {"site"} | {
        found.split("/")[0]
        for found in re.findall(r"(?:--site-dir|generate \S+ --out|generate --out) (\S+)", readme)
        if found[:1].islower()
    }
    assert {"shared", "build"} <= named
    for gitignore in (ROOT / ".gitignore", ROOT / "kamgen/init/templates/gitignore"):
        ignored = set(gitignore.read_text("utf-8").splitlines())
        assert {f"/{folder}/" for folder in named} <= ignored, gitignore
