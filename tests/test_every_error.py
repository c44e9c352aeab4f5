"""One run reports every error: the schema errors of a file and the references in it to ids
that do not exist, and a broken entry of team.yaml hides no reference of the plans.

Broken inputs are the example plans with small, targeted edits (each edit asserts that it
happened). Expected messages are written out in full: they are the product's interface.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kamgen.cli import main
from kamgen.errors import PlanError, PlanErrors
from kamgen.load import load_portfolio

PLANS = Path(__file__).resolve().parents[1] / "plans"
KORVAT = "accounts/korvat-hausgeraete.yaml"
NORDWERK = "accounts/nordwerk-chemie/plan.yaml"
ELBKANT = "accounts/elbkant-verpackungen.yaml"

TEAM_IDS = "team.yaml ids that exist: j.berger, m.kaya, s.hoffmann, t.wagner"
TERRITORY_IDS = "territories.yaml ids that exist: north, south, west"
ATTITUDES = "champion, supporter, neutral, sceptic, opponent"

Row = tuple[str, int, int, str, str, str]


@pytest.fixture
def plans_copy(tmp_path: Path) -> Path:
    """A copy of the example plans that a test may break."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    """Replace the ``count`` occurrences of ``old`` in ``root/rel``."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rows(root: Path) -> list[Row]:
    """Every error of the portfolio, in the order they are reported."""
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(root)
    return [as_row(error) for error in caught.value.errors]


def as_row(error: PlanError) -> Row:
    return (error.path.as_posix(), error.line, error.column, error.key, error.message,
            error.hint)


SUPORTER: Row = (
    KORVAT, 45, 5, "network[1].attitude",
    f"expected one of {ATTITUDES}; found 'suporter'",
    f"did you mean 'supporter'? allowed: {ATTITUDES}",
)
T_WANGER: Row = (KORVAT, 4, 1, "owner", "unknown team member 't.wanger'",
                 f"did you mean 't.wagner'? {TEAM_IDS}")


def break_korvat(root: Path) -> None:
    """The plan of the issue: a misspelt attitude and an unknown owner."""
    edit(root, KORVAT, "    attitude: supporter\n    relationship: 4\n    owner: t.wagner",
         "    attitude: suporter\n    relationship: 4\n    owner: t.wagner")
    edit(root, KORVAT, "\nowner: t.wagner", "\nowner: t.wanger")


# --- one file with schema errors and broken references -----------------------------------


def test_a_plan_with_a_schema_error_and_an_unknown_owner_reports_both(
        plans_copy: Path) -> None:
    break_korvat(plans_copy)
    assert rows(plans_copy) == [T_WANGER, SUPORTER]


def test_a_reference_in_the_item_that_failed_is_still_checked(plans_copy: Path) -> None:
    # network[1] has a misspelt attitude and an unknown owner: the owner is still read.
    edit(plans_copy, KORVAT, "    attitude: supporter\n    relationship: 4\n    owner: t.wagner",
         "    attitude: suporter\n    relationship: 4\n    owner: t.wagnr")
    assert rows(plans_copy) == [
        SUPORTER,
        (KORVAT, 47, 5, "network[1].owner", "unknown team member 't.wagnr'",
         f"did you mean 't.wagner'? {TEAM_IDS}"),
    ]


def test_every_kind_of_reference_of_a_plan_with_errors_is_checked(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "status: key_account", "status: active")
    edit(plans_copy, KORVAT, "territory: west", "territory: wset")
    edit(plans_copy, KORVAT, "reports_to: g-lorenz", "reports_to: g-lorentz")
    assert rows(plans_copy) == [
        (KORVAT, 3, 1, "status",
         "expected one of key_account, candidate, former; found 'active'",
         "allowed: key_account, candidate, former"),
        (KORVAT, 5, 1, "territory", "unknown territory 'wset'",
         f"did you mean 'west'? {TERRITORY_IDS}"),
        (KORVAT, 42, 5, "network[1].reports_to", "unknown contact 'g-lorentz'",
         "did you mean 'g-lorenz'? network ids that exist: g-lorenz, n-akgul"),
    ]


def test_an_unknown_competitor_column_in_a_plan_with_errors(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "chemsupply: 3, polytrade: 4}", "chemsuply: 3, polytrade: 4}")
    edit(plans_copy, NORDWERK, "industry: Chemie", "industry: [Chemie]")
    assert rows(plans_copy) == [
        (NORDWERK, 7, 1, "industry", "expected text; found a list",
         "write the text after the key"),
        (NORDWERK, 194, 54, "positioning.profile[0].chemsuply",
         "unknown competitor 'chemsuply' in the strengths-weaknesses profile",
         "did you mean 'chemsupply'? competitor ids in positioning.competitors that exist: "
         "chemsupply, polytrade; besides them a row holds criterion, importance and us"),
    ]


