"""Running git for kamgen: fixed arguments and no shell, no terminal to ask on, no pager,
no hooks or file-system monitor the repository's configuration names, and a time limit.

The callers (``kamgen check --changed-since``, ``kamgen diff`` and the history on the site)
word the failures for what they asked.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

__all__ = ["run_git"]

_CONFIG = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
           "-c", "core.quotePath=false")
_ENVIRONMENT = {
    "GIT_TERMINAL_PROMPT": "0",   # never ask for a password
    "GIT_PAGER": "cat",
    "GIT_OPTIONAL_LOCKS": "0",    # reading never takes the index lock
    "LC_ALL": "C",                # git's messages in English, as kamgen quotes them
}


def run_git(where: Path, args: Sequence[str], timeout: float,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git -C where args…`` with its output captured. Raises :class:`OSError`
    (:class:`FileNotFoundError` without git) when git cannot be started and
    :class:`subprocess.TimeoutExpired` after ``timeout`` seconds."""
    return subprocess.run(["git", *_CONFIG, "-C", str(where), *args],
                          input=stdin if stdin is not None else b"", capture_output=True,
                          timeout=timeout, check=False, env={**os.environ, **_ENVIRONMENT})
