"""The gate: the one function that lists what kamgen may read below a plans folder.

Everything kamgen or the site engine reads below ``plans/`` is listed by :func:`plan_tree`
and read through :func:`read_bytes`; nothing else walks the folder. The rules:

- regular files only: a symbolic link is an error that names it (kamgen never follows
  one), and so is a device, pipe or socket;
- dot-files and dot-folders (``.schema/``, ``.drafts/``, ``.DS_Store``) are never read;
- plan files sit where plan-format.md and the registry of kinds
  (:mod:`kamgen.load.kinds`) put them: ``kam.yaml``, ``team.yaml``, ``territories.yaml``,
  ``checklists/<id>.yaml``, ``accounts/<id>.yaml`` and ``accounts/<id>/plan.yaml``;
- beside a plan in an account folder lie Markdown pages (``.md`` only) and passive files
  the pages use (images: png, jpg, gif, webp; documents: pdf, csv, xlsx; SVG, which is
  published only after cleaning); other Markdown extensions, HTML, scripts and every other
  kind are refused with an error;
- sizes are bounded, and a passive file must start the way its kind starts, so that a
  page saved as ``photo.png`` is not served as an image.

- exports (CSV, XLSX) outside ``accounts/`` and ``checklists/`` are listed as ``data``
  and read only when kam.yaml's imports name them (:mod:`kamgen.load.imports`).

Everything else below the plans folder (a README) is neither read nor published.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import PlanError
from .kinds import KINDS, PlanKind
from .limits import MAX_ATTACHMENT_BYTES, MAX_ENTRIES, MAX_PAGE_BYTES

__all__ = [
    "ATTACHMENT_TYPES",
    "DATA_SUFFIXES",
    "MAX_ATTACHMENT_BYTES",
    "MAX_ENTRIES",
    "MAX_PAGE_BYTES",
    "Entry",
    "Tree",
    "plan_tree",
    "read_bytes",
]

_TOP_FILES = {kind.file: kind.name for kind in KINDS.values() if kind.file is not None}
"""kam.yaml, team.yaml, territories.yaml: the file name and its kind."""
_FOLDERS = {kind.folder: kind for kind in KINDS.values() if kind.folder is not None}
"""checklists/, accounts/: the folder and the kind of the files it holds."""

ATTACHMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
    ".xlsx": (b"PK\x03\x04",),
    ".csv": (),
    ".svg": (),
}
"""Passive files an account folder may hold, with the bytes such a file starts with."""

DATA_SUFFIXES = (".csv", ".xlsx")
"""Exports that kam.yaml's imports may name, outside the folders of plans."""

_MARKDOWN_LIKE = frozenset({".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt",
                            ".mdtext", ".text", ".txt", ".rmd"})


@dataclass(frozen=True)
class Entry:
    """A file the gate lets through: its path relative to the plans folder and its kind."""

    rel: str
    kind: str
    """The name of its kind in :data:`~kamgen.load.kinds.KINDS`, ``attachment`` for a
    passive file beside a plan, or ``data`` for an export (CSV, XLSX) outside the folders
    of plans, which is read only when kam.yaml's imports name it and never published."""
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Tree:
    """What :func:`plan_tree` found: the files kamgen may read, and what it refuses."""

    entries: tuple[Entry, ...]
    errors: tuple[PlanError, ...]
    account_folders: tuple[str, ...] = ()
    """Folders ``accounts/<id>``, each of which must hold a ``plan.yaml``."""

    def of(self, kind: str) -> list[Entry]:
        """The entries of one kind, in path order."""
        return [entry for entry in self.entries if entry.kind == kind]


def _error(rel: str, message: str, hint: str) -> PlanError:
    return PlanError(Path(rel), 0, 0, (), message, hint)


