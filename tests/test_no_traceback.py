"""Hostile command lines: every sub-command, given bad dates, odd folders, files where folders
belong, unwritable places, bad formats and addresses, ends with its own clear message and
exit code 1 or 2, never with a Python traceback and never with the last-resort
"internal error" (which is for bugs).

Most cases run in this process through :func:`kamgen.cli.main`; a few run ``python -m
kamgen`` to be sure that nothing escapes on the way out. No case starts a server: the
preview server's ``serve`` is replaced by one that fails the test.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import mkdocs.livereload
import pytest

import kamgen.cli
from kamgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "handworked"
ENVIRONMENT = ("KAMGEN_AS_OF", "SOURCE_DATE_EPOCH", "KAMGEN_DEBUG", "KAMGEN_AUDIENCE",
               "KAMGEN_PAGES_DIR")

RANGE = ("    hint: give a date from 1900-01-01 to 2200-12-31 as YYYY-MM-DD\n")
EPOCH_HINT = ("    hint: set it to whole seconds since 1970-01-01 UTC (date +%s), at most "
              "4294967295, or unset it\n")
DEV_ADDR_HINT = ("    hint: give an IP address or localhost and a port, e.g. "
                 "--dev-addr 127.0.0.1:8000\n")
AMOUNT_HINT = ("    hint: write the amount in the programme currency as a plain number from "
               "0 to 10^15 (a thousand trillion)\n")


@dataclass(frozen=True)
class Case:
    """A command line (``{plans}``, ``{huge}``, ``{file}``, ``{folder}``, ``{tmp}`` … are
    filled in), its environment, the exit code and what stderr says: ``exact`` is the end of
    stderr, to the last character, and ``says`` must appear in it."""

    argv: str
    code: int
    exact: str = ""
    says: str = ""
    env: tuple[tuple[str, str], ...] = ()
    stdout: bool = False
    """True when the message goes to standard output (check reports invalid plans there)."""


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The folders and files the cases refer to; none of them is written by a case."""
    base = tmp_path_factory.mktemp("hostile-cli")
    plans = base / "plans"
    shutil.copytree(FIXTURE, plans)
    huge = base / "huge"
    shutil.copytree(FIXTURE, huge)
    alpha = huge / "accounts" / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace("revenue: 500000,", "revenue: 1.7e308,"),
                     "utf-8")
    blocked = base / "blocked"
    shutil.copytree(FIXTURE, blocked)
    shutil.rmtree(blocked / "accounts")
    (blocked / "accounts").write_text("not a folder\n", "utf-8")
    (base / "a-file.txt").write_text("a file, not a folder\n", "utf-8")
    (base / "a-folder").mkdir()
    return {"plans": str(plans), "huge": str(huge), "blocked": str(blocked),
            "file": str(base / "a-file.txt"), "folder": str(base / "a-folder"),
            "missing": str(base / "missing")}


def _dated(command: str) -> str:
    """A command line of ``command`` that would succeed, but for its date."""
    return {
        "check": "check {plans}",
        "export": "export {plans} --out {tmp}/x.json",
        "build": "build {plans} --site-dir {tmp}/site",
        "generate": "generate {plans} --out {tmp}/gen",
        "serve": "serve {plans} --dev-addr 127.0.0.1:8765",
        "pdf": "pdf alpha --plans {plans} --out {tmp}/x.pdf",
    }[command]


DATED = ("check", "export", "build", "generate", "serve", "pdf")

CASES: dict[str, Case] = {}

