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
