"""Read a plans folder into a validated :class:`~kamgen.model.Portfolio`."""

from .yaml_reader import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_FILE_BYTES,
    MAX_KEY_LENGTH,
    MAX_VALUES,
    load_portfolio,
    parse_yaml,
    validate_file,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "MAX_KEY_LENGTH",
    "MAX_VALUES",
    "load_portfolio",
    "parse_yaml",
    "validate_file",
]
