"""What a pull request touches: the plan files changed since a revision, asked of git.

``kamgen check --changed-since REF`` reports the findings of these plans only. The changes
are those between the merge base of REF and HEAD (where the branch left REF) and the working
tree: the commits of the branch (``git diff REF...HEAD``), what is not committed yet, and
new files git does not ignore. Changes to REF after the branch left it do not count, so a
pull request is not held responsible for what others merged meanwhile.

Git runs with a time limit, without a terminal to ask on, and never with anything the user
gave as an option: REF is resolved to a commit first
(``git rev-parse --verify --end-of-options REF^{commit}``), and every later command is
given that commit's hash.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .checks import Scope
from .errors import ConfigError
from .git_command import run_git
from .load.kinds import KINDS

__all__ = ["GIT_TIMEOUT", "Changes", "changed_since", "scope_of"]

GIT_TIMEOUT = 30.0
"""Seconds a git command may take before kamgen gives up on it."""

_ACCOUNTS = KINDS["account"].folder
_PROGRAMME_FILES = frozenset(kind.file for kind in KINDS.values() if kind.file is not None)
_PROGRAMME_FOLDERS = frozenset(kind.folder for kind in KINDS.values()
                               if kind.folder is not None and kind.folder != _ACCOUNTS)
_HINT_LEAVE_OUT = "or leave out --changed-since to check every plan"


@dataclass(frozen=True)
class Changes:
    """The files below the plans folder changed since a revision."""

    ref: str
    """The revision as the user gave it: ``origin/main``."""
    base: str
    """The commit where HEAD's history left ``ref`` (their merge base)."""
    files: tuple[str, ...]
    """Changed, added and deleted files, relative to the plans folder (a renamed file
    under its old and its new name)."""

    @property
    def accounts(self) -> frozenset[str]:
        """The ids of the accounts whose plan file, or whose folder, changed."""
        ids = set()
        for rel in self.files:
            parts = rel.split("/")
            if parts[0] != _ACCOUNTS or len(parts) < 2:
                continue
            if len(parts) == 2 and parts[1].endswith(".yaml"):
                ids.add(parts[1].removesuffix(".yaml"))
            elif len(parts) > 2:
                ids.add(parts[1])
        return frozenset(ids)

    @property
    def programme(self) -> bool:
        """True when a file of the programme changed: kam.yaml, team.yaml,
        territories.yaml or a checklist."""
        return any(rel in _PROGRAMME_FILES or rel.split("/")[0] in _PROGRAMME_FOLDERS
                   for rel in self.files)


def scope_of(changes: Changes, accounts: Collection[str],
             imported: Mapping[str, Collection[str]] | None = None) -> Scope:
    """What ``kamgen check`` reports for these changes, given the ids of the accounts the
    portfolio holds and, in ``imported``, the exports each account's figures come from:
    the changed plans and those whose figures come from a changed export, those of the
    changed ones that are gone, and the portfolio's findings when the programme changed."""
    touched = set(changes.files)
    changed = changes.accounts | {account for account, exports in (imported or {}).items()
                                  if touched.intersection(exports)}
    return Scope(
        since=changes.ref,
        base=changes.base,
        accounts=tuple(sorted(changed & set(accounts))),
        removed=tuple(sorted(changed - set(accounts))),
        programme=changes.programme,
    )


def _git(plans: Path, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return run_git(plans, args, GIT_TIMEOUT)
    except FileNotFoundError:
        raise ConfigError(
            "--changed-since needs git, which is not installed (or not on the PATH)\n"
            f"    hint: install git, {_HINT_LEAVE_OUT}") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"--changed-since: git did not answer within {GIT_TIMEOUT:g} s "
            f"(git {args[0]})\n"
            f"    hint: try again, {_HINT_LEAVE_OUT}") from None
    except OSError as error:
        raise ConfigError(
            f"--changed-since: git cannot be run ({error.strerror or type(error).__name__})\n"
            f"    hint: check the installation of git, {_HINT_LEAVE_OUT}") from None


def _paths(output: bytes) -> list[str]:
    return [os.fsdecode(path) for path in output.split(b"\0") if path]


def changed_since(plans: Path, ref: str) -> Changes:
    """The files below ``plans`` changed between the merge base of ``ref`` and HEAD and
    the working tree (see the module); raises :class:`ConfigError` when git is missing,
    ``plans`` is not in a git repository, or git knows no commit ``ref``."""
    inside = _git(plans, ["rev-parse", "--is-inside-work-tree"])
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise ConfigError(
            f"--changed-since: {plans} is not in a git repository\n"
            f"    hint: check the plans in a clone of their repository, {_HINT_LEAVE_OUT}")
    shown = repr(ref)
    unknown = ConfigError(
        f"--changed-since {shown}: git knows no commit of that name\n"
        "    hint: give a branch, tag or commit, e.g. --changed-since origin/main; in GitHub "
        "Actions check out the whole history (actions/checkout with fetch-depth: 0)")
    if not ref.strip() or "\0" in ref:
        raise unknown
    commit = _git(plans, ["rev-parse", "--verify", "--quiet", "--end-of-options",
                          f"{ref}^{{commit}}"])
    if commit.returncode != 0:
        raise unknown
    target = commit.stdout.decode("ascii", "replace").strip()
    base = _git(plans, ["merge-base", target, "HEAD"])
    if base.returncode != 0:
        raise ConfigError(
            f"--changed-since {shown}: it has no commit in common with HEAD\n"
            "    hint: give the branch the pull request goes into; in GitHub Actions check "
            "out the whole history (actions/checkout with fetch-depth: 0)")
    merge_base = base.stdout.decode("ascii", "replace").strip()
    # The merge base against the working tree: the branch's commits and what is not
    # committed, staged or not; --relative keeps to the plans folder and names files in it.
    diff = _git(plans, ["diff", "--name-only", "--no-renames", "--no-ext-diff",
                        "--no-textconv", "--relative", "-z", merge_base, "--"])
    untracked = _git(plans, ["ls-files", "--others", "--exclude-standard", "-z", "--"])
    for done in (diff, untracked):
        if done.returncode != 0:
            message = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
            raise ConfigError(
                f"--changed-since {shown}: git could not list the changes ({message})\n"
                f"    hint: check the repository with 'git status', {_HINT_LEAVE_OUT}")
    files = sorted({*_paths(diff.stdout), *_paths(untracked.stdout)})
    return Changes(ref, merge_base, tuple(files))
