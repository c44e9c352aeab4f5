"""Checklist completion: done / (items − not applicable)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import ChecklistTemplate


@dataclass(frozen=True)
class Completion:
    """A checklist's state counts and completion."""

    done: int
    open: int
    not_applicable: int
    completion: float | None
    """done / (items − n/a); ``None`` when every item is not applicable."""

    @property
    def applicable(self) -> int:
        """The items that apply: done + open."""
        return self.done + self.open


def completion(template: ChecklistTemplate, states: Mapping[str, str]) -> Completion:
    """Items without a state count as open."""
    done = sum(1 for item in template.items if states.get(item.id) == "done")
    not_applicable = sum(1 for item in template.items if states.get(item.id) == "n/a")
    applicable = len(template.items) - not_applicable
    return Completion(done, applicable - done, not_applicable,
                      done / applicable if applicable else None)
