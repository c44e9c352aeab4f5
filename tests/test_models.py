"""The plan models: strictness, defaults, validators and documentation of every field."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import kamgen.model
from kamgen.model import (
    AccountPlan,
    BusinessYear,
    Contact,
    Objective,
    Pain,
    ProfileCriterion,
    Programme,
    RatingModel,
    TeamMember,
    ValueAddConcept,
)
from kamgen.model._base import LocalText
from kamgen.model.programme import ClassThresholds, ParetoLimits, ScorecardLimits

MINIMAL_PROGRAMME: dict[str, Any] = {
    "company": "Example AG",
    "fiscal_year": 2026,
    "rating": {"criteria": [{"id": "revenue", "name": "Revenue", "weight": 1}]},
}

MINIMAL_PLAN: dict[str, Any] = {"name": "Acme", "owner": "j.berger", "territory": "north"}


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in exc.value.errors()]


# --------------------------------------------------------------------------------------
# Unknown keys
# --------------------------------------------------------------------------------------


def test_unknown_key_in_a_nested_model_is_rejected() -> None:
    # "headquaters" is a typo of profile.headquarters: it must not be dropped silently.
    with pytest.raises(ValidationError) as exc:
        AccountPlan.model_validate({**MINIMAL_PLAN, "profile": {"headquaters": "Hamburg"}})
    assert errors(exc) == [(("profile", "headquaters"), "extra_forbidden")]


def test_unknown_key_deep_in_a_list_is_rejected() -> None:
    plan = {**MINIMAL_PLAN, "network": [
        {"id": "a", "name": "A", "influence": 3, "relationship": 3, "atitude": "champion"}]}
    with pytest.raises(ValidationError) as exc:
        AccountPlan.model_validate(plan)
    assert errors(exc) == [(("network", 0, "atitude"), "extra_forbidden")]


def test_unknown_key_in_the_programme_is_rejected() -> None:
    data = {**MINIMAL_PROGRAMME, "policy": {"review_max_age": 30}}
    with pytest.raises(ValidationError) as exc:
        Programme.model_validate(data)
    assert errors(exc) == [(("policy", "review_max_age"), "extra_forbidden")]


def test_models_are_frozen() -> None:
    pain = Pain(title="Downtime", impact="high")
    with pytest.raises(ValidationError):
        pain.title = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# Defaults
# --------------------------------------------------------------------------------------


def test_programme_defaults() -> None:
    programme = Programme.model_validate(MINIMAL_PROGRAMME)
    assert programme.language == "en"
    assert programme.currency == "EUR"
    assert programme.rating.scale == (1, 5)
    assert (programme.rating.classes.A, programme.rating.classes.B) == (70, 50)
    assert (programme.pareto.A, programme.pareto.B) == (80, 95)
    customers = programme.visits.norms.customers
    assert (customers.A, customers.B, customers.C) == (24, 12, 4)
    prospects = programme.visits.norms.prospects
    assert (prospects.important, prospects.other) == (6, 2)
    assert (programme.scorecard.green, programme.scorecard.amber) == (0.9, 0.6)
    policy = programme.policy
    assert policy.review_max_age_days == 120
    assert policy.contact_max_age_days == 90
    assert policy.visit_cost_share_max == 0.10
    assert policy.rules == {}
    assert programme.checklists == []
    assert programme.checklist_state == {}


def test_plan_and_item_defaults() -> None:
    plan = AccountPlan.model_validate(MINIMAL_PLAN)
    assert plan.status == "key_account"
    assert plan.rating is None
    assert plan.wallet is None
    assert plan.visits.per_year == 0
    assert plan.visits.extra_travel_cost == 0
    assert plan.confidential is False
    assert plan.business == [] and plan.network == [] and plan.actions == []
    objective = Objective(perspective="financial", objective="x", kpi="y", target=50)
    assert objective.direction == "up"
    assert objective.baseline is None and objective.actual is None
    assert ValueAddConcept(title="VMI").horizon_years == 3
    contact = Contact(id="a", name="A", influence=3, relationship=3)
    assert contact.attitude == "neutral"
    assert BusinessYear(year=2025, revenue=1).forecast is False


def test_defaults_are_not_shared_between_instances() -> None:
    a = AccountPlan.model_validate(MINIMAL_PLAN)
    b = AccountPlan.model_validate({**MINIMAL_PLAN, "tags": ["x"]})
    assert a.tags == []
    assert b.tags == ["x"]


# --------------------------------------------------------------------------------------
# Ordering validators
# --------------------------------------------------------------------------------------


def test_class_b_above_a_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"the threshold of class B \(80\) is above "
                                               r"class A \(70\)"):
        ClassThresholds(A=70, B=80)
    # Through the programme as well.
    data = {**MINIMAL_PROGRAMME,
            "rating": {**MINIMAL_PROGRAMME["rating"], "classes": {"A": 60, "B": 65}}}
    with pytest.raises(ValidationError, match=r"class B \(65\) is above class A \(60\)"):
        Programme.model_validate(data)
    # Equal thresholds are allowed (no class B).
    assert ClassThresholds(A=60, B=60).B == 60


def test_amber_above_green_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"amber \(0\.95\) is above green \(0\.9\)"):
        ScorecardLimits(green=0.9, amber=0.95)
    assert ScorecardLimits(green=0.8, amber=0.8).amber == 0.8


def test_pareto_b_below_a_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"the Pareto limit of B \(70\) is below A \(80\)"):
        ParetoLimits(A=80, B=70)
    assert ParetoLimits(A=90, B=90).B == 90


def test_scale_from_high_to_low_is_rejected() -> None:
    criteria = [{"id": "c", "name": "C", "weight": 1}]
    with pytest.raises(ValidationError, match=r"the scale must go from low to high, "
                                               r"found \[5, 1\]"):
        RatingModel.model_validate({"scale": [5, 1], "criteria": criteria})
    # A scale of one value has max − min = 0 and would divide by zero in the score.
    with pytest.raises(ValidationError, match=r"found \[3, 3\]"):
        RatingModel.model_validate({"scale": [3, 3], "criteria": criteria})
    assert RatingModel.model_validate({"scale": [0, 10], "criteria": criteria}).scale == (0, 10)


def test_rating_model_needs_criteria_with_positive_weights() -> None:
    with pytest.raises(ValidationError):
        RatingModel.model_validate({"criteria": []})
    with pytest.raises(ValidationError) as exc:
        RatingModel.model_validate({"criteria": [{"id": "c", "name": "C", "weight": 0}]})
    assert errors(exc) == [(("criteria", 0, "weight"), "greater_than")]


# --------------------------------------------------------------------------------------
# LocalText
# --------------------------------------------------------------------------------------


def test_local_text_needs_at_least_one_language() -> None:
    with pytest.raises(ValidationError, match="at least one language"):
        LocalText()
    with pytest.raises(ValidationError, match="at least one language"):
        LocalText.model_validate({})
    assert LocalText(en="Hello").en == "Hello"
    assert LocalText(de="Hallo").de == "Hallo"


def test_local_text_get_falls_back_to_the_other_language() -> None:
    both = LocalText(en="Negotiation", de="Verhandlung")
    assert both.get("en") == "Negotiation"
    assert both.get("de") == "Verhandlung"
    only_en = LocalText(en="Negotiation")
    assert only_en.get("de") == "Negotiation"
    only_de = LocalText(de="Verhandlung")
    assert only_de.get("en") == "Verhandlung"


def test_local_text_rejects_other_languages() -> None:
    with pytest.raises(ValidationError) as exc:
        LocalText.model_validate({"en": "x", "fr": "y"})
    assert errors(exc) == [(("fr",), "extra_forbidden")]


# --------------------------------------------------------------------------------------
# The strengths-weaknesses profile row
# --------------------------------------------------------------------------------------


def test_profile_criterion_keeps_competitor_columns() -> None:
    row = ProfileCriterion.model_validate(
        {"criterion": "Delivery reliability", "importance": 5, "us": 4,
         "chemsupply": 3, "polyhandel": 5})
    assert row.criterion == "Delivery reliability"
    assert (row.importance, row.us) == (5, 4)
    assert row.competitor_ratings == {"chemsupply": 3, "polyhandel": 5}


def test_profile_criterion_without_competitors() -> None:
    row = ProfileCriterion(criterion="Price", importance=3, us=2)
    assert row.competitor_ratings == {}


def test_profile_criterion_rejects_a_competitor_rating_of_7() -> None:
    with pytest.raises(ValidationError) as exc:
        ProfileCriterion.model_validate(
            {"criterion": "Price", "importance": 3, "us": 2, "chemsupply": 7})
    assert errors(exc) == [(("chemsupply",), "less_than_equal")]
    with pytest.raises(ValidationError) as exc:
        ProfileCriterion.model_validate(
            {"criterion": "Price", "importance": 3, "us": 2, "chemsupply": 0})
    assert errors(exc) == [(("chemsupply",), "greater_than_equal")]
    with pytest.raises(ValidationError):
        ProfileCriterion.model_validate(
            {"criterion": "Price", "importance": 3, "us": 2, "chemsupply": "good"})


def test_profile_criterion_own_ratings_are_1_to_5() -> None:
    with pytest.raises(ValidationError) as exc:
        ProfileCriterion.model_validate({"criterion": "Price", "importance": 6, "us": 0})
    assert sorted(errors(exc)) == [(("importance",), "less_than_equal"),
                                   (("us",), "greater_than_equal")]


# --------------------------------------------------------------------------------------
# Coercion and finite numbers
# --------------------------------------------------------------------------------------


def test_numbers_are_accepted_as_text() -> None:
    # YAML reads `title: 2030` and `kpi: 4.5` as numbers; they are meant as text.
    pain = Pain(title=2030, impact="low")  # type: ignore[arg-type]
    assert pain.title == "2030"
    objective = Objective.model_validate(
        {"perspective": "customer", "objective": 42, "kpi": 4.5, "target": 1})
    assert objective.objective == "42"
    assert objective.kpi == "4.5"
    plan = AccountPlan.model_validate({**MINIMAL_PLAN, "name": 3, "tags": [2026]})
    assert plan.name == "3"
    assert plan.tags == ["2026"]


def test_booleans_are_not_accepted_as_text() -> None:
    # YAML reads `title: yes` as True; that must be an error, not the text "True".
    with pytest.raises(ValidationError) as exc:
        Pain.model_validate({"title": True, "impact": "low"})
    assert errors(exc) == [(("title",), "string_type")]
    with pytest.raises(ValidationError) as exc:
        AccountPlan.model_validate({**MINIMAL_PLAN, "tags": [False]})
    assert errors(exc) == [(("tags", 0), "string_type")]


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_inf_and_nan_are_rejected_for_floats(bad: float) -> None:
    with pytest.raises(ValidationError) as exc:
        Objective(perspective="financial", objective="x", kpi="y", target=bad)
    assert errors(exc) == [(("target",), "finite_number")]
    with pytest.raises(ValidationError):
        BusinessYear(year=2025, revenue=1, margin=bad)
    with pytest.raises(ValidationError):
        TeamMember(id="a", name="A", annual_cost=bad)
    with pytest.raises(ValidationError):
        AccountPlan.model_validate({**MINIMAL_PLAN, "wallet": bad})


def test_inf_and_nan_written_as_text_are_rejected() -> None:
    for text in ("inf", "nan", "Infinity"):
        with pytest.raises(ValidationError):
            Objective.model_validate(
                {"perspective": "financial", "objective": "x", "kpi": "y", "target": text})


# --------------------------------------------------------------------------------------
# Documentation and the public names
# --------------------------------------------------------------------------------------


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model inside a field annotation (list[X], X | None, dict[str, X]…)."""
    found: list[type[BaseModel]] = []
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in typing.get_args(annotation):
        found += _nested_models(arg)
    return found


