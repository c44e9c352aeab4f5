"""The loader and `kamgen validate`: every error says where, what was expected, what was found,
and gives a hint.

Broken inputs are the example plans with one small, targeted edit (the edit asserts that it
happened) or small files written here. Expected messages are written out in full on purpose:
they are the product's user interface.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import kamgen.load.yaml_reader
from kamgen.cli import main
from kamgen.errors import ConfigError, PlanError, PlanErrors
from kamgen.load import load_portfolio, validate_file

PLANS = Path(__file__).resolve().parents[1] / "plans"
NORDWERK = "accounts/nordwerk-chemie/plan.yaml"
KORVAT = "accounts/korvat-hausgeraete.yaml"

TEAM_IDS = "team.yaml ids that exist: j.berger, m.kaya, s.hoffmann, t.wagner"
TERRITORY_IDS = "territories.yaml ids that exist: north, south, west"
NORDWERK_CONTACTS = (
    "network ids that exist: a-brandt, f-olsen, h-petersen, k-lange, l-meier, m-vogt, "
    "r-jansen, s-hinrichs"
)
TAB_HINT = "indent with spaces, not tabs (set your editor to insert spaces)"
TAG_HINT = "plans hold plain data (text, numbers, dates, lists, mappings): remove the tag"

SMALL_ACCOUNT = """\
name: Korvat Hausgeräte AG
status: candidate
owner: t.wagner
territory: west
"""
"""A valid candidate plan of four lines, for tests of the YAML reader."""


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def plans_copy(tmp_path: Path) -> Path:
    """A copy of the example plans that a test may break."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``root/rel``."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def edited_example(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    """One example file with one edit, on its own (for :func:`validate_file`)."""
    write(tmp_path, rel, (PLANS / rel).read_text(encoding="utf-8"))
    edit(tmp_path, rel, old, new)
    return tmp_path / rel


def portfolio_errors(root: Path) -> list[PlanError]:
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(root)
    return caught.value.errors


def file_errors(path: Path, rel: str, kind: str = "account") -> list[PlanError]:
    with pytest.raises(PlanErrors) as caught:
        validate_file(path, rel, kind)
    return caught.value.errors


def the_one(errors: list[PlanError]) -> tuple[str, int, int, str, str, str]:
    """The only error, as (file, line, column, key path, message, hint)."""
    assert len(errors) == 1, "\n".join(e.render() for e in errors)
    error = errors[0]
    return (error.path.as_posix(), error.line, error.column, error.key, error.message,
            error.hint)


# --- the example and the parser ------------------------------------------------------------


def test_example_plans_load_with_both_parsers(yaml_parser: str) -> None:
    portfolio = load_portfolio(PLANS)
    assert len(portfolio.accounts) == 8
    assert portfolio.accounts["nordwerk-chemie"].plan.network[2].influence == 4


def test_libyaml_parser_is_used_when_present() -> None:
    expected = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    assert kamgen.load.yaml_reader._Parser is expected


# --- YAML syntax -----------------------------------------------------------------------------


def test_tab_used_for_indentation(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "  headquarters: Hamburg", "\theadquarters: Hamburg")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 13, 1, "profile", "a tab character where YAML needs spaces", TAB_HINT,
    )


def test_tab_inside_an_unquoted_value(tmp_path: Path, yaml_parser: str) -> None:
    # libyaml reads this tab as a space, PyYAML refuses it: both must refuse it.
    path = edited_example(tmp_path, NORDWERK, "industry: Chemie", "industry: Chemie\tSpezial")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 7, 17, "industry", "a tab character where YAML needs spaces",
        "replace the tab with spaces; a tab that belongs to the text needs the text in quotes",
    )


def test_tab_inside_quotes_is_text(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT, SMALL_ACCOUNT + 'industry: "Haushalt\tGeräte"\n')
    assert validate_file(path, KORVAT, "account").model.industry == "Haushalt\tGeräte"


def test_key_indented_deeper_than_the_key_above(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "  headquarters: Hamburg\n",
                          "  headquarters: Hamburg\n   employees: 12400\n")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 14, 4, "profile.headquarters",
        "'employees:' is indented deeper than 'headquarters:' on line 13, "
        "so YAML reads it as part of the value of 'headquarters'",
        "keys of one mapping start in the same column: move 'employees:' to line up with "
        "'headquarters:'; if it is text, put the whole value of 'headquarters' in quotes",
    )


def test_key_out_of_line_after_a_complete_value(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "  employees: 12400", "    employees: 12400")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 15, 5, "profile",
        "'employees:' starts in column 5, but 'locations:' on line 14 starts in column 3",
        "keys of one mapping start in the same column: indent 'employees:' by 2 spaces, like "
        "'locations:' (or like the list or mapping it belongs to)",
    )


def test_colon_space_inside_an_unquoted_value(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "industry: Chemie", "industry: Chemie: Spezial")
    error = file_errors(path, NORDWERK)
    assert the_one(error) == (
        NORDWERK, 7, 17, "industry", "a ': ' inside a value that YAML cannot read",
        "put text that contains ': ' in quotes: industry: \"Chemie: Spezial\"",
    )
    assert error[0].render() == (
        "accounts/nordwerk-chemie/plan.yaml:7:17: industry: "
        "a ': ' inside a value that YAML cannot read\n"
        "    7 | industry: Chemie: Spezial\n"
        "      |                 ^\n"
        "    hint: put text that contains ': ' in quotes: industry: \"Chemie: Spezial\""
    )


def test_colon_space_inside_a_list_item(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "    title: Leiterin Einkauf",
                          "    title: Leiterin: Einkauf")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 287, 20, "network[1].title", "a ': ' inside a value that YAML cannot read",
        "put text that contains ': ' in quotes: title: \"Leiterin: Einkauf\"",
    )


def test_unclosed_bracket_points_at_the_opening_one(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "team: [m.kaya]", "team: [m.kaya")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 5, 7, "team", "the list opened with '[' here is not closed before line 6",
        "close it with ']' on line 5; text that contains ',' or ': ' goes in quotes",
    )


def test_unclosed_quote_points_at_the_opening_one(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "industry: Chemie", 'industry: "Chemie')
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 7, 11, "industry",
        'the quote " opened on this line is not closed on it, so the text runs on to line 98',
        "close the quote on line 7",
    )


