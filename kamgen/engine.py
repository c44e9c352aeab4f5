"""Run the site engine (MkDocs) for ``kamgen build`` and ``kamgen serve``.

A build goes into a fresh folder beside the site folder and replaces the site only when
it succeeded, so a failed build leaves the previous site as it was. The site folder is
checked first (:func:`kamgen.output.check_output`): never the plans or the project, never
a folder kamgen did not make. The new site takes the old one's place in one atomic
exchange where the system has one, so that at every moment there is a site; what a killed
build left beside the site folder is cleaned by the next build.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .audience import INTERNAL, Edition
from .errors import BuildError, ConfigError, KamgenError
from .model import Portfolio
from .output import MARKER, check_output, mark, project_root
from .session import Session

__all__ = ["build_site", "default_config_text", "serve_site", "settle_preview"]


def default_config_text(plans: Path) -> str:
    """The built-in mkdocs.yml for a plans folder without a site configuration."""
    import yaml

    from .site.config import mkdocs_config

    return yaml.safe_dump(mkdocs_config(plans), allow_unicode=True, sort_keys=False)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so a failed build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _mkdocs_logging(verbose: bool) -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    stream = logging.StreamHandler()
    stream.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
    stream.setLevel(logging.INFO if verbose else logging.WARNING)
    old_level = logger.level
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.addHandler(collect)
    logger.addHandler(stream)
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.removeHandler(stream)
        logger.setLevel(old_level)


def _no_config(config_file: Path) -> ConfigError:
    return ConfigError(f"{config_file}: no such file\n    hint: give the path of mkdocs.yml, "
                       "or leave --config out to use kamgen's own")


def _load_config(plans: Path, config_file: Path | None, **overrides: Any) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        if config_file is not None:
            if not config_file.is_file():
                raise _no_config(config_file)
            return load_config(str(config_file), **overrides)
        text = default_config_text(plans)
        return load_config(io.StringIO(text),
                           config_file_path=str(Path.cwd() / "mkdocs.yml"), **overrides)
    except ConfigurationError as exc:
        raise ConfigError(f"the site configuration is not valid: {exc}") from None


def find_config(plans: Path, config: Path | None) -> Path | None:
    """The mkdocs.yml to use: the one given, else one in the working folder whose plans are
    ``plans``, else ``None`` (kamgen's built-in configuration)."""
    if config is not None:
        return config
    candidate = Path("mkdocs.yml")
    if candidate.is_file() and Path("plans").resolve() == plans.resolve():
        return candidate
    return None


def _configured(session: Session, config_file: Path | None, empty_docs: str,
                **overrides: Any) -> Any:
    """The site configuration, its kamgen plugin holding ``session``; when its docs_dir is
    the plans folder, MkDocs gets the empty folder ``empty_docs`` instead (it would copy
    every file of the plans, following links). Raises :class:`ConfigError` when the
    configuration has no kamgen plugin or its options name another edition than the
    session (no configuration widens an edition)."""
    config = _load_config(session.plans, config_file, **overrides)
    if Path(config.docs_dir).resolve() == session.plans:
        config.docs_dir = empty_docs
    kamgen = config.plugins.get("kamgen")
    if kamgen is None:
        raise ConfigError("the site configuration does not use the kamgen plugin\n"
                          "    hint: add '- kamgen' under 'plugins:' in mkdocs.yml")
    named = (kamgen.config.audience, kamgen.config.account)
    if named != (None, None) and named != (session.edition.audience, session.edition.account):
        raise ConfigError(
            "the kamgen plugin's options in the site configuration name another edition "
            "than the command line\n    hint: remove 'audience' and 'account' from the "
            "plugin's options and give --audience and --account")
    kamgen.session = session
    return config


def build_site(plans: Path, site_dir: Path, config_file: Path | None = None,
               as_of: str | None = None, verbose: bool = False,
               chosen: Edition = INTERNAL, portfolio: Portfolio | None = None,
               history_store: Path | None = None) -> int:
    """Build the site with ``--strict`` into ``site_dir``; return the number of pages.
    ``portfolio``: the plans, when the caller has loaded them already; ``history_store``:
    the file that keeps the plans' measured history between builds.

    Raises :class:`ConfigError` when ``site_dir`` may not be written (see
    :mod:`kamgen.output`) and :class:`BuildError` when MkDocs fails; ``site_dir`` is then
    untouched.
    """
    from .clock import as_of as as_of_date

    session = Session(plans.resolve(), chosen, as_of_date(as_of), portfolio,
                      history_store=history_store)
    del portfolio  # the session hands it to the build, which lets go of it
    site_dir = check_output(site_dir, plans, project_root(plans, config_file), "--site-dir")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(site_dir)
    except OSError as exc:
        raise ConfigError(f"cannot write the site to {site_dir} ({exc.strerror})\n"
                          "    hint: give a --site-dir in a folder you may write to") from None
    with _reproducible(session.as_of):
        return _build(session, site_dir, config_file, verbose)


def _leftovers(site_dir: Path) -> list[Path]:
    """Folders an earlier build made beside ``site_dir`` and did not remove (it was
    killed): only those that kamgen marked."""
    found = []
    for prefix in (f".{site_dir.name}.building-", f".{site_dir.name}.old-"):
        for path in site_dir.parent.glob(prefix + "*"):
            if path.is_dir() and not path.is_symlink() and (path / MARKER).is_file():
                found.append(path)
    return sorted(found)


def _clean_leftovers(site_dir: Path) -> None:
    leftovers = _leftovers(site_dir)
    if not site_dir.exists():
        # Killed between the two renames of a swap: the old site is put back first.
        old = [path for path in leftovers if ".old-" in path.name]
        if old:
            old[-1].rename(site_dir)
            leftovers.remove(old[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _reproducible(day: dt.date | None) -> Iterator[None]:
    """Pin MkDocs' build date (sitemap dates, gzip headers) to the as-of date, so the same
    plans built for the same date give the same bytes; MkDocs reads it from
    SOURCE_DATE_EPOCH. A gzip header holds 1970 to 2106 only: an as-of date outside gives
    the nearest end of that range."""
    from .clock import MAX_EPOCH

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    day = day or dt.date.today()
    epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
    epoch = min(max(epoch, 0), MAX_EPOCH)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _build(session: Session, site_dir: Path, config_file: Path | None, verbose: bool) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-",
                                        dir=site_dir.parent))
        mark(staging)
        empty = Path(tempfile.mkdtemp(prefix="kamgen-docs-"))
    except OSError as exc:
        raise ConfigError(f"cannot write the site to {site_dir} ({exc.strerror})\n"
                          "    hint: give a --site-dir in a folder you may write to") from None
    try:
        config = _configured(session, config_file, str(empty), site_dir=str(staging),
                             strict=True)
        with _mkdocs_logging(verbose) as collected:
            try:
                build(config)
            except (Abort, MkDocsException) as exc:
                details = "\n".join(collected.messages)
                raise BuildError(f"{exc}" + (f"\n{details}" if details else "")) from None
        pages = sum(1 for _ in staging.rglob("index.html"))
        try:
            _swap(staging, site_dir)
        except OSError as exc:
            raise ConfigError(f"cannot put the new site in place of {site_dir} "
                              f"({exc.strerror})\n    hint: check that you may write to "
                              f"{site_dir.parent}; the previous site is as it was") from None
        return pages
    finally:
        shutil.rmtree(empty, ignore_errors=True)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, site_dir: Path) -> None:
    """Put ``staging`` in the place of ``site_dir``: in one atomic exchange where the system
    has one (Linux), so that there is a site at every moment; else by two renames, after
    which a killed build's next run puts the old site back (:func:`_clean_leftovers`)."""
    os.chmod(staging, 0o755)
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    old.rmdir()
    site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except OSError:
        old.rename(site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False
    where the system cannot."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        # The running program's own libc: ctypes.util.find_library would start ldconfig,
        # a fork of this process at its largest.
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                     rename_exchange)
    return bool(done == 0)


