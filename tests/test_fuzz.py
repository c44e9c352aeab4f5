"""Property-based fuzzing of the loader: whatever a plan file holds, reading it gives a model
or a :class:`~kamgen.errors.KamgenError` (PlanErrors, ConfigError), never another exception,
and every error says where (file, line, column) and what.

Three sources of input: arbitrary text and bytes; YAML-ish text built from tokens that plans
use (keys of the models, anchors, tags, flow brackets, numbers, dates); and the example plans
with lines deleted, doubled, swapped, re-indented or given other values. Examples are
derandomized so that every run, locally and in CI, tries the same inputs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kamgen.load.yaml_reader
from kamgen.errors import ConfigError, KamgenError, PlanError, PlanErrors
from kamgen.load import load_portfolio, validate_file
from kamgen.model import AccountPlan, ChecklistTemplate, Portfolio, Programme

PLANS = Path(__file__).resolve().parents[1] / "plans"


SCALE = int(os.environ.get("KAMGEN_FUZZ_SCALE", "1"))
"""More examples for a deeper search by hand: KAMGEN_FUZZ_SCALE=20 pytest tests/test_fuzz.py."""


def fuzz(examples: int) -> settings:
    """Reproducible settings: the same examples on every run, no per-example deadline.

    Hypothesis also draws on constants of the modules loaded, so the examples depend on
    which tests run in the same process; each run of `make test` still repeats the last.
    """
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=True,
                    database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the plans and their keys ---------------------------------------------------------------

EXAMPLES: list[tuple[str, str]] = sorted(
    (path.relative_to(PLANS).as_posix(), path.read_text(encoding="utf-8"))
    for path in PLANS.rglob("*.yaml")
)
"""(relative path, text) of every example plan file."""


def kind_of(rel: str) -> str:
    if rel in ("kam.yaml", "team.yaml", "territories.yaml"):
        return {"kam.yaml": "programme", "team.yaml": "team",
                "territories.yaml": "territories"}[rel]
    return "checklist" if rel.startswith("checklists/") else "account"


KINDS = ["programme", "team", "territories", "checklist", "account"]
MODELS: dict[str, Any] = {"programme": Programme, "team": list, "territories": list,
                          "checklist": ChecklistTemplate, "account": AccountPlan}

KEYS = sorted(
    {found for _, text in EXAMPLES
     for found in re.findall(r"^[ -]*([A-Za-z_][\w.-]*):", text, re.MULTILINE)}
    | set(AccountPlan.model_fields) | set(Programme.model_fields)
    | set(ChecklistTemplate.model_fields)
)
"""Keys that plans use: those of the example files and of the models."""


# --- checking one file ----------------------------------------------------------------------


def check_error(error: PlanError) -> None:
    assert isinstance(error.path, Path) and error.path.as_posix()
    assert isinstance(error.line, int) and error.line >= 0
    assert isinstance(error.column, int) and error.column >= 0
    assert error.line > 0 or error.column == 0
    assert isinstance(error.message, str) and error.message.strip()
    # Printable on any UTF-8 terminal, and not a copy of a huge input.
    error.render().encode("utf-8")
    assert len(error.render()) < 2000


PARSERS = [parser for parser in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None)) if parser]
"""PyYAML's own parser and libyaml's: each has bugs of its own that the loader must catch."""


def check_file(path: Path, rel: str, kind: str, parser: Any = None) -> None:
    """validate_file gives a model of the kind or PlanErrors; anything else fails the test."""
    default = kamgen.load.yaml_reader._Parser
    kamgen.load.yaml_reader._Parser = parser or default
    try:
        loaded = validate_file(path, rel, kind)
    except PlanErrors as caught:
        assert caught.errors
        for error in caught.errors:
            check_error(error)
            assert error.path.as_posix() == rel
        caught.render().encode("utf-8")
    else:
        assert isinstance(loaded.model, MODELS[kind])
        # What was read can be written out again: no half characters, no unprintable numbers.
        model = loaded.model if isinstance(loaded.model, list) else [loaded.model]
        json.dumps([item.model_dump(mode="json") for item in model],
                   ensure_ascii=False).encode("utf-8")
    finally:
        kamgen.load.yaml_reader._Parser = default


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the examples write their file to (hypothesis reuses it)."""
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, content: str | bytes) -> Path:
    path = folder / "plan.yaml"
    path.write_bytes(content if isinstance(content, bytes) else
                     content.encode("utf-8", "surrogatepass"))
    return path


