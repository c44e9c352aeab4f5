"""Shared building blocks of the plan models: the base class, ids and small value types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PERSON_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""An id that becomes a file name and a URL: lowercase letters, digits and hyphens."""

PersonId = Annotated[str, StringConstraints(pattern=PERSON_PATTERN, max_length=80)]
"""A person's handle in team.yaml, such as ``j.berger``: lowercase letters, digits, ``.``, ``-``."""

Markdown = str
"""Free text that is rendered as Markdown."""

Score1to5 = Annotated[int, Field(ge=1, le=5)]
Count = Annotated[int, Field(ge=0)]
MAX_AMOUNT = 10**15
"""The largest amount a plan may give, in the programme currency (a thousand trillion): more
than any account's revenue in any currency, small enough that whole amounts stay exact in
a float and that sums, ratios and charts of them stay finite."""


@dataclass(frozen=True)
class Amount:
    """Marks a type as an amount in the programme currency (in ``Annotated``).

    The loader refuses an amount written with German thousands separators, ``96.000`` or
    ``2.400.000``, which YAML reads as 96.0 and as a text: no amount needs three decimals.
    """


Money = Annotated[float, Field(ge=0, le=MAX_AMOUNT), Amount()]
"""An amount in the programme currency, 0 to :data:`MAX_AMOUNT`."""
SignedMoney = Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT), Amount()]
"""An amount that may be negative, such as a margin: −:data:`MAX_AMOUNT` to :data:`MAX_AMOUNT`."""
ItemState = Literal["open", "done", "n/a"]
AccountClass = Literal["A", "B", "C"]
Shareable = Literal["rating", "visit_costs", "financial", "business", "margins", "competitors",
                    "swot", "notes", "attitudes", "checklists"]
"""Kinds of content that are internal by nature and that a programme or a plan may share
with the customer anyway (see kamgen.audience)."""
SHAREABLE: tuple[Shareable, ...] = ("rating", "visit_costs", "financial", "business",
                                    "margins", "competitors", "swot", "notes", "attitudes",
                                    "checklists")


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, field docstrings document the schema."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        coerce_numbers_to_str=True,
        allow_inf_nan=False,
        validate_default=False,
    )


class LocalText(Model):
    """A text in English and German; at least one of them."""

    en: str | None = None
    """The English text."""
    de: str | None = None
    """The German text."""

    @model_validator(mode="after")
    def _one_language(self) -> LocalText:
        if self.en is None and self.de is None:
            raise ValueError("give the text in at least one language, en or de")
        return self

    def get(self, language: str) -> str:
        """The text in ``language``, or in the other language when it is missing."""
        first, second = (self.de, self.en) if language == "de" else (self.en, self.de)
        return first or second or ""
