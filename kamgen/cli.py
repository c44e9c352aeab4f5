"""The ``kamgen`` command line: parse, call the core, print, return an exit code.

Each command imports what it needs only when it runs, so ``kamgen validate`` starts fast.
Exit codes: 0 success, 1 invalid plans or a failed build, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError, KamgenError, PlanErrors

DEFAULT_PLANS = Path("plans")


def _progress(message: str) -> None:
    print(f"kamgen: {message}", file=sys.stderr, flush=True)


def _validate(plans: Path) -> Any:
    from .load import load_portfolio

    started = time.perf_counter()
    portfolio = load_portfolio(plans)
    elapsed = time.perf_counter() - started
    _progress(
        f"{plans}: {len(portfolio.accounts)} account plans, {len(portfolio.checklists)} "
        f"checklists, {len(portfolio.team)} team members are valid ({elapsed:.2f} s)"
    )
    imported = [a for a in portfolio.accounts.values() if a.imported]
    if imported:
        exports = sorted({rel for account in imported for rel in account.imported})
        _progress(f"the figures of {len(imported)} accounts come from "
                  + ", ".join(exports))
    return portfolio


def _history_store() -> Path | None:
    """The file that keeps the plans' measured history between builds:
    ``$KAMGEN_CACHE_DIR/history.sqlite3``, else in ``$XDG_CACHE_HOME/kamgen`` or
    ``~/.cache/kamgen``; ``KAMGEN_CACHE_DIR=off`` keeps none."""
    folder = os.environ.get("KAMGEN_CACHE_DIR")
    if folder == "off":
        return None
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = str(Path(base) / "kamgen")
    return Path(folder) / "history.sqlite3"


def _edition(args: argparse.Namespace) -> Any:
    """The edition the options ask for (:class:`kamgen.audience.Edition`)."""
    from .audience import edition

    return edition(args.audience, args.account)


def _announce(portfolio: object, chosen: Any) -> None:
    """For a shared edition, say what it holds and what it leaves out, so that the key
    account manager can check before sending it."""
    from .audience import redact
    from .model import Portfolio

    if not chosen.shared:
        return
    assert isinstance(portfolio, Portfolio)
    redacted = redact(portfolio, chosen)
    (account,) = redacted.portfolio.accounts.values()
    _progress(f"the shared edition for {account.plan.name} ({account.id}):")
    print("    shares: " + "; ".join(redacted.shares or ("nothing but the name",)),
          file=sys.stderr)
    print("    leaves out: " + "; ".join(redacted.leaves_out), file=sys.stderr, flush=True)


def _validated(args: argparse.Namespace, chosen: Any, then: str) -> Any:
    """The valid portfolio, with what its edition holds said, and then ``then``."""
    portfolio = _validate(args.plans)
    _announce(portfolio, chosen)
    _progress(then)
    return portfolio


def cmd_validate(args: argparse.Namespace) -> int:
    _validate(args.plans)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .engine import build_site, find_config

    chosen = _edition(args)
    config = find_config(args.plans, args.config)
    edition = "the shared edition" if chosen.shared else "the site"
    started = time.perf_counter()
    # The plans are loaded once; the build lets go of them when the pages are made.
    pages = build_site(args.plans, args.site_dir, config, args.as_of, args.verbose, chosen,
                       _validated(args, chosen, f"building {edition} with "
                                  f"{config or 'the built-in configuration'} into "
                                  f"{args.site_dir}/ (strict)"), _history_store())
    _progress(f"wrote {pages} pages to {args.site_dir}/ in "
              f"{time.perf_counter() - started:.1f} s")
    return 0


def _check_dev_addr(value: str) -> None:
    """Refuse an address MkDocs cannot serve on, before it starts (it would fail with a
    traceback, or bind a port out of range)."""
    import ipaddress

    example = "    hint: give an IP address or localhost and a port, e.g. --dev-addr 127.0.0.1:8000"
    host, colon, port = value.rpartition(":")
    if not colon or not host or not port:
        raise ConfigError(f"--dev-addr {value!r} is not HOST:PORT\n{example}")
    if host != "localhost":
        try:
            ipaddress.ip_address(host[1:-1] if host.startswith("[") and host.endswith("]")
                                 else host)
        except ValueError:
            raise ConfigError(f"--dev-addr {value!r}: {host!r} is not an IP address\n"
                              f"{example}") from None
    if not (port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535):
        raise ConfigError(f"--dev-addr {value!r}: the port {port!r} is not a number from 1 "
                          f"to 65535\n{example}")


def cmd_serve(args: argparse.Namespace) -> int:
    from .clock import as_of, source_date
    from .engine import find_config, serve_site

    if args.dev_addr is not None:
        _check_dev_addr(args.dev_addr)
    as_of(args.as_of)
    source_date()  # MkDocs reads SOURCE_DATE_EPOCH itself
    chosen = _edition(args)
    try:
        portfolio = _validate(args.plans)
    except PlanErrors:
        from .load.kinds import KINDS

        if not (args.plans / str(KINDS["programme"].file)).is_file():
            raise  # not a plans folder (a mistyped path): nothing to preview
        # The preview starts all the same; its first build says the errors, and its pages
        # show them until they are fixed.
        portfolio = None
    else:
        _announce(portfolio, chosen)
    config = find_config(args.plans, args.config)
    _progress("serving the site; it rebuilds when a plan changes (Ctrl+C stops)")
    serve_site(args.plans, config, args.dev_addr, args.as_of, chosen, portfolio,
               _history_store())
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .clock import as_of
    from .history.timeline import plan_history
    from .model import Portfolio
    from .output import check_output, mark, project_root
    from .site import generate
    from .site.write import CONFIG, DOCS, write_project

    chosen = _edition(args)
    portfolio = _validate(args.plans)
    assert isinstance(portfolio, Portfolio)
    project = project_root(args.plans)
    check_output(args.out / DOCS, args.plans, project, "--out", marked=False)
    check_output(args.out, args.plans, project, "--out")
    _announce(portfolio, chosen)
    today = as_of(args.as_of)
    history = None if chosen.shared else plan_history(portfolio, today, None,
                                                      _history_store())
    site = generate(portfolio, today, chosen, history=history)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        mark(args.out)
        done = write_project(site, args.plans, args.out)
    except OSError as error:
        raise ConfigError(f"cannot write to {args.out}: {error.strerror}\n"
                          "    hint: give a folder you can write to with --out DIR") from None
    pages = sum(1 for rel in (*done.written, *done.unchanged) if rel.endswith(".md"))
    _progress(f"made {pages} pages in {args.out / DOCS}/ with {args.out / CONFIG} "
              f"({len(done.written)} files written, {len(done.unchanged)} unchanged, "
              f"{len(done.removed)} removed); build them with "
              f"'zensical build --strict -f {args.out / CONFIG}'")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import os

    from .checks import check
    from .clock import as_of
    from .load import load_portfolio
    from .model import Portfolio
    from .report import render_check, render_errors

    stream = sys.stdout
    colour = args.format == "text" and stream.isatty() and "NO_COLOR" not in os.environ
    today = as_of(args.as_of)
    changes = None
    if args.changed_since is not None and args.plans.is_dir():
        from .changes import changed_since

        changes = changed_since(args.plans, args.changed_since)
    try:
        portfolio = load_portfolio(args.plans)
    except PlanErrors as errors:
        stream.write(render_errors(errors.errors, args.format, args.plans, colour))
        return 1
    assert isinstance(portfolio, Portfolio)
    if changes is not None:
        from .changes import scope_of

        imported = {aid: a.imported for aid, a in portfolio.accounts.items() if a.imported}
        result = check(portfolio, today, scope=scope_of(changes, portfolio.accounts, imported))
    else:
        result = check(portfolio, today)
    stream.write(render_check(result, args.format, args.plans, colour))
    if result.count("error") or (args.strict and result.count("warning")):
        return 1
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .clock import as_of
    from .history import compare, render_diff

    diff, base, head = compare(args.plans, args.base, args.head, as_of(args.as_of))
    sys.stdout.write(render_diff(diff, base, head, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .clock import as_of
    from .export import export
    from .load import load_portfolio
    from .model import Portfolio
    from .workbook import workbook

    chosen = _edition(args)
    if args.format == "xlsx" and args.out is None:
        raise ConfigError("an XLSX export needs a file\n    hint: add --out portfolio.xlsx")
    if args.out is not None:
        _check_out(args.out, args.plans, f"portfolio.{args.format}")
    portfolio = load_portfolio(args.plans)
    assert isinstance(portfolio, Portfolio)
    _announce(portfolio, chosen)
    data = workbook(portfolio, as_of(args.as_of), chosen) if args.format == "xlsx" \
        else export(portfolio, as_of(args.as_of), args.format, chosen)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_bytes(data)
        except OSError as error:
            raise ConfigError(f"cannot write {args.out}: {error.strerror}\n    hint: give a "
                              "file in a folder you can write to with --out FILE") from None
        count = 1 if chosen.shared else len(portfolio.accounts)
        _progress(f"wrote {args.out} ({count} account{'s' if count != 1 else ''})")
    return 0


def _check_out(out: Path, plans: Path, name: str, what: str = "the export") -> None:
    """Refuse an output file (``name`` in the examples of the hints) that is a folder,
    lies below a file, or lies in the plans."""
    example = f"e.g. --out {name}"
    try:
        folder = out.is_dir()
        below = next((parent for parent in out.parents if parent.exists()), None)
        below_a_file = below is not None and not below.is_dir()
    except OSError as error:
        raise ConfigError(f"cannot write {out}: {error.strerror}\n    hint: give a file in "
                          "a folder you can write to with --out FILE") from None
    if folder:
        raise ConfigError(f"--out {out} is a folder\n    hint: give the file to write, "
                          f"e.g. --out {out / name}")
    if below_a_file:
        raise ConfigError(f"--out {out}: {below} is a file, not a folder\n    hint: give a "
                          f"file in a folder, {example}")
    if out.resolve().is_relative_to(plans.resolve()):
        raise ConfigError(f"--out {out} lies in the plans folder {plans}\n    hint: kamgen "
                          f"never changes the plans; write {what} elsewhere, {example}")


def cmd_pdf(args: argparse.Namespace) -> int:
    from .audience import edition
    from .clock import as_of
    from .history.timeline import plan_history
    from .model import Portfolio
    from .pdf import account_document, known_account, portfolio_document, render_pdf, write_pdf

    if (args.account is None) == (not args.portfolio):
        raise ConfigError("give the account to print, or --portfolio for the portfolio report"
                          "\n    hint: e.g. kamgen pdf nordwerk-chemie, or kamgen pdf "
                          "--portfolio")
    if args.portfolio and args.audience != "internal":
        raise ConfigError("the portfolio report is internal: it cannot be made for a "
                          "customer\n    hint: make the shared edition of one account, e.g. "
                          "kamgen pdf nordwerk-chemie --audience customer")
    chosen = edition(args.audience, args.account if args.audience == "customer" else None)
    name = "portfolio" if args.portfolio else args.account + (
        "-customer" if chosen.shared else "")
    out = args.out if args.out is not None else Path(f"{name}.pdf")
    _check_out(out, args.plans, f"{name}.pdf", "the PDF")
    today = as_of(args.as_of)
    portfolio = _validate(args.plans)
    assert isinstance(portfolio, Portfolio)
    if args.account is not None:
        known_account(portfolio, args.account)
    _announce(portfolio, chosen)
    history = None if chosen.shared else plan_history(portfolio, today, None,
                                                      _history_store())
    document = portfolio_document(portfolio, today, history) if args.portfolio else \
        account_document(portfolio, args.account, today, chosen, history)
    pdf = render_pdf(document)
    write_pdf(pdf.data, out)
    _progress(f"wrote {out} ({document.title})")
    if pdf.left_out:
        _progress(f"the PDF leaves out what it may not fetch ({len(pdf.left_out)}): "
                  + ", ".join(address[:80] for address in pdf.left_out[:5])
                  + "; only the files beside the plan show")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_account

    path = new_account(args.plans, args.id, name=args.name, owner=args.owner,
                       territory=args.territory)
    _progress(f"wrote {path}; fill it in, then run 'kamgen validate {args.plans}'")
    print(path)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .clock import as_of
    from .init import ACTION, init_repository

    version = _version()
    written = init_repository(args.dir, args.company, args.language, args.currency,
                              as_of(None), version if version != "unknown" else "0.0.0",
                              args.action or ACTION, args.github)
    _progress(f"wrote a new plans repository with {len(written)} files to {args.dir}/")
    print(f"    next: cd {args.dir} && git init && kamgen validate && kamgen serve\n"
          "    then: answer the charter in plans/kam.yaml, put your team into "
          "plans/team.yaml (with github:), and run 'kamgen codeowners'", file=sys.stderr)
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .codeowners import entries, read, render, stale, target, write
    from .model import Portfolio

    portfolio = _validate(args.plans)
    assert isinstance(portfolio, Portfolio)
    output, prefix = target(args.plans, args.output)
    existing = read(output)
    text = render(portfolio, prefix, existing, str(output))
    if args.check:
        problem = stale(existing, text, str(output))
        if problem is not None:
            raise problem
        _progress(f"{output} is up to date")
        return 0
    for entry in entries(portfolio, prefix):
        if not entry.owners:
            _progress(f"no owner for /{entry.path} ({entry.what}): {entry.nobody}")
    if existing == text:
        _progress(f"{output} is up to date")
        return 0
    write(output, text)
    _progress(f"wrote {output}; commit it, and protect the branch with 'Require review from "
              "Code Owners'")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import FOLDER, schema_text, write_schemas

    if args.stdout is not None:
        sys.stdout.write(schema_text(args.stdout))
        return 0
    if args.out is None and not args.plans.is_dir():
        raise ConfigError(f"{args.plans}: no such folder\n    hint: give the plans folder, "
                          "or the folder to write to with --out DIR")
    out = args.out if args.out is not None else args.plans / FOLDER
    try:
        paths = write_schemas(out)
    except OSError as error:
        raise ConfigError(f"cannot write the schemas to {out}: {error.strerror}\n"
                          "    hint: give a folder with --out DIR") from None
    _progress(f"wrote {len(paths)} JSON Schemas to {out}/ for editors; "
              "see 'Editor set-up' in the README")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with a "did you mean" for a mistyped choice (``--format xlxs``, a command)
    from the helper plan errors use."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        from .errors import did_you_mean

        names = [str(choice) for choice in choices]
        raise argparse.ArgumentError(
            action, f"{value!r} is unknown; {did_you_mean(str(value), names, cutoff=0.5)}"
                    f"choose from {', '.join(names)}")


def cmd_reference(args: argparse.Namespace) -> int:
    from .site.i18n import Labels
    from .site.reference import reference

    sys.stdout.write(reference(Labels(args.language)))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kamgen",
        description="Key account management as code: validate plans, build and serve the site.",
    )
    parser.add_argument("--version", action="version", version=f"kamgen {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def plans_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("plans", nargs="?", type=Path, default=DEFAULT_PLANS,
                         help="the plans folder (default: plans)")

    def as_of_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--as-of", default=None, metavar="DATE",
                         help="compute figures as of this date, YYYY-MM-DD (default: today)")

    def audience_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--audience", choices=("internal", "customer"), default="internal",
                         help="internal: everything (default); customer: the shared edition "
                              "of one account (with --account), for the customer")
        sub.add_argument("--account", default=None, metavar="ID",
                         help="the account whose shared edition to make (with --audience "
                              "customer): its plan and nothing of any other")

    validate = commands.add_parser("validate", help="check every plan file; exit 1 on errors")
    plans_argument(validate)
    validate.set_defaults(run=cmd_validate)

    build = commands.add_parser("build", help="validate, then build the site with --strict")
    plans_argument(build)
    build.add_argument("--site-dir", type=Path, default=Path("site"),
                       help="where the site goes (default: site)")
    build.add_argument("--config", type=Path, default=None,
                       help="mkdocs.yml to use (default: ./mkdocs.yml for ./plans, "
                            "else kamgen's built-in configuration)")
    as_of_argument(build)
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' messages")
    audience_argument(build)
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="preview the site; reloads when a plan changes")
    plans_argument(serve)
    serve.add_argument("--config", type=Path, default=None, help="mkdocs.yml to use")
    serve.add_argument("--dev-addr", default=None, metavar="HOST:PORT",
                       help="address to serve on (default: 127.0.0.1:8000)")
    as_of_argument(serve)
    audience_argument(serve)
    serve.set_defaults(run=cmd_serve)

    generate = commands.add_parser(
        "generate", help="write the site's Markdown and a zensical.toml, for other engines")
    plans_argument(generate)
    generate.add_argument("--out", type=Path, required=True, metavar="DIR",
                          help="the folder to write: DIR/docs/ and DIR/zensical.toml")
    as_of_argument(generate)
    audience_argument(generate)
    generate.set_defaults(run=cmd_generate)

    check = commands.add_parser(
        "check", help="check plan completeness; exit 1 on errors (or warnings with --strict)")
    plans_argument(check)
    check.add_argument("--format", choices=("text", "github", "json", "markdown"),
                       default="text",
                       help="text for people, github annotations, json for tools, markdown "
                            "for a job summary or a pull-request comment")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--changed-since", default=None, metavar="REF",
        help="report only the plans whose file or folder changed since REF (a branch, tag "
             "or commit; git): between the merge base of REF and HEAD and the working tree, "
             "uncommitted and new files included, so a pull request answers for its own "
             "plans and not for stale ones elsewhere. Every plan is still validated, and an "
             "invalid plan anywhere still fails. The portfolio's findings (territory "
             "capacity) are reported when kam.yaml, team.yaml, territories.yaml or a "
             "checklist changed, since those change every plan's figures, else only those "
             "a changed plan adds to")
    as_of_argument(check)
    check.set_defaults(run=cmd_check)

    diff = commands.add_parser(
        "diff", help="what a change does to the accounts, between two git revisions")
    diff.add_argument("--plans", type=Path, default=DEFAULT_PLANS,
                      help="the plans folder (default: plans)")
    diff.add_argument("base", nargs="?", default=None, metavar="BASE",
                      help="the revision to compare from (default: where HEAD parted from "
                           "the default branch, origin/HEAD, main or master)")
    diff.add_argument("head", nargs="?", default=None, metavar="HEAD",
                      help="the revision to compare to (default: the working tree)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                      help="text for people, markdown for a pull-request comment, json for "
                           "tools")
    diff.add_argument("--as-of", default=None, metavar="DATE",
                      help="the working tree's figures as of this date, YYYY-MM-DD (default: "
                           "today); a revision's figures are as of its commit's date")
    diff.set_defaults(run=cmd_diff)

    export = commands.add_parser("export", help="every computed figure as JSON, CSV or XLSX")
    plans_argument(export)
    export.add_argument("--format", choices=("json", "csv", "xlsx"), default="json",
                        help="json: everything; csv: one row per account; xlsx: a workbook")
    export.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="write to FILE instead of standard output (needed for xlsx)")
    as_of_argument(export)
    audience_argument(export)
    export.set_defaults(run=cmd_export)

    pdf = commands.add_parser(
        "pdf", help="an account plan as an A4 PDF for the meeting, or the portfolio report")
    pdf.add_argument("account", nargs="?", default=None, metavar="ACCOUNT",
                     help="the account whose plan to print (its id)")
    pdf.add_argument("--portfolio", action="store_true",
                     help="the portfolio report instead: overview and selection (internal)")
    pdf.add_argument("--plans", type=Path, default=DEFAULT_PLANS,
                     help="the plans folder (default: plans)")
    pdf.add_argument("--audience", choices=("internal", "customer"), default="internal",
                     help="internal: the whole plan (default); customer: the shared edition "
                          "of the account, exactly what its shared site holds")
    pdf.add_argument("--out", type=Path, default=None, metavar="FILE",
                     help="the PDF to write (default: ACCOUNT.pdf, ACCOUNT-customer.pdf or "
                          "portfolio.pdf in the current folder)")
    as_of_argument(pdf)
    pdf.set_defaults(run=cmd_pdf)

    new = commands.add_parser("new", help="scaffold a plan file; never overwrites")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    account = kinds.add_parser("account", help="a key account plan: plans/accounts/ID.yaml")
    account.add_argument("id", help="the account's id: lowercase letters, digits and '-'")
    account.add_argument("--plans", type=Path, default=DEFAULT_PLANS,
                         help="the plans folder (default: plans)")
    account.add_argument("--name", default=None, help="the account's company name")
    account.add_argument("--owner", default=None, help="the key account manager (team.yaml id)")
    account.add_argument("--territory", default=None, help="the territory (territories.yaml id)")
    account.set_defaults(run=cmd_new)

    init = commands.add_parser(
        "init", help="start a new plans repository (plans, workflows, CODEOWNERS, README)")
    init.add_argument("dir", type=Path, metavar="DIR",
                      help="the folder to make: a new or an empty one")
    init.add_argument("--company", default=None, metavar="NAME",
                      help="your company's name, the site's title (default: a placeholder)")
    init.add_argument("--language", choices=("en", "de"), default="en",
                      help="the language of the site and the example (default: en)")
    init.add_argument("--currency", default="EUR", metavar="CODE",
                      help="the ISO 4217 code of every amount (default: EUR)")
    init.add_argument("--action", default=None, metavar="OWNER/REPO@REF",
                      help="the kamgen GitHub Action the workflows use (default: "
                           "kamgen/kamgen@v1)")
    init.add_argument("--github", default=None, metavar="USER",
                      help="the GitHub user (or org/team) of the programme's lead, who owns "
                           "the example plan in CODEOWNERS")
    init.set_defaults(run=cmd_init)

    codeowners = commands.add_parser(
        "codeowners", help="write .github/CODEOWNERS from the plans' owners and team.yaml")
    plans_argument(codeowners)
    codeowners.add_argument("--output", type=Path, default=None, metavar="FILE",
                            help="the file to write (default: .github/CODEOWNERS at the "
                                 "root of the repository that holds the plans)")
    codeowners.add_argument("--check", action="store_true",
                            help="write nothing; exit 1 when the file is out of date")
    codeowners.set_defaults(run=cmd_codeowners)

    schema = commands.add_parser(
        "schema", help="write JSON Schemas of the plan files, for completion in editors")
    plans_argument(schema)
    target = schema.add_mutually_exclusive_group()
    target.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="write KIND.schema.json for every kind into DIR (default: "
                             "PLANS/.schema, where the plan files' first lines point)")
    from .load.kinds import PLAN_FILE_KINDS

    names = [kind.name for kind in PLAN_FILE_KINDS]
    target.add_argument("--stdout", default=None, metavar="KIND", choices=names,
                        help="print the schema of one kind instead: "
                             + ", ".join(names[:-1]) + f" or {names[-1]}")
    schema.set_defaults(run=cmd_schema)

    reference = commands.add_parser(
        "reference", help="print the plan-format reference: every file, key, type, allowed "
                          "value and default (docs/plan-format.md)")
    reference.add_argument("--language", choices=("en", "de"), default="en",
                           help="the language of its headings and type words (default: en; "
                                "the descriptions are in English)")
    reference.set_defaults(run=cmd_reference)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kamgen")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run kamgen with ``argv``; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except PlanErrors as errors:
        print(errors.render(getattr(args, "plans", None)), file=sys.stderr)
        return 1
    except ConfigError as error:
        print(f"kamgen: {error}", file=sys.stderr)
        return 2
    except KamgenError as error:
        print(f"kamgen: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # whoever read the output stopped early (kamgen export | head): nothing to report
        _silence_stdout()
        return 1
    except Exception as error:  # the last resort: a bug in kamgen, never a traceback
        if os.environ.get("KAMGEN_DEBUG"):
            raise
        text = " ".join(str(error).split())
        print(f"kamgen: internal error: {type(error).__name__}: {text}\n"
              "    hint: this is a bug in kamgen; please report it with the command that "
              "failed (run it again with KAMGEN_DEBUG=1 to see the traceback)", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's final flush does not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
