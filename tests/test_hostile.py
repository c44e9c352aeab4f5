"""Hostile plan files: broken and malicious input ends in a clear error, in bounded time and
memory, never in a traceback.

The corpus is ``tests/hostile/``: one small file per attack, each starting with a comment that
says what it attacks (where the attack leaves room for one). Large files are made here, at run
time, and read in a subprocess with a hard timeout, so that a hang fails instead of blocking.
No test measures time: the guards must stop early. Memory is bounded: in this process with
tracemalloc, in a subprocess by how far its resident size rises while it reads.

Each corpus file is read with PyYAML's own parser and with libyaml's: both must give the same
error. The large files are read with the parser kamgen uses (libyaml when installed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import kamgen.load.yaml_reader
from kamgen.cli import main
from kamgen.errors import PlanError, PlanErrors
from kamgen.load import load_portfolio, validate_file

HOSTILE = Path(__file__).resolve().parent / "hostile"
PLANS = Path(__file__).resolve().parents[1] / "plans"
MEMORY_LIMIT = 64 * 1024 * 1024
"""Most memory that reading one hostile file may take."""

TAG_HINT = "plans hold plain data (text, numbers, dates, lists, mappings): remove the tag"
ALIASES_HINT = "plans hold plain data: write values out instead of repeating *aliases"
VALUES = "the file holds more than 100,000 values once its aliases are expanded"
RECURSIVE_HINT = "a value cannot contain itself: write the data out"
DEEP = "lists and mappings nested deeper than 64 levels"
DEEP_HINT = "plans are a few levels deep: flatten the data"
UTF8_HINT = "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"
CONTROL_HINT = "remove the invisible character, often pasted from another program"
EMPTY_HINT = "write the plan's keys, or start from 'kamgen new account ID'"
UNICODE_ESCAPE_HINT = (
    "write the character itself; an escape names a character from \\u0000 to \\U0010FFFF, "
    "not half of a UTF-16 pair (D800 to DFFF)"
)
NUMBER_HINT = "write a shorter number; if it is a code rather than a number, put it in quotes"
LONG_KEY = "a key longer than 1,024 characters"
LONG_KEY_HINT = (
    "keys are plain words such as 'name' or 'influence'; a long text goes after the ':', "
    "as the value"
)
TAB = "a tab character where YAML needs spaces"
DECIMAL_POINT = "{} reads as {} (a dot is a decimal point in YAML)"
NOT_A_NUMBER = "{} is not a number in YAML (a dot is a decimal point, and a number has one at most)"
THOUSANDS_HINT = "write {} without thousands separators"
SIZE_HINT = "split the plan: long texts can go into Markdown pages in the account's folder"

Expected = tuple[int, int, str, str, str]
"""(line, column, key path, message, hint) of the one error a file gives."""

CORPUS: dict[str, Expected | None] = {
    "alias-as-key": (3, 1, "", "an alias (*owner) cannot be a key", "write the key out"),
    "alias-depth": (3, 49, "a1[0][0][0]…[0][0][0]", DEEP, DEEP_HINT),
    "billion-laughs": (7, 63, "lol5[7]", VALUES, ALIASES_HINT),
    "binary-tag": (2, 7, "name", "the YAML tag '!!binary' is not allowed", TAG_HINT),
    "bool-tag-on-text": (3, 15, "confidential",
                         "the tag '!!bool' asks for true or false; found 'vielleicht'",
                         "write true or false, or remove the tag"),
    "control-characters": (2, 25, "", "a control character YAML does not allow (#x001b)",
                           CONTROL_HINT),
    "custom-local-tag": (3, 10, "profile", "the YAML tag '!account' is not allowed", TAG_HINT),
    "date-out-of-range": (
        6, 1, "reviewed",
        "expected a date as YYYY-MM-DD; found '9999-12-31T99:99'",
        "write the date without a time: 9999-12-31",
    ),
    "decimal-amounts": None,
    "duplicate-keys-deep": (
        7, 5, "network[0].influence", "duplicate key 'influence' (first on line 6)",
        "give each key once in a mapping; the second would silently replace the first",
    ),
    "empty": (1, 1, "", "the file is empty", EMPTY_HINT),
    "ends-mid-string": (2, 7, "name", "the text in quotes that starts here is not closed",
                        "end it with the same quote it starts with"),
    "escape-out-of-range": (2, 15, "name", "the escape '\\U00110000' is not a Unicode character",
                            UNICODE_ESCAPE_HINT),
    "float-overflow": (6, 1, "wallet",
                       "expected a number; found a number too large to store (.inf)",
                       "write the number with digits only, without units or thousands "
                       "separators; a decimal part follows a '.', e.g. 1250.5"),
    "huge-decimal-number": (
        4, 14, "profile.employees",
        "the number 9999999999999999999… has 5,000 digits, more than the 100 a number in a "
        "plan may have",
        NUMBER_HINT,
    ),
    "huge-hex-number": (
        3, 9, "wallet",
        "the number 0xfffffffffffffffff… has 5,000 digits, more than the 100 a number in a "
        "plan may have",
        NUMBER_HINT,
    ),
    "int-tag-on-empty": (3, 9, "wallet", "the tag '!!int' asks for a whole number; found ''",
                         "write a whole number such as 42, or remove the tag"),
    "invalid-escape": (
        4, 28, "profile.summary", "an unknown escape '\\d' in double quotes",
        "in double quotes a backslash starts an escape such as \\n or \\\"; write \\\\ for a "
        "backslash, or put the text in single quotes",
    ),
    "latin1": (2, 21, "", "the file is not UTF-8: byte 0xe4 cannot be read", UTF8_HINT),
    "list-document": (
        2, 1, "", "expected a mapping of 'key: value' lines at the top of the file; found a list",
        "a plan starts with keys such as 'name:' and 'owner:', not with '- '; "
        "see 'kamgen new account ID'",
    ),
    "lone-cr-line-ends": (3, 15, "", "a control character YAML does not allow (#x0007)",
                          CONTROL_HINT),
    "long-explicit-key": (2, 3, "", LONG_KEY, LONG_KEY_HINT),
    "long-key": (2, 1, "", LONG_KEY, LONG_KEY_HINT),
    "many-documents": (
        3, 1, "", "a second YAML document ('---') in one file",
        "keep one plan per file: remove the '---' line and what follows, "
        "or move it to a file of its own",
    ),
    "merge-key-chain": (6, 50, "m4.<<[7]", VALUES, ALIASES_HINT),
    "nul-bytes": (2, 13, "", "a control character YAML does not allow (#x0000)", CONTROL_HINT),
    "omap-tag": (3, 13, "checklists", "the YAML tag '!!omap' is not allowed", TAG_HINT),
    "only-document-end": (1, 1, "", "the file holds no data, only '...'", EMPTY_HINT),
    "only-document-start": (1, 1, "", "the file holds no data, only '---'", EMPTY_HINT),
    "python-name": (3, 8, "owner", "the YAML tag '!!python/name:os.system' is not allowed",
                    TAG_HINT),
    "python-object-apply": (
        3, 11, "industry", "the YAML tag '!!python/object/apply:os.system' is not allowed",
        TAG_HINT,
    ),
    "quadratic-blowup": (7, 296, "tags[48]", VALUES, ALIASES_HINT),
    "recursive-alias": (3, 22, "tags[1]", "the alias *tags refers to itself (a recursive alias)",
                        RECURSIVE_HINT),
    "recursive-alias-nested": (
        6, 13, "profile.locations[0].site",
        "the alias *profile refers to itself (a recursive alias)", RECURSIVE_HINT,
    ),
    "reference-id-missing": (10, 6, "network[0].id", "expected text; found nothing (null)",
                             "write the text after the key"),
    "reference-mapping": (4, 1, "owner", "expected text; found a mapping",
                          "write the text after the key"),
    "reference-state-list": (
        7, 3, "checklists.partnership", "expected a mapping of 'key: value' lines; found a list",
        "write the keys on lines of their own below 'partnership:', indented",
    ),
    "scalar-document": (
        2, 1, "",
        "expected a mapping of 'key: value' lines at the top of the file; "
        "found 'Korvat Hausgeräte AG'",
        "a plan starts with keys such as 'name:' and 'owner:'; see 'kamgen new account ID'",
    ),
    "set-tag": (3, 7, "tags", "the YAML tag '!!set' is not allowed", TAG_HINT),
    "short-hex-escape": (
        2, 15, "name", "the escape '\\x4' needs 2 hexadecimal digits",
        "write \\x with 2, \\u with 4 or \\U with 8 hexadecimal digits (0-9, A-F), "
        "or write the character itself",
    ),
    "surrogate-escape": (2, 15, "name", "the escape '\\ud800' is not a Unicode character",
                         UNICODE_ESCAPE_HINT),
    "tab-indentation": (4, 1, "profile", TAB,
                        "indent with spaces, not tabs (set your editor to insert spaces)"),
    "tabs-in-comments": (
        5, 16, "owner", TAB,
        "replace the tab with spaces; a tab that belongs to the text needs the text in quotes",
    ),
    "tag-directive-python": (
        5, 11, "industry", "the YAML tag '!!python/object/apply:os.system' is not allowed",
        TAG_HINT,
    ),
    "tag-on-key": (2, 1, "", "the YAML tag '!!binary' is not allowed", TAG_HINT),
    "unclosed-bracket": (
        3, 7, "tags", "the list opened with '[' here is not closed before the end of the file",
        "close it with ']' on line 3; text that contains ',' or ': ' goes in quotes",
    ),
    "thousands-dot-amount": (6, 1, "wallet", DECIMAL_POINT.format("96.000", "96"),
                             THOUSANDS_HINT.format("96000")),
    "thousands-dot-quoted": (6, 1, "wallet", DECIMAL_POINT.format("1.500", "1.5"),
                             THOUSANDS_HINT.format("1500")),
    "thousands-dot-through-alias": (8, 3, "profile.employees",
                                    DECIMAL_POINT.format("12.000", "12"),
                                    THOUSANDS_HINT.format("12000")),
    "thousands-dots-amount": (7, 18, "business[0].revenue", NOT_A_NUMBER.format("2.400.000"),
                              THOUSANDS_HINT.format("2400000")),
    "thousands-dots-very-long": (
        6, 1, "wallet", NOT_A_NUMBER.format("1" + ".000" * 9 + ".0…"),
        THOUSANDS_HINT.format("1" + "0" * 38 + "…"),
    ),
    "undefined-alias": (3, 8, "owner", "the alias *kam has no anchor",
                        "define &kam before using *kam"),
    "utf16-bom": (0, 0, "",
                  "the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8",
                  UTF8_HINT),
    "utf16-without-bom": (0, 0, "", "the file is not UTF-8: every other byte is 0, as in UTF-16",
                          UTF8_HINT),
    "utf8-bom": None,
    "yaml-version": (2, 1, "", "the directive '%YAML 2.0' cannot be read",
                     "remove the line: plans need no '%YAML' or '%TAG' line"),
}
"""Every corpus file and the one error it gives; None: the file is a valid plan."""

NO_COMMENT = {"empty", "only-document-start", "only-document-end"}
"""Files that cannot hold a comment without stopping to be the attack they are."""


def as_tuple(error: PlanError) -> Expected:
    return error.line, error.column, error.key, error.message, error.hint


def check_error(error: PlanError) -> None:
    """What every error must be: placed, worded, and printable on any terminal."""
    assert error.line >= 0 and error.column >= 0
    assert error.message and error.path.as_posix()
    assert len(error.message) < 300 and len(error.hint) < 400 and len(error.key) < 200
    error.render().encode("utf-8")


@pytest.fixture
def traced() -> Iterator[None]:
    """Fail when the test's traced memory peaks above :data:`MEMORY_LIMIT`."""
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT, f"peak traced memory {peak / 2**20:.1f} MiB"