for _command in DATED:
    _line = _dated(_command)
    for _date in ("9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"):
        CASES[f"{_command}-as-of-{_date}"] = Case(
            f"{_line} --as-of {_date}", 2,
            exact=f"kamgen: as-of date '{_date}' is out of range\n" + RANGE)
    for _date in ("2026-02-30", "23.11.2026", "tomorrow"):
        CASES[f"{_command}-as-of-{_date}"] = Case(
            f"{_line} --as-of {_date}", 2,
            exact=f"kamgen: as-of date '{_date}' is not a date\n"
                  "    hint: write it as YYYY-MM-DD\n")
    CASES[f"{_command}-KAMGEN_AS_OF-garbage"] = Case(
        _line, 2, env=(("KAMGEN_AS_OF", "next monday"),),
        exact="kamgen: KAMGEN_AS_OF 'next monday' is not a date\n"
              "    hint: write it as YYYY-MM-DD, or unset KAMGEN_AS_OF\n")
    CASES[f"{_command}-KAMGEN_AS_OF-9999"] = Case(
        _line, 2, env=(("KAMGEN_AS_OF", "9999-12-31"),),
        exact="kamgen: KAMGEN_AS_OF '9999-12-31' is out of range\n"
              + RANGE.replace("YYYY-MM-DD", "YYYY-MM-DD, or unset KAMGEN_AS_OF"))
    for _name, _epoch, _what in (("garbage", "yesterday", "is not a time stamp"),
                                 ("decimal", "1.7e9", "is not a time stamp"),
                                 ("superscript", "²", "is not a time stamp"),
                                 ("space", " 1700000000", "is not a time stamp"),
                                 ("negative", "-1", "is out of range"),
                                 ("2**32", "4294967296", "is out of range"),
                                 ("huge", "9" * 40, "is out of range")):
        CASES[f"{_command}-SOURCE_DATE_EPOCH-{_name}"] = Case(
            _line, 2, env=(("SOURCE_DATE_EPOCH", _epoch),),
            exact=f"kamgen: SOURCE_DATE_EPOCH {_epoch!r} {_what}\n" + EPOCH_HINT)

for _command in ("validate", "check", "build", "serve", "export", "generate", "schema",
                 "codeowners"):
    _extra = {"generate": " --out {tmp}/gen", "serve": " --dev-addr 127.0.0.1:8765"}.get(
        _command, "")
    CASES[f"{_command}-missing-plans"] = Case(
        f"{_command} {{missing}}{_extra}", 2,
        exact="kamgen: {missing}: no such folder\n    hint: "
              + ("give the plans folder, or the folder to write to with --out DIR\n"
                 if _command == "schema" else "give the folder that holds kam.yaml "
                                              "(default: plans)\n"))
    if _command == "schema":
        continue
    CASES[f"{_command}-a-file-as-plans"] = Case(
        f"{_command} {{file}}{_extra}", 2,
        exact="kamgen: {file}: not a folder\n    hint: give the folder that holds kam.yaml\n")
    CASES[f"{_command}-dev-null-as-plans"] = Case(
        f"{_command} /dev/null{_extra}", 2,
        exact="kamgen: /dev/null: not a folder\n    hint: give the folder that holds kam.yaml\n")
    _out = _command == "check"
    CASES[f"{_command}-proc-as-plans"] = Case(
        f"{_command} /proc{_extra}", 1, says="/proc/kam.yaml: the file is missing\n",
        stdout=_out)
    CASES[f"{_command}-empty-folder-as-plans"] = Case(
        f"{_command} {{folder}}{_extra}", 1, says="{folder}/kam.yaml: the file is missing\n",
        stdout=_out)
    _huge = ("accounts/alpha.yaml:68:18: business[1].revenue: expected an amount from 0 to "
             "10^15; found '1.7e308'\n" + AMOUNT_HINT)
    if _command == "serve":
        continue  # serve starts with invalid plans and shows them (tests/test_serve.py)
    CASES[f"{_command}-amount-1.7e308"] = Case(
        f"{_command} {{huge}}{_extra}", 1, stdout=_out, says=_huge,
        exact="" if _out else "{huge}/" + _huge + "1 error in 1 file\n")

