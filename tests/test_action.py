"""kamgen's GitHub Action (action.yml): a composite action whose inputs reach the scripts only
through the environment, used by the workflows that ``kamgen init`` writes."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamgen.init import ACTION, WORKFLOWS, files, init_repository

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
COMMANDS = ("validate", "check", "build", "codeowners", "export", "schema")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def action() -> Any:
    return yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))


def steps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = action()["runs"]["steps"]
    return found


def script(name: str) -> str:
    (step,) = [s for s in steps() if s.get("name") == name]
    text: str = step["run"]
    return text


def test_it_is_a_composite_action_with_described_inputs() -> None:
    spec = action()
    assert spec["name"] == "kamgen"
    assert spec["runs"]["using"] == "composite"
    assert set(spec["inputs"]) == {"command", "plans", "args", "kamgen-requirement",
                                   "requirements-file", "python-version", "install", "summary"}
    for name, spec_input in spec["inputs"].items():
        assert spec_input["description"].strip(), name
        assert isinstance(spec_input["default"], str), name


def test_every_input_used_exists_and_no_script_holds_an_expression() -> None:
    inputs = set(action()["inputs"])
    used: set[str] = set()
    for step in steps():
        if "run" in step:
            # An expression in a script is pasted into it before the shell reads it: an
            # input could end the quote and run a command of its own.
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"
        text = yaml.safe_dump({k: v for k, v in step.items() if k != "run"})
        condition = step.get("if", "")
        for expression in [*EXPRESSION.findall(text), condition]:
            used.update(re.findall(r"inputs\.([a-z-]+)", expression))
    assert used == inputs


def test_the_scripts_read_only_variables_their_step_sets() -> None:
    for step in steps():
        if "run" not in step:
            continue
        named = set(re.findall(r"\$\{?(KAMGEN_[A-Z_]+)", step["run"]))
        assert named == set(step.get("env", {})), step["name"]


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_the_workflows_of_init_use_the_action(workflow: str) -> None:
    spec = yaml.safe_load(files(None, "en", "EUR", TODAY, "1.0")[f".github/workflows/{workflow}"])
    inputs = set(action()["inputs"])
    uses = [step for job in spec["jobs"].values() for step in job["steps"]
            if step.get("uses") == ACTION]
    assert uses, workflow
    for step in uses:
        assert set(step["with"]) <= inputs
        assert step["with"]["command"] in COMMANDS
    # The first use in each job installs the kamgen that requirements.txt pins.
    for job in spec["jobs"].values():
        ours = [step for step in job["steps"] if step.get("uses") == ACTION]
        if ours:
            assert ours[0]["with"]["requirements-file"] == "requirements.txt"
            assert ours[0]["with"].get("install", "true") == "true"
            assert all(step["with"].get("install") == "false" for step in ours[1:])


def test_the_workflows_do_what_the_readme_says() -> None:
    texts = files(None, "en", "EUR", TODAY, "1.0")
    pull_request = yaml.safe_load(texts[".github/workflows/pull-request.yml"])
    commands = [(step["with"]["command"], step["with"].get("args", ""))
                for step in pull_request["jobs"]["plans"]["steps"] if "with" in step]
    assert commands == [("validate", ""), ("check", ""), ("codeowners", "--check"),
                        ("build", "--site-dir site")]
    nightly = yaml.safe_load(texts[".github/workflows/nightly.yml"])
    assert "schedule" in nightly[True]  # PyYAML reads the key `on` as True
    assert nightly["jobs"]["deploy"]["needs"] == "build"
    assert [step["with"]["command"] for step in nightly["jobs"]["stale"]["steps"]
            if "with" in step] == ["check"]
    publish = yaml.safe_load(texts[".github/workflows/publish.yml"])
    assert publish[True]["push"]["branches"] == ["main"]


# --- the script that runs kamgen, run here ----------------------------------------------


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("action") / "plans-repo"
    init_repository(target, "Hanse Polymer GmbH", "en", "EUR", dt.date.today(), "1.0")
    return target


def run(repository: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("KAMGEN_")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update({"KAMGEN_PLANS": "plans", "KAMGEN_ARGS": "", "KAMGEN_SUMMARY": "true"})
    env.update(inputs)
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run([bash, "-c", script("Run kamgen")], cwd=repository, env=env,
                          capture_output=True, text=True, timeout=300)


def test_check_writes_annotations_and_the_job_summary(repository: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    done = run(repository, KAMGEN_COMMAND="check", GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("::warning file=plans/accounts/example-account.yaml,line=5,")
    assert "codeowners.owner" in done.stdout
    assert summary.read_text("utf-8").startswith("## ")


def test_arguments_are_words_and_never_commands(repository: Path, tmp_path: Path) -> None:
    done = run(repository, KAMGEN_COMMAND="validate",
               KAMGEN_ARGS=f"$(touch {tmp_path}/owned) `touch {tmp_path}/owned` *")
    assert done.returncode == 2
    assert "unrecognized arguments: $(touch" in done.stderr
    assert not (tmp_path / "owned").exists()


def test_an_unknown_command_is_refused(repository: Path, tmp_path: Path) -> None:
    done = run(repository, KAMGEN_COMMAND=f"init {tmp_path}/x; touch {tmp_path}/owned")
    assert done.returncode == 2
    assert done.stderr == ("kamgen action: the command input must be one of validate, check, "
                           "build, codeowners, export or schema\n")
    assert os.listdir(tmp_path) == []


def test_other_commands_get_the_plans_and_the_arguments(repository: Path) -> None:
    done = run(repository, KAMGEN_COMMAND="codeowners", KAMGEN_ARGS="--check")
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("kamgen: .github/CODEOWNERS is up to date\n")