def all_models() -> list[type[BaseModel]]:
    """Every pydantic model of kamgen.model: those defined in its modules and, recursively,
    every model used in a field of one of them."""
    roots: list[type[BaseModel]] = []
    for info in pkgutil.iter_modules(kamgen.model.__path__):
        module = importlib.import_module(f"kamgen.model.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseModel) and obj.__module__.startswith("kamgen.model"):
                roots.append(obj)
    for name in kamgen.model.__all__:
        obj = getattr(kamgen.model, name)
        if inspect.isclass(obj) and issubclass(obj, BaseModel):
            roots.append(obj)
    seen: dict[str, type[BaseModel]] = {}
    todo = list(roots)
    while todo:
        model = todo.pop()
        key = f"{model.__module__}.{model.__qualname__}"
        if key in seen:
            continue
        seen[key] = model
        for field in model.model_fields.values():
            todo += _nested_models(field.annotation)
    return sorted(seen.values(), key=lambda m: m.__qualname__)


def test_all_models_found() -> None:
    names = {m.__name__ for m in all_models()}
    # Nested models that are not in __all__ must be reached too.
    assert {"ClassThresholds", "ParetoLimits", "CustomerNorms", "ProspectNorms",
            "ScorecardLimits", "RuleSeverity", "LocalText", "CustomerCounts",
            "ProspectCounts", "ProfileCriterion", "TowsStrategies"} <= names
    assert {"AccountPlan", "Programme", "ChecklistTemplate", "TeamMember",
            "Territory"} <= names


def test_every_field_of_every_model_has_a_description() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in all_models()
        for name, field in model.model_fields.items()
        if not (field.description or "").strip()
    ]
    assert missing == []


def test_every_model_has_a_docstring() -> None:
    missing = [m.__name__ for m in all_models()
               if not (m.__doc__ or "").strip() or m.__doc__ == BaseModel.__doc__]
    assert missing == []


def test_every_public_name_is_importable() -> None:
    assert len(kamgen.model.__all__) == len(set(kamgen.model.__all__))
    namespace: dict[str, Any] = {}
    exec("from kamgen.model import *", namespace)
    for name in kamgen.model.__all__:
        assert getattr(kamgen.model, name) is not None
        assert name in namespace


def test_public_names_cover_the_plan_file_roots() -> None:
    for name in ("Programme", "AccountPlan", "ChecklistTemplate", "TeamMember", "Territory",
                 "Portfolio", "cross_check"):
        assert name in kamgen.model.__all__


def test_union_helper_sees_through_optional_and_containers() -> None:
    # A check of the helper above, so the documentation test cannot pass by finding nothing.
    annotation = list[Contact] | None
    assert _nested_models(annotation) == [Contact]
    assert _nested_models(dict[str, list[Pain]]) == [Pain]
    assert _nested_models(types.NoneType) == []