CASES.update({
    # export: where the file goes
    "export-out-is-a-folder": Case(
        "export {plans} --out {folder}", 2,
        exact="kamgen: --out {folder} is a folder\n"
              "    hint: give the file to write, e.g. --out {folder}/portfolio.json\n"),
    "export-xlsx-out-is-a-folder": Case(
        "export {plans} --format xlsx --out {folder}", 2,
        exact="kamgen: --out {folder} is a folder\n"
              "    hint: give the file to write, e.g. --out {folder}/portfolio.xlsx\n"),
    "export-out-below-a-file": Case(
        "export {plans} --out {file}/x.json", 2,
        exact="kamgen: --out {file}/x.json: {file} is a file, not a folder\n"
              "    hint: give a file in a folder, e.g. --out portfolio.json\n"),
    "export-out-below-dev-null": Case(
        "export {plans} --format csv --out /dev/null/x.csv", 2,
        exact="kamgen: --out /dev/null/x.csv: /dev/null is a file, not a folder\n"
              "    hint: give a file in a folder, e.g. --out portfolio.csv\n"),
    "export-out-into-the-plans": Case(
        "export {plans} --out {plans}/kam.yaml", 2,
        exact="kamgen: --out {plans}/kam.yaml lies in the plans folder {plans}\n"
              "    hint: kamgen never changes the plans; write the export elsewhere, "
              "e.g. --out portfolio.json\n"),
    "export-out-in-proc": Case(
        "export {plans} --out /proc/x.json", 2,
        says="kamgen: cannot write /proc/x.json: ",
        exact="    hint: give a file in a folder you can write to with --out FILE\n"),
    "export-xlsx-to-stdout": Case(
        "export {plans} --format xlsx", 2,
        exact="kamgen: an XLSX export needs a file\n    hint: add --out portfolio.xlsx\n"),
    "export-bad-format": Case("export {plans} --format pdf", 2,
                              says="argument --format: 'pdf' is unknown; choose from json, csv, "
                                   "xlsx\n"),
    "check-bad-format": Case("check {plans} --format html", 2,
                             says="argument --format: 'html' is unknown; choose from text, "
                                  "github, json, markdown\n"),
    # check --changed-since: the plans of the fixture lie in no git repository
    "check-changed-since-outside-git": Case(
        "check {plans} --changed-since main", 2,
        exact="kamgen: --changed-since: {plans} is not in a git repository\n"
              "    hint: check the plans in a clone of their repository, or leave out "
              "--changed-since to check every plan\n"),
    "check-changed-since-an-option": Case(
        "check {plans} --changed-since=--output={tmp}/x", 2,
        says="kamgen: --changed-since: {plans} is not in a git repository\n"),
    "check-changed-since-missing-plans": Case(
        "check {missing} --changed-since main", 2,
        exact="kamgen: {missing}: no such folder\n"
              "    hint: give the folder that holds kam.yaml (default: plans)\n"),
    "check-changed-since-without-ref": Case("check {plans} --changed-since", 2,
                                            says="argument --changed-since: expected one"),
    # diff: revisions are revisions, never options, paths or ranges; no repository here
    "diff-not-a-repository": Case("diff --plans {plans}", 2,
                                  exact="    hint: run kamgen in a clone of the plans "
                                        "repository\n"),
    "diff-option-as-revision": Case("diff --plans {plans} --upload-pack=touch", 2,
                                    says="unrecognized arguments: --upload-pack=touch"),
    "diff-path-as-revision": Case("diff --plans {plans} HEAD:plans/kam.yaml", 2,
                                  exact="kamgen: 'HEAD:plans/kam.yaml' is not a revision\n"
                                        "    hint: give a branch, a tag or a commit id, such "
                                        "as main, v1.0 or 3f2a9c1\n"),
    "diff-bad-format": Case("diff --plans {plans} --format html", 2,
                            says="argument --format: 'html' is unknown; choose from text, "
                                 "markdown, json\n"),
    # build: where the site goes, which configuration
    "build-site-dir-in-proc": Case("build {plans} --site-dir /proc/site", 2,
                                   says="kamgen: cannot write the site to /proc/site"),
    "build-site-dir-below-a-file": Case("build {plans} --site-dir {file}/site", 2,
                                        says="kamgen: cannot write the site to {file}/site"),
    "build-site-dir-below-dev-null": Case(
        "build {plans} --site-dir /dev/null/site", 2,
        says="kamgen: cannot write the site to /dev/null/site"),
    "build-site-dir-is-a-file": Case("build {plans} --site-dir {file}", 2,
                                     says="kamgen: --site-dir {file} is not a folder\n"),
    "build-site-dir-is-the-plans": Case("build {plans} --site-dir {plans}", 2,
                                        says="the output would replace the plans\n"),
    "build-missing-config": Case(
        "build {plans} --site-dir {tmp}/site --config {missing}/mkdocs.yml", 2,
        exact="kamgen: {missing}/mkdocs.yml: no such file\n    hint: give the path of "
              "mkdocs.yml, or leave --config out to use kamgen's own\n"),
    "build-folder-as-config": Case(
        "build {plans} --site-dir {tmp}/site --config {folder}", 2,
        exact="kamgen: {folder}: no such file\n    hint: give the path of "
              "mkdocs.yml, or leave --config out to use kamgen's own\n"),
    "build-bad-audience": Case("build {plans} --audience everyone", 2,
                               says="argument --audience: 'everyone' is unknown; choose from "
                                    "internal, customer\n"),
    # generate: where the pages go
    "generate-without-out": Case("generate {plans}", 2,
                                 says="the following arguments are required: --out"),
    "generate-out-in-proc": Case(
        "generate {plans} --out /proc/gen", 2, says="kamgen: cannot write to /proc/gen: ",
        exact="    hint: give a folder you can write to with --out DIR\n"),
    "generate-out-is-a-file": Case("generate {plans} --out {file}", 2,
                                   says="kamgen: --out {file} is not a folder\n"),
    "generate-out-is-dev-null": Case("generate {plans} --out /dev/null", 2,
                                     says="kamgen: --out /dev/null is not a folder\n"),
    "generate-out-below-a-file": Case("generate {plans} --out {file}/gen", 2,
                                      says="kamgen: cannot write to {file}/gen"),
    "generate-out-is-the-plans": Case("generate {plans} --out {plans}", 2,
                                      says="the output would replace the plans\n"),
    # serve: the address, checked before MkDocs starts
    "serve-port-too-large": Case(
        "serve {plans} --dev-addr 127.0.0.1:99999", 2,
        exact="kamgen: --dev-addr '127.0.0.1:99999': the port '99999' is not a number from 1 "
              "to 65535\n" + DEV_ADDR_HINT),
    "serve-port-zero": Case(
        "serve {plans} --dev-addr 127.0.0.1:0", 2,
        exact="kamgen: --dev-addr '127.0.0.1:0': the port '0' is not a number from 1 "
              "to 65535\n" + DEV_ADDR_HINT),
    "serve-port-negative": Case(
        "serve {plans} --dev-addr=127.0.0.1:-1", 2,
        exact="kamgen: --dev-addr '127.0.0.1:-1': the port '-1' is not a number from 1 "
              "to 65535\n" + DEV_ADDR_HINT),
    "serve-port-words": Case(
        "serve {plans} --dev-addr localhost:http", 2,
        exact="kamgen: --dev-addr 'localhost:http': the port 'http' is not a number from 1 "
              "to 65535\n" + DEV_ADDR_HINT),
    "serve-port-fullwidth-digits": Case(
        "serve {plans} --dev-addr 127.0.0.1:８０００", 2,
        exact="kamgen: --dev-addr '127.0.0.1:８０００': the port '８０００' is not a number "
              "from 1 to 65535\n" + DEV_ADDR_HINT),
    "serve-nonsense": Case(
        "serve {plans} --dev-addr nonsense", 2,
        exact="kamgen: --dev-addr 'nonsense' is not HOST:PORT\n" + DEV_ADDR_HINT),
    "serve-colon": Case(
        "serve {plans} --dev-addr :", 2,
        exact="kamgen: --dev-addr ':' is not HOST:PORT\n" + DEV_ADDR_HINT),
    "serve-no-port": Case(
        "serve {plans} --dev-addr 127.0.0.1:", 2,
        exact="kamgen: --dev-addr '127.0.0.1:' is not HOST:PORT\n" + DEV_ADDR_HINT),
    "serve-no-host": Case(
        "serve {plans} --dev-addr :8000", 2,
        exact="kamgen: --dev-addr ':8000' is not HOST:PORT\n" + DEV_ADDR_HINT),
    "serve-host-name": Case(
        "serve {plans} --dev-addr example.com:8000", 2,
        exact="kamgen: --dev-addr 'example.com:8000': 'example.com' is not an IP address\n"
              + DEV_ADDR_HINT),
    "serve-ipv6-port-too-large": Case(
        "serve {plans} --dev-addr [::1]:70000", 2,
        exact="kamgen: --dev-addr '[::1]:70000': the port '70000' is not a number from 1 "
              "to 65535\n" + DEV_ADDR_HINT),
    "serve-missing-config": Case(
        "serve {plans} --dev-addr 127.0.0.1:8765 --config {missing}/mkdocs.yml", 2,
        exact="kamgen: {missing}/mkdocs.yml: no such file\n    hint: give the path of "
              "mkdocs.yml, or leave --config out to use kamgen's own\n"),
    # new account: odd plans folders, ids and names
    "new-plans-in-proc": Case(
        "new account x --plans /proc", 2,
        exact="kamgen: cannot make the folder /proc/accounts: No such file or directory\n"
              "    hint: give a plans folder you can write to with --plans\n"),
    "new-plans-dev-null": Case(
        "new account x --plans /dev/null", 2,
        exact="kamgen: /dev/null: not a folder\n    hint: give the plans folder with --plans\n"),
    "new-plans-a-file": Case(
        "new account x --plans {file}", 2,
        exact="kamgen: {file}: not a folder\n    hint: give the plans folder with --plans\n"),
    "new-plans-missing": Case(
        "new account x --plans {missing}", 2,
        exact="kamgen: {missing}: no such folder\n    hint: give the plans folder with --plans\n"),
    "new-accounts-is-a-file": Case(
        "new account x --plans {blocked}", 2,
        exact="kamgen: cannot make the folder {blocked}/accounts: it is a file\n"
              "    hint: give a plans folder you can write to with --plans\n"),
    "new-bad-id": Case(
        "new account ../../etc/x --plans {plans}", 2,
        exact="kamgen: '../../etc/x' is not an account id\n"
              "    hint: use lowercase letters, digits and '-', e.g. 'etc-x'\n"),
    "new-name-with-newline": Case(
        "new account x --plans {plans} --name 'Meyer\nCo'", 2,
        exact="kamgen: --name 'Meyer\\nCo' holds a line break\n"
              "    hint: write the name as one line of text, e.g. --name 'Meyer Co'\n"),
    "new-unknown-owner": Case(
        "new account x --plans {plans} --owner nobody", 2,
        exact="kamgen: --owner 'nobody' is not in team.yaml\n"
              "    hint: use one of a.adler, b.brandt, c.conrad, d.dorn\n"),
    "new-without-kind": Case("new", 2, says="the following arguments are required: KIND"),
    "new-without-id": Case("new account", 2, says="the following arguments are required: id"),
    # schema
    "schema-out-in-proc": Case(
        "schema {plans} --out /proc/schemas", 2,
        says="kamgen: cannot write the schemas to /proc/schemas: ",
        exact="    hint: give a folder with --out DIR\n"),
    "schema-out-below-a-file": Case(
        "schema {plans} --out {file}/schemas", 2,
        exact="kamgen: cannot write the schemas to {file}/schemas: Not a directory\n"
              "    hint: give a folder with --out DIR\n"),
    "schema-bad-kind": Case("schema --stdout plan", 2,
                            says="argument --stdout: 'plan' is unknown; choose from programme, "
                                 "team, territories, checklist, account\n"),
    # init: where the new repository goes, and what it says
    "init-into-the-plans": Case(
        "init {plans}", 2,
        exact="kamgen: {plans} is not empty: kamgen init writes only into a new or an empty "
              "folder\n    hint: give a new folder, e.g. kamgen init kam-plans\n"),
    "init-into-a-file": Case(
        "init {file}", 2,
        exact="kamgen: {file} exists and is not a folder\n"
              "    hint: give a new folder, e.g. kamgen init kam-plans\n"),
    "init-into-dev-null": Case(
        "init /dev/null", 2,
        exact="kamgen: /dev/null exists and is not a folder\n"
              "    hint: give a new folder, e.g. kamgen init kam-plans\n"),
    "init-below-a-file": Case(
        "init {file}/new", 2,
        exact="kamgen: cannot make {file}/new: {file} is not a folder\n"
              "    hint: make the folder {file} first, or give another one\n"),
    "init-in-proc": Case(
        "init /proc/new", 2, says="kamgen: cannot write into /proc: ",
        exact="    hint: give a folder in a place you can write to\n"),
    "init-company-with-newline": Case(
        "init {tmp}/new --company 'Meyer\nCo'", 2,
        exact="kamgen: --company 'Meyer\\nCo' holds a line break\n"
              "    hint: write the name as one line of text, e.g. --company 'Meyer Co'\n"),
    "init-bad-language": Case("init {tmp}/new --language fr", 2,
                              says="argument --language: 'fr' is unknown; choose from en, de\n"),
    "init-without-dir": Case("init", 2, says="the following arguments are required: DIR"),
    # codeowners: where the file goes
    "codeowners-output-in-the-plans": Case(
        "codeowners {plans} --output {plans}/CODEOWNERS", 2,
        exact="kamgen: --output {plans}/CODEOWNERS lies in the plans folder {plans}\n"
              "    hint: kamgen never changes the plans; write .github/CODEOWNERS at the "
              "repository root\n"),
    "codeowners-output-is-a-folder": Case(
        "codeowners {plans} --output {folder}", 2,
        exact="kamgen: cannot read {folder}: Is a directory\n"
              "    hint: give the CODEOWNERS file with --output FILE\n"),
    "codeowners-output-in-proc": Case(
        "codeowners {plans} --output /proc/CODEOWNERS", 2,
        says="kamgen: cannot write /proc/CODEOWNERS: ",
        exact="    hint: give a file in a folder you can write to with --output FILE\n"),
    "codeowners-output-below-a-file": Case(
        "codeowners {plans} --output {file}/CODEOWNERS", 2,
        says="kamgen: cannot read {file}/CODEOWNERS: Not a directory\n"),
    "codeowners-check-without-a-file": Case(
        "codeowners {plans} --check --output {tmp}/CODEOWNERS", 1,
        exact="kamgen: {tmp}/CODEOWNERS does not exist\n"
              "    hint: run 'kamgen codeowners' and commit {tmp}/CODEOWNERS\n"),
    "unknown-command": Case("frobnicate", 2, says="argument COMMAND: 'frobnicate' is unknown; "
                                                  "choose from validate, build, serve"),
    "reference-misspelt-language": Case(
        "reference --language dee", 2,
        exact="kamgen reference: error: argument --language: 'dee' is unknown; did you mean "
              "'de'? choose from en, de\n"),
    # a mistyped choice: "did you mean", as in the plans' errors
    "misspelt-command": Case("bild {plans}", 2,
                             says="kamgen: error: argument COMMAND: 'bild' is unknown; did you "
                                  "mean 'build'? choose from validate, build, serve, generate, "),
    "export-misspelt-format": Case(
        "export {plans} --format xlxs", 2,
        exact="kamgen export: error: argument --format: 'xlxs' is unknown; did you mean 'xlsx'? "
              "choose from json, csv, xlsx\n"),
    "check-misspelt-format": Case(
        "check {plans} --format gihub", 2,
        exact="kamgen check: error: argument --format: 'gihub' is unknown; did you mean "
              "'github'? choose from text, github, json, markdown\n"),
    "build-misspelt-audience": Case(
        "build {plans} --audience custmer", 2,
        exact="kamgen build: error: argument --audience: 'custmer' is unknown; did you mean "
              "'customer'? choose from internal, customer\n"),
    "new-misspelt-kind": Case(
        "new acount x", 2,
        exact="kamgen new: error: argument KIND: 'acount' is unknown; did you mean 'account'? "
              "choose from account\n"),
    "new-misspelt-territory": Case(
        "new account x --plans {plans} --territory wset", 2,
        exact="kamgen: --territory 'wset' is not in territories.yaml\n"
              "    hint: did you mean 'west'? use one of north, south, west\n"),
    "new-misspelt-owner": Case(
        "new account x --plans {plans} --owner b.brand", 2,
        exact="kamgen: --owner 'b.brand' is not in team.yaml\n"
              "    hint: did you mean 'b.brandt'? use one of a.adler, b.brandt, c.conrad, "
              "d.dorn\n"),
    "export-misspelt-account": Case(
        "export {plans} --audience customer --account alhpa", 2,
        says="kamgen: --account 'alhpa' is not an account of the plans\n"
             "    hint: did you mean 'alpha'? accounts that exist: "),
    # pdf: which plan, which edition, where the file goes
    "pdf-without-account": Case(
        "pdf --plans {plans}", 2,
        exact="kamgen: give the account to print, or --portfolio for the portfolio report\n"
              "    hint: e.g. kamgen pdf nordwerk-chemie, or kamgen pdf --portfolio\n"),
    "pdf-account-and-portfolio": Case(
        "pdf alpha --portfolio --plans {plans}", 2,
        says="kamgen: give the account to print, or --portfolio for the portfolio report\n"),
    "pdf-portfolio-for-a-customer": Case(
        "pdf --portfolio --audience customer --plans {plans}", 2,
        exact="kamgen: the portfolio report is internal: it cannot be made for a customer\n"
              "    hint: make the shared edition of one account, e.g. kamgen pdf "
              "nordwerk-chemie --audience customer\n"),
    "pdf-unknown-account": Case(
        "pdf alfa --plans {plans} --out {tmp}/x.pdf", 2,
        exact="kamgen: 'alfa' is not an account of the plans\n    hint: did you mean "
              "'alpha'? accounts that exist: alpha, beta, gamma\n"),
    "pdf-unknown-account-for-a-customer": Case(
        "pdf alfa --audience customer --plans {plans} --out {tmp}/x.pdf", 2,
        exact="kamgen: 'alfa' is not an account of the plans\n    hint: did you mean "
              "'alpha'? accounts that exist: alpha, beta, gamma\n"),
    "pdf-missing-plans": Case(
        "pdf alpha --plans {missing} --out {tmp}/x.pdf", 2,
        exact="kamgen: {missing}: no such folder\n"
              "    hint: give the folder that holds kam.yaml (default: plans)\n"),
    "pdf-out-is-a-folder": Case(
        "pdf alpha --plans {plans} --out {folder}", 2,
        exact="kamgen: --out {folder} is a folder\n"
              "    hint: give the file to write, e.g. --out {folder}/alpha.pdf\n"),
    "pdf-out-into-the-plans": Case(
        "pdf alpha --plans {plans} --out {plans}/kam.yaml", 2,
        exact="kamgen: --out {plans}/kam.yaml lies in the plans folder {plans}\n"
              "    hint: kamgen never changes the plans; write the PDF elsewhere, "
              "e.g. --out alpha.pdf\n"),
    "pdf-out-below-a-file": Case(
        "pdf alpha --plans {plans} --out {file}/x.pdf --audience customer", 2,
        exact="kamgen: --out {file}/x.pdf: {file} is a file, not a folder\n"
              "    hint: give a file in a folder, e.g. --out alpha-customer.pdf\n"),
    "pdf-out-in-proc": Case(
        "pdf alpha --plans {plans} --out /proc/x.pdf", 2,
        says="kamgen: cannot write /proc/x.pdf: ",
        exact="    hint: give a file in a folder you can write to with --out FILE\n"),
    "pdf-bad-audience": Case("pdf alpha --plans {plans} --audience everyone", 2,
                             says="argument --audience: 'everyone' is unknown; choose from "
                                  "internal, customer"),
})


