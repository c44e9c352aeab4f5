"""``checklists/<id>.yaml``: a checklist template."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._base import LocalText, Model, Slug


class ChecklistItem(Model):
    """One item of a checklist."""

    id: Slug
    """The item's id, unique in its checklist, used in ``checklists`` and ``checklist_state``."""
    text: LocalText
    """What to check or do, in English and German."""


class ChecklistTemplate(Model):
    """A checklist template; its id is the file name."""

    title: LocalText
    """The checklist's title in English and German."""
    applies_to: Literal["account", "programme"] = "account"
    """Whether account plans or the programme (kam.yaml) use this checklist."""
    description: LocalText | None = None
    """What the checklist is for, in English and German."""
    items: Annotated[list[ChecklistItem], Field(min_length=1)]
    """The checklist's items."""