def test_duplicate_key_names_the_first_line(tmp_path: Path, yaml_parser: str) -> None:
    path = edited_example(tmp_path, NORDWERK, "industry: Chemie\n",
                          "industry: Chemie\nindustry: Spezialchemie\n")
    assert the_one(file_errors(path, NORDWERK)) == (
        NORDWERK, 8, 1, "industry", "duplicate key 'industry' (first on line 7)",
        "give each key once in a mapping; the second would silently replace the first",
    )


# --- keys, types, ranges, dates ----------------------------------------------------------


def test_unknown_key_suggests_the_close_one(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "roles: [decider, user]\n    influence: 4",
         "roles: [decider, user]\n    infuence: 4")
    errors = portfolio_errors(plans_copy)
    # One error: "missing required key 'influence'" would only repeat the hint.
    assert the_one(errors) == (
        NORDWERK, 300, 5, "network[2].infuence", "unknown key 'infuence'",
        "did you mean 'influence'? keys allowed here: attitude, id, influence, internal, "
        "last_contact, name, notes, owner, relationship, reports_to, roles, title",
    )
    assert errors[0].render().startswith(
        "accounts/nordwerk-chemie/plan.yaml:300:5: network[2].infuence: unknown key 'infuence'"
        "\n    hint: did you mean 'influence'? "
    )


def test_missing_required_key(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "name: Korvat Hausgeräte AG\n", "")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 2, 1, "name", "missing required key 'name'",
        "add 'name:' here (The account's company name.)",
    )


def test_unquoted_no_is_read_as_false(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "name: Nordwerk Chemie AG", "name: no")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 2, 1, "name", "expected text; found false",
        'YAML reads unquoted yes, no, on, off, true and false as true/false: '
        'put the text in quotes, e.g. "no"',
    )


def test_list_where_a_mapping_is_expected(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "visits: {per_year: 24, extra_travel_cost: 120}",
         "visits: [24, 120]")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 43, 1, "visits", "expected a mapping of 'key: value' lines; found a list",
        "write the keys on lines of their own below 'visits:', indented; "
        "keys allowed here: extra_travel_cost, per_year",
    )


def test_text_where_a_number_is_expected(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "  employees: 12400", "  employees: zwölftausend")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 15, 3, "profile.employees", "expected a whole number; found 'zwölftausend'",
        "write digits only, without units or thousands separators",
    )


def test_number_out_of_range(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "roles: [decider, user]\n    influence: 4",
         "roles: [decider, user]\n    influence: 7")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 300, 5, "network[2].influence", "expected a number from 1 to 5; found 7",
        "allowed: 1 to 5",
    )


def test_competitor_rating_out_of_range_names_both_bounds(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "chemsupply: 3, polytrade: 4}", "chemsupply: 7, polytrade: 4}")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 194, 54, "positioning.profile[0].chemsupply",
        "expected a number from 1 to 5; found 7", "allowed: 1 to 5",
    )


def test_day_that_does_not_exist(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "due: 2027-02-28", "due: 2026-02-30")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 359, 5, "actions[0].due",
        "expected a date as YYYY-MM-DD; found '2026-02-30': February 2026 has 28 days",
        "write a real calendar date as YYYY-MM-DD",
    )


def test_month_that_does_not_exist(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "reviewed: 2026-11-10", "reviewed: 2026-13-01")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 9, 1, "reviewed",
        "expected a date as YYYY-MM-DD; found '2026-13-01': there is no month 13",
        "write a real calendar date as YYYY-MM-DD",
    )


def test_decimal_comma_in_a_flow_mapping_text(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK,
         "      - item: Geringerer Sicherheitsbestand\n"
         "        amount: 60000\n"
         "        basis: 0,8 Mio € × 7,5 % Kapitalkosten\n",
         "      - {item: Geringerer Sicherheitsbestand, amount: 60000, basis: 0,8 Mio €}\n")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 247, 71, "value_add[0].benefits[0].8 Mio €", "unknown key '8 Mio €'",
        "inside { } a comma ends a value, so 'basis: 0,8 Mio €' was read as 'basis: 0' and a "
        "key '8 Mio €': put the value in quotes (basis: \"0,8 Mio €\"), or write the mapping "
        "in block style, one key per line",
    )


def test_decimal_comma_in_a_flow_mapping_number(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "visits: {per_year: 24, extra_travel_cost: 120}",
         "visits: {per_year: 24, extra_travel_cost: 120,5}")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 43, 47, "visits.5", "unknown key '5'",
        "inside { } a comma ends a value, so 'extra_travel_cost: 120,5' was read as "
        "'extra_travel_cost: 120' and a key '5': write the number with a decimal point "
        "(extra_travel_cost: 120.5), or write the mapping in block style, one key per line",
    )


# --- numbers written with German thousands separators --------------------------------------

THOUSANDS_HINT = "write {} without thousands separators"
DECIMAL_POINT = "{} reads as {} (a dot is a decimal point in YAML)"
NOT_A_NUMBER = "{} is not a number in YAML (a dot is a decimal point, and a number has one at most)"


def own_business(plans: Path) -> None:
    """Give Nordwerk a business year of its own, 2023, beside those of the export."""
    edit(plans, NORDWERK,
         "# Dort pflegen, nicht hier: ein Jahr an beiden Stellen ist ein Fehler.",
         "business: [{year: 2023, revenue: 2900000, margin: 710000}]")


def test_amount_with_one_thousands_dot(plans_copy: Path) -> None:
    # YAML reads 96.000 as 96.0, which Pydantic would take as it is.
    own_business(plans_copy)
    edit(plans_copy, NORDWERK, "{year: 2023, revenue: 2900000,", "{year: 2023, revenue: 96.000,")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 39, 25, "business[0].revenue", DECIMAL_POINT.format("96.000", "96"),
        THOUSANDS_HINT.format("96000"),
    )


def test_amount_with_two_thousands_dots_is_not_also_a_type_error(plans_copy: Path) -> None:
    # YAML reads 2.400.000 as a text; Pydantic's "expected a number" is not repeated.
    edit(plans_copy, NORDWERK, "wallet: 8000000 ", "wallet: 8.000.000 ")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 40, 1, "wallet", NOT_A_NUMBER.format("8.000.000"),
        THOUSANDS_HINT.format("8000000"),
    )