def read_case(path: Path) -> Expected | None:
    """The one error of ``path`` read as an account plan, or None when it is valid."""
    rel = f"accounts/{path.name}"
    try:
        validate_file(path, rel, "account")
    except PlanErrors as caught:
        for error in caught.errors:
            check_error(error)
            assert error.path.as_posix() == rel
        assert len(caught.errors) == 1, caught.render()
        return as_tuple(caught.errors[0])
    return None


# --- the corpus ------------------------------------------------------------------------------


def test_every_corpus_file_has_an_expectation_and_says_what_it_attacks() -> None:
    names = {path.stem for path in HOSTILE.iterdir()}
    assert names == set(CORPUS)
    for name in sorted(names - NO_COMMENT):
        raw = (HOSTILE / f"{name}.yaml").read_bytes()
        encoding = ("utf-16" if raw.startswith(b"\xff\xfe") else "utf-16-le" if raw[1:2] == b"\0"
                    else "latin-1" if name == "latin1" else "utf-8-sig")
        first = raw.decode(encoding).splitlines()[0]
        assert first.startswith(("# Attack: ", "# Benign: ")), (name, first)
    for name in NO_COMMENT:
        assert not (HOSTILE / f"{name}.yaml").read_bytes().lstrip(b"-.\n")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file(name: str, yaml_parser: str, traced: None) -> None:
    assert read_case(HOSTILE / f"{name}.yaml") == CORPUS[name]


