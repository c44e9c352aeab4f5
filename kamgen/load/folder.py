"""The plans folder: every plan file, page and attachment the gate lists, read and
validated into one :class:`~kamgen.model.Portfolio`.

Every error of every file is collected, including the references between files that also
have other errors; :func:`load_portfolio` then raises one :class:`~kamgen.errors.PlanErrors`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ConfigError, PlanError, PlanErrors
from ..model import (
    Account,
    AccountPage,
    AccountPlan,
    Attachment,
    Portfolio,
    Positions,
    cross_check,
)
from ..model._base import SLUG_PATTERN
from ..model.page import PageMeta
from ..model.portfolio import KeyPath
from ..model.references import References
from .gate import Entry, Tree, plan_tree, read_bytes
from .imports import ExportFigures, check_place, merge_imports, read_export
from .kinds import KINDS, PlanKind
from .limits import MAX_ATTACHMENT_BYTES, MAX_FILE_BYTES, MAX_IMPORT_BYTES, MAX_PAGE_BYTES
from .plan_file import FailedFile, LoadedFile, decode, read_file
from .source import describe, excerpt
from .translate import errors_of, slug_suggestion
from .yaml_errors import YamlProblem
from .yaml_reader import holds_no_data, parse_yaml

__all__ = ["load_portfolio", "read_attachment", "read_page"]

_SLUG = re.compile(SLUG_PATTERN)
_ACCOUNT, _CHECKLIST, _PAGE = KINDS["account"], KINDS["checklist"], KINDS["page"]
_TOP_FILES = [kind.file for kind in KINDS.values() if kind.file is not None]
_EVERY_FOLDER_HOLDS = ", ".join(_TOP_FILES[:-1]) + " and " + _TOP_FILES[-1]

_CACHE_SIZE = 20_000
_SETTLED_NS = 2_000_000_000
"""How long ago a file must have changed for its status to stand for its content."""


def _read_cached(path: Path, rel: str, kind: str,
                 cache: dict[Any, Any] | None) -> LoadedFile | FailedFile:
    """:func:`read_file`, remembering valid files in ``cache`` (a preview's), so that
    ``kamgen serve`` parses again only the plans that changed. A file is known by its
    content; one whose status (size, modification and change times, inode) is what it was
    when its content was last read is not read again: any write changes its change time,
    which no program can set back. The status is trusted only for a file last changed
    :data:`_SETTLED_NS` before it was read, as the clock of file times moves in ticks of a
    few milliseconds and two writes within one tick may leave the same status. Models are
    frozen, so a remembered one cannot be changed by its users."""
    if cache is None:
        return read_file(path, rel, kind)
    try:
        status = path.stat()
        if status.st_size > MAX_FILE_BYTES:
            return read_file(path, rel, kind)
        seen = ("status", rel, kind, status.st_size, status.st_mtime_ns, status.st_ctime_ns,
                status.st_ino, status.st_dev)
        hit: LoadedFile | None = cache.get(seen)
        if hit is not None:
            return hit
        digest = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
    except OSError:
        return read_file(path, rel, kind)
    key = (rel, kind, digest)
    hit = cache.get(key)
    if hit is None:
        read = read_file(path, rel, kind)
        if isinstance(read, FailedFile):
            return read
        hit = dataclasses.replace(read, digest=digest)
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = hit
    if time.time_ns() - status.st_ctime_ns > _SETTLED_NS:
        cache[seen] = hit
    return hit


def _plan_files(root: Path, tree: Tree) -> Iterator[tuple[PlanKind, Path, str]]:
    """(kind, path, relative path) of every plan file, in a stable order; a plan file
    that must be there and is not is given too (its absence is an error)."""
    for kind in KINDS.values():
        if kind.file is not None:
            yield kind, root / kind.file, kind.file
    for kind in KINDS.values():
        if kind.folder is None:
            continue
        listed = {entry.rel for entry in tree.of(kind.name)}
        if kind.folder_plan is not None:
            listed |= {f"{folder}/{kind.folder_plan}" for folder in tree.account_folders}
        # accounts/<id>/plan.yaml before accounts/<id>.yaml, as the folder lists them.
        for rel in sorted(listed, key=lambda rel: rel.split("/")[1]):
            yield kind, root / rel, rel


def load_portfolio(root: Path | str, cache: dict[Any, Any] | None = None) -> Portfolio:
    """Load and validate every plan file below ``root``; a preview passes its ``cache`` of
    valid plan files (:class:`kamgen.session.Session`), which is read and filled.

    Raises :class:`ConfigError` when ``root`` is not a plans folder and
    :class:`PlanErrors` with every problem of every file otherwise.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(
            f"{root}: no such folder\n    hint: give the folder that holds kam.yaml "
            "(default: plans)" if not root.exists() else
            f"{root}: not a folder\n    hint: give the folder that holds kam.yaml"
        )
    tree = plan_tree(root)
    errors: list[PlanError] = list(tree.errors)
    refused = {str(error.path) for error in tree.errors}
    present = {entry.rel for entry in tree.entries}
    loaded: dict[str, list[LoadedFile]] = {name: [] for name in KINDS}
    # Every plan file's references and the ids it defines, valid or not (None: not read).
    references: dict[str, tuple[str, References | None]] = {}
    checklist_refs: dict[str, References | None] = {}
    failed_positions: dict[str, Positions] = {}
    for kind, path, rel in _plan_files(root, tree):
        file_id = kind.file_id(rel)
        if rel in refused:
            references[rel] = (kind.name, None)
            if kind is _CHECKLIST:
                checklist_refs[file_id] = None
            continue
        if rel not in present:
            errors.append(PlanError(
                Path(rel), 0, 0, (), "the file is missing",
                f"an account folder holds its plan in {kind.folder_plan}"
                if kind.folder_plan is not None else
                f"every plans folder holds {_EVERY_FOLDER_HOLDS}: create {rel}",
            ))
            references[rel] = (kind.name, None)
            continue
        if kind.folder is not None and not _SLUG.match(file_id):
            suggestion = slug_suggestion(file_id)
            errors.append(PlanError(
                Path(rel), 0, 0, (),
                f"the id '{file_id}' (the file name) is not a slug of lowercase letters, "
                "digits and '-'",
                f"the id becomes a web address: rename it to '{suggestion}'",
            ))
            continue
        read = _read_cached(path, rel, kind.name, cache)
        if isinstance(read, FailedFile):
            errors += read.errors
            failed_positions[rel] = read.positions
        else:
            loaded[kind.name].append(read)
        references[rel] = (kind.name, read.references)
        if kind is _CHECKLIST:
            checklist_refs[file_id] = read.references

    # Rows of an export may belong to a plan that failed to load or lies in the wrong place:
    # then no row is an unknown account.
    complete = not any(error.path.parts[:1] == (_ACCOUNT.folder,) for error in errors)
    account_files: dict[str, str] = {}
    for item in loaded[_ACCOUNT.name]:
        account_id = _ACCOUNT.file_id(item.rel)
        if account_id in account_files:
            errors.append(PlanError(
                Path(item.rel), 0, 0, (),
                f"account '{account_id}' has two plans: {account_files[account_id]} and {item.rel}",
                "keep one: " + " or ".join(place.replace("<id>", "ID")
                                           for place in _ACCOUNT.places),
            ))
        account_files[account_id] = item.rel

    programme = loaded["programme"][0].model if loaded["programme"] else None
    team = loaded["team"][0].model if loaded["team"] else None
    territories = loaded["territories"][0].model if loaded["territories"] else None
    checklists = {_CHECKLIST.file_id(c.rel): c.model for c in loaded[_CHECKLIST.name]}
    accounts = {_ACCOUNT.file_id(a.rel): a for a in loaded[_ACCOUNT.name]}
    positions = {item.rel: item.positions for items in loaded.values() for item in items}
    for issue in cross_check(
        programme,
        {account_id: (a.model, a.rel) for account_id, a in accounts.items()},
        references,
        checklist_refs,
    ):
        where = positions.get(issue.file, failed_positions.get(issue.file))
        line, column = where.locate(issue.loc) if where is not None else (0, 0)
        errors.append(PlanError(Path(issue.file), line, column, issue.loc, issue.message,
                                issue.hint))
    plans = {account_id: a.model for account_id, a in accounts.items()}
    sources: dict[str, tuple[str, ...]] = {}
    digests = {account_id: a.digest for account_id, a in accounts.items()}
    if programme is not None and programme.imports:
        exports = _read_exports(root, tree, programme.imports, positions.get("kam.yaml"),
                                cache)
        for export in exports:
            errors += export.errors
        merged, problems = merge_imports(
            programme.imports, exports,
            {account_id: (a.model, a.rel) for account_id, a in accounts.items()},
            positions, programme.fiscal_year, complete=complete)
        errors += problems
        plans, sources = merged.plans, merged.sources
        for account_id, rows in merged.rows.items():
            plan_digest = digests.get(account_id)
            if plan_digest is None or cache is None:
                continue
            digest = digests[account_id] = hashlib.blake2b(
                plan_digest + repr(rows).encode(), digest_size=20).digest()
            # the same plan and the same figures: the plan made the last time, so that what
            # is remembered of it stays valid
            hit = cache.get(("merged", account_id, digest))
            if isinstance(hit, AccountPlan):
                plans[account_id] = hit
            else:
                cache[("merged", account_id, digest)] = plans[account_id]
    pages: dict[str, list[AccountPage]] = {}
    attachments: dict[str, list[Attachment]] = {}
    for entry in tree.entries:
        if entry.kind not in (_PAGE.name, "attachment"):
            continue
        account_id = entry.rel.split("/")[1]
        try:
            if entry.kind == _PAGE.name:
                pages.setdefault(account_id, []).append(read_page(root, entry))
            else:
                attachments.setdefault(account_id, []).append(read_attachment(root, entry))
        except PlanErrors as exc:
            errors += exc.errors
    if errors:
        raise PlanErrors(errors)
    assert programme is not None and team is not None and territories is not None
    return Portfolio(
        root=root,
        programme=programme,
        team=tuple(team),
        territories=tuple(territories),
        checklists=dict(sorted(checklists.items())),
        accounts={
            account_id: Account(account_id, plans[account_id], a.rel,
                                tuple(pages.get(account_id, ())),
                                tuple(attachments.get(account_id, ())), digests[account_id],
                                sources.get(account_id, ()))
            for account_id, a in sorted(accounts.items())
        },
        positions=positions,
    )


def _read_exports(root: Path, tree: Tree, specs: list[Any], kam: Positions | None,
                  cache: dict[Any, Any] | None) -> list[ExportFigures]:
    """The figures of every export kam.yaml's imports name, one per import (empty for an
    export that cannot be read, whose error is among them or the gate's); a preview
    remembers an export read without errors by its content and its import."""
    entries = {entry.rel: entry for entry in tree.entries}
    refused = [str(error.path) for error in tree.errors]
    where = kam if kam is not None else Positions()
    out: list[ExportFigures] = []
    for index, spec in enumerate(specs):
        error = check_place(spec, index, entries, refused, where)
        rel = spec.file
        if error is not None or rel not in entries:
            out.append(ExportFigures(rel, (), (error,) if error is not None else ()))
            continue
        key: tuple[Any, ...] | None = None
        if cache is not None:
            try:
                digest = hashlib.blake2b(read_bytes(root, rel, MAX_IMPORT_BYTES),
                                         digest_size=20).digest()
                key = ("import", rel, digest, spec.model_dump_json())
            except PlanError:
                key = None
            hit = cache.get(key) if key is not None else None
            if isinstance(hit, ExportFigures):
                out.append(hit)
                continue
        found = read_export(root, rel, spec, index, where)
        if key is not None and cache is not None and not found.errors:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[key] = found
        out.append(found)
    return out


_META_KEY = re.compile(r"[ \t]{0,3}(title|description|tags|internal)[ \t]*:", re.IGNORECASE)
_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")


def read_page(root: Path, entry: Entry) -> AccountPage:
    """A Markdown page beside a plan, its front matter read by kamgen's own YAML reader
    (the guards of plan files) and validated; raises :class:`PlanErrors`."""
    rel = entry.rel
    try:
        text = decode(read_bytes(root, rel, MAX_PAGE_BYTES), rel)
    except PlanError as error:
        raise PlanErrors([error]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        if _META_KEY.match(lines[0]):
            raise PlanErrors([PlanError(
                Path(rel), 1, 1, (), "the page starts with a setting outside front matter",
                "put the settings between two lines of '---' at the top of the page")])
        return AccountPage(rel, text)
    end = next((i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i])), None)
    if end is None:
        raise PlanErrors([PlanError(
            Path(rel), 1, 1, (), "the front matter has no closing '---' line",
            "end the front matter with a line of '---'")])
    # Read after an empty line for the '---' one, so that YAML counts the page's lines (the
    # messages name lines).
    block = "\n" + "\n".join(lines[1:end]) + "\n"
    data: Any = {}
    marks: dict[KeyPath, tuple[int, int]] = {}
    if not holds_no_data(block):
        try:
            data, marks = parse_yaml(block)
        except YamlProblem as problem:
            raise PlanErrors([PlanError(Path(rel), problem.line, problem.column,
                                        problem.key_path, problem.message, problem.hint,
                                        excerpt(text, problem.line, problem.column,
                                                problem.above))]) from None
    positions = Positions(marks)
    if not isinstance(data, dict):
        raise PlanErrors([PlanError(
            Path(rel), *positions.locate(()), (),
            f"expected 'key: value' lines in the front matter; found {describe(data)}",
            _PAGE.shape_hint)])
    try:
        meta: PageMeta = _PAGE.adapter.validate_python(data)
    except ValidationError as exc:
        raise PlanErrors(errors_of(_PAGE.root, rel, exc, data, positions)) from None
    tags = [meta.tags] if isinstance(meta.tags, str) else meta.tags
    return AccountPage(rel, "\n".join(lines[end + 1:]), meta.title, meta.description,
                       tuple(tags), meta.internal)


def read_attachment(root: Path, entry: Entry) -> Attachment:
    """A passive file beside a plan; an SVG file must be one kamgen can clean."""
    if entry.rel.lower().endswith(".svg"):
        from ..cleansvg import SvgError, clean_svg

        try:
            clean_svg(read_bytes(root, entry.rel, MAX_ATTACHMENT_BYTES))
        except PlanError as error:
            raise PlanErrors([error]) from None
        except SvgError as exc:
            raise PlanErrors([PlanError(
                Path(entry.rel), exc.line, 1 if exc.line else 0, (), str(exc),
                "export the drawing again as plain SVG (without DOCTYPE), or as PNG")]) from None
    return Attachment(entry.rel, entry.size, entry.mtime_ns)