class _Walk:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: list[Entry] = []
        self.errors: list[PlanError] = []
        self.account_folders: list[str] = []
        self.seen = 0

    def listing(self, rel: str) -> list[tuple[str, os.stat_result]]:
        """(name, lstat) of the folder's entries without dot-names, in name order; links
        and special files are reported here and left out."""
        folder = self.root / rel if rel else self.root
        try:
            with os.scandir(folder) as scan:
                names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
        except OSError as exc:
            self.errors.append(_error(rel or ".", f"the folder cannot be read "
                                      f"({exc.strerror or type(exc).__name__})",
                                      "check that you may read it"))
            return []
        out: list[tuple[str, os.stat_result]] = []
        for name in names:
            self.seen += 1
            if self.seen > MAX_ENTRIES:
                if self.seen == MAX_ENTRIES + 1:
                    self.errors.append(_error(
                        rel or ".", f"the plans folder holds more than {MAX_ENTRIES:,} files "
                        "and folders", "keep only plans, their pages and the files the pages "
                        "use below the plans folder"))
                return out
            path = f"{rel}/{name}" if rel else name
            try:
                info = os.lstat(folder / name)
            except OSError as exc:
                self.errors.append(_error(path, f"cannot be read "
                                          f"({exc.strerror or type(exc).__name__})",
                                          "check that you may read it"))
                continue
            if stat.S_ISLNK(info.st_mode):
                self.errors.append(_error(
                    path, "is a symbolic link; kamgen never follows links below the plans "
                    "folder", "put the file itself here, or remove the link"))
            elif not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                self.errors.append(_error(
                    path, "is not a regular file (a device, pipe or socket)",
                    "remove it: the plans folder holds plain files only"))
            else:
                out.append((name, info))
        return out

    def add(self, rel: str, kind: str, info: os.stat_result) -> None:
        self.entries.append(Entry(rel, kind, info.st_size, info.st_mtime_ns))

    def everything_below(self, rel: str) -> None:
        """Visit a folder kamgen does not read, for files that look like misplaced plans."""
        for name, info in self.listing(rel):
            path = f"{rel}/{name}" if rel else name
            if stat.S_ISDIR(info.st_mode):
                self.everything_below(path)
            else:
                self.stray(path, info)

    def stray(self, rel: str, info: os.stat_result) -> None:
        if Path(rel).suffix in DATA_SUFFIXES and rel.split("/")[0] not in _FOLDERS:
            self.add(rel, "data", info)
        elif rel.endswith(".yml"):
            self.errors.append(_error(rel, "plan files end in '.yaml', not '.yml'",
                                      f"rename it to {Path(rel).with_suffix('.yaml').name}"))

    def account_folder(self, rel: str, kind: PlanKind) -> None:
        """A plan's own folder (``accounts/<id>``): its plan, pages and passive files."""
        for name, info in self.listing(rel):
            path = f"{rel}/{name}"
            if stat.S_ISDIR(info.st_mode):
                self.account_folder(path, kind)
            elif path.count("/") == 2 and name == kind.folder_plan:
                self.add(path, kind.name, info)
            else:
                self.beside_plan(path, info)

    def beside_plan(self, rel: str, info: os.stat_result) -> None:
        suffix = Path(rel).suffix.lower()
        if suffix == ".md" and Path(rel).suffix == ".md":
            if info.st_size > MAX_PAGE_BYTES:
                self.errors.append(_error(
                    rel, f"the page is {info.st_size / 1024 / 1024:.1f} MiB, more than the "
                    f"{MAX_PAGE_BYTES // 1024 // 1024} MiB a page may have",
                    "split it into several pages"))
            else:
                self.add(rel, "page", info)
        elif suffix in _MARKDOWN_LIKE or suffix == ".md":
            self.errors.append(_error(
                rel, f"pages beside a plan end in '.md', not '{Path(rel).suffix}'",
                f"rename it to {Path(rel).stem}.md"))
        elif suffix in (".yaml", ".yml"):
            self.errors.append(_error(
                rel, "an account folder holds one plan file, plan.yaml",
                "move the content into plan.yaml, or the file out of the plans folder"))
        elif suffix in ATTACHMENT_TYPES and Path(rel).suffix == suffix:
            if info.st_size > MAX_ATTACHMENT_BYTES:
                self.errors.append(_error(
                    rel, f"the file is {info.st_size / 1024 / 1024:.1f} MiB, more than the "
                    f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MiB a file beside a plan may "
                    "have", "make it smaller, or link to it where it is kept"))
            elif not self.starts_right(rel, suffix):
                self.errors.append(_error(
                    rel, f"the file is not a {suffix.lstrip('.').upper()} file: its content "
                    "does not start as one", "save it again in its own format, or give it "
                    "the ending of what it is"))
            else:
                self.add(rel, "attachment", info)
        else:
            kinds = ", ".join(s.lstrip(".") for s in ATTACHMENT_TYPES)
            self.errors.append(_error(
                rel, f"kamgen does not publish '{Path(rel).suffix or Path(rel).name}' files",
                f"an account folder holds Markdown pages (.md) and files they use ({kinds}); "
                "remove the file or keep it outside the plans folder"))


    def starts_right(self, rel: str, suffix: str) -> bool:
        starts = ATTACHMENT_TYPES[suffix]
        if not starts:
            return True
        try:
            head = read_bytes(self.root, rel, MAX_ATTACHMENT_BYTES, head=12)
        except PlanError as error:
            self.errors.append(error)
            return True
        if suffix == ".webp":
            return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
        return head.startswith(starts)


def plan_tree(root: Path) -> Tree:
    """Every file kamgen may read below ``root``, and an error for each one it refuses."""
    walk = _Walk(root)
    for name, info in walk.listing(""):
        is_dir = stat.S_ISDIR(info.st_mode)
        if name in _TOP_FILES and not is_dir:
            walk.add(name, _TOP_FILES[name], info)
        elif name in _FOLDERS and is_dir:
            kind = _FOLDERS[name]
            for child, child_info in walk.listing(name):
                path = f"{name}/{child}"
                if stat.S_ISDIR(child_info.st_mode) and kind.folder_plan is not None:
                    walk.account_folders.append(path)
                    walk.account_folder(path, kind)
                elif stat.S_ISDIR(child_info.st_mode):
                    walk.everything_below(path)
                elif child.endswith(".yaml"):
                    walk.add(path, kind.name, child_info)
                else:
                    walk.stray(path, child_info)
        elif is_dir:
            walk.everything_below(name)
        else:
            walk.stray(name, info)
    return Tree(tuple(walk.entries), tuple(walk.errors), tuple(walk.account_folders))


def read_bytes(root: Path, rel: str, limit: int, head: int | None = None) -> bytes:
    """The content of a file the gate listed (its first ``head`` bytes when given), read
    without following a link and never more than ``limit`` bytes; raises
    :class:`PlanError` when it cannot be read or has become something else since it was
    listed."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(root / rel, flags)
    except OSError as exc:
        raise _error(rel, f"the file cannot be read ({exc.strerror or type(exc).__name__})",
                     "check that it is a regular file and that you may read it") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _error(rel, "is not a regular file", "remove it: the plans folder holds "
                         "plain files only")
        data = handle.read(limit + 1 if head is None else head)
    if len(data) > limit:
        raise _error(rel, f"the file is more than {limit // 1024 // 1024} MiB",
                     "make it smaller")
    return data
