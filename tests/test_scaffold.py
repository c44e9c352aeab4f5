"""``kamgen new account``: whatever the command line gives, the scaffold is a plan that reads
back with the same values, or the command refuses with a message; it never writes a plan
whose structure a value has changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgen.cli import main
from kamgen.load import load_portfolio, validate_file
from kamgen.model import AccountPlan
from kamgen.scaffold import yaml_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "handworked"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(FIXTURE, target)
    return target


def _keys(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return list(data)


NAMES = [
    "Meyer & Co: Werk Süd",
    "#1 Kunststoff GmbH",
    "Yes",
    "no",
    "null",
    "~",
    "[Beta] Holding",
    "{Gamma: Delta}",
    "|",
    ">",
    "- Strich AG",
    "? Frage",
    "&anker",
    "*alias",
    "!tag",
    "%YAML 1.2",
    "@home GmbH",
    "`backtick`",
    "'single' quotes",
    '"double" quotes',
    "back\\slash \\n not a newline",
    "12",
    "1e3",
    "2026-11-23",
    " leading and trailing spaces ",
    "Nordwerk # not a comment",
    "---",
    "...",
    "Ünïcödé 株式会社 👩‍💻",
    "non\u00a0breaking\u2009spaces",
    "zero\u200bwidth and \u202eright-to-left",
    "\ufeffbyte order mark",
    "x" * 2000,
]


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_a_name_round_trips_through_the_scaffold(
    plans: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "account", "probe", "--plans", str(plans), "--name=" + name,
                 "--owner", "b.brandt", "--territory", "south"]) == 0
    path = plans / "accounts" / "probe.yaml"
    # the value changes neither the keys nor anything else of the plan
    assert _keys(path) == _keys_of_default(plans)
    plan = load_portfolio(plans).accounts["probe"].plan
    assert (plan.name, plan.owner, plan.territory) == (name, "b.brandt", "south")
    assert main(["validate", str(plans)]) == 0
    # the comment that repeats the name holds it on its one line, quoted
    lines = path.read_text("utf-8").splitlines()
    assert lines[2] == f"# Key account plan: {yaml_text(name)}"
    assert lines[4] == f"name: {yaml_text(name)}"


def _keys_of_default(plans: Path) -> list[str]:
    other = plans.parent / "default"
    if not other.exists():
        shutil.copytree(FIXTURE, other)
        assert main(["new", "account", "probe", "--plans", str(other)]) == 0
    return _keys(other / "accounts" / "probe.yaml")


def test_the_scaffold_quotes_every_value(plans: Path) -> None:
    assert main(["new", "account", "probe", "--plans", str(plans), "--name", 'A "B" \\ C',
                 "--owner", "a.adler"]) == 0
    text = (plans / "accounts" / "probe.yaml").read_text("utf-8")
    assert 'name: "A \\"B\\" \\\\ C"\n' in text
    assert 'owner: "a.adler"\n' in text
    assert 'territory: "north"\n' in text
    assert 'owner: "a.adler", due: YYYY-MM-DD' in text


def test_yaml_text_escapes_what_is_not_printable() -> None:
    assert yaml_text("Süd") == '"Süd"'
    assert yaml_text("a\nb\u2028c\x85d\te") == '"a\\u000ab\\u2028c\\u0085d\\u0009e"'
    assert yaml_text("\U000e0001") == '"\\U000e0001"'
    for text in ("a\nb", "\u2028", "\x85", "\ufeff", "\U000e0001", '"\\'):
        assert yaml.safe_load(yaml_text(text)) == text


REFUSED = [
    ("Meyer\nCo", "--name 'Meyer\\nCo' holds a line break\n"
                  "    hint: write the name as one line of text, e.g. --name 'Meyer Co'\n"),
    ("Meyer\r\nCo", "--name 'Meyer\\r\\nCo' holds a line break\n"
                    "    hint: write the name as one line of text, e.g. --name 'Meyer Co'\n"),
    ("Meyer\u2028Co", "--name 'Meyer\\u2028Co' holds a line break\n"
                      "    hint: write the name as one line of text, e.g. --name 'Meyer Co'\n"),
    ("Meyer\x85Co", "--name 'Meyer\\x85Co' holds a line break\n"
                    "    hint: write the name as one line of text, e.g. --name 'Meyer Co'\n"),
    ("Meyer\tCo", "--name 'Meyer\\tCo' holds a tab\n"
                  "    hint: write the name as one line of text, e.g. --name 'Meyer Co'\n"),
    ("Bell\x07 AG", "--name 'Bell\\x07 AG' holds a control character (U+0007)\n"
                    "    hint: write the name as one line of text, e.g. --name 'Bell AG'\n"),
    ("\x1b[31mRed", "--name '\\x1b[31mRed' holds a control character (U+001B)\n"
                    "    hint: write the name as one line of text, e.g. --name '[31mRed'\n"),
    ("", "--name is empty\n    hint: give the account's company name, e.g. "
         "--name 'Nordlicht Pharma AG', or leave --name out\n"),
    ("   ", "--name is empty\n    hint: give the account's company name, e.g. "
            "--name 'Nordlicht Pharma AG', or leave --name out\n"),
    ("M\udcfcller", "--name is not valid UTF-8 text\n    hint: check the encoding of your "
                    "terminal, or write the name into the plan file itself\n"),
]


@pytest.mark.parametrize(("name", "message"), REFUSED, ids=range(len(REFUSED)))
def test_a_name_that_is_not_one_line_of_text_is_refused(
    plans: Path, name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "account", "probe", "--plans", str(plans), "--name=" + name]) == 2
    assert capsys.readouterr().err == "kamgen: " + message
    assert not (plans / "accounts" / "probe.yaml").exists()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--owner", "Julia Berger",
     "--owner 'Julia Berger' is not a team.yaml id\n"
     "    hint: use up to 80 lowercase letters, digits, '.' and '-', e.g. 'julia-berger'\n"),
    ("--owner", "x: y",
     "--owner 'x: y' is not a team.yaml id\n"
     "    hint: use up to 80 lowercase letters, digits, '.' and '-', e.g. 'x-y'\n"),
    ("--territory", "Nord West",
     "--territory 'Nord West' is not a territories.yaml id\n"
     "    hint: use up to 80 lowercase letters, digits and '-', e.g. 'nord-west'\n"),
    ("--territory", "north\n",
     "--territory 'north\\n' is not a territories.yaml id\n"
     "    hint: use up to 80 lowercase letters, digits and '-', e.g. 'north'\n"),
])
def test_owner_and_territory_must_be_ids_even_without_team_and_territories(
    tmp_path: Path, option: str, value: str, message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Without team.yaml and territories.yaml nothing else checks the values.
    plans = tmp_path / "plans"
    plans.mkdir()
    assert main(["new", "account", "probe", "--plans", str(plans), option, value]) == 2
    assert capsys.readouterr().err == "kamgen: " + message
    assert not (plans / "accounts").exists()


def test_an_id_with_a_trailing_newline_is_refused(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # re.match(r"^...$") accepts "acme\n": the plan would be 'acme\n.yaml'.
    assert main(["new", "account", "acme\n", "--plans", str(plans)]) == 2
    assert capsys.readouterr().err == ("kamgen: 'acme\\n' is not an account id\n"
                                       "    hint: use lowercase letters, digits and '-', "
                                       "e.g. 'acme'\n")
    assert sorted(p.name for p in (plans / "accounts").iterdir()) == [
        "alpha.yaml", "beta.yaml", "gamma.yaml"]


# --- any name: accepted and read back the same, or refused ----------------------------------

def _accepted(name: str) -> bool:
    """The rule of check_name: one line of text, not blank, no control characters."""
    return bool(name.strip()) and not any(
        unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in name)


@pytest.fixture(scope="module")
def probe_plans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    plans = tmp_path_factory.mktemp("scaffold") / "plans"
    shutil.copytree(FIXTURE, plans)
    yield plans


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
       | st.sampled_from(NAMES) | st.from_regex(r"[ -~]{1,30}", fullmatch=True))
def test_any_name_the_cli_accepts_reads_back_the_same(probe_plans: Path, name: str) -> None:
    path = probe_plans / "accounts" / "probe.yaml"
    path.unlink(missing_ok=True)
    code = main(["new", "account", "probe", "--plans", str(probe_plans), "--name=" + name])
    assert code == (0 if _accepted(name) else 2), repr(name)
    if code:
        assert not path.exists()
        return
    plan = validate_file(path, "accounts/probe.yaml", "account").model
    assert isinstance(plan, AccountPlan)
    assert plan.name == name
    assert plan.owner == "a.adler"
    assert plan.status == "candidate"


def test_the_command_line_round_trip_in_a_process_of_its_own(plans: Path) -> None:
    # The name reaches kamgen through argv and the file system, as a user gives it.
    name = "Meyer & Co: Werk Süd #1 [Beta] | Yes"
    new = subprocess.run([sys.executable, "-m", "kamgen", "new", "account", "meyer",
                          "--plans", str(plans), "--name=" + name],
                         capture_output=True, text=True, check=False)
    assert new.returncode == 0, new.stderr
    check = subprocess.run([sys.executable, "-m", "kamgen", "export", str(plans),
                            "--as-of", "2026-11-23"], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stderr
    assert f'"name": "{name}"' in check.stdout