# --- (a) anything at all --------------------------------------------------------------------


@fuzz(250)
@given(content=st.binary(max_size=400), kind=st.sampled_from(KINDS),
       parser=st.sampled_from(PARSERS))
def test_arbitrary_bytes(workdir: Path, content: bytes, kind: str, parser: Any) -> None:
    check_file(write(workdir, content), "accounts/plan.yaml", kind, parser)


@fuzz(250)
@given(content=st.text(max_size=300), kind=st.sampled_from(KINDS),
       parser=st.sampled_from(PARSERS))
def test_arbitrary_text(workdir: Path, content: str, kind: str, parser: Any) -> None:
    check_file(write(workdir, content), "accounts/plan.yaml", kind, parser)


@fuzz(100)
@given(content=st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       prefix=st.sampled_from(["", "\ufeff", "---\n", "%YAML 1.1\n---\n", "name: x\n"]),
       parser=st.sampled_from(PARSERS))
def test_arbitrary_text_after_a_prefix(workdir: Path, content: str, prefix: str,
                                       parser: Any) -> None:
    check_file(write(workdir, prefix + content), "accounts/plan.yaml", "account", parser)


# --- (b) text that looks like YAML ---------------------------------------------------------

SCALARS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from([
        "2026-10-01", "2026-02-30", "9999-12-31T99:99", "0001-01-01", "2026-13-01",
        "2026-01-01 10:00:00", "true", "no", "off", "~", "null", "", "0x1F", "0b101", "017",
        "1_000", "190:20:30", ".inf", "-.inf", ".nan", "1e999999", "1.0e+999999", "0x",
        "0x" + "f" * 120, "9" * 120, "0x" + "f" * 4000, "9" * 5000, '""', "''", "t.wagner",
        "west", "key_account", "candidate",
        "Korvat Hausgeräte AG", "EUR", "eur", "a: b", "#", "-", "?", ":", "|", ">",
        "'single'", '"double"', '"\\ud800"', '"\\U00110000"', '"\\x4"', '"\\q"', '"tab\\t"',
        "'unclosed", '"unclosed', "ä", "😀", "\u2028", "\x85", "\ufeff", "\\", "<<", "=", "!",
        "&", "*", "%", "@", "`",
    ]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
            max_size=12),
    st.sampled_from(["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ufffe"]),
)
PROPERTIES = st.sampled_from(["", "&a ", "&b ", "!!str ", "!!int ", "!!float ", "!!bool ",
                              "!!null ", "!!binary ", "!!set ", "!!timestamp ",
                              "!!python/object/apply:os.system ", "!foo ", "! ", "&a !!map "])