def _fill(text: str, places: dict[str, str], tmp: Path) -> str:
    for key, value in {**places, "tmp": str(tmp)}.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    def serve(*args: object, **kwargs: object) -> None:
        raise AssertionError("a test of a bad command line reached the preview's server")

    monkeypatch.setattr(mkdocs.livereload.LiveReloadServer, "serve", serve)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_hostile_command_line_ends_with_its_own_message(
    case: Case, places: dict[str, str], tmp_path: Path, no_server: None,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    argv = shlex.split(_fill(case.argv, places, tmp_path))
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors: usage and exit 2
        code = exit_.code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "internal error" not in captured.err
    assert code == case.code, captured.err
    err = captured.out if case.stdout else captured.err
    if case.says:
        assert _fill(case.says, places, tmp_path) in err
    if case.exact:
        assert err.endswith(_fill(case.exact, places, tmp_path)), err


def test_every_sub_command_meets_hostile_input() -> None:
    commands = {case.argv.split()[0] for case in CASES.values()}
    assert commands >= {"validate", "check", "build", "serve", "export", "generate", "new",
                        "schema", "init", "codeowners", "diff"}


# --- amounts have an upper bound ----------------------------------------------------------

def test_huge_amounts_are_plan_errors_with_place_key_and_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1.7e308 is a float, but sums of such amounts are infinite: charts and the export
    # crashed. Every amount of a plan and team.yaml has the bound 10^15.
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURE, plans)
    alpha = plans / "accounts" / "alpha.yaml"
    text = alpha.read_text("utf-8")
    for old, new in (("revenue: 500000, margin: 20000}", "revenue: 500000, margin: -1.7e+308}"),
                     ("wallet: 1000000", "wallet: 1e16"),
                     ("investment: 30000", "investment: 1000000000000001"),
                     ("amount: 60000}", "amount: 1.7e308}")):
        assert old in text
        text = text.replace(old, new, 1)
    alpha.write_text(text, "utf-8")
    team = plans / "team.yaml"
    team.write_text(team.read_text("utf-8").replace("annual_cost: 150000",
                                                    "annual_cost: 2.5e+15"), "utf-8")
    assert main(["validate", str(plans)]) == 1
    err = capsys.readouterr().err
    signed = AMOUNT_HINT.replace("from 0 to", "from -10^15 to")
    assert err == (
        f"{plans}/accounts/alpha.yaml:68:35: business[1].margin: expected an amount from "
        "-10^15 to 10^15; found -1.7e+308\n" + signed
        + f"{plans}/accounts/alpha.yaml:70:1: wallet: expected an amount from 0 to 10^15; "
        "found '1e16'\n" + AMOUNT_HINT
        + f"{plans}/accounts/alpha.yaml:125:5: value_add[0].investment: expected an amount "
        "from 0 to 10^15; found 1000000000000001\n" + AMOUNT_HINT
        + f"{plans}/accounts/alpha.yaml:128:36: value_add[0].benefits[0].amount: expected an "
        "amount from 0 to 10^15; found '1.7e308'\n" + AMOUNT_HINT
        + f"{plans}/team.yaml:13:3: [0].annual_cost: expected an amount from 0 to 10^15; "
        "found 2500000000000000.0\n" + AMOUNT_HINT
        + "5 errors in 2 files\n")