def test_negative_margin_and_quoted_amount_with_thousands_dots(plans_copy: Path) -> None:
    own_business(plans_copy)
    edit(plans_copy, NORDWERK, "margin: 710000}", "margin: -1.500}")
    edit(plans_copy, NORDWERK, "extra_travel_cost: 120}", 'extra_travel_cost: "1.200"}')
    errors = portfolio_errors(plans_copy)
    assert [(e.line, e.column, e.key, e.message, e.hint) for e in errors] == [
        (39, 43, "business[0].margin", DECIMAL_POINT.format("-1.500", "-1.5"),
         THOUSANDS_HINT.format("-1500")),
        (43, 24, "visits.extra_travel_cost", DECIMAL_POINT.format('1.200', "1.2"),
         THOUSANDS_HINT.format("1200")),
    ]


def test_whole_number_with_thousands_dots(plans_copy: Path) -> None:
    # 12.400 would be "expected a whole number; found 12.4", 12.000 silently 12.
    edit(plans_copy, NORDWERK, "  employees: 12400", "  employees: 12.000")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 15, 3, "profile.employees", DECIMAL_POINT.format("12.000", "12"),
        THOUSANDS_HINT.format("12000"),
    )


def test_team_cost_with_thousands_dots(plans_copy: Path) -> None:
    edit(plans_copy, "team.yaml", "annual_cost: 148000", "annual_cost: 148.000")
    assert the_one(portfolio_errors(plans_copy)) == (
        "team.yaml", 17, 3, "[1].annual_cost", DECIMAL_POINT.format("148.000", "148"),
        THOUSANDS_HINT.format("148000"),
    )


def test_decimals_and_numbers_that_are_not_amounts_keep_their_dots(plans_copy: Path) -> None:
    own_business(plans_copy)
    edit(plans_copy, NORDWERK, "extra_travel_cost: 120}", "extra_travel_cost: 1.50}")
    edit(plans_copy, NORDWERK, "{year: 2023, revenue: 2900000,", "{year: 2023, revenue: 96.50,")
    edit(plans_copy, NORDWERK, "margin: 710000}", "margin: 0.500}")
    edit(plans_copy, NORDWERK, "      share_of_wallet: 35\n", "      share_of_wallet: 12.500\n")
    edit(plans_copy, NORDWERK, "  headquarters: Hamburg", '  headquarters: "2.400.000"')
    edit(plans_copy, NORDWERK, "    baseline: 36\n", "    baseline: 1.500\n")
    plan = load_portfolio(plans_copy).accounts["nordwerk-chemie"].plan
    assert (plan.visits.extra_travel_cost, plan.business[0].revenue, plan.business[0].margin,
            plan.positioning.competitors[0].share_of_wallet, plan.profile.headquarters,
            plan.scorecard[0].baseline) == (1.5, 96.5, 0.5, 12.5, "2.400.000", 1.5)


def test_a_kpi_with_two_thousands_dots_is_no_number_but_one_dot_is_a_decimal(
    plans_copy: Path
) -> None:
    edit(plans_copy, NORDWERK, "    baseline: 36\n", "    baseline: 1.500\n")
    edit(plans_copy, NORDWERK, "    target: 50\n", "    target: 2.500.000\n")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 100, 5, "scorecard[0].target", NOT_A_NUMBER.format("2.500.000"),
        THOUSANDS_HINT.format("2500000"),
    )


def test_thousands_dots_are_found_through_aliases_and_merge_keys(
    tmp_path: Path, yaml_parser: str
) -> None:
    path = write(tmp_path, "plan.yaml", SMALL_ACCOUNT + (
        "wallet: &spend 2.400.000\n"
        "profile: {revenue: *spend}\n"
        "visits: &visits {extra_travel_cost: 1.500}\n"
        "value_add:\n"
        "  - title: VMI\n"
        "    <<: {investment: 25.000}\n"
        "    benefits:\n"
        "      - {item: Bestand, amount: 60.000}\n"
    ))
    errors = file_errors(path, "accounts/korvat.yaml")
    assert [(e.line, e.column, e.key, e.message) for e in errors] == [
        (5, 1, "wallet", NOT_A_NUMBER.format("2.400.000")),
        (6, 11, "profile.revenue", NOT_A_NUMBER.format("2.400.000")),
        (7, 18, "visits.extra_travel_cost", DECIMAL_POINT.format("1.500", "1.5")),
        (9, 5, "value_add[0].investment", DECIMAL_POINT.format("25.000", "25")),
        (12, 25, "value_add[0].benefits[0].amount", DECIMAL_POINT.format("60.000", "60")),
    ]


def test_reader_keeps_the_text_of_numbers_with_thousands_dots(yaml_parser: str) -> None:
    document = kamgen.load.yaml_reader.read_yaml(
        "a: &x [96.000, 96.5, 0.500, '1.000', 12.345.678, +1.000]\nb: *x\nc: 1.000.0\n")
    assert document.data == {"a": [96.0, 96.5, 0.5, "1.000", "12.345.678", 1.0],
                             "b": [96.0, 96.5, 0.5, "1.000", "12.345.678", 1.0],
                             "c": "1.000.0"}
    assert all(type(value) is float for value in document.data["b"][:3])
    assert sorted(document.thousands, key=str) == [
        (("a", 0), "96.000"), (("a", 3), "1.000"), (("a", 4), "12.345.678"),
        (("a", 5), "+1.000"), (("b", 0), "96.000"), (("b", 3), "1.000"),
        (("b", 4), "12.345.678"), (("b", 5), "+1.000")]
    assert kamgen.load.yaml_reader.read_yaml("a: 96.5\n").thousands == ()


# --- references between files and inside a plan -----------------------------------------


def test_unknown_account_owner(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "\nowner: t.wagner", "\nowner: t.wagnr")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 4, 1, "owner", "unknown team member 't.wagnr'",
        f"did you mean 't.wagner'? {TEAM_IDS}",
    )


def test_unknown_member_of_the_account_team(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "team: [m.kaya]", "team: [m.kaya, j.bergr]")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 5, 16, "team[1]", "unknown team member 'j.bergr'",
        f"did you mean 'j.berger'? {TEAM_IDS}",
    )


def test_unknown_territory(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "territory: west", "territory: wset")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 5, 1, "territory", "unknown territory 'wset'",
        f"did you mean 'west'? {TERRITORY_IDS}",
    )


def test_unknown_reports_to(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "reports_to: g-lorenz", "reports_to: g-lorentz")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 42, 5, "network[1].reports_to", "unknown contact 'g-lorentz'",
        "did you mean 'g-lorenz'? network ids that exist: g-lorenz, n-akgul",
    )