def test_utf8_byte_order_mark_plan_is_read() -> None:
    loaded = validate_file(HOSTILE / "utf8-bom.yaml", "accounts/utf8-bom.yaml", "account")
    assert loaded.model.name == "Korvat Hausgeräte AG"
    assert loaded.positions.locate(("name",)) == (2, 1)


def test_whole_corpus_in_a_copy_of_the_example_portfolio(tmp_path: Path, traced: None) -> None:
    # Every file is an account plan beside the valid examples: each gives its own error, the
    # valid one none, and no error of one file leaks into the others.
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    for path in HOSTILE.iterdir():
        shutil.copyfile(path, root / "accounts" / path.name)
    with pytest.raises(PlanErrors) as caught:
        load_portfolio(root)
    found: dict[str, list[Expected]] = {}
    for error in caught.value.errors:
        check_error(error)
        found.setdefault(error.path.as_posix(), []).append(as_tuple(error))
    assert found == {
        f"accounts/{name}.yaml": [expected] for name, expected in CORPUS.items() if expected
    }
    assert str(caught.value) == f"{len(found)} errors in {len(found)} files"


def test_validate_prints_every_corpus_error_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    for path in HOSTILE.iterdir():
        shutil.copyfile(path, root / "accounts" / path.name)
    assert main(["validate", str(root)]) == 1
    captured = capsys.readouterr()
    failing = sum(1 for expected in CORPUS.values() if expected)
    assert "Traceback" not in captured.err
    assert captured.err.endswith(f"\n{failing} errors in {failing} files\n")
    assert captured.err.count("\n    hint: ") == failing


