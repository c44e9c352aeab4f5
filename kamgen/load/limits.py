"""The bounds kamgen puts on what it reads below a plans folder, in one place.

A file or folder beyond one of them is refused with an error that names it, before it costs
time or memory in proportion to its size.
"""

from __future__ import annotations

__all__ = [
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
]

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A plan file larger than this is refused before it is parsed."""
MAX_VALUES = 100_000
"""Most values one file may hold once aliases are expanded."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings, also where aliases put one inside another."""
MAX_DIGITS = 100
"""Most digits of a whole number; Python cannot even print one of more than 4,300."""
MAX_KEY_LENGTH = 1024
"""Longest key, in characters: YAML's own limit for a key written without '?'."""
MAX_PAGE_BYTES = 2 * 1024 * 1024
"""A Markdown page beside a plan may be this large."""
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
"""A passive file beside a plan (an image, a PDF) may be this large."""
MAX_ENTRIES = 50_000
"""Most files and folders a plans folder may hold (a runaway copy is refused, not read)."""
MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""An export named in kam.yaml's imports (CSV or XLSX) may be this large."""
MAX_IMPORT_UNPACKED_BYTES = 64 * 1024 * 1024
"""The parts of an XLSX export may unpack to this much at most: a workbook that claims
more (a zip bomb) is refused before it is opened."""
MAX_IMPORT_ROWS = 100_000
"""Most rows an export may hold, its header included."""
MAX_IMPORT_COLUMNS = 1_000
"""Most columns kamgen looks at in an export's header."""
