"""Output never destroys input: the folders kamgen writes into, checked before a byte is
written.

A site (``kamgen build --site-dir``) or a generated project (``kamgen generate --out``)
goes only into a folder that is neither the plans folder nor the project, holds neither,
does not lie inside the plans folder (also when a symbolic link leads there), and is
either new, empty, or marked as made by kamgen (:data:`MARKER`). Anything else is refused
with a :class:`~kamgen.errors.ConfigError` (exit 2) and nothing is touched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ConfigError

__all__ = ["MARKER", "check_docs_dir", "check_output", "mark", "project_root", "replace_file"]

MARKER = ".kamgen"
"""The file kamgen puts into every folder it makes for output; engines skip dot-files."""

_MARKER_TEXT = "This folder was made by kamgen, which may replace or remove it.\n"


def project_root(plans: Path, config_file: Path | None = None) -> Path:
    """The project the plans belong to: the folder of the site configuration when one is
    given, else the Git work tree that holds the plans, else the plans folder's parent."""
    if config_file is not None:
        return config_file.resolve().parent
    plans = plans.resolve()
    for folder in (plans, *plans.parents):
        if (folder / ".git").exists():
            return folder
    return plans.parent


def _relation(target: Path, folder: Path) -> str | None:
    if target == folder:
        return "is"
    if folder.is_relative_to(target):
        return "holds"
    return None


def check_output(target: Path, plans: Path, project: Path, option: str,
                 marked: bool = True) -> Path:
    """``target`` as an absolute path, when kamgen may write its output there; raises
    :class:`ConfigError` otherwise. With ``marked``, a folder that exists must be empty or
    hold kamgen's marker."""
    lexical = Path(os.path.abspath(target))
    resolved = target.resolve()
    plans_paths = {Path(os.path.abspath(plans)), plans.resolve()}
    hint = "    hint: write the output into a folder of its own, e.g. " + (
        "--site-dir site" if option == "--site-dir" else "--out build/kamgen")
    for path in (lexical, resolved):
        for folder in plans_paths:
            relation = _relation(path, folder)
            if relation is None and path.is_relative_to(folder):
                relation = "lies inside"
            if relation:
                through = " (through a symbolic link)" if path == resolved != lexical else ""
                raise ConfigError(f"{option} {target} {relation} the plans folder "
                                  f"{plans}{through}: the output would replace the plans\n"
                                  + hint)
        relation = _relation(path, project)
        if relation:
            raise ConfigError(f"{option} {target} {relation} the project folder {project}: "
                              "the output would replace it\n" + hint)
    if marked and (resolved.exists() or resolved.is_symlink()):
        if not resolved.is_dir():
            raise ConfigError(f"{option} {target} is not a folder\n" + hint)
        try:
            entries = [entry.name for entry in os.scandir(resolved)]
        except OSError as exc:
            raise ConfigError(f"cannot read {target} ({exc.strerror})\n    hint: give a "
                              "folder you may write to") from None
        if entries and MARKER not in entries:
            raise ConfigError(
                f"{option} {target} is a folder kamgen did not make, and it is not empty\n"
                f"    hint: give a new or empty folder; kamgen marks the folders it makes "
                f"with a file {MARKER} and replaces only those")
    return resolved


def mark(folder: Path) -> None:
    """Mark ``folder`` as made by kamgen (a marker that is there is left as it is)."""
    marker = folder / MARKER
    if not marker.is_file():
        marker.write_text(_MARKER_TEXT, encoding="utf-8")


def check_docs_dir(plans: Path, docs: Path) -> None:
    """An engine copies every file of its docs folder into the site, following links:
    refuse a docs folder that is, holds or lies inside the plans folder."""
    plans, docs = plans.resolve(), docs.resolve()
    if plans.is_relative_to(docs) or docs.is_relative_to(plans):
        raise ConfigError(
            f"the docs_dir {docs} and the plans folder {plans} overlap: MkDocs would "
            "publish the plan files as they are\n    hint: build with 'kamgen build', or "
            "give the plugin the plans folder (plans: ...) and MkDocs another docs_dir")


def replace_file(path: Path, data: bytes, option: str) -> None:
    """Write ``data`` to ``path`` in one step: a temporary file beside it, then renamed, so
    that a failed run leaves the old file (or none) and no half-written one. The file gets
    the permissions a new file gets (the umask). A failure is a
    :class:`~kamgen.errors.ConfigError` that names ``option``, the command's option that
    chose the file."""
    hint = f"    hint: give a file in a folder you can write to with {option} FILE"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
    except OSError as error:
        raise ConfigError(f"cannot write {path}: {error.strerror}\n" + hint) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ConfigError(f"cannot write {path}: {error.strerror}\n" + hint) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