# --- large files, made at run time ----------------------------------------------------------

HEAD = "name: Korvat Hausgeräte AG\nstatus: candidate\nowner: t.wagner\nterritory: west\n"

LARGE: dict[str, tuple[bytes, Expected | None]] = {
    "three-mib-file": (
        b"# Attack: a file of 3 MiB.\n" + b"# " + b"x" * (3 * 1024 * 1024 - 30) + b"\n",
        (0, 0, "", "the file is 3.0 MiB, more than the 2 MiB a plan file may have", SIZE_HINT),
    ),
    "five-mb-line": (
        b"# Attack: one line of 5 MB.\nname: " + b"x" * 5_000_000 + b"\n",
        (0, 0, "", "the file is 4.8 MiB, more than the 2 MiB a plan file may have", SIZE_HINT),
    ),
    "line-just-under-the-limit": (
        f"# Benign: a line of 2,000,000 characters, just under the limit.\n{HEAD}"
        f"industry: {'x' * 2_000_000}\n".encode(),
        None,
    ),
    "deep-flow-nesting": (
        b"# Attack: lists nested 10,000 deep.\ntags: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        (2, 70, "tags[0][0][0]…[0][0][0]", DEEP, DEEP_HINT),
    ),
    "deep-block-nesting": (
        b"# Attack: block lists nested 10,000 deep.\n" + b"- " * 10_000 + b"x\n",
        (2, 129, "[0][0][0][0]…[0][0][0]", DEEP, DEEP_HINT),
    ),
    "million-element-flow-list": (
        b"# Attack: a flow list of a million values.\ntags: [" + b"x," * 1_000_000 + b"]\n",
        (2, 200004, "tags[99998]", VALUES, ALIASES_HINT),
    ),
    "one-mb-key": (
        b"# Attack: a key of a million characters.\n" + b"k" * 1_000_000 + b": 1\n",
        (2, 1, "", LONG_KEY, LONG_KEY_HINT),
    ),
    "hex-number-100k-digits": (
        b"# Attack: a whole number of 100,000 hexadecimal digits.\nwallet: 0x"
        + b"f" * 100_000 + b"\n",
        (2, 9, "wallet",
         "the number 0xfffffffffffffffff… has 100,000 digits, more than the 100 a number in a "
         "plan may have", NUMBER_HINT),
    ),
    "tabs-in-comments": (
        # Each tab once cost a scan of the whole file: hours for this one.
        f"# Benign: 1.8 million tabs in comments.\n{HEAD}".encode()
        + (b"#" + b"\t" * 30 + b"\n") * 60_000,
        None,
    ),
    "many-lines-then-an-error": (
        b"# Attack: half a million lines before the error.\n" + b"#\n" * 500_000
        + b"tags: [\n",
        (500_002, 7, "tags",
         "the list opened with '[' here is not closed before the end of the file",
         "close it with ']' on line 500002; text that contains ',' or ': ' goes in quotes"),
    ),
}
"""Large files (not committed), each with its one error; None: the file is a valid plan."""