def test_the_largest_amount_still_builds_every_figure(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURE, plans)
    for path in (plans / "accounts").glob("*.yaml"):
        text = path.read_text("utf-8")
        text = text.replace("revenue: 500000,", "revenue: 1000000000000000,")
        text = text.replace("margin: 20000}", "margin: -1000000000000000}")
        text = text.replace("wallet: 1000000", "wallet: 1000000000000000")
        path.write_text(text, "utf-8")
    for fmt in ("json", "csv", "xlsx"):
        assert main(["export", str(plans), "--format", fmt, "--as-of", "2026-11-23",
                     "--out", str(tmp_path / f"x.{fmt}")]) == 0
    assert main(["check", str(plans), "--as-of", "2026-11-23", "--format", "json"]) in (0, 1)
    assert main(["generate", str(plans), "--out", str(tmp_path / "gen"),
                 "--as-of", "2026-11-23"]) == 0


# --- the last resort ------------------------------------------------------------------------

def test_an_unexpected_error_is_one_line_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("something\nunforeseen")

    monkeypatch.delenv("KAMGEN_DEBUG", raising=False)
    monkeypatch.setattr(kamgen.cli, "cmd_validate", broken)
    assert main(["validate", str(FIXTURE)]) == 1
    assert capsys.readouterr().err == (
        "kamgen: internal error: RuntimeError: something unforeseen\n"
        "    hint: this is a bug in kamgen; please report it with the command that failed "
        "(run it again with KAMGEN_DEBUG=1 to see the traceback)\n")
    monkeypatch.setenv("KAMGEN_DEBUG", "1")
    with pytest.raises(RuntimeError, match="unforeseen"):
        main(["validate", str(FIXTURE)])