def test_unknown_contact_in_decided_by(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "decided_by: [f-olsen]", "decided_by: [f-olson]")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 83, 74, "analysis.buying_process[1].decided_by[0]",
        "unknown contact 'f-olson'", f"did you mean 'f-olsen'? {NORDWERK_CONTACTS}",
    )


def test_unknown_competitor_column_in_the_profile(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "chemsupply: 3, polytrade: 4}", "chemsuply: 3, polytrade: 4}")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 194, 54, "positioning.profile[0].chemsuply",
        "unknown competitor 'chemsuply' in the strengths-weaknesses profile",
        "did you mean 'chemsupply'? competitor ids in positioning.competitors that exist: "
        "chemsupply, polytrade; besides them a row holds criterion, importance and us",
    )


def test_unknown_checklist_in_an_account(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "  service-management:", "  service-managment:")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 401, 3, "checklists.service-managment", "unknown checklist 'service-managment'",
        "did you mean 'service-management'? checklists that exist: conversation-management, "
        "cooperation, customer-analysis, customer-orientation, developing-kam, introducing-kam, "
        "kam-organisation, negotiation-preparation, partnership, selecting-key-accounts, "
        "service-management, supply-chain, swot, tactical-goals",
    )


def test_unknown_checklist_item(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "    pa-03: open", "    pa-33: open")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 395, 5, "checklists.partnership.pa-33",
        "unknown item 'pa-33' of checklist 'partnership'",
        "did you mean 'pa-03'? items that exist: pa-01, pa-02, pa-03, pa-04, pa-05, pa-06, "
        "pa-07, pa-08",
    )


def test_unknown_area_owner_in_kam_yaml(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", "    owner: s.hoffmann", "    owner: s.hofmann")
    assert the_one(portfolio_errors(plans_copy)) == (
        "kam.yaml", 114, 5, "areas.solutions.owner", "unknown team member 's.hofmann'",
        f"did you mean 's.hoffmann'? {TEAM_IDS}",
    )


def test_unknown_territory_of_a_team_member(plans_copy: Path) -> None:
    edit(plans_copy, "team.yaml", "territory: west", "territory: east")
    assert the_one(portfolio_errors(plans_copy)) == (
        "team.yaml", 32, 3, "[3].territory", "unknown territory 'east'",
        f"did you mean 'west'? {TERRITORY_IDS}",
    )


def test_broken_checklist_causes_no_follow_up_errors(plans_copy: Path) -> None:
    # The accounts that use the checklist must not report it as unknown.
    write(plans_copy, "checklists/partnership.yaml", "title: {en: Partnership}\nitems: []\n")
    assert the_one(portfolio_errors(plans_copy)) == (
        "checklists/partnership.yaml", 2, 1, "items", "expected at least 1 item; found 0",
        "give at least 1 item",
    )


# --- allowed values and ids ----------------------------------------------------------------


def test_attitude_not_in_the_allowed_values(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "attitude: supporter", "attitude: friendly")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 45, 5, "network[1].attitude",
        "expected one of champion, supporter, neutral, sceptic, opponent; found 'friendly'",
        "allowed: champion, supporter, neutral, sceptic, opponent",
    )


def test_status_not_in_the_allowed_values(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "status: key_account", "status: active")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 3, 1, "status", "expected one of key_account, candidate, former; found 'active'",
        "allowed: key_account, candidate, former",
    )


def test_account_file_name_that_is_not_a_slug(plans_copy: Path) -> None:
    (plans_copy / KORVAT).rename(plans_copy / "accounts" / "Korvat AG.yaml")
    assert the_one(portfolio_errors(plans_copy)) == (
        "accounts/Korvat AG.yaml", 0, 0, "",
        "the id 'Korvat AG' (the file name) is not a slug of lowercase letters, digits and '-'",
        "the id becomes a web address: rename it to 'korvat-ag'",
    )


def test_contact_id_that_is_not_a_slug(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "id: n-akgul", "id: N Akgül")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 39, 5, "network[1].id",
        "expected an id of lowercase letters, digits and '-'; found 'N Akgül'",
        "ids become file names and web addresses: write e.g. 'n-akguel'",
    )


# --- whole files ---------------------------------------------------------------------------


def test_empty_file(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT, "")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 1, 1, "", "the file is empty",
        "write the plan's keys, or start from 'kamgen new account ID'",
    )


def test_file_with_only_comments(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, "team.yaml", "# Unser Team\n# kommt noch\n")
    assert the_one(file_errors(path, "team.yaml", "team")) == (
        "team.yaml", 1, 1, "", "the file holds only comments, no data",
        "list the team members, each starting with '- id: ...'",
    )


def test_account_that_is_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, KORVAT, "- name: Korvat Hausgeräte AG\n- owner: t.wagner\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 1, 1, "",
        "expected a mapping of 'key: value' lines at the top of the file; found a list",
        "a plan starts with keys such as 'name:' and 'owner:', not with '- '; "
        "see 'kamgen new account ID'",
    )


def test_team_that_is_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "team.yaml", "id: m.kaya\nname: Mehmet Kaya\n")
    assert the_one(file_errors(path, "team.yaml", "team")) == (
        "team.yaml", 1, 1, "", "expected a list at the top of the file; found a mapping",
        "start each entry with '- id: ...'",
    )


def test_file_that_is_not_utf8_names_the_line_of_the_bad_byte(plans_copy: Path) -> None:
    text = (plans_copy / KORVAT).read_text(encoding="utf-8")
    assert "industry: Haushaltsgeräte\n" in text
    # The rest stays UTF-8 (line 1 has an 'ä' too); only line 6 has a latin-1 byte.
    raw = text.encode("utf-8").replace("Haushaltsgeräte\n".encode(),
                                       "Haushaltsgeräte\n".encode("latin-1"))
    write(plans_copy, KORVAT, raw)
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 6, 23, "", "the file is not UTF-8: byte 0xe4 cannot be read",
        "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
    )


def test_utf8_byte_order_mark_is_accepted(plans_copy: Path) -> None:
    raw = (plans_copy / KORVAT).read_bytes()
    write(plans_copy, KORVAT, b"\xef\xbb\xbf" + raw)
    assert load_portfolio(plans_copy).accounts["korvat-hausgeraete"].plan.name == (
        "Korvat Hausgeräte AG"
    )


