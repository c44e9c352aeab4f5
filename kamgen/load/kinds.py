"""The kinds of file kamgen reads below a plans folder: one registry.

Each :class:`PlanKind` says once what the gate, the loader, ``kamgen schema``, ``kamgen new``
and the command line know about a kind: its model, where its files lie, how its top looks,
the hints for a file without data or of the wrong shape, and its JSON Schema. Nothing else
lists the kinds.

Five kinds are plan files of their own, each with a JSON Schema for editors; the sixth,
``page``, is the front matter of the Markdown pages in an account's folder: validated by a
model of its own and read by the same YAML reader, but neither a plan file nor a schema.

This module imports neither Pydantic nor the models until a model is asked for, so that the
command line can offer the kinds without that cost.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import GenericAlias, MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = ["KINDS", "PLAN_FILE_KINDS", "SCHEMA_FOLDER", "PlanKind"]

SCHEMA_FOLDER = ".schema"
"""The folder in the plans folder that ``kamgen schema`` writes to; MkDocs skips dot-folders."""


@dataclass(frozen=True)
class PlanKind:
    """One kind of file below a plans folder."""

    name: str
    """The kind's name: ``account``; also the stem of its schema file."""
    label: str
    """What people call a file of the kind: ``key account plan``."""
    model: str
    """The model a file (or, with :attr:`top_is_list`, each entry) is validated as:
    ``module:Class``, imported when first needed."""
    description: str
    """What a file of the kind holds, for its JSON Schema."""
    empty_hint: str
    """The hint for a file without data (empty, only comments); empty when a file of the
    kind may hold no data (a page without front matter)."""
    shape_hint: str
    """The hint for a file whose top is not a list (:attr:`top_is_list`) or a mapping."""
    top_is_list: bool = False
    """True when the file is a list of entries (``- id: ...``), not a mapping of keys."""
    file: str | None = None
    """The one file of the kind, at the top of the plans folder: ``kam.yaml``."""
    folder: str | None = None
    """The folder that holds one file per id, ``<folder>/<id>.yaml``; the id is the name."""
    folder_plan: str | None = None
    """The name of the plan in a folder of its own, ``<folder>/<id>/plan.yaml``, beside its
    pages and the files they use."""
    front_matter_of: str | None = None
    """Not a plan file: the kind of plan in whose folder the Markdown pages lie whose front
    matter this kind is."""

    @property
    def plan_file(self) -> bool:
        """True for a YAML plan file of its own, with a JSON Schema."""
        return self.front_matter_of is None

    @property
    def places(self) -> tuple[str, ...]:
        """Where files of the kind lie, as plan-format.md writes it: ``accounts/<id>.yaml``."""
        if self.file is not None:
            return (self.file,)
        if self.folder is not None:
            own = (f"{self.folder}/<id>/{self.folder_plan}",) if self.folder_plan else ()
            return (f"{self.folder}/<id>.yaml", *own)
        assert self.front_matter_of is not None
        return (f"{KINDS[self.front_matter_of].folder}/<id>/*.md",)

    @property
    def title(self) -> str:
        """The title of the kind's JSON Schema: ``kamgen team (team.yaml)``."""
        return f"kamgen {self.label} ({self.places[0]})"

    @property
    def schema_file(self) -> str | None:
        """The name of the kind's JSON Schema file, ``account.schema.json``; None for a kind
        that is not a plan file."""
        return f"{self.name}.schema.json" if self.plan_file else None

    def schema_path(self, rel: str) -> str:
        """The kind's schema file relative to the file ``rel`` (relative to the plans folder),
        as the editor modeline of that file gives it: ``../.schema/account.schema.json``."""
        if self.schema_file is None:
            raise ValueError(f"the kind {self.name!r} is not a plan file and has no schema")
        return "../" * rel.count("/") + f"{SCHEMA_FOLDER}/{self.schema_file}"

    @property
    def modeline_path(self) -> str:
        """:meth:`schema_path` for a file where the kind's files lie first (a new plan)."""
        return self.schema_path(self.places[0])

    def file_id(self, rel: str) -> str:
        """The id a file gives itself by its place: ``accounts/<id>/plan.yaml`` → ``<id>``,
        ``checklists/<id>.yaml`` → ``<id>``, ``kam.yaml`` → ``kam``."""
        parts = rel.split("/")
        if self.folder_plan is not None and len(parts) == 3:
            return parts[1]
        return parts[-1].removesuffix(".yaml")

    @cached_property
    def root(self) -> Any:
        """The type of a whole file: the model, or a list of the model."""
        module, _, name = self.model.partition(":")
        model = getattr(importlib.import_module(module), name)
        return GenericAlias(list, (model,)) if self.top_is_list else model

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        """The Pydantic type adapter of :attr:`root`, made when first asked for."""
        from pydantic import TypeAdapter

        return TypeAdapter(self.root)


_LIST_HINT = "start each entry with '- id: ...'"

KINDS: Mapping[str, PlanKind] = MappingProxyType({kind.name: kind for kind in (
    PlanKind(
        "programme", "programme", "kamgen.model.programme:Programme",
        "The KAM programme: company, site language, currency, customer rating system, "
        "visit norms, charter, the five KAM areas and the completeness policy.",
        empty_hint="write the programme's keys: company, language, currency, fiscal_year, "
                   "rating, ...",
        shape_hint="kam.yaml starts with keys such as 'company:' and 'language:', "
                   "not with '- '",
        file="kam.yaml",
    ),
    PlanKind(
        "team", "team", "kamgen.model.team:TeamMember",
        "Our people, with their visit capacity and cost: a list whose entries start with "
        "'- id: ...'.",
        empty_hint="list the team members, each starting with '- id: ...'",
        shape_hint=_LIST_HINT, top_is_list=True, file="team.yaml",
    ),
    PlanKind(
        "territories", "territories", "kamgen.model.territories:Territory",
        "Sales territories with the customers and prospects that have no plan of their own: "
        "a list whose entries start with '- id: ...'.",
        empty_hint="list the territories, each starting with '- id: ...'",
        shape_hint=_LIST_HINT, top_is_list=True, file="territories.yaml",
    ),
    PlanKind(
        "checklist", "checklist template", "kamgen.model.checklist:ChecklistTemplate",
        "A checklist template; its id is the file name.",
        empty_hint="write the checklist's title and items",
        shape_hint="a checklist starts with keys such as 'title:' and 'items:', not with '- '",
        folder="checklists",
    ),
    PlanKind(
        "account", "key account plan", "kamgen.model.account:AccountPlan",
        "A key account plan (Kundenentwicklungsplan, KEP) in accounts/<id>.yaml or "
        "accounts/<id>/plan.yaml; its id is the file or folder name.",
        empty_hint="write the plan's keys, or start from 'kamgen new account ID'",
        shape_hint="a plan starts with keys such as 'name:' and 'owner:', not with '- '; "
                   "see 'kamgen new account ID'",
        folder="accounts", folder_plan="plan.yaml",
    ),
    PlanKind(
        "page", "page front matter", "kamgen.model.page:PageMeta",
        "The front matter of a Markdown page beside a plan, between two '---' lines.",
        empty_hint="",
        shape_hint="the front matter may set title, description, tags and internal",
        front_matter_of="account",
    ),
)})
"""Every kind by name, in the order the loader reads them and ``kamgen schema`` writes them."""

PLAN_FILE_KINDS: tuple[PlanKind, ...] = tuple(kind for kind in KINDS.values() if kind.plan_file)
"""The kinds that are plan files of their own, each with a JSON Schema."""
