"""Read a plans folder into a validated :class:`~kamgen.model.Portfolio`.

The modules, in the order the text passes them: :mod:`~kamgen.load.gate` lists what may be
read, :mod:`~kamgen.load.plan_file` reads one file within :mod:`~kamgen.load.limits`,
:mod:`~kamgen.load.yaml_reader` turns its YAML into plain data with positions (its errors
worded by :mod:`~kamgen.load.yaml_errors`), Pydantic validates it and
:mod:`~kamgen.load.translate` words its errors, :mod:`~kamgen.load.folder` joins the files
into a portfolio.
"""

from .folder import load_portfolio, read_page
from .limits import (
    MAX_ATTACHMENT_BYTES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_KEY_LENGTH,
    MAX_PAGE_BYTES,
    MAX_VALUES,
)
from .plan_file import LoadedFile, validate_file
from .yaml_errors import EmptyDocument, YamlProblem
from .yaml_reader import parse_yaml

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_KEY_LENGTH",
    "MAX_PAGE_BYTES",
    "MAX_VALUES",
    "EmptyDocument",
    "LoadedFile",
    "YamlProblem",
    "load_portfolio",
    "parse_yaml",
    "read_page",
    "validate_file",
]