READER = """
import json, sys, tracemalloc
from pathlib import Path
from kamgen.errors import PlanErrors
from kamgen.load import validate_file

def status(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(field))

# How far the peak resident size (VmHWM, which exec resets, unlike ru_maxrss) rises above
# the size before reading: that also counts what libyaml allocates, and unlike tracemalloc
# it costs no time. Without /proc, tracemalloc.
try:
    before = status("VmRSS:")
except OSError:
    before = None
    tracemalloc.start()
try:
    validate_file(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    errors = []
except PlanErrors as caught:
    errors = [[e.line, e.column, e.key, e.message, e.hint] for e in caught.errors]
peak = tracemalloc.get_traced_memory()[1] if before is None else status("VmHWM:") - before
print(json.dumps({"errors": errors, "peak": peak}))
"""


def read_in_a_subprocess(path: Path, rel: str, kind: str = "account",
                         limit: int = MEMORY_LIMIT) -> list[Expected]:
    """The errors of ``path``, read in a process that is killed after a minute and may
    grow by at most ``limit`` bytes."""
    done = subprocess.run([sys.executable, "-c", READER, str(path), rel, kind],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["peak"] < limit, f"peak grew by {result['peak'] / 2**20:.1f} MiB"
    return [(line, column, key, message, hint)
            for line, column, key, message, hint in result["errors"]]


@pytest.mark.parametrize("name", sorted(LARGE))
def test_large_file(name: str, tmp_path: Path) -> None:
    content, expected = LARGE[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    assert read_in_a_subprocess(path, f"accounts/{name}.yaml") == ([expected] if expected else [])


def test_many_errors_in_one_file(tmp_path: Path) -> None:
    # 16,000 rules of a wrong severity: each gives two Pydantic errors (one per member of
    # the union), and keeping the deepest one once compared every error with every other:
    # minutes. Pydantic takes about 2 KB per error, so this file may take more memory.
    text = (PLANS / "kam.yaml").read_text(encoding="utf-8")
    rules = '    scorecard.perspectives: {A: error, B: warning, C: "off"}\n'
    assert text.count(rules) == 1
    path = tmp_path / "kam.yaml"
    path.write_text(text.replace(rules, rules + "".join(f"    r{n}: bogus\n"
                                                        for n in range(16_000))),
                    encoding="utf-8")
    errors = read_in_a_subprocess(path, "kam.yaml", "programme", limit=2 * MEMORY_LIMIT)
    assert len(errors) == 16_000
    assert errors[0] == (173, 5, "policy.rules.r0",
                         "expected one of error, warning, off; found 'bogus'",
                         "allowed: error, warning, off")


# --- nesting: kamgen's depth guard decides, not libyaml's own limit ----------------------------

NESTED: dict[str, tuple[str, tuple[int, int, str]]] = {
    # 'tags: ' is 6 characters and the file's mapping is level 1, so the 64th '[' (column 70)
    # opens level 65. libyaml's scanner looks ahead for a key across the whole line and stops
    # at its own limit (1,000 levels) before the reader sees the 64th '['.
    "flow lists on one line": (
        "tags: " + "[" * 2_000 + "]" * 2_000 + "\n",
        (1, 70, "tags[0][0][0]…[0][0][0]"),
    ),
    # Each '{a: ' is 4 characters from column 10: the 64th opens at 10 + 63 × 4 = 262.
    "flow mappings on one line": (
        "profile: " + "{a: " * 2_000 + "1" + "}" * 2_000 + "\n",
        (1, 262, "profile.a.a.a….a.a.a"),
    ),
    # 'tags: [' is level 2; line 1 + n opens level 2 + n, so level 65 is line 64, column 3,
    # the second item ([1], after 'x') of each list before it.
    "flow lists over many lines": (
        "tags: [\n" + "  [x,\n" * 2_000 + "  ]" * 2_000 + "]\n",
        (64, 3, "tags[0][1][1]…[1][1][1]"),
    ),
    # The n-th list starts at column 2n - 1: the 65th at column 129.
    "block lists on one line": ("- " * 2_000 + "x\n", (1, 129, "[0][0][0][0]…[0][0][0]")),
    # Line n is indented n - 1 spaces and opens level n: level 65 is line 65, column 65.
    "block mappings": (
        "".join(" " * n + "k:\n" for n in range(2_000)) + " " * 2_000 + "x\n",
        (65, 65, "k.k.k.k….k.k.k"),
    ),
}


@pytest.mark.parametrize("name", sorted(NESTED))
def test_nesting_guard_decides_with_either_parser(name: str, tmp_path: Path,
                                                   yaml_parser: str) -> None:
    text, (line, column, key) = NESTED[name]
    assert one_error(write(tmp_path, text)) == (line, column, key, DEEP, DEEP_HINT)


class EarlyLimitParser(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A libyaml whose nesting limit is lower than kamgen's: it stops at the first event."""

    def check_event(self, *choices: Any) -> bool:
        mark = yaml.Mark("<file>", 0, 0, 0, None, 0)
        raise yaml.scanner.ScannerError("while increasing flow level", mark,
                                        "exceeded maximum nesting depth", mark)


def test_libyaml_nesting_limit_never_decides(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever limit libyaml has and wherever it stops, kamgen's guard gives the answer.
    monkeypatch.setattr(kamgen.load.yaml_reader, "_Parser", EarlyLimitParser)
    text, (line, column, key) = NESTED["flow lists on one line"]
    assert one_error(write(tmp_path, text)) == (line, column, key, DEEP, DEEP_HINT)
    # Nor does it refuse a plan that nests less deeply than MAX_DEPTH.
    plan = HEAD + "profile:\n  summary: text\n"
    loaded = validate_file(write(tmp_path, plan), "accounts/korvat.yaml", "account")
    assert loaded.model.profile.summary == "text"
    assert loaded.positions.locate(("profile", "summary")) == (6, 3)


# --- regressions: each of these once ended in a traceback or a misleading message -------------


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "accounts" / "korvat.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def one_error(path: Path) -> Expected:
    with pytest.raises(PlanErrors) as caught:
        validate_file(path, "accounts/korvat.yaml", "account")
    assert len(caught.value.errors) == 1, caught.value.render()
    check_error(caught.value.errors[0])
    return as_tuple(caught.value.errors[0])


def test_explicit_null_tag_on_text(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, "wallet: !!null nichts\n")) == (
        1, 9, "wallet", "the tag '!!null' asks for nothing (null); found 'nichts'",
        "write null, ~ or nothing, or remove the tag",
    )


def test_explicit_float_tag_takes_a_whole_number(tmp_path: Path, yaml_parser: str) -> None:
    path = write(tmp_path, HEAD + "wallet: !!float 5500000\n")
    assert validate_file(path, "accounts/korvat.yaml", "account").model.wallet == 5_500_000.0


def test_surrogate_escape_in_a_key(tmp_path: Path, yaml_parser: str) -> None:
    # PyYAML's own parser read the key and Pydantic's message then held half a character.
    assert one_error(write(tmp_path, HEAD + '"pro\\udc00file": 1\n')) == (
        5, 5, "", "the escape '\\udc00' is not a Unicode character", UNICODE_ESCAPE_HINT,
    )


def test_a_long_value_is_not_copied_into_the_hint(tmp_path: Path, yaml_parser: str) -> None:
    # The hint once showed the whole value in quotes: a line of 2 MB in an error message.
    assert one_error(write(tmp_path, "industry: " + "Haus: " * 1000 + "\n")) == (
        1, 15, "industry", "a ': ' inside a value that YAML cannot read",
        "put text that contains ': ' in quotes",
    )


def test_a_long_key_is_cut_short_in_the_message(tmp_path: Path, yaml_parser: str) -> None:
    key = "k" * 1000
    error = one_error(write(tmp_path, HEAD + f"profile:\n  {key}: 1\n"))
    assert error[:4] == (6, 3, f"profile.{'k' * 59}…", f"unknown key '{'k' * 59}…'")


def test_anchor_name_that_is_not_ascii(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, HEAD + "tags: &schlüssel [pp]\n")) == (
        5, 7, "tags", "the name of an anchor may only hold the letters A to Z, digits, '-' and '_'",
        "rename it, e.g. &contact-1 and *contact-1",
    )


def test_yaml_version_with_a_long_minor_number(tmp_path: Path, yaml_parser: str) -> None:
    # libyaml refuses it, PyYAML's own parser read it as version 1.99999999999999999999.
    assert one_error(write(tmp_path, "%YAML 1.99999999999999999999\n---\n" + HEAD)) == (
        1, 1, "", "the directive '%YAML 1.99999999999999999999' cannot be read",
        "remove the line: plans need no '%YAML' or '%TAG' line",
    )


def test_folder_in_place_of_a_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "accounts" / "korvat.yaml"
    path.mkdir(parents=True)
    assert one_error(path) == (0, 0, "", "the file cannot be read (Is a directory)",
                               "check that it is a file and that you may read it")


def test_reading_keeps_nothing_in_the_yaml_constructor(tmp_path: Path) -> None:
    # construct_object() remembers every node it built, and PyYAML's marks hold the whole
    # text: a long-running `kamgen serve` would have kept every version of every file.
    validate_file(write(tmp_path, HEAD + "wallet: 5500000\nconfidential: true\n"),
                  "accounts/korvat.yaml", "account")
    assert not kamgen.load.yaml_reader._constructor.constructed_objects


@pytest.mark.parametrize("value", ["<<", "="])
def test_merge_and_value_signs_where_a_value_goes_are_text(
    tmp_path: Path, yaml_parser: str, value: str
) -> None:
    # YAML resolves them to !!merge and !!value; the message for a tag then failed on a
    # scalar without a tag (AttributeError).
    path = write(tmp_path, HEAD + f"industry: {value}\n")
    assert validate_file(path, "accounts/korvat.yaml", "account").model.industry == value


def test_a_file_that_is_only_a_merge_sign(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, "<<\n")) == (
        1, 1, "", "expected a mapping of 'key: value' lines at the top of the file; found '<<'",
        "a plan starts with keys such as 'name:' and 'owner:'; see 'kamgen new account ID'",
    )


def test_file_without_a_known_size_is_read_only_up_to_the_limit() -> None:
    # /dev/zero has size 0 and never ends; the whole of it was once read into memory.
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero")
    assert one_error(zero) == (
        0, 0, "", "the file is more than 2.0 MiB, more than the 2 MiB a plan file may have",
        SIZE_HINT,
    )


def test_stray_closing_bracket(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, HEAD + "tags: ]\n")) == (
        5, 7, "tags", "a value cannot start with ']'", "put the value in quotes",
    )


