"""kamgen as an installed tool: the wheel holds everything the package reads (templates,
labels, checklists, assets), and ``kamgen init``, ``validate``, ``check``, ``build`` and
``codeowners`` work from a fresh virtual environment with the wheel installed, outside the
checkout and without the network."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kamgen"

pytestmark = pytest.mark.slow


def _offline(env: dict[str, str]) -> dict[str, str]:
    """The environment without anything of this checkout or this session: no PYTHONPATH,
    no kamgen variables, pip told to stay offline."""
    out = {k: v for k, v in env.items()
           if not k.startswith(("KAMGEN_", "PYTHON", "PIP_", "VIRTUAL_ENV"))}
    out.update({"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                "PYTHONNOUSERSITE": "1"})
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(out), str(ROOT)],
                   check=True, env=_offline(dict(os.environ)), timeout=300,
                   capture_output=True)
    (found,) = out.glob("kamgen-*.whl")
    return found


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    files = {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert files - shipped == set()
    assert "kamgen/init/templates/workflows/pull-request.yml" in shipped
    assert "kamgen/site/labels/de.yaml" in shipped
    assert "kamgen/site/assets/kamgen.css" in shipped


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed (without its dependencies), which
    finds the dependencies in this environment's site-packages through a .pth file."""
    target = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    ours = sysconfig.get_paths()["purelib"]
    env = _offline(dict(os.environ))
    # pip from this environment installs into the new one.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--quiet", str(wheel)],
                   check=True, env=env, timeout=300, capture_output=True)
    theirs = subprocess.run([str(python), "-c", "import sysconfig; "
                             "print(sysconfig.get_paths()['purelib'])"],
                            check=True, env=env, capture_output=True, text=True).stdout.strip()
    # Appended after the new environment's own site-packages: kamgen comes from there, the
    # dependencies from here. Only site folders read .pth files, so this environment's
    # editable kamgen is not found.
    (Path(theirs) / "dependencies.pth").write_text(ours + "\n", "utf-8")
    return target


def run(venv_dir: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = _offline(dict(os.environ))
    env["PATH"] = str(venv_dir / "bin") + os.pathsep + env.get("PATH", "")
    return subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_kamgen_runs_from_the_wheel_outside_the_checkout(installed: Path,
                                                         tmp_path: Path) -> None:
    where = run(installed, tmp_path, "python", "-c",
                "import kamgen, kamgen.init; print(kamgen.__file__); "
                "print(kamgen.init.TEMPLATES)")
    assert where.returncode == 0, where.stderr
    module, templates = where.stdout.split()
    assert Path(module).is_relative_to(installed), module
    assert not Path(module).is_relative_to(ROOT)
    assert Path(templates).is_relative_to(installed)

    version = run(installed, tmp_path, "kamgen", "--version")
    assert version.stdout == "kamgen 0.1.0\n"

    done = run(installed, tmp_path, "kamgen", "init", "kam-plans", "--company",
               "Hanse Polymer GmbH", "--language", "de", "--github", "mehmet-kaya")
    assert done.returncode == 0, done.stderr
    repository = tmp_path / "kam-plans"
    assert (repository / "requirements.txt").read_text("utf-8").endswith("kamgen==0.1.0\n")
    for argv in (["validate"], ["check", "--strict"], ["codeowners", "--check"],
                 ["build", "--site-dir", "site"]):
        done = run(installed, repository, "kamgen", *argv)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
    index = (repository / "site" / "index.html").read_text("utf-8")
    assert "Hanse Polymer GmbH" in index
    assert (repository / "site" / "assets" / "kamgen.css").is_file()
