"""The page a preview (``kamgen serve``) shows in place of every page while the plans are
not valid: each error with its file:line, key path, message and hint, so that the person
editing a plan sees in the browser what the terminal says, and the page reloads when the
plans are fixed.

Everything on it is escaped: an error message quotes plan text. The page needs nothing
from the site (no stylesheet, no script of the theme), since there is no site to take them
from. It is in English, the language of kamgen's messages, because the plans that say the
site's language may be the ones that are broken.

A shared edition's preview (``--audience customer --account ID``) shows in full only the
errors in the files of its own account: a key account manager may preview it with the
customer looking on. Errors in other files (other accounts, the programme, the team, the
exports) are only counted; the terminal lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

from ..errors import KamgenError, PlanError, PlanErrors
from ..load.kinds import KINDS
from .i18n import Labels

__all__ = ["PreviewProblem", "error_page", "problem_of"]

_ACCOUNTS = KINDS["account"].folder
"""The folder of account plans: ``accounts/<id>.yaml`` or ``accounts/<id>/``."""

MARK = "kamgen-preview-errors"
"""The name of the page's ``<meta>``: a preview's error page, not a page of the site."""


@dataclass(frozen=True)
class PreviewProblem:
    """What the error page shows: the errors it may show in full, what it only counts."""

    title: str
    """One line: what is wrong."""
    errors: tuple[PlanError, ...] = ()
    """The plan errors shown in full."""
    text: str = ""
    """A problem that is not a plan error (the site configuration, the edition), as the
    terminal words it."""
    hidden: int = 0
    """Errors in files that the edition's preview does not show."""


def _own_file(error: PlanError, account: str) -> bool:
    """True when ``error`` lies in a file of ``account``: its plan, pages and files."""
    parts = PurePosixPath(error.path.as_posix()).parts
    return len(parts) >= 2 and parts[0] == _ACCOUNTS and (
        parts[1] == f"{account}.yaml" or (parts[1] == account and len(parts) > 2))


def problem_of(failure: KamgenError | None, account: str | None,
               engine: Sequence[str] = (), language: str = "en") -> PreviewProblem:
    """What the error page of a failed build shows; ``failure`` is ``None`` when the site
    engine failed on its own, ``engine`` what it said then (its configuration, a page it
    could not render). ``account``: the account of a shared edition, whose files alone
    are shown in full. ``language``: the page's own words."""
    L = Labels(language)
    if isinstance(failure, PlanErrors):
        shown = tuple(e for e in failure.errors
                      if account is None or _own_file(e, account))
        return PreviewProblem(L("preview_plans_invalid"), shown,
                              hidden=len(failure.errors) - len(shown))
    if failure is None:
        said = "\n".join(engine[:1] if account is not None else engine)
        return PreviewProblem(L("preview_site_failed"), text=(
            f"{L('preview_engine_stopped')}\n{said}" if said else
            L("preview_engine_stopped_why")))
    text = str(failure)
    if account is not None:
        # A hint may name what exists (other accounts' ids): the terminal has it.
        text = text.split("\n", 1)[0]
    return PreviewProblem(L("preview_site_failed"), text=text)


def _error_item(error: PlanError, base: Path | None, L: Labels) -> str:
    key = f' <code class="key">{escape(error.key)}</code>' if error.key_path else ""
    hint = (f'<p class="hint"><b>{escape(L("preview_hint"))}</b> {escape(error.hint)}</p>'
            if error.hint else "")
    return (f'<li><p><code class="where">{escape(error.location_in(base))}</code>{key}</p>'
            f'<p class="message">{escape(error.message)}</p>{hint}</li>')


def _count(errors: Sequence[PlanError], L: Labels) -> str:
    files = len({e.path for e in errors})
    return L("preview_count", errors=_many(L, "preview_errors", len(errors)),
             files=_many(L, "preview_files", files))


def _many(L: Labels, key: str, count: int) -> str:
    """``count`` with its word: the label ``<key>_one`` for one, else ``<key>_other``."""
    return L(f"{key}_{'one' if count == 1 else 'other'}", n=count)


_STYLE = """
:root { color-scheme: light dark; --bad: #b3261e; --line: #ccc; --soft: #f6f6f8; }
@media (prefers-color-scheme: dark) { :root { --bad: #f2b8b5; --line: #555; --soft: #25262b; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       margin: 0 auto; padding: 1.5rem 1rem 3rem; max-width: 60rem; }
h1 { font-size: 1.5rem; color: var(--bad); margin: 0 0 .5rem; }
ol { padding-left: 1.5rem; }
li { border-left: 3px solid var(--bad); background: var(--soft); margin: 0 0 1rem;
     padding: .5rem .75rem; list-style-position: outside; }
li p { margin: .25rem 0; }
code, pre { font: .9rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
            overflow-wrap: anywhere; white-space: pre-wrap; }
.where { font-weight: 600; }
.hint { color: inherit; opacity: .85; }
.note { border-top: 1px solid var(--line); padding-top: .75rem; font-size: .9rem; }
"""

_POLL = """
(function () {
  var shown = document.querySelector('meta[name="MARK"]').content;
  setInterval(function () {
    fetch(location.href, {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (t) { if (t.indexOf(shown) < 0) location.reload(); })
      .catch(function () {});
  }, 2000);
})();
""".replace("MARK", MARK)
"""For a page the site does not have (the server's answer to an unknown address carries
no live reload): reload when the address answers with anything else than this page."""


def error_page(problem: PreviewProblem, base: Path | None, token: str,
               poll: bool = False, language: str = "en") -> str:
    """The HTML of the error page; ``base`` prefixes the files' paths (the plans folder as
    the command line was given it); ``token`` tells this page from the next one (a digest
    of what it shows); ``poll``: the page reloads itself (an address the site does not
    have), else MkDocs' live reload does; ``language``: the page's own words."""
    L = Labels(language)
    parts = [f"<h1>{escape(problem.title)}</h1>", f"<p>{escape(L('preview_intro'))}</p>"]
    if problem.errors:
        parts.append(f"<p><b>{escape(_count(problem.errors, L))}</b></p>")
        parts.append("<ol>" + "".join(_error_item(e, base, L) for e in problem.errors)
                     + "</ol>")
    if problem.text:
        parts.append(f"<pre>{escape(problem.text)}</pre>")
    if problem.hidden:
        parts.append(f'<p class="note">{escape(_many(L, "preview_hidden", problem.hidden))}'
                     "</p>")
    script = f"<script>{_POLL}</script>" if poll else ""
    return (f"<!doctype html>\n<html lang=\"{escape(language)}\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f'<meta name="{MARK}" content="{escape(token)}">'
            f"<title>{escape(problem.title)} · {escape(L('preview_name'))}</title>"
            f"<style>{_STYLE}</style></head>\n<body>{''.join(parts)}{script}</body></html>\n")
