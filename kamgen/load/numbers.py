"""Numbers written with German thousands separators: ``96.000`` or ``2.400.000``.

YAML reads ``96.000`` as 96.0 and ``2.400.000`` as a text (and Pydantic would take the text
``"96.000"`` as 96.0), so an amount written as German accounts write it would silently
lose three zeros or fail with a message about text. Where such a value stands in a field
that holds an amount (a type marked :class:`~kamgen.model._base.Amount`) or a whole number,
it is an error with a hint to write the digits without separators; anywhere else (a KPI's
``1.500``, a text) it is what YAML reads.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from ..errors import PlanError
from ..model import Positions
from ..model._base import Amount
from ..model.portfolio import KeyPath
from .source import shorten
from .translate import model_at, unwrap

__all__ = ["takes_thousands", "thousands_errors"]


def _is_amount(field: FieldInfo) -> bool:
    """True when the field's type is marked as an amount, also inside ``| None``."""
    metadata = list(field.metadata)
    for member in typing.get_args(field.annotation):
        if typing.get_origin(member) is typing.Annotated:
            metadata += member.__metadata__
    return any(isinstance(meta, Amount) for meta in metadata)


def takes_thousands(root: Any, path: KeyPath) -> bool:
    """True when the value at ``path`` of a file validated as ``root`` is an amount or a
    whole number, where digits in groups of three after a dot can only be thousands."""
    _, field = model_at(root, path)
    if field is None:
        return False
    return _is_amount(field) or int in unwrap(field.annotation)


def _plain(number: float) -> str:
    """A number as YAML read it, without a trailing ``.0``: 96, 1.5, -2.4."""
    return repr(number).removesuffix(".0")


def thousands_errors(root: Any, rel: str, thousands: Iterable[tuple[KeyPath, str]],
                     positions: Positions) -> list[PlanError]:
    """An error for each value written with thousands separators (``96.000``) in a field
    of ``root`` that takes amounts or whole numbers; ``thousands`` are the values' key
    paths and texts, as the YAML reader gives them."""
    errors = []
    for path, written in thousands:
        if not takes_thousands(root, path):
            continue
        shown = shorten(written, 40)
        if written.count(".") == 1:
            message = (f"{shown} reads as {_plain(float(written))} "
                       "(a dot is a decimal point in YAML)")
        else:
            message = (f"{shown} is not a number in YAML "
                       "(a dot is a decimal point, and a number has one at most)")
        digits = shorten(written.replace(".", "").removeprefix("+"), 40)
        errors.append(PlanError(Path(rel), *positions.locate(path), path, message,
                                f"write {digits} without thousands separators"))
    return errors
