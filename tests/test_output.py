"""Output never destroys input: kamgen writes a site or a generated project only into a
folder of its own, and a killed build never leaves the site missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kamgen.cli import main
from kamgen.engine import _clean_leftovers, _swap
from kamgen.errors import ConfigError
from kamgen.output import MARKER

PLANS = Path(__file__).resolve().parents[1] / "plans"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plans repository: plans/ beside a README, the working folder."""
    shutil.copytree(PLANS, tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# Plans\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("site_dir", "message"), [
    ("plans", "--site-dir plans is the plans folder plans: the output would replace the "
              "plans"),
    (".", "--site-dir . holds the plans folder plans: the output would replace the plans"),
    ("plans/accounts", "--site-dir plans/accounts lies inside the plans folder plans: the "
                       "output would replace the plans"),
    ("..", "--site-dir .. holds the plans folder plans: the output would replace the plans"),
])
def test_a_site_dir_that_would_replace_the_plans_is_refused(
    project: Path, site_dir: str, message: str, capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(project)
    assert main(["build", "plans", "--site-dir", site_dir]) == 2
    assert capsys.readouterr().err.splitlines()[-2:] == [
        f"kamgen: {message}",
        "    hint: write the output into a folder of its own, e.g. --site-dir site"]
    assert snapshot(project) == before


def test_a_site_dir_that_leads_into_the_plans_through_a_link_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    os.symlink(project / "plans" / "accounts", project / "out")
    before = snapshot(project / "plans")
    assert main(["build", "plans", "--site-dir", "out"]) == 2
    assert ("kamgen: --site-dir out lies inside the plans folder plans (through a symbolic "
            "link): the output would replace the plans") in capsys.readouterr().err
    assert snapshot(project / "plans") == before


def test_the_project_folder_is_refused_when_the_plans_lie_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(PLANS, tmp_path / "plans")
    config = tmp_path / "project" / "mkdocs.yml"
    config.parent.mkdir()
    config.write_text("site_name: x\ndocs_dir: ../plans\nplugins: [kamgen]\n", "utf-8")
    assert main(["build", str(tmp_path / "plans"), "--config", str(config), "--site-dir",
                 str(config.parent)]) == 2
    assert (f"kamgen: --site-dir {config.parent} is the project folder {config.parent}: the "
            "output would replace it") in capsys.readouterr().err
    assert config.is_file()


def test_a_folder_kamgen_did_not_make_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    mine = project / "docs"
    mine.mkdir()
    (mine / "notes.md").write_text("# Mine\n", "utf-8")
    assert main(["build", "plans", "--site-dir", "docs"]) == 2
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "kamgen: --site-dir docs is a folder kamgen did not make, and it is not empty",
        f"    hint: give a new or empty folder; kamgen marks the folders it makes with a file "
        f"{MARKER} and replaces only those"]
    assert (mine / "notes.md").read_text("utf-8") == "# Mine\n"
    # A file is not a folder.
    (project / "site.txt").write_text("x", "utf-8")
    assert main(["build", "plans", "--site-dir", "site.txt"]) == 2
    assert "kamgen: --site-dir site.txt is not a folder" in capsys.readouterr().err


def test_a_site_kamgen_made_is_replaced_and_marked(project: Path) -> None:
    assert main(["build", "plans", "--site-dir", "site", "--as-of", "2026-11-23"]) == 0
    assert (project / "site" / MARKER).is_file()
    (project / "site" / "stale.html").write_text("old", "utf-8")
    assert main(["build", "plans", "--site-dir", "site", "--as-of", "2026-11-23"]) == 0
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "index.html").is_file()
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    # An empty folder is taken, too.
    (project / "empty").mkdir()
    assert main(["build", "plans", "--site-dir", "empty", "--as-of", "2026-11-23"]) == 0


def test_an_unwritable_site_dir_is_a_clear_error(
    project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["build", "plans", "--site-dir", "/proc/kamgen-site"]) == 2
    err = capsys.readouterr().err
    assert "kamgen: cannot write the site to /proc/kamgen-site (" in err
    assert "    hint: give a --site-dir in a folder you may write to" in err
    assert "Traceback" not in err


def test_generate_refuses_a_docs_folder_that_is_a_link_into_the_plans(
    project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = project / "build"
    out.mkdir()
    (out / MARKER).write_text("", "utf-8")
    os.symlink(project / "plans", out / "docs")
    before = snapshot(project / "plans")
    assert main(["generate", "plans", "--out", "build"]) == 2
    assert ("kamgen: --out build/docs is the plans folder plans (through a symbolic link): "
            "the output would replace the plans") in capsys.readouterr().err
    assert snapshot(project / "plans") == before


def test_generate_never_writes_through_a_link_below_its_folder(
    project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["generate", "plans", "--out", "build", "--as-of", "2026-11-23"]) == 0
    accounts = project / "build" / "docs" / "accounts"
    shutil.rmtree(accounts)
    os.symlink(project / "plans" / "accounts", accounts)
    before = snapshot(project / "plans")
    assert main(["generate", "plans", "--out", "build", "--as-of", "2026-11-23"]) == 2
    assert "kamgen: build/docs/accounts is a symbolic link: kamgen does not write through " \
        "links\n    hint: remove the link, or write into a new folder\n" in capsys.readouterr().err
    assert snapshot(project / "plans") == before


# --- a build that was killed ------------------------------------------------------------------

def made_by_kamgen(folder: Path, page: str) -> Path:
    folder.mkdir()
    (folder / MARKER).write_text("", "utf-8")
    (folder / "index.html").write_text(page, "utf-8")
    return folder


def test_the_next_build_cleans_what_a_killed_build_left(tmp_path: Path) -> None:
    site = made_by_kamgen(tmp_path / "site", "current")
    made_by_kamgen(tmp_path / ".site.building-x1", "half")
    made_by_kamgen(tmp_path / ".site.old-x2", "older")
    foreign = tmp_path / ".site.building-mine"
    foreign.mkdir()  # not kamgen's: left alone
    _clean_leftovers(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.building-mine", "site"]
    assert (site / "index.html").read_text("utf-8") == "current"


def test_a_build_killed_between_two_renames_gets_its_old_site_back(tmp_path: Path) -> None:
    made_by_kamgen(tmp_path / ".site.old-x2", "previous")
    made_by_kamgen(tmp_path / ".site.building-x1", "half")
    _clean_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text("utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_exchanges_the_sites_in_one_step(tmp_path: Path) -> None:
    site = made_by_kamgen(tmp_path / "site", "old")
    new = made_by_kamgen(tmp_path / ".site.building-1", "new")
    inode = new.stat().st_ino
    _swap(new, site)
    assert (site / "index.html").read_text("utf-8") == "new"
    assert site.stat().st_ino == inode, "the new folder itself took the old one's place"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_file_is_replaced_in_one_step_or_not_at_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kamgen.output import replace_file

    target = tmp_path / "out" / "plan.pdf"
    replace_file(target, b"first", "--out")
    assert target.read_bytes() == b"first"
    assert (target.stat().st_mode & 0o777) == 0o666 & ~_umask()

    def refused(source: object, destination: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr("kamgen.output.os.replace", refused)
    with pytest.raises(ConfigError) as raised:
        replace_file(target, b"second", "--output")
    assert str(raised.value) == (f"cannot write {target}: Permission denied\n    hint: give a "
                                 "file in a folder you can write to with --output FILE")
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.pdf"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