# --- in a process of its own ----------------------------------------------------------------

def _run(args: list[str | bytes], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT} | env
    return subprocess.run([sys.executable, "-m", "kamgen", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize(("args", "env", "code", "says"), [
    (["export", "{plans}", "--out", "{folder}"], {}, 2, "kamgen: --out {folder} is a folder\n"),
    (["build", "{plans}", "--site-dir", "site", "--as-of", "9999-12-31"], {}, 2,
     "kamgen: as-of date '9999-12-31' is out of range\n"),
    (["check", "{plans}"], {"SOURCE_DATE_EPOCH": "99999999999999999999"}, 2,
     "kamgen: SOURCE_DATE_EPOCH '99999999999999999999' is out of range\n"),
    (["export", "{plans}", "--format", "xlsx", "--out", "x.xlsx"],
     {"KAMGEN_AS_OF": "0001-01-01"}, 2, "kamgen: KAMGEN_AS_OF '0001-01-01' is out of range\n"),
    (["serve", "{plans}", "--dev-addr", "127.0.0.1:99999"], {}, 2,
     "the port '99999' is not a number from 1 to 65535\n"),
    (["new", "account", "x", "--plans", "/proc"], {}, 2,
     "kamgen: cannot make the folder /proc/accounts: "),
    (["new", "account", "x", "--plans", "{plans}", b"--name=M\xfcller"], {}, 2,
     "kamgen: --name is not valid UTF-8 text\n"),
    (["validate", "{huge}"], {}, 1, "business[1].revenue: expected an amount from 0 to 10^15"),
], ids=["export-out-folder", "build-as-of-9999", "epoch-huge", "xlsx-as-of-0001",
        "serve-port", "new-in-proc", "name-not-utf8", "huge-amount"])
def test_nothing_escapes_a_process_of_its_own(
    args: list[str | bytes], env: dict[str, str], code: int, says: str,
    places: dict[str, str], tmp_path: Path,
) -> None:
    filled = [_fill(a, places, tmp_path) if isinstance(a, str) else a for a in args]
    result = _run(filled, tmp_path, **env)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert result.returncode == code, result.stderr
    assert _fill(says, places, tmp_path) in result.stderr


def test_serve_on_an_address_in_use_fails_before_serving(
    places: dict[str, str], tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run(["serve", places["plans"], "--dev-addr", f"127.0.0.1:{port}",
                       "--as-of", "2026-11-23"], tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stderr.endswith(
        f"kamgen: cannot serve on 127.0.0.1:{port}: Address already in use\n"
        "    hint: give another address with --dev-addr HOST:PORT\n")


def test_a_reader_that_stops_early_is_no_error_to_report(tmp_path: Path) -> None:
    # kamgen export | head: the pipe closes before kamgen writes.
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    process = subprocess.Popen(
        [sys.executable, "-m", "kamgen", "export", str(ROOT / "plans"), "--as-of",
         "2026-11-23"], cwd=tmp_path, env=environment, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert "internal error" not in err
