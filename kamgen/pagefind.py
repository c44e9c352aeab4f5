"""Pagefind's indexer, fed one page at a time while the site is written.

Pagefind (https://pagefind.app, the ``pagefind`` package and its binary) makes a search
index that the browser fetches in chunks. Its binary has a service mode: requests and
answers are JSON, each base64-encoded and ended by a comma, on the binary's stdin and
stdout. The ``pagefind`` package's own client of it reads one answer per 100 ms, right
for a whole folder in one request and a hundred times too slow for a site handed over page
by page; :class:`PagefindIndexer` speaks the same protocol without the wait. A writer
thread hands pages to the binary, a reader thread collects its answers, so that neither
side's pipe fills and the caller never waits for Pagefind until :meth:`finish`.

Fed page by page, Pagefind indexes on the second core while the engine renders the next
pages, instead of reading the whole site again once it is written.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import queue
import subprocess
import threading
import time
import zlib
from pathlib import Path
from typing import IO, Any

from .errors import BuildError

__all__ = ["PagefindIndexer", "pagefind_binary"]


def pagefind_binary() -> Path | None:
    """The Pagefind binary that the ``pagefind`` package installs, or ``None``."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return Path(found) if found is not None else None


class PagefindIndexer:
    """A Pagefind index, fed page by page, written by :meth:`finish`.

    ``config`` is Pagefind's index configuration (``root_selector``, ``exclude_selectors``,
    ``force_language``, …). Pages waiting for the binary wait compressed. Pagefind's
    failures, and a Pagefind that has not finished within ``seconds`` of the indexer's
    start, raise :class:`~kamgen.errors.BuildError` from :meth:`finish`; :meth:`close`
    stops the binary without writing anything.
    """

    def __init__(self, binary: Path, config: dict[str, Any], output: Path,
                 seconds: float) -> None:
        self.pages = 0
        """Pages that Pagefind has indexed."""
        self._output = output
        self._deadline = time.monotonic() + seconds
        self._seconds = seconds
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._answers: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self._sent = 0
        self._index_id = 0
        self._threads = [
            threading.Thread(target=self._write, args=(self._process.stdin,),
                             name="kamgen-pagefind-in", daemon=True),
            threading.Thread(target=self._read, args=(self._process.stdout,),
                             name="kamgen-pagefind-out", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        try:
            self._send({"type": "NewIndex", "config": config})
            answer = self._answer()
            if answer.get("type") != "NewIndex":
                raise _failed(answer)
        except BaseException:
            self.close()
            raise
        self._index_id = int(answer["index_id"])

    def add(self, url: str, page: str) -> None:
        """Index the page at ``url`` (its address from the site's root, ``/a/b/``) whose
        HTML is ``page``."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                    "file_contents": page, "file_path": None})

    def finish(self) -> int:
        """Wait for Pagefind, write the index into the output folder and return the number
        of pages indexed."""
        written = False
        try:
            self._send({"type": "WriteFiles", "index_id": self._index_id,
                        "output_path": str(self._output)})
            while True:
                answer = self._answer()
                kind = answer.get("type")
                if kind == "IndexedFile":
                    self.pages += 1
                elif kind == "WriteFiles":
                    self._wait_until_written()
                    written = True
                    return self.pages
        finally:
            self.close(written)

    def _wait_until_written(self) -> None:
        """Wait until every file of the index is on disk. Pagefind answers that it wrote
        the index when its writes are under way, not done: a binary that ends before they
        are leaves files empty (seen under load). The index is done when no file is empty,
        the entry file is JSON, every compressed file decompresses and no file has grown
        for 0.1 s."""
        seen: dict[str, int] | None = None
        while True:
            missing = _incomplete(self._output)
            if missing is None:
                # and nothing grows any more: a file being written may be shown in part
                sizes = {str(p): p.stat().st_size for p in self._output.rglob("*")
                         if p.is_file()}
                if sizes == seen:
                    return
                seen = sizes
            else:
                seen = None
            if time.monotonic() >= self._deadline:
                raise BuildError(f"Pagefind wrote an incomplete search index: {missing}\n"
                                 "    hint: build again; the machine may be short of disk "
                                 "space or memory")
            time.sleep(0.1)

    def close(self, finished: bool = False) -> None:
        """Stop Pagefind; ``finished``: it has answered that the index is written, so it
        is given the time to end by itself once its input ends."""
        self._outbox.put(None)
        if finished:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(max(self._deadline - time.monotonic(), 1.0))
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for thread in self._threads:
            thread.join(5)

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = {"message_id": self._sent, "payload": payload}
        self._outbox.put(zlib.compress(json.dumps(message).encode(), 1))

    def _write(self, pipe: IO[bytes] | None) -> None:
        assert pipe is not None
        try:
            while (item := self._outbox.get()) is not None:
                pipe.write(base64.b64encode(zlib.decompress(item)) + b",")
                pipe.flush()
        except (OSError, ValueError):
            pass  # the binary has gone: the reader tells why
        finally:
            with contextlib.suppress(OSError):
                pipe.close()

    def _read(self, pipe: IO[bytes] | None) -> None:
        assert pipe is not None
        buffer = b""
        try:
            while chunk := pipe.read1(1 << 16):  # type: ignore[attr-defined]
                buffer += chunk
                *messages, buffer = buffer.split(b",")
                for message in messages:
                    decoded = json.loads(base64.b64decode(message))
                    if isinstance(decoded, dict):
                        self._answers.put(decoded.get("payload") or {})
        except (OSError, ValueError):
            pass
        finally:
            self._answers.put(None)

    def _answer(self) -> dict[str, Any]:
        """The next answer of the binary."""
        left = self._deadline - time.monotonic()
        try:
            answer = self._answers.get(timeout=max(left, 0.0)) if left > 0 else \
                self._answers.get_nowait()
        except queue.Empty:
            raise BuildError(f"Pagefind did not finish the search index within "
                             f"{self._seconds:g} s") from None
        if answer is None:
            raise BuildError("Pagefind could not write the search index: it stopped "
                             f"(exit code {self._process.poll()})")
        if answer.get("type") == "Error":
            raise _failed(answer)
        return answer


_COMPRESSED = (".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter")


def _incomplete(output: Path) -> str | None:
    """What of the index in ``output`` is not (yet) written, or ``None``."""
    entry = output / "pagefind-entry.json"
    try:
        json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return f"{entry.name} is missing or not complete"
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
            if not data:
                return f"{path.relative_to(output)} is empty"
            if path.name.endswith(_COMPRESSED):
                gzip.decompress(data)
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
            return f"{path.relative_to(output)} is not complete"
    return None


def _failed(answer: dict[str, Any]) -> BuildError:
    return BuildError(f"Pagefind could not write the search index: "
                      f"{answer.get('message') or answer}")
