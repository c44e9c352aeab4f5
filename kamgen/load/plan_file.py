"""One plan file: its text read within bounds as UTF-8, parsed, and validated."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import PlanError, PlanErrors
from ..model import Positions
from ..model.references import References, read_references
from .kinds import KINDS
from .limits import MAX_FILE_BYTES
from .numbers import thousands_errors
from .source import describe, excerpt, line_column
from .translate import errors_of
from .yaml_errors import EmptyDocument, YamlProblem
from .yaml_reader import read_yaml

__all__ = ["FailedFile", "LoadedFile", "decode", "read_file", "validate_file"]

_OTHER_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _read_text(path: Path, rel: str) -> str:
    """The file's text, refusing files that are too large or not UTF-8."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            # Never more than the limit is read, even from a file that grows meanwhile or
            # one whose size the system does not know (0).
            raw = file.read(size + 1) if 0 < size <= MAX_FILE_BYTES else b""
            if size == 0 or MAX_FILE_BYTES >= len(raw) > size:
                raw += file.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as exc:
        raise PlanError(Path(rel), 0, 0, (),
                        f"the file cannot be read ({exc.strerror or type(exc).__name__})",
                        "check that it is a file and that you may read it") from None
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        size = max(size, len(raw))
        raise PlanError(
            Path(rel), 0, 0, (),
            f"the file is {'more than ' if size == len(raw) else ''}"
            f"{size / 1024 / 1024:.1f} MiB, more than the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB a plan file may have",
            "split the plan: long texts can go into Markdown pages in the account's folder",
        )
    return decode(raw, rel)


def decode(raw: bytes, rel: str) -> str:
    """The text of a file's bytes: UTF-8, with or without a byte order mark."""
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise PlanError(
                Path(rel), 0, 0, (),
                f"the file is {encoding} (it starts with a {encoding} byte order mark), "
                "not UTF-8",
                "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
            )
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark, as some editors write
    even, odd = raw[0:16:2], raw[1:16:2]
    if len(raw) >= 4 and ((all(even) and not any(odd)) or (all(odd) and not any(even))):
        raise PlanError(
            Path(rel), 0, 0, (),
            "the file is not UTF-8: every other byte is 0, as in UTF-16",
            "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, column = line_column(prefix, len(prefix))
        raise PlanError(
            Path(rel), line, column, (),
            f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be read",
            "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
        ) from None


@dataclass(frozen=True)
class LoadedFile:
    """A valid plan file: what :func:`validate_file` gives."""

    rel: str
    """The file's path relative to the plans folder, e.g. ``accounts/korvat.yaml``."""
    model: Any
    """The validated model: a :class:`~kamgen.model.Programme`, a list of
    :class:`~kamgen.model.TeamMember`, an :class:`~kamgen.model.AccountPlan`, ..."""
    positions: Positions
    """Where each key path of the file starts."""
    digest: bytes | None = None
    """The digest of the file's content, where the loader made one (a preview)."""
    references: References = field(default_factory=References)
    """The ids the file refers to and those it defines."""


@dataclass(frozen=True)
class FailedFile:
    """A plan file with errors: what :func:`read_file` gives for it."""

    rel: str
    errors: tuple[PlanError, ...]
    """Every error of the file."""
    positions: Positions
    references: References | None
    """The ids the parts of the file that could be read refer to and define; ``None`` when
    the file could not be read as data at all."""


def read_file(path: Path, rel: str, kind: str) -> LoadedFile | FailedFile:
    """Read and validate one plan file of ``kind`` (a name of :data:`~kamgen.load.KINDS`:
    programme, team, territories, checklist, account): the valid file, or its errors with
    the references of what could be read, so that those are checked too."""
    plan_kind = KINDS[kind]
    try:
        text = _read_text(path, rel)
        document = read_yaml(text)
    except PlanError as error:
        return FailedFile(rel, (error,), Positions(), None)
    except YamlProblem as problem:
        hint = plan_kind.empty_hint if isinstance(problem, EmptyDocument) else problem.hint
        return FailedFile(rel, (PlanError(Path(rel), problem.line, problem.column,
                                          problem.key_path, problem.message, hint,
                                          excerpt(text, problem.line, problem.column,
                                                  problem.above)),),
                          Positions(), None)
    data = document.data
    positions = Positions(document.marks)
    if plan_kind.top_is_list and not isinstance(data, list):
        return FailedFile(rel, (PlanError(
            Path(rel), *positions.locate(()), (),
            f"expected a list at the top of the file; found {describe(data)}",
            plan_kind.shape_hint,
        ),), positions, None)
    if not plan_kind.top_is_list and not isinstance(data, dict):
        return FailedFile(rel, (PlanError(
            Path(rel), *positions.locate(()), (),
            f"expected a mapping of 'key: value' lines at the top of the file; "
            f"found {describe(data)}",
            plan_kind.shape_hint if isinstance(data, list)
            else plan_kind.shape_hint.replace(", not with '- '", ""),
        ),), positions, None)
    # Thousands separators are judged on the text as written; Pydantic's word on the same
    # value ("expected a number; found '2.400.000'") would only repeat it less clearly.
    thousands = thousands_errors(plan_kind.root, rel, document.thousands, positions, text)
    try:
        model = plan_kind.adapter.validate_python(data)
    except ValidationError as exc:
        said = {error.key_path for error in thousands}
        errors = [*thousands, *(error for error in errors_of(plan_kind.root, rel, exc, data,
                                                             positions, text)
                                if error.key_path not in said)]
        return FailedFile(rel, tuple(errors), positions,
                          read_references(kind, data, {e.key_path for e in errors}))
    if thousands:
        return FailedFile(rel, tuple(thousands), positions,
                          read_references(kind, data, {e.key_path for e in thousands}))
    return LoadedFile(rel, model, positions, references=read_references(kind, data))


def validate_file(path: Path, rel: str, kind: str) -> LoadedFile:
    """Read and validate one plan file of ``kind`` (a name of :data:`~kamgen.load.KINDS`:
    programme, team, territories, checklist, account); raises :class:`PlanErrors` with every
    problem of the file."""
    read = read_file(path, rel, kind)
    if isinstance(read, FailedFile):
        raise PlanErrors(read.errors)
    return read