def test_an_unknown_rating_criterion_in_a_plan_with_errors(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "reference: 3}", "reference: 3, referenz: 2}")
    edit(plans_copy, KORVAT, "status: key_account", "status: active")
    assert [row[3:] for row in rows(plans_copy)] == [
        ("status", "expected one of key_account, candidate, former; found 'active'",
         "allowed: key_account, candidate, former"),
        ("rating.referenz", "unknown rating criterion 'referenz'",
         "did you mean 'reference'? criteria in kam.yaml that exist: fit, margin, potential, "
         "reference, revenue"),
    ]


def test_a_duplicate_rating_criterion_in_a_kam_yaml_with_errors(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", "{id: margin, name: Deckungsbeitrag",
         "{id: revenue, name: Deckungsbeitrag")
    edit(plans_copy, "kam.yaml", "currency: EUR", "currency: euro")
    # (and the plans rate 'margin', which kam.yaml no longer has: as with a valid kam.yaml)
    assert [row for row in rows(plans_copy) if row[0] == "kam.yaml"] == [
        ("kam.yaml", 5, 1, "currency",
         "expected a three-letter currency code in capitals; found 'euro'",
         "write an ISO 4217 code such as 'EUR'"),
        ("kam.yaml", 12, 8, "rating.criteria[1].id",
         "duplicate criterion id 'revenue' (also item 0)", "give every criterion its own id"),
    ]


def test_a_reference_that_fails_validation_itself_is_reported_once(plans_copy: Path) -> None:
    # 'T Wagner' is not an id at all: the schema says so, and no "unknown team member" follows.
    edit(plans_copy, KORVAT, "\nowner: t.wagner", "\nowner: T Wagner")
    (only,) = rows(plans_copy)
    assert only[:4] == (KORVAT, 4, 1, "owner")
    assert "unknown" not in only[4]


def test_a_contact_whose_id_cannot_be_read_causes_no_follow_up_errors(
        plans_copy: Path) -> None:
    # Without the id of n-akgul the contacts that exist are not known: the decided_by that
    # names her is not reported as unknown.
    edit(plans_copy, KORVAT, "  - id: n-akgul\n    name: Nina Akgül\n", "  - name: Nina Akgül\n")
    assert [row[:5] for row in rows(plans_copy)] == [
        (KORVAT, 39, 5, "network[1].id", "missing required key 'id'")]


def test_a_contact_id_that_is_not_valid_causes_no_follow_up_errors(plans_copy: Path) -> None:
    # decided_by names f-olsen, whose id is now written 'F Olsen': one error, in the network.
    edit(plans_copy, NORDWERK, "  - id: f-olsen\n", "  - id: F Olsen\n")
    assert rows(plans_copy) == [
        (NORDWERK, 325, 5, "network[5].id",
         "expected an id of lowercase letters, digits and '-'; found 'F Olsen'",
         "ids become file names and web addresses: write e.g. 'f-olsen'")]


# --- a broken entry of team.yaml ---------------------------------------------------------


def test_a_broken_team_member_still_counts_as_known(plans_copy: Path) -> None:
    # j.berger's entry is broken; nordwerk-chemie (owner j.berger) is fine, korvat (owner
    # t.wagner, a good member) too, and elbkant's unknown x.unbekannt is still reported.
    edit(plans_copy, "team.yaml", "  visit_days: 110\n", "  visit_days: 1100\n")
    edit(plans_copy, ELBKANT, "territory: north", "territory: north\nteam: [x.unbekannt]")
    assert rows(plans_copy) == [
        (ELBKANT, 6, 8, "team[0]", "unknown team member 'x.unbekannt'", TEAM_IDS),
        ("team.yaml", 15, 3, "[1].visit_days", "expected a number from 0 to 366; found 1100",
         "allowed: 0 to 366"),
    ]


def test_a_team_yaml_error_hides_no_error_of_the_plans(plans_copy: Path) -> None:
    edit(plans_copy, "team.yaml", "  visit_days: 110\n", "  visit_days: 1100\n")
    break_korvat(plans_copy)
    edit(plans_copy, "kam.yaml", "    owner: s.hoffmann", "    owner: s.hofmann")
    found = rows(plans_copy)
    assert [row[:4] for row in found] == [
        (KORVAT, 4, 1, "owner"),
        (KORVAT, 45, 5, "network[1].attitude"),
        ("kam.yaml", 114, 5, "areas.solutions.owner"),
        ("team.yaml", 15, 3, "[1].visit_days"),
    ]
    assert found[0] == T_WANGER


def test_a_team_member_without_an_id_leaves_references_to_the_team_unchecked(
        plans_copy: Path) -> None:
    # Which member is meant cannot be known: no plan gets an "unknown team member" error
    # that fixing team.yaml would take back.
    edit(plans_copy, "team.yaml", "- id: j.berger\n  name: Julia Berger\n",
         "- name: Julia Berger\n")
    edit(plans_copy, KORVAT, "\nowner: t.wagner", "\nowner: t.wanger")
    assert rows(plans_copy) == [
        ("team.yaml", 11, 3, "[1].id", "missing required key 'id'",
         "add 'id:' here (The person's handle, used as ``owner`` everywhere, e.g. "
         "``j.berger``.)"),
    ]


def test_a_team_id_that_is_not_valid_leaves_references_to_the_team_unchecked(
        plans_copy: Path) -> None:
    # Eight plans and kam.yaml name t.wagner: none of them gets an error that correcting
    # the id in team.yaml would take back.
    edit(plans_copy, "team.yaml", "- id: t.wagner\n", "- id: T.Wagner\n")
    assert rows(plans_copy) == [
        ("team.yaml", 29, 3, "[3].id",
         "expected an id of lowercase letters, digits, '.' and '-'; found 'T.Wagner'",
         "ids become file names and web addresses: write e.g. 't.wagner'")]


def test_a_duplicate_id_in_a_broken_team_yaml_is_reported(plans_copy: Path) -> None:
    edit(plans_copy, "team.yaml", "- id: t.wagner\n", "- id: j.berger\n")
    edit(plans_copy, "team.yaml", "  visit_days: 120\n", "  visit_days: -1\n")
    found = rows(plans_copy)
    assert ("team.yaml", 29, 3, "[3].id", "duplicate team member id 'j.berger' (also item 1)",
            "give every team member its own id") in found
    assert ("team.yaml", 24, 3, "[2].visit_days", "expected a number from 0 to 366; found -1",
            "allowed: 0 to 366") in found


# --- the other files that define ids ----------------------------------------------------


def test_a_broken_territory_still_counts_as_known(plans_copy: Path) -> None:
    edit(plans_copy, "territories.yaml", "  name: West\n", "  name: [West]\n")
    edit(plans_copy, NORDWERK, "territory: north", "territory: nord")
    assert [row[:5] for row in rows(plans_copy)] == [
        (NORDWERK, 6, 1, "territory", "unknown territory 'nord'"),
        ("territories.yaml", 29, 3, "[2].name", "expected text; found a list"),
    ]


def test_the_items_of_a_broken_checklist_still_count_as_known(plans_copy: Path) -> None:
    edit(plans_copy, "checklists/partnership.yaml", "  - id: pa-02\n    text:\n",
         "  - id: pa-02\n    txt:\n")
    edit(plans_copy, NORDWERK, "    pa-03: open", "    pa-33: open")
    assert [row[:5] for row in rows(plans_copy)] == [
        (NORDWERK, 395, 5, "checklists.partnership.pa-33",
         "unknown item 'pa-33' of checklist 'partnership'"),
        ("checklists/partnership.yaml", 12, 5, "items[1].txt", "unknown key 'txt'"),
    ]


def test_kam_yaml_with_an_error_still_has_its_references_checked(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", "currency: EUR", "currency: euro")
    edit(plans_copy, "kam.yaml", "    owner: s.hoffmann", "    owner: s.hofmann")
    assert [row[:5] for row in rows(plans_copy)] == [
        ("kam.yaml", 5, 1, "currency",
         "expected a three-letter currency code in capitals; found 'euro'"),
        ("kam.yaml", 114, 5, "areas.solutions.owner", "unknown team member 's.hofmann'"),
    ]


# --- the commands --------------------------------------------------------------------------


def two_errors(plans: Path) -> str:
    break_korvat(plans)
    return f"{plans}/{KORVAT}"


def test_validate_shows_both_errors(plans_copy: Path, capsys: pytest.CaptureFixture[str]
                                    ) -> None:
    korvat = two_errors(plans_copy)
    assert main(["validate", str(plans_copy)]) == 1
    assert capsys.readouterr().err == (
        f"{korvat}:4:1: owner: unknown team member 't.wanger'\n"
        f"    hint: did you mean 't.wagner'? {TEAM_IDS}\n"
        f"{korvat}:45:5: network[1].attitude: expected one of {ATTITUDES}; found 'suporter'\n"
        f"    hint: did you mean 'supporter'? allowed: {ATTITUDES}\n"
        "2 errors in 1 file\n"
    )


def test_check_shows_both_errors(plans_copy: Path, capsys: pytest.CaptureFixture[str]
                                 ) -> None:
    korvat = two_errors(plans_copy)
    assert main(["check", str(plans_copy), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(e["file"], e["line"], e["key"]) for e in document["errors"]] == [
        (korvat, 4, "owner"), (korvat, 45, "network[1].attitude")]
    assert main(["check", str(plans_copy), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("::")[1].split(",")[1:3] for line in lines] == [
        ["line=4", "col=1"], ["line=45", "col=5"]]


def test_build_shows_both_errors_and_builds_nothing(
        plans_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    korvat = two_errors(plans_copy)
    assert main(["build", str(plans_copy), "--site-dir", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert err.endswith("2 errors in 1 file\n")
    assert f"{korvat}:4:1: owner: unknown team member 't.wanger'" in err
    assert f"{korvat}:45:5: network[1].attitude:" in err
    assert not (tmp_path / "site").exists()


# --- shapes that hold no ids where ids are expected ----------------------------------------


@pytest.mark.parametrize(("old", "new"), [
    ("\nowner: t.wagner", "\nowner: {id: t.wagner}"),
    ("\nowner: t.wagner", "\nowner: [t.wagner]"),
    ("\nowner: t.wagner", "\nowner:"),
    ("territory: west", "territory: [west, west]"),
    ("reports_to: g-lorenz", "reports_to: {g-lorenz: 1}"),
    ("  - id: n-akgul\n", "  - id: [n-akgul]\n"),
    ("  - id: n-akgul\n", "  - id: true\n"),
    ("network:\n", "network: {}\nxnetwork:\n"),
], ids=["owner-mapping", "owner-list", "owner-empty", "territory-list",
        "reports-to-mapping", "contact-id-list", "contact-id-bool", "network-mapping"])
def test_references_of_the_wrong_shape_give_only_the_schema_error(
        plans_copy: Path, old: str, new: str) -> None:
    edit(plans_copy, KORVAT, old, new)
    found = rows(plans_copy)
    assert found and all(row[0] == KORVAT for row in found)
    assert not any(row[4].startswith("unknown team member")
                   or row[4].startswith("unknown territory")
                   or row[4].startswith("unknown contact") for row in found)


def test_a_number_where_an_id_is_expected_is_read_as_its_text(plans_copy: Path) -> None:
    # as the models read it: owner 42 is the id '42', which no one has
    edit(plans_copy, KORVAT, "\nowner: t.wagner", "\nowner: 42")
    assert rows(plans_copy) == [(KORVAT, 4, 1, "owner", "unknown team member '42'", TEAM_IDS)]


def test_checklist_states_of_the_wrong_shape_give_only_the_schema_error(
        plans_copy: Path) -> None:
    states = "".join(f"    pa-0{n}: {state}\n" for n, state in enumerate(
        ("done", "done", "open", "done", "open", "done", "open", '"n/a"'), start=1))
    edit(plans_copy, NORDWERK, "  partnership:\n" + states, "  partnership: [pa-01, pa-99]\n")
    found = rows(plans_copy)
    assert [row[3] for row in found if "checklist" in row[4] or "item" in row[4]] == []
    assert all(row[0] == NORDWERK for row in found)


def test_many_broken_references_are_each_reported(plans_copy: Path) -> None:
    # 1,000 unknown owners in a plan that also has a schema error: every one, in order.
    actions = "".join(f"  - {{title: A{n}, owner: x.{n:04}}}\n" for n in range(1000))
    path = plans_copy / KORVAT
    path.write_text(path.read_text("utf-8").replace("\nactions:\n", "\nactions:\n" + actions)
                    .replace("status: key_account", "status: aktiv"), "utf-8")
    found = rows(plans_copy)
    assert len(found) == 1001
    assert found[0][3] == "status"
    assert [row[4] for row in found[1:4]] == [
        "unknown team member 'x.0000'", "unknown team member 'x.0001'",
        "unknown team member 'x.0002'"]
    assert [row[1] for row in found] == sorted(row[1] for row in found)
