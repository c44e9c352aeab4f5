"""Git, asked with fixed arguments and no shell: revisions, their dates and the plans
folder as it was at a revision.

kamgen runs the ``git`` command line rather than a library: it is on every machine that
holds a plans repository (CI's checkout included), it reads every repository format and
every object store (packs, alternates, partial clones) that the repository's own git reads,
and it adds no compiled dependency. Each call has a time limit, the user's and the
system's git configuration cannot start programs (no pager, no prompts), and a revision
is checked to be a revision before git sees it in a place where an option could go.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ConfigError
from ..git_command import run_git
from ..load.limits import MAX_ENTRIES

__all__ = ["GIT_SECONDS", "WORKING_TREE", "Git", "Revision", "check_revision_name"]

GIT_SECONDS = 120
"""Longest time one git command may take before kamgen gives up on it."""

MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024
"""Most bytes of a plans folder that kamgen writes out for one revision."""

WORKING_TREE = "working tree"
"""The name of the plans folder as it is on disk, not yet committed."""

_REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./~^@{}+-]{0,199}")
"""What a revision may look like: a branch, tag or commit id, with ``~``, ``^`` and ``@{…}``
suffixes; no spaces, no ``:`` paths, and never a leading ``-`` that git would read as an
option."""

@dataclass(frozen=True)
class Revision:
    """A commit, or the working tree (``commit`` is ``None``)."""

    name: str
    """As the user gave it, or :data:`WORKING_TREE`."""
    commit: str | None
    date: dt.date
    """The commit's date (the committer's), or today for the working tree."""

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else WORKING_TREE


def check_revision_name(name: str) -> None:
    """Raise :class:`ConfigError` unless ``name`` looks like a revision (a branch, a tag,
    a commit id, with ``~``, ``^`` and ``@{…}``): never an option, a path or a range."""
    if not _REVISION.fullmatch(name) or ".." in name:
        raise ConfigError(f"'{name}' is not a revision\n    hint: give a branch, a tag or "
                          "a commit id, such as main, v1.0 or 3f2a9c1")


class Git:
    """The git repository that holds ``plans``."""

    def __init__(self, plans: Path) -> None:
        self.plans = plans
        top = self._run(plans if plans.is_dir() else plans.parent,
                        "rev-parse", "--show-toplevel", what="find the repository").strip()
        self.top = Path(top)
        try:
            self.plans_path = PurePosixPath(
                plans.resolve().relative_to(self.top.resolve()).as_posix())
        except ValueError:
            raise ConfigError(f"{plans}: not inside the git repository at {self.top}\n"
                              "    hint: give a plans folder inside the repository") from None

    # --- revisions -------------------------------------------------------------------------

    def revision(self, name: str) -> Revision:
        """The commit that ``name`` names, with its date."""
        check_revision_name(name)
        commit = self._run(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                           f"{name}^{{commit}}", what=f"find the revision '{name}'",
                           missing=f"'{name}' is not a revision of {self.top}\n    hint: "
                           "give a branch, a tag or a commit id (git log --oneline lists "
                           "them); a shallow clone needs `git fetch --unshallow` or "
                           "fetch-depth: 0").strip()
        return Revision(name, commit, self._date(commit))

    def merge_base(self, other: Revision) -> Revision:
        """The last commit that ``HEAD`` and ``other`` share."""
        assert other.commit is not None
        base = self._run(self.top, "merge-base", "HEAD", other.commit,
                         what=f"find where HEAD and {other.name} part",
                         missing=f"HEAD and {other.name} have no commit in common\n    hint: "
                         "give the base revision: kamgen diff BASE").strip()
        return Revision(f"merge base with {other.name}", base, self._date(base))

    def default_branch(self) -> Revision:
        """The branch pull requests go to: ``origin/HEAD``, else ``origin/main``,
        ``origin/master``, ``main`` or ``master``."""
        for name in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
            try:
                return self.revision(name)
            except ConfigError:
                continue
        raise ConfigError(f"{self.top}: no default branch (origin/HEAD, main or master)\n"
                          "    hint: give the base revision: kamgen diff BASE")

    def _date(self, commit: str) -> dt.date:
        text = self._run(self.top, "show", "-s", "--format=%cs", commit,
                         what="read the commit's date").strip()
        return dt.date.fromisoformat(text)

    def is_shallow(self) -> bool:
        """True in a shallow clone, which lacks the earlier commits."""
        return self._run(self.top, "rev-parse", "--is-shallow-repository",
                         what="read the repository").strip() == "true"

    # --- the plans folder at a revision ------------------------------------------------------

    def write_plans(self, revision: Revision, target: Path) -> Path | None:
        """Write the plans folder as it was at ``revision`` into ``target`` (an empty
        folder) and return where it is, or ``None`` when the revision has no such folder.

        Only regular files are written: a symbolic link or a submodule at a revision is
        left out (kamgen never follows links below a plans folder)."""
        assert revision.commit is not None
        listing = self._run(self.top, "ls-tree", "-r", "-z", "--full-tree", revision.commit,
                            "--", str(self.plans_path), what="list the plans folder")
        entries: list[tuple[str, PurePosixPath]] = []
        for record in filter(None, listing.split("\0")):
            info, _, name = record.partition("\t")
            mode, kind, blob = info.split(" ")
            path = PurePosixPath(name)
            if kind != "blob" or mode not in ("100644", "100755"):
                continue
            if any(part in ("", ".", "..") for part in path.parts) or path.is_absolute():
                raise ConfigError(f"{revision.name}: the path '{name}' leaves the plans "
                                  "folder\n    hint: the repository is damaged or forged; "
                                  "check it with git fsck")
            entries.append((blob, path))
        if not entries:
            return None
        if len(entries) > MAX_ENTRIES:
            raise ConfigError(f"{revision.name}: the plans folder holds more than "
                              f"{MAX_ENTRIES:,} files\n    hint: kamgen reads plans folders "
                              "of at most that many files")
        contents = self.blobs([blob for blob, _ in entries])
        root = target / self.plans_path.name
        written = 0
        for blob, path in entries:
            content = contents[blob]
            written += len(content)
            if written > MAX_SNAPSHOT_BYTES:
                raise ConfigError(f"{revision.name}: the plans folder is larger than "
                                  f"{MAX_SNAPSHOT_BYTES >> 20} MB\n    hint: keep exports "
                                  "and large files outside the plans folder")
            below = path.relative_to(self.plans_path)
            file = root.joinpath(*below.parts)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(content)
        root.mkdir(parents=True, exist_ok=True)
        return root

    def plan_log(self, below: str) -> list[tuple[str, dt.date, str, str]]:
        """(commit, date, path below the plans folder, blob id) of every file version
        below ``below`` (a folder of the plans folder) that a commit of ``HEAD``'s history
        added or changed, newest first."""
        output = self._run(self.top, "log", "--no-renames", "--raw", "--no-abbrev",
                           "--format=@@%H %cs", "HEAD", "--", str(self.plans_path / below),
                           what="read the plans' history")
        found: list[tuple[str, dt.date, str, str]] = []
        commit, date = "", dt.date.min
        prefix = f"{self.plans_path}/" if str(self.plans_path) != "." else ""
        for line in output.splitlines():
            if line.startswith("@@"):
                commit, _, day = line[2:].partition(" ")
                date = dt.date.fromisoformat(day)
            elif line.startswith(":"):
                info, _, path = line.partition("\t")
                parts = info.split(" ")
                if len(parts) == 5 and parts[4][:1] in ("A", "M", "T") and \
                        path.startswith(prefix):
                    found.append((commit, date, path[len(prefix):], parts[3]))
        return found

    def blobs(self, blobs: list[str]) -> dict[str, bytes]:
        """The contents of the blobs, read in one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(blobs))
        output = self._bytes(self.top, "cat-file", "--batch",
                             stdin="".join(f"{blob}\n" for blob in wanted).encode(),
                             what="read the plan files")
        found: dict[str, bytes] = {}
        at = 0
        for blob in wanted:
            end = output.index(b"\n", at)
            header = output[at:end].decode().split(" ")
            if len(header) != 3 or header[1] != "blob":
                raise ConfigError(f"git could not read the object {blob}\n    hint: the "
                                  "repository is incomplete; fetch it again")
            size = int(header[2])
            found[blob] = output[end + 1:end + 1 + size]
            at = end + 1 + size + 1
        return found

    # --- running git -------------------------------------------------------------------------

    def _run(self, where: Path, *args: str, what: str, missing: str | None = None) -> str:
        return self._bytes(where, *args, what=what, missing=missing).decode("utf-8", "replace")

    def _bytes(self, where: Path, *args: str, what: str, missing: str | None = None,
               stdin: bytes | None = None) -> bytes:
        try:
            done = run_git(where, args, GIT_SECONDS, stdin)
        except FileNotFoundError:
            raise ConfigError("git is not installed, or not on the PATH\n    hint: install "
                              "git; kamgen reads the plans' history with it") from None
        except subprocess.TimeoutExpired:
            raise ConfigError(f"git did not {what} within {GIT_SECONDS} s\n    hint: check "
                              "the repository with git status") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            first = message[0].removeprefix("fatal: ") if message else \
                f"exit code {done.returncode}"
            if "not a git repository" in first:
                raise ConfigError(f"{where}: not in a git repository\n    hint: run kamgen "
                                  "in a clone of the plans repository")
            if missing is not None:
                raise ConfigError(missing)
            raise ConfigError(f"git could not {what}: {first}\n    hint: check the "
                              "repository with git status")
        return done.stdout