def test_byte_order_mark_does_not_shift_the_bad_byte(tmp_path: Path) -> None:
    path = write(tmp_path, KORVAT, b"\xef\xbb\xbfname: Korvat\nindustry: Ger\xe4te\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 2, 14, "", "the file is not UTF-8: byte 0xe4 cannot be read",
        "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
    )


def test_second_yaml_document(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT, SMALL_ACCOUNT + "---\nname: Korvat Lippstadt\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 5, 1, "", "a second YAML document ('---') in one file",
        "keep one plan per file: remove the '---' line and what follows, "
        "or move it to a file of its own",
    )


def test_missing_kam_yaml(plans_copy: Path) -> None:
    (plans_copy / "kam.yaml").unlink()
    errors = portfolio_errors(plans_copy)
    assert the_one(errors) == (
        "kam.yaml", 0, 0, "", "the file is missing",
        "every plans folder holds kam.yaml, team.yaml and territories.yaml: create kam.yaml",
    )
    # Line 0 stands for the whole file: no line, column or key path is shown.
    assert errors[0].render() == (
        "kam.yaml: the file is missing\n"
        "    hint: every plans folder holds kam.yaml, team.yaml and territories.yaml: "
        "create kam.yaml"
    )


def test_missing_team_yaml(plans_copy: Path) -> None:
    (plans_copy / "team.yaml").unlink()
    # References into the missing file are not checked, so this is the only error.
    assert the_one(portfolio_errors(plans_copy)) == (
        "team.yaml", 0, 0, "", "the file is missing",
        "every plans folder holds kam.yaml, team.yaml and territories.yaml: create team.yaml",
    )


def test_yml_file_is_not_silently_ignored(plans_copy: Path) -> None:
    (plans_copy / KORVAT).rename(plans_copy / "accounts" / "korvat-hausgeraete.yml")
    assert the_one(portfolio_errors(plans_copy)) == (
        "accounts/korvat-hausgeraete.yml", 0, 0, "", "plan files end in '.yaml', not '.yml'",
        "rename it to korvat-hausgeraete.yaml",
    )


def test_account_with_a_file_and_a_folder(plans_copy: Path) -> None:
    write(plans_copy, "accounts/korvat-hausgeraete/plan.yaml",
          (plans_copy / KORVAT).read_text(encoding="utf-8"))
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 0, 0, "",
        "account 'korvat-hausgeraete' has two plans: accounts/korvat-hausgeraete/plan.yaml "
        "and accounts/korvat-hausgeraete.yaml",
        "keep one: accounts/ID.yaml or accounts/ID/plan.yaml",
    )


# --- anything beyond plain data --------------------------------------------------------------
# Each guard stops while reading, before anything is built or expanded, so these are fast.


def test_python_object_tag_is_refused(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT,
                 SMALL_ACCOUNT + "industry: !!python/object/apply:os.system [echo hacked]\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 5, 11, "industry",
        "the YAML tag '!!python/object/apply:os.system' is not allowed", TAG_HINT,
    )


def test_custom_tag_is_refused(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT, SMALL_ACCOUNT + "profile: !foo {employees: 3}\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 5, 10, "profile", "the YAML tag '!foo' is not allowed", TAG_HINT,
    )


def test_alias_expansion_bomb_is_refused(tmp_path: Path, yaml_parser: str) -> None:
    # "Billion laughs": nine levels of ten aliases each would expand to 10^9 values.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    path = write(tmp_path, KORVAT, "\n".join(lines) + "\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 5, 45, "a4[7]",
        "the file holds more than 100,000 values once its aliases are expanded",
        "plans hold plain data: write values out instead of repeating *aliases",
    )


def test_recursive_alias_is_refused(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT, SMALL_ACCOUNT + "tags: &tags [chemie, *tags]\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 5, 22, "tags[1]", "the alias *tags refers to itself (a recursive alias)",
        "a value cannot contain itself: write the data out",
    )


def test_deep_nesting_is_refused_with_a_short_key_path(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, KORVAT, "tags: " + "[" * 100 + "]" * 100 + "\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 1, 70, "tags[0][0][0]…[0][0][0]",
        "lists and mappings nested deeper than 64 levels",
        "plans are a few levels deep: flatten the data",
    )


def test_file_too_large_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, KORVAT, "# " + "x" * (2 * 1024 * 1024) + "\n")
    assert the_one(file_errors(path, KORVAT)) == (
        KORVAT, 0, 0, "", "the file is 2.0 MiB, more than the 2 MiB a plan file may have",
        "split the plan: long texts can go into Markdown pages in the account's folder",
    )


def test_merge_key_and_small_aliases_are_accepted(plans_copy: Path, yaml_parser: str) -> None:
    edit(plans_copy, KORVAT, "network:\n  - id: g-lorenz\n",
         "network:\n  - &lorenz\n    id: g-lorenz\n")
    edit(plans_copy, KORVAT, "  - id: n-akgul\n    name: Nina Akgül\n",
         "  - <<: *lorenz\n    id: n-akgul\n    name: Nina Akgül\n")
    edit(plans_copy, KORVAT, "  locations: [Bielefeld, Lippstadt]",
         "  locations: &sites [Bielefeld, Lippstadt]\n  goals: *sites")
    plan = load_portfolio(plans_copy).accounts["korvat-hausgeraete"].plan
    akgul = plan.network[1]
    # Keys written out win over merged ones; the rest comes from the anchor.
    assert (akgul.id, akgul.name, akgul.reports_to, akgul.attitude) == (
        "n-akgul", "Nina Akgül", "g-lorenz", "supporter")
    assert plan.profile.goals == ["Bielefeld", "Lippstadt"]


# --- the rating -----------------------------------------------------------------------------

KORVAT_RATING = "rating: {revenue: 4, margin: 3, potential: 3, fit: 3, reference: 3}"


def test_key_account_without_rating(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, KORVAT_RATING + "\n", "")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 2, 1, "rating", "missing required key 'rating': a key account must be rated",
        "add 'rating:' with a rating from 1 to 5 for each criterion: revenue, margin, potential, "
        "fit, reference; or set 'status: candidate' while the account is not rated yet",
    )


def test_candidate_without_rating_is_fine(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, KORVAT_RATING + "\n", "")
    edit(plans_copy, KORVAT, "status: key_account", "status: candidate")
    assert load_portfolio(plans_copy).accounts["korvat-hausgeraete"].plan.rating is None