def serve_site(plans: Path, config_file: Path | None, dev_addr: str | None,
               as_of: str | None = None, chosen: Edition = INTERNAL,
               portfolio: Portfolio | None = None, history_store: Path | None = None
               ) -> None:
    """Preview the site with live reload: rebuild when a file of the plans (or the site
    configuration) changes, rendering only the pages whose inputs changed. While the plans
    are not valid, every page shows their errors (:class:`_Shown`); ``portfolio`` is
    ``None`` when they were not valid at the start."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException
    from mkdocs.livereload import LiveReloadServer

    from .clock import as_of as as_of_date
    from .site.write import prune

    if config_file is not None and not config_file.is_file():
        raise _no_config(config_file)
    address = {"dev_addr": dev_addr} if dev_addr else {}
    with tempfile.TemporaryDirectory(prefix="kamgen-pages-") as pages, \
            tempfile.TemporaryDirectory(prefix="kamgen-preview-") as preview, \
            tempfile.TemporaryDirectory(prefix="kamgen-docs-") as empty, \
            _mkdocs_logging(verbose=True) as collected:
        session = Session.preview(plans.resolve(), chosen, as_of_date(as_of), Path(pages))
        session.portfolio = portfolio
        session.history_store = history_store
        shown = _Shown(Path(preview), plans, chosen.account if chosen.shared else None)
        site_dir = str(shown.site)
        first = _configured(session, config_file, empty, site_dir=site_dir, **address)
        host, port = first.dev_addr
        url = f"http://{host}:{port}/"

        def rebuild(config: Any = None) -> None:
            session.problem = None
            collected.messages.clear()
            try:
                config = config or _configured(session, config_file, empty,
                                               site_dir=site_dir, **address)
                config.site_url = url
                build(config, serve_url=url, dirty=True)
            except KamgenError as error:  # the site configuration, changed while serving
                shown.errors(error, session.outputs, language=session.language)
                return
            except (Abort, MkDocsException):
                shown.errors(session.problem, session.outputs, collected.messages,
                             session.language)
                return
            # A dirty rebuild only ever adds files: remove what this one no longer makes.
            prune(shown.site, session.outputs | _ENGINE_OUTPUTS)
            shown.the_site()

        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(shown.root))
        shown.server = server
        server.error_handler = shown.error_page
        quiet = _PreviewLog()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        logging.getLogger("mkdocs.livereload").addFilter(shown)
        try:
            rebuild(first)
            settle_preview()
            server.watch(str(session.plans))
            if config_file is not None:
                server.watch(str(config_file))
            server.serve()  # type: ignore[no-untyped-call]
        except OSError as error:
            if error.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
                raise
            raise ConfigError(f"cannot serve on {dev_addr or '127.0.0.1:8000'}: "
                              f"{error.strerror}\n"
                              "    hint: give another address with --dev-addr HOST:PORT"
                              ) from None
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
            logging.getLogger("mkdocs.livereload").removeFilter(shown)
            gc.unfreeze()


class _Shown:
    """What the preview server shows: the site, or, while the plans are not valid, a page
    of their errors at every address. The server's root is a symbolic link to one of the
    two folders, swapped in one rename after a build: a request that waited for the build
    opens its file through the link after the swap, so it never gets the other one's page
    (where the system has no symbolic links, the server's root itself is changed)."""

    def __init__(self, folder: Path, plans: Path, account: str | None) -> None:
        self.site = folder / "site"
        """The site MkDocs builds (dirty builds need it to stay)."""
        self._errors = folder / "errors"
        self.root = folder / "shown"
        """The server's root."""
        self.server: Any = None
        self._plans = plans  # as the command line gave it: the paths the terminal shows
        self._account = account
        self._page: bytes | None = None  # the error page for an unknown address
        self._connected: set[str] = set()  # the pages a browser has had open
        self.site.mkdir()
        self._errors.mkdir()
        try:
            self.root.symlink_to(self.site, target_is_directory=True)
        except OSError:
            self.root = self.site
        self._linked = self.root != self.site

    def _show(self, target: Path) -> None:
        if self._linked:
            new = self.root.with_name("shown.next")
            new.unlink(missing_ok=True)
            new.symlink_to(target, target_is_directory=True)
            os.replace(new, self.root)
        elif self.server is not None:
            self.server.root = str(target)

    def errors(self, failure: KamgenError | None, outputs: set[str],
               engine: Sequence[str] = (), language: str = "en") -> None:
        """Show the errors of ``failure`` at every page of the last site (``outputs``),
        and at the home page and every unknown address; say them in the terminal.
        ``failure`` is ``None`` when MkDocs failed on its own: ``engine`` holds what it
        logged (it has said that in the terminal). ``language``: the page's own words
        (those of the plans that last loaded)."""
        import hashlib

        from .site.preview_errors import error_page, problem_of

        was_shown = self._page is not None
        problem = problem_of(failure, self._account, engine, language)
        token = hashlib.sha256(repr((problem, self._plans)).encode()).hexdigest()[:16]
        page = error_page(problem, self._plans, token, language=language).encode()
        self._page = error_page(problem, self._plans, token, poll=True,
                                language=language).encode()
        shutil.rmtree(self._errors, ignore_errors=True)
        self._errors.mkdir()
        home = self._errors / "index.html"
        home.write_bytes(page)
        for rel in sorted(outputs):
            if rel.endswith(".html") and rel != "index.html":
                target = self._errors / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(home, target)
                except OSError:
                    target.write_bytes(page)
        self._show(self._errors)
        _say(failure, self._plans, again=was_shown)

    def the_site(self) -> None:
        """Show the site again (the plans are valid)."""
        if self._page is not None:
            self._page = None
            _say_valid()
        self._show(self.site)

    def filter(self, record: logging.LogRecord) -> bool:
        """Leave out of the server's log the warnings of missing pages while it answers
        them with the errors (an open error page asks again every few seconds), and a
        browser that connects again after each reload."""
        message = record.getMessage()
        if "Browser connected: " in message:
            address = message.split("Browser connected: ", 1)[1]
            seen = address in self._connected
            self._connected.add(address)
            return not seen
        return self._page is None or '" code 404' not in message

    def error_page(self, code: int) -> bytes | None:
        """The page for an address the server does not have: the errors while there are
        some, else the site's own page for a missing page."""
        if self._page is not None:
            return self._page
        return _error_page(self.site, code)


def _say(failure: KamgenError | None, plans: Path, again: bool) -> None:
    """Say in the terminal why the preview shows errors: the errors themselves."""
    from .errors import PlanErrors

    if isinstance(failure, PlanErrors):
        text = ("the plans are still not valid:\n" if again else
                "the plans are not valid:\n") + failure.render(plans)
    elif failure is not None:
        text = f"{failure}"
    else:
        text = "the site could not be built (MkDocs' message is above)"
    then = "" if again else "\nkamgen: the preview shows the errors until they are fixed"
    print(f"kamgen: {text}{then}", file=sys.stderr, flush=True)


def _say_valid() -> None:
    print("kamgen: the plans are valid again; the preview shows the site", file=sys.stderr,
          flush=True)


def settle_preview() -> None:
    """Call after a preview's first build. What the preview remembers (plans, pages,
    figures) lives until it ends, yet the collector of reference cycles walks every object
    of it in each of its full collections, which come every few rebuilds (a quarter of a
    second at 1,000 accounts): the first build's own cycles are collected now, and what
    is alive is left out of later collections (:func:`gc.freeze`). Of what is alive now,
    whatever dies later is still freed by its reference count unless it dies in a cycle:
    a loss bounded by what the first build left; later builds are collected as before."""
    gc.collect()
    gc.freeze()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    """The site's own page for a missing page, as MkDocs' preview shows it."""
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None


_ENGINE_OUTPUTS = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html",
                             "search/search_index.json"})
"""What MkDocs writes into a site besides the files of a build."""


class _PreviewLog(logging.Filter):
    """Keeps the preview's terminal short: MkDocs warns on every dirty rebuild (expected for
    kamgen's generated pages), and logs the errors of kamgen's plugin that kamgen says
    itself (:func:`_say`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "'dirty' build" not in message and not message.startswith("kamgen: ")