def test_flow_mapping_not_closed_before_the_next_item(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, HEAD + "business:\n  - {year: 2024\n  - {year: 2025}\n")) == (
        6, 5, "business[0]",
        "the mapping opened with '{' here is not closed before line 7",
        "close it with '}' on line 6; text that contains ',' or ': ' goes in quotes",
    )


def test_text_on_the_line_of_a_block_scalar(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, HEAD + "industry: |Haushalt\n")) == (
        5, 12, "industry", "the text of a '|' or '>' block starts on the line below it",
        "move the text to the next line and indent it; after '|' or '>' only '-', '+' or a "
        "digit may follow",
    )


def test_text_after_the_closing_quote(tmp_path: Path, yaml_parser: str) -> None:
    assert one_error(write(tmp_path, HEAD + 'industry: "Haushalt" Geräte\n')) == (
        5, 22, "industry", 'more text after the closing " of a value',
        "put the whole value in quotes, or move the text inside them",
    )


def test_parse_yaml_refuses_text_with_half_a_character() -> None:
    # Only text that did not come from a file can hold one; libyaml could not even take it.
    with pytest.raises(kamgen.load.YamlProblem) as caught:
        kamgen.load.parse_yaml("name: Korvat\nindustry: \ud800\n")
    assert (caught.value.line, caught.value.column, caught.value.message) == (
        2, 11, "a character that is not Unicode text (#xd800)",
    )