VALUES = st.one_of(
    SCALARS,
    st.tuples(PROPERTIES, SCALARS).map("".join),
    st.sampled_from(["*a", "*b", "*nope", "[]", "{}", "[*a, *a]", "{<<: *a}", "[", "{", "]",
                     "}", "[a, [b, {c: d}]]", "{a: 1, a: 2}", "|\n  text", ">-\n  text",
                     "&a [x, *a]"]),
    st.lists(SCALARS, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
)
KEY_TOKENS = st.one_of(st.sampled_from(KEYS), st.sampled_from(["<<", "? ", "? a", "*a", "&a k",
                                                                "!!int 1", '"q"', "'q'", "1",
                                                                "~", "", "a b", "k" * 1100]))
INDENTS = st.one_of(st.integers(0, 8).map(lambda n: " " * n), st.sampled_from(["\t", " \t"]))


@st.composite
def yaml_lines(draw: st.DrawFn) -> str:
    """One line: indentation, maybe '- ', a key and ':', maybe a value, maybe a comment."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(["---", "...", "# comment", "", "%YAML 1.1",
                                     "%TAG !p! tag:yaml.org,2002:python/", "- ", "-", ":"]))
    indent = draw(INDENTS)
    dash = draw(st.sampled_from(["", "", "- ", "- - "]))
    if kind == 1:
        return f"{indent}{dash}{draw(VALUES)}"
    key = draw(KEY_TOKENS)
    value = draw(st.one_of(st.just(""), VALUES))
    comment = draw(st.sampled_from(["", "", " # note", "\t# tab"]))
    return f"{indent}{dash}{key}:{' ' if value else ''}{value}{comment}"


@fuzz(300)
@given(lines=st.lists(yaml_lines(), max_size=14), kind=st.sampled_from(KINDS),
       end=st.sampled_from(["\n", "", "\r\n"]), parser=st.sampled_from(PARSERS))
def test_yaml_like_lines(workdir: Path, lines: list[str], kind: str, end: str,
                         parser: Any) -> None:
    check_file(write(workdir, end.join(lines) + end), "accounts/plan.yaml", kind, parser)


def block(draw: st.DrawFn, indent: int, depth: int, listed: bool = False) -> list[str]:
    """Lines of a block mapping (or, with ``listed``, a block list) at ``indent``: mostly
    well-formed YAML, so that the hostile values in it are read, not stopped by a syntax
    error before them."""
    pad = " " * indent
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        head = f"{pad}- " if listed else f"{pad}{draw(KEY_TOKENS)}:"
        anchor = draw(st.sampled_from(["", "", "", " &a", " &b", " !!map", " !foo"]))
        nested = depth < 3 and draw(st.integers(0, 3)) == 0
        if nested and listed:
            inner = block(draw, indent + 2, depth + 1, listed=draw(st.booleans()))
            lines.append(f"{pad}-{anchor} {inner[0].lstrip()}" if not anchor else f"{pad}-{anchor}")
            lines += inner[1:] if not anchor else inner
        elif nested:
            lines.append(head + anchor)
            lines += block(draw, indent + 2, depth + 1, listed=draw(st.booleans()))
        else:
            lines.append(f"{head}{'' if listed else ' '}{draw(VALUES)}")
    return lines


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    return "\n".join(block(draw, 0, 0, listed=draw(st.integers(0, 4)) == 0)) + "\n"


@fuzz(400)
@given(text=yaml_documents(), kind=st.sampled_from(KINDS), parser=st.sampled_from(PARSERS))
def test_yaml_like_documents(workdir: Path, text: str, kind: str, parser: Any) -> None:
    check_file(write(workdir, text), "accounts/plan.yaml", kind, parser)


# --- (c) the example plans, mutated ---------------------------------------------------------


@st.composite
def mutated_example(draw: st.DrawFn) -> tuple[str, str]:
    """(relative path, text) of an example plan with a few lines changed."""
    rel, text = draw(st.sampled_from(EXAMPLES))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent",
                                       "value", "tab", "truncate"]))
        if change == "delete":
            del lines[at]
        elif change == "duplicate":
            lines.insert(at, lines[at])
        elif change == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif change == "indent":
            lines[at] = " " * draw(st.integers(1, 4)) + lines[at]
        elif change == "dedent":
            lines[at] = lines[at][draw(st.integers(1, 4)):]
        elif change == "tab":
            lines[at] = "\t" + lines[at].lstrip(" ")
        elif change == "truncate":
            lines[at] = lines[at][: draw(st.integers(0, max(len(lines[at]) - 1, 0)))]
        else:
            head, colon, _ = lines[at].partition(": ")
            lines[at] = (head + colon if colon else head + ": ") + draw(VALUES)
    return rel, "\n".join(lines)


@fuzz(300)
@given(example=mutated_example(), parser=st.sampled_from(PARSERS))
def test_mutated_example_file(workdir: Path, example: tuple[str, str], parser: Any) -> None:
    rel, text = example
    check_file(write(workdir, text), rel, kind_of(rel), parser)


@pytest.fixture(scope="module")
def portfolio_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("portfolio") / "plans"
    shutil.copytree(PLANS, root)
    yield root


@fuzz(150)
@given(example=mutated_example())
def test_mutated_example_in_the_portfolio(portfolio_copy: Path, example: tuple[str, str]) -> None:
    rel, text = example
    path = portfolio_copy / rel
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        try:
            portfolio = load_portfolio(portfolio_copy)
        except PlanErrors as caught:
            assert caught.errors
            for error in caught.errors:
                check_error(error)
            caught.render(portfolio_copy).encode("utf-8")
        except ConfigError:
            pytest.fail("the plans folder exists: no ConfigError")
        else:
            assert isinstance(portfolio, Portfolio)
    finally:
        path.write_bytes(original)


def test_load_portfolio_of_something_that_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "kam.yaml").write_text("company: x\n", encoding="utf-8")
    for root in (tmp_path / "kam.yaml", tmp_path / "nope"):
        with pytest.raises(ConfigError) as caught:
            load_portfolio(root)
        assert isinstance(caught.value, KamgenError)