def test_rating_missing_a_criterion(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, KORVAT_RATING,
         "rating: {revenue: 4, margin: 3, potential: 3, fit: 3}")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 26, 1, "rating", "missing rating for 'reference'",
        "rate every criterion of kam.yaml from 1 to 5",
    )


def test_rating_with_an_unknown_criterion(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "reference: 3}", "reference: 3, referenz: 2}")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 26, 69, "rating.referenz", "unknown rating criterion 'referenz'",
        "did you mean 'reference'? criteria in kam.yaml that exist: fit, margin, potential, "
        "reference, revenue",
    )


def test_rating_outside_the_scale(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "fit: 3,", "fit: 6,")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 26, 47, "rating.fit", "expected a rating from 1 to 5; found 6",
        "the scale is set by rating.scale in kam.yaml",
    )


# --- the network and the business years ---------------------------------------------------


def test_reports_to_loop(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "    roles: [decider, buyer]",
         "    reports_to: n-akgul\n    roles: [decider, buyer]")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 33, 5, "network[0].reports_to",
        "reports_to forms a loop: g-lorenz → n-akgul → g-lorenz",
        "the top of the organisation reports to nobody: leave its reports_to out",
    )


def test_contact_reporting_to_itself_is_one_error(plans_copy: Path) -> None:
    edit(plans_copy, KORVAT, "    roles: [decider, buyer]",
         "    reports_to: g-lorenz\n    roles: [decider, buyer]")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 33, 5, "network[0].reports_to", "contact 'g-lorenz' reports to itself",
        "leave reports_to out for the top of the organisation",
    )


def test_duplicate_contact_ids(plans_copy: Path) -> None:
    edit(plans_copy, NORDWERK, "  - id: l-meier", "  - id: f-olsen")
    assert the_one(portfolio_errors(plans_copy)) == (
        NORDWERK, 345, 5, "network[7].id", "duplicate contact id 'f-olsen' (also item 5)",
        "give every contact its own id",
    )


def test_duplicate_business_years(plans_copy: Path) -> None:
    # Korvat's figures come from the export; these years are the plan's own.
    edit(plans_copy, KORVAT,
         "# Dort pflegen, nicht hier: ein Jahr an beiden Stellen ist ein Fehler.",
         "business: [{year: 2021, revenue: 1900000}, {year: 2021, revenue: 2100000}]")
    assert the_one(portfolio_errors(plans_copy)) == (
        KORVAT, 23, 45, "business[1].year", "year 2021 is given twice",
        "give each year once; mark a forecast with 'forecast: true'",
    )


# --- collecting errors ----------------------------------------------------------------------


def test_errors_of_several_files_are_collected_sorted_and_counted(plans_copy: Path) -> None:
    edit(plans_copy, "team.yaml", "territory: west", "territory: east")
    edit(plans_copy, KORVAT, "attitude: supporter", "attitude: friendly")
    edit(plans_copy, KORVAT, "status: key_account", "status: active")
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(plans_copy)
    assert str(caught.value) == "3 errors in 2 files"
    assert caught.value.render() == (
        "accounts/korvat-hausgeraete.yaml:3:1: status: "
        "expected one of key_account, candidate, former; found 'active'\n"
        "    hint: allowed: key_account, candidate, former\n"
        "accounts/korvat-hausgeraete.yaml:45:5: network[1].attitude: "
        "expected one of champion, supporter, neutral, sceptic, opponent; found 'friendly'\n"
        "    hint: allowed: champion, supporter, neutral, sceptic, opponent\n"
        "team.yaml:32:3: [3].territory: unknown territory 'east'\n"
        f"    hint: did you mean 'west'? {TERRITORY_IDS}\n"
        "3 errors in 2 files"
    )


# --- kamgen validate --------------------------------------------------------------------------


