"""Numbers written with German thousands separators: ``96.000`` or ``2.400.000``.

YAML reads ``96.000`` as 96.0 and ``2.400.000`` as a text (and Pydantic would take the text
``"96.000"`` as 96.0), so an amount written as German accounts write it would silently
lose three zeros or fail with a message about text. Where such a value stands in a field
that holds an amount (a type marked :class:`~kamgen.model._base.Amount`) or a whole number,
it is an error with a hint to write the digits without separators. In any other number
(a KPI's target) only a value with two dots or more is: ``1.500`` may be one and a half
there, ``2.400.000`` is no number at all. In a text it is the text.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic.fields import FieldInfo

from ..errors import PlanError
from ..model import Positions
from ..model._base import Amount
from ..model.portfolio import KeyPath
from .source import excerpt, shorten
from .translate import model_at, unwrap

__all__ = ["takes_thousands", "thousands_errors"]

_Number = Literal["amount", "whole", "decimal"]


def _is_amount(field: FieldInfo) -> bool:
    """True when the field's type is marked as an amount, also inside ``| None``."""
    metadata = list(field.metadata)
    for member in typing.get_args(field.annotation):
        if typing.get_origin(member) is typing.Annotated:
            metadata += member.__metadata__
    return any(isinstance(meta, Amount) for meta in metadata)


def _number_at(root: Any, path: KeyPath) -> _Number | None:
    """What kind of number the field at ``path`` of a file validated as ``root`` holds:
    an amount, a whole number, another number; ``None`` when it is no number."""
    _, field = model_at(root, path)
    if field is None:
        return None
    if _is_amount(field):
        return "amount"
    types = unwrap(field.annotation)
    return "whole" if int in types else "decimal" if float in types else None


def takes_thousands(root: Any, path: KeyPath, written: str) -> bool:
    """True when ``written``, digits in groups of three after dots, can only be thousands
    at ``path`` of a file validated as ``root``: in an amount or a whole number, or with
    two dots or more in any number."""
    number = _number_at(root, path)
    return number in ("amount", "whole") or (number == "decimal" and written.count(".") > 1)


def _plain(number: float) -> str:
    """A number as YAML read it, without a trailing ``.0``: 96, 1.5, -2.4."""
    return repr(number).removesuffix(".0")


def thousands_errors(root: Any, rel: str, thousands: Iterable[tuple[KeyPath, str]],
                     positions: Positions, text: str = "") -> list[PlanError]:
    """An error for each value written with thousands separators (``96.000``) where it can
    only be thousands (:func:`takes_thousands`) in a file validated as ``root``;
    ``thousands`` are the values' key paths and texts, as the YAML reader gives them; each
    error shows its line of ``text``, the file's text, when it is given."""
    errors = []
    for path, written in thousands:
        if not takes_thousands(root, path, written):
            continue
        shown = shorten(written, 40)
        if written.count(".") == 1:
            message = (f"{shown} reads as {_plain(float(written))} "
                       "(a dot is a decimal point in YAML)")
        else:
            message = (f"{shown} is not a number in YAML "
                       "(a dot is a decimal point, and a number has one at most)")
        digits = shorten(written.replace(".", "").removeprefix("+"), 40)
        line, column = positions.locate(path)
        errors.append(PlanError(Path(rel), line, column, path, message,
                                f"write {digits} without thousands separators",
                                excerpt(text, line, column) if text else ()))
    return errors
