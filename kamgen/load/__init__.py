"""Read a plans folder into a validated :class:`~kamgen.model.Portfolio`.

The modules, in the order a file passes them: :mod:`~kamgen.load.gate` lists what may be
read, by the registry of kinds in :mod:`~kamgen.load.kinds`; :mod:`~kamgen.load.plan_file`
reads one file within :mod:`~kamgen.load.limits`; :mod:`~kamgen.load.yaml_reader` turns its
YAML into plain data with positions (the libraries' errors worded by
:mod:`~kamgen.load.yaml_errors`); Pydantic validates it, and :mod:`~kamgen.load.translate`
words its errors, and :mod:`~kamgen.load.numbers` those of amounts written with thousands
dots; :mod:`~kamgen.load.imports` reads the CRM and ERP exports that kam.yaml's imports name
and merges their figures into the plans; :mod:`~kamgen.load.folder` joins the files into a
portfolio, collecting every error of every file before it fails once.

The registry and the limits import nothing heavy; the rest, which needs Pydantic and the
models, is imported when first used, so that ``kamgen --help`` lists the kinds fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .kinds import KINDS, PLAN_FILE_KINDS, PlanKind
from .limits import (
    MAX_ATTACHMENT_BYTES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_UNPACKED_BYTES,
    MAX_KEY_LENGTH,
    MAX_PAGE_BYTES,
    MAX_VALUES,
)

if TYPE_CHECKING:
    from .folder import load_portfolio, read_page
    from .plan_file import LoadedFile, validate_file
    from .yaml_errors import EmptyDocument, YamlProblem
    from .yaml_reader import parse_yaml

__all__ = [
    "KINDS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_COLUMNS",
    "MAX_IMPORT_ROWS",
    "MAX_IMPORT_UNPACKED_BYTES",
    "MAX_KEY_LENGTH",
    "MAX_PAGE_BYTES",
    "MAX_VALUES",
    "PLAN_FILE_KINDS",
    "EmptyDocument",
    "LoadedFile",
    "PlanKind",
    "YamlProblem",
    "load_portfolio",
    "parse_yaml",
    "read_page",
    "validate_file",
]

_LATER = {
    "load_portfolio": "folder",
    "read_page": "folder",
    "LoadedFile": "plan_file",
    "validate_file": "plan_file",
    "EmptyDocument": "yaml_errors",
    "YamlProblem": "yaml_errors",
    "parse_yaml": "yaml_reader",
}
"""The names imported when first used, and their modules."""


def __getattr__(name: str) -> Any:
    """A name of :data:`_LATER`, imported from its module the first time it is asked for."""
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LATER})