def test_validate_prints_errors_with_hints_and_exits_1(
    plans_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(plans_copy, KORVAT, "\nowner: t.wagner", "\nowner: t.wagnr")
    edit(plans_copy, NORDWERK, "industry: Chemie", "industry: Chemie: Spezial")
    # Paths are printed as the user gave the folder, so a terminal can open them.
    monkeypatch.chdir(plans_copy.parent)
    assert main(["validate", plans_copy.name]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    prefix = f"{plans_copy.name}/"
    assert captured.err == (
        f"{prefix}accounts/korvat-hausgeraete.yaml:4:1: owner: unknown team member 't.wagnr'\n"
        f"    hint: did you mean 't.wagner'? {TEAM_IDS}\n"
        f"{prefix}accounts/nordwerk-chemie/plan.yaml:7:17: industry: "
        "a ': ' inside a value that YAML cannot read\n"
        "    7 | industry: Chemie: Spezial\n"
        "      |                 ^\n"
        "    hint: put text that contains ': ' in quotes: industry: \"Chemie: Spezial\"\n"
        "2 errors in 2 files\n"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"name: Korvat\nindustry: Ger\xe4te\n",
        b"name: !!python/object/apply:os.system [echo hacked]\n",
        b"a: &a [*a]\n",
        b"name: [unclosed\n",
        b"\tname: Korvat\n",
        b"- a\n- b\n",
        b"",
    ],
    ids=["latin-1", "python-tag", "recursive-alias", "unclosed", "tab", "list", "empty"],
)
def test_validate_never_prints_a_traceback(
    plans_copy: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    write(plans_copy, KORVAT, content)
    assert main(["validate", str(plans_copy)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith(f"{plans_copy}/accounts/korvat-hausgeraete.yaml:")
    assert "\n    hint: " in err
    assert err.endswith("1 error in 1 file\n")


def test_validate_example_plans_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(PLANS)]) == 0
    assert "8 account plans, 14 checklists, 4 team members are valid" in capsys.readouterr().err


def test_validate_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kamgen: {tmp_path / 'nope'}: no such folder\n    hint: ")
    assert "Traceback" not in err


def test_missing_folder_is_a_config_error_not_plan_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such folder"):
        load_portfolio(tmp_path / "nope")


# --- programme settings ------------------------------------------------------------------


def test_currency_in_small_letters(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", "\ncurrency: EUR", "\ncurrency: eur")
    assert the_one(portfolio_errors(plans_copy)) == (
        "kam.yaml", 5, 1, "currency",
        "expected a three-letter currency code in capitals; found 'eur'",
        "write an ISO 4217 code such as 'EUR'",
    )


def test_unknown_severity_for_one_class_is_one_error(plans_copy: Path) -> None:
    # A rule takes a severity or a mapping per class: only the mapping's bad value is named.
    edit(plans_copy, "kam.yaml", "swot.quadrants: {A: error,", "swot.quadrants: {A: fatal,")
    assert the_one(portfolio_errors(plans_copy)) == (
        "kam.yaml", 173, 22, "policy.rules.swot.quadrants.A",
        "expected one of error, warning, off; found 'fatal'",
        "allowed: error, warning, off",
    )


def test_unknown_severity_for_every_class_is_one_error(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", 'network.decider: {A: error, B: warning, C: "off"}',
         "network.decider: sometimes")
    assert the_one(portfolio_errors(plans_copy)) == (
        "kam.yaml", 174, 5, "policy.rules.network.decider",
        "expected one of error, warning, off; found 'sometimes'",
        "allowed: error, warning, off",
    )


def test_unknown_rule_in_the_policy(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", "    swot.quadrants: {", "    swot.quadrant: {")
    error = the_one(portfolio_errors(plans_copy))
    assert error[:5] == ("kam.yaml", 173, 5, "policy.rules.swot.quadrant",
                         "unknown rule 'swot.quadrant'")
    assert error[5].startswith("did you mean 'swot.quadrants'? rules that exist: ")


def test_unquoted_off_in_the_policy_suggests_quotes(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", 'network.decider: {A: error, B: warning, C: "off"}',
         "network.decider: {A: error, B: warning, C: off}")
    assert the_one(portfolio_errors(plans_copy)) == (
        "kam.yaml", 174, 45, "policy.rules.network.decider.C",
        "expected one of error, warning, off; found false",
        "YAML reads unquoted yes, no, on and off as true/false: write the word in quotes, "
        "e.g. \"off\"; allowed: error, warning, off",
    )


# --- YAML and date errors in words, with the line shown -------------------------------------

WORDS: dict[str, tuple[str, str]] = {
    "date-day-first": (
        "reviewed: 31.12.2027\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found '31.12.2027'\n"
        "    5 | reviewed: 31.12.2027\n"
        "      | ^\n"
        "    hint: write the date as 2027-12-31",
    ),
    "date-month-first": (
        "reviewed: 12/31/2027\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found '12/31/2027'\n"
        "    5 | reviewed: 12/31/2027\n"
        "      | ^\n"
        "    hint: write the date as 2027-12-31",
    ),
    "date-either-way": (
        "reviewed: 04/03/2027\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found '04/03/2027'\n"
        "    5 | reviewed: 04/03/2027\n"
        "      | ^\n"
        "    hint: write the date as 2027-03-04 (4 March) or as 2027-04-03 (3 April)",
    ),
    "date-short-parts": (
        "reviewed: 2026-9-8\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found '2026-9-8'\n"
        "    5 | reviewed: 2026-9-8\n"
        "      | ^\n"
        "    hint: write the date as 2026-09-08",
    ),
    "date-only-a-year": (
        "reviewed: 2027\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found 2027\n"
        "    5 | reviewed: 2027\n"
        "      | ^\n"
        "    hint: write the whole date, e.g. 2027-12-31",
    ),
    "date-no-such-day": (
        "reviewed: 31.04.2027\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found '31.04.2027': "
        "April 2027 has 30 days\n"
        "    5 | reviewed: 31.04.2027\n"
        "      | ^\n"
        "    hint: write a real calendar date as YYYY-MM-DD",
    ),
    "date-in-words": (
        "reviewed: gestern\n",
        "accounts/korvat.yaml:5:1: reviewed: expected a date as YYYY-MM-DD; found 'gestern'\n"
        "    5 | reviewed: gestern\n"
        "      | ^\n"
        "    hint: write the date as YYYY-MM-DD (year, month, day), e.g. 2026-10-01",
    ),
    "amount-thousands-dots": (
        "profile:\n  revenue: 410.000.000\n",
        "accounts/korvat.yaml:6:3: profile.revenue: 410.000.000 is not a number in YAML (a dot "
        "is a decimal point, and a number has one at most)\n"
        "    6 |   revenue: 410.000.000\n"
        "      |   ^\n"
        "    hint: write 410000000 without thousands separators",
    ),
    "number-german-decimals": (
        "visits:\n  per_year: 12\n  extra_travel_cost: 1.250,50\n",
        "accounts/korvat.yaml:7:3: visits.extra_travel_cost: expected a number; found "
        "'1.250,50'\n"
        "    7 |   extra_travel_cost: 1.250,50\n"
        "      |   ^\n"
        "    hint: write 1250.50: numbers in a plan have no thousands separators, and a decimal "
        "part follows a '.'",
    ),
    "list-item-out-of-line": (
        "tags:\n  - chemie\n - dach\n",
        "accounts/korvat.yaml:7:2: '- dach' starts in column 2, but '- chemie' on line 6 starts "
        "in column 3\n"
        "    6 |   - chemie\n"
        "    7 |  - dach\n"
        "      |  ^\n"
        "    hint: items of one list start in the same column: indent '- dach' by 2 spaces, like "
        "'- chemie' (or like the list or mapping it belongs to)",
    ),
    "key-out-of-line-in-a-list-item": (
        "network:\n  - id: k-lange\n    name: Katrin Lange\n   title: Einkauf\n",
        "accounts/korvat.yaml:8:4: network: 'title:' starts in column 4, but 'name:' on line 7 "
        "starts in column 5\n"
        "    7 |     name: Katrin Lange\n"
        "    8 |    title: Einkauf\n"
        "      |    ^\n"
        "    hint: keys of one mapping start in the same column: indent 'title:' by 4 spaces, "
        "like 'name:' (or like the list or mapping it belongs to)",
    ),
    "item-far-below-its-list": (
        "network:\n  - id: k-lange\n    name: Katrin Lange\n - id: m-vogt\n",
        "accounts/korvat.yaml:8:2: '- id: m-vogt' starts in column 2, but '- id: k-lange' on "
        "line 6 starts in column 3\n"
        "    6 |   - id: k-lange\n"
        "    7 |     name: Katrin Lange\n"
        "    8 |  - id: m-vogt\n"
        "      |  ^\n"
        "    hint: items of one list start in the same column: indent '- id: m-vogt' by 2 "
        "spaces, like '- id: k-lange' (or like the list or mapping it belongs to)",
    ),
    "list-item-beside-keys": (
        "industry: Chemie\n- dach\n",
        "accounts/korvat.yaml:6:1: the list item '- dach' starts in the same column as the key "
        "'industry:' on line 5\n"
        "    5 | industry: Chemie\n"
        "    6 | - dach\n"
        "      | ^\n"
        "    hint: one level holds keys or a list, not both: indent the list below the key it "
        "belongs to, or start every line of this level with '- '",
    ),
    "text-block-line-left-of-its-first": (
        "profile:\n  summary: >-\n    Hersteller von Hausgeräten\n   im Premiumsegment\n",
        "accounts/korvat.yaml:8:4: profile: this line of the text of 'summary:' starts in "
        "column 4, left "
        "of the text's first line (line 7, column 5)\n"
        "    7 |     Hersteller von Hausgeräten\n"
        "    8 |    im Premiumsegment\n"
        "      |    ^\n"
        "    hint: indent every line of a '|' or '>' text by at least 4 spaces, as deep as its "
        "first line; a line further left ends the text",
    ),
    "list-on-the-line-of-its-key": (
        "tags: - chemie\n",
        "accounts/korvat.yaml:5:7: tags: a list item ('- ') after 'tags:' on the same line\n"
        "    5 | tags: - chemie\n"
        "      |       ^\n"
        "    hint: start the list on the line below 'tags:', one '- ' item per line, indented; "
        "or write it on one line in brackets: tags: [a, b]",
    ),
    "text-after-the-end": (
        "...\nnoch mehr\n",
        "accounts/korvat.yaml:6:1: more text after the end of the plan ('...')\n"
        "    6 | noch mehr\n"
        "      | ^\n"
        "    hint: remove the '...' line, or what follows it",
    ),
    "tab-shown": (
        "industry:\tChemie\n",
        "accounts/korvat.yaml:5:10: industry: a tab character where YAML needs spaces\n"
        "    5 | industry:→Chemie\n"
        "      |          ^\n"
        "    hint: replace the tab with spaces; a tab that belongs to the text needs the text "
        "in quotes",
    ),
}
"""Lines added to a small valid plan, and the whole error they give, as printed."""


@pytest.mark.parametrize("name", sorted(WORDS))
def test_yaml_and_date_errors_in_words(name: str, tmp_path: Path, yaml_parser: str) -> None:
    added, expected = WORDS[name]
    path = write(tmp_path, "accounts/korvat.yaml", SMALL_ACCOUNT + added)
    (error,) = file_errors(path, "accounts/korvat.yaml")
    assert error.render() == expected


JARGON = ("scanning", "parsing", "indicator", "<block", "<document", "scalar", "token",
          "value_error", "Input should", "String should", "invalid character", "outside expected")
"""Words of libyaml, PyYAML and Pydantic that must not reach a plan author."""


def test_no_library_words_in_the_messages(tmp_path: Path, yaml_parser: str) -> None:
    for name, (added, _) in WORDS.items():
        path = write(tmp_path, "accounts/korvat.yaml", SMALL_ACCOUNT + added)
        (error,) = file_errors(path, "accounts/korvat.yaml")
        said = error.message + error.hint
        assert not [word for word in JARGON if word in said], name


def test_a_control_character_in_the_line_shown_cannot_reach_the_terminal(
    tmp_path: Path
) -> None:
    path = write(tmp_path, "accounts/korvat.yaml", SMALL_ACCOUNT + "reviewed: 3.1.2027 \x1b[2J\n")
    (error,) = file_errors(path, "accounts/korvat.yaml")
    assert "\x1b" not in error.render()
    assert "    5 | reviewed: 3.1.2027 \ufffd[2J\n" in error.render()


def test_a_first_key_indented_deeper_than_the_others(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, "accounts/korvat.yaml", "# Korvat\n " + SMALL_ACCOUNT)
    (error,) = file_errors(path, "accounts/korvat.yaml")
    assert error.render() == (
        "accounts/korvat.yaml:2:2: 'name:' starts in column 2, but the keys at the top of the "
        "file start in column 1 (like 'status:' on line 3)\n"
        "    2 |  name: Korvat Hausgeräte AG\n"
        "      |  ^\n"
        "    hint: remove the spaces before 'name:': keys of one mapping start in the same column"
    )


def test_a_text_too_long_says_how_long_it_may_be(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts/korvat.yaml",
                 SMALL_ACCOUNT + f"customer_number: '{'1' * 81}'\n")
    assert the_one(file_errors(path, "accounts/korvat.yaml")) == (
        "accounts/korvat.yaml", 5, 1, "customer_number",
        f"expected a text of at most 80 characters; found '{'1' * 57}...'",
        "write at most 80 characters",
    )


def test_text_yaml_cannot_read_points_to_the_reference(tmp_path: Path, yaml_parser: str) -> None:
    # libyaml has no words of its own for this one; PyYAML sees a '{' not closed.
    path = write(tmp_path, "accounts/korvat.yaml",
                 SMALL_ACCOUNT + "visits: {per_year: 12, extra_travel_cost:? 30}\n")
    (error,) = file_errors(path, "accounts/korvat.yaml")
    said = {
        "CSafeLoader": (
            "accounts/korvat.yaml:5:41: visits: the text here does not read as keys, values and "
            "lists\n"
            "    5 | visits: {per_year: 12, extra_travel_cost:? 30}\n"
            "      |                                         ^\n"
            "    hint: check the indentation and the punctuation around this line; the plan "
            "format is in 'kamgen reference' (docs/plan-format.md)"),
        "SafeLoader": (
            "accounts/korvat.yaml:5:9: visits: the mapping opened with '{' here is not closed "
            "before line 5\n"
            "    5 | visits: {per_year: 12, extra_travel_cost:? 30}\n"
            "      |         ^\n"
            "    hint: close it with '}' on line 5; text that contains ',' or ': ' goes in "
            "quotes"),
    }
    assert error.render() == said[yaml_parser]


def test_a_rule_of_the_model_points_to_the_reference(plans_copy: Path) -> None:
    edit(plans_copy, "kam.yaml", "classes: {A: 70, B: 50}", "classes: {A: 70, B: 80}")
    assert the_one(portfolio_errors(plans_copy)) == (
        "kam.yaml", 16, 3, "rating.classes",
        "the threshold of class B (80) is above class A (70)",
        "correct the value; what 'classes' holds is in 'kamgen reference' "
        "(docs/plan-format.md)",
    )
