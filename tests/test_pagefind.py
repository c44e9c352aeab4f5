"""kamgen's client of Pagefind's service: pages in, an index out, and every way the binary
can fail ends in a BuildError with a message, never in a hang."""

from __future__ import annotations

import gzip
import json
import stat
import time
from pathlib import Path

import pytest

from kamgen.errors import BuildError
from kamgen.pagefind import PagefindIndexer, pagefind_binary

CONFIG = {"root_selector": "article", "force_language": "de"}


def page(title: str, text: str) -> str:
    return (f"<!doctype html><html lang='de'><head><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1><p>{text}</p></article></body></html>")


def fake(tmp_path: Path, script: str) -> Path:
    """A stand-in for Pagefind's binary."""
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\n" + script + "\n", "utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_pages_handed_over_one_by_one_make_an_index_with_german_stemming(
        tmp_path: Path) -> None:
    binary = pagefind_binary()
    if binary is None:
        pytest.skip("Pagefind is not installed")
    indexer = PagefindIndexer(binary, CONFIG, tmp_path / "pagefind", 60)
    indexer.add("/a/", page("Kanister", "Wir liefern Kanister aus Polyethylen."))
    indexer.add("/b/", page("Formatwechsel", "Der Formatwechsel dauert zwei Stunden."))
    assert indexer.finish() == 2
    entry = json.loads((tmp_path / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["de"]["page_count"] == 2
    urls = set()
    for fragment in (tmp_path / "pagefind/fragment").iterdir():
        raw = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(raw[len(b"pagefind_dcd"):])["url"])
    assert urls == {"/a/", "/b/"}


def test_a_binary_that_stops_at_once_is_a_build_error_with_its_exit_code(
        tmp_path: Path) -> None:
    with pytest.raises(BuildError) as raised:
        PagefindIndexer(fake(tmp_path, "exit 3"), CONFIG, tmp_path / "out", 60)
    assert str(raised.value) == \
        "Pagefind could not write the search index: it stopped (exit code 3)"


def test_an_error_answer_is_a_build_error_with_pagefind_s_message(tmp_path: Path) -> None:
    import base64

    answer = base64.b64encode(json.dumps(
        {"message_id": 1, "payload": {"type": "Error", "message": "bad config"}}).encode())
    binary = fake(tmp_path, f"printf '%s,' '{answer.decode()}'; cat >/dev/null")
    with pytest.raises(BuildError) as raised:
        PagefindIndexer(binary, CONFIG, tmp_path / "out", 60)
    assert str(raised.value) == "Pagefind could not write the search index: bad config"


def test_a_binary_that_never_answers_fails_within_the_time_limit_and_is_stopped(
        tmp_path: Path) -> None:
    binary = fake(tmp_path, f"echo $$ > {tmp_path / 'pid'}; exec sleep 600")
    started = time.monotonic()
    with pytest.raises(BuildError) as raised:
        PagefindIndexer(binary, CONFIG, tmp_path / "out", 0.5)
    assert str(raised.value) == "Pagefind did not finish the search index within 0.5 s"
    assert time.monotonic() - started < 30
    pid = int((tmp_path / "pid").read_text())
    assert not Path(f"/proc/{pid}").exists() or \
        Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def test_a_binary_that_hangs_while_indexing_fails_the_finish_within_the_limit(
        tmp_path: Path) -> None:
    import base64

    answer = base64.b64encode(json.dumps(
        {"message_id": 1, "payload": {"type": "NewIndex", "index_id": 0}}).encode())
    binary = fake(tmp_path, f"printf '%s,' '{answer.decode()}'; exec sleep 600")
    indexer = PagefindIndexer(binary, CONFIG, tmp_path / "out", 1)
    indexer.add("/a/", page("A", "a"))
    with pytest.raises(BuildError) as raised:
        indexer.finish()
    assert str(raised.value) == "Pagefind did not finish the search index within 1 s"
    assert not (tmp_path / "out").exists()


def _answers(*payloads: dict[str, object]) -> str:
    import base64

    return ",".join(base64.b64encode(json.dumps({"message_id": n, "payload": p}).encode())
                    .decode() for n, p in enumerate(payloads, 1)) + ","


def test_the_finish_waits_until_pagefind_s_writes_are_on_disk(tmp_path: Path) -> None:
    """Pagefind answers that it wrote the index while its writes are under way; a build
    that ended then would keep empty files."""
    out = tmp_path / "out"
    answers = _answers({"type": "NewIndex", "index_id": 0}, {"type": "WriteFiles"})
    binary = fake(tmp_path, f"mkdir -p {out}; : > {out}/pagefind-entry.json; "
                            f"(sleep 1; printf '{{}}' > {out}/pagefind-entry.json) & "
                            f"printf '%s' '{answers}'; cat >/dev/null; wait")
    indexer = PagefindIndexer(binary, CONFIG, out, 30)
    indexer.finish()
    assert (out / "pagefind-entry.json").read_text("utf-8") == "{}"


def test_an_index_left_incomplete_is_a_build_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    answers = _answers({"type": "NewIndex", "index_id": 0}, {"type": "WriteFiles"})
    binary = fake(tmp_path, f"mkdir -p {out}/fragment; printf '{{}}' > "
                            f"{out}/pagefind-entry.json; "
                            f"printf 'xx' > {out}/fragment/a.pf_fragment; "
                            f"printf '%s' '{answers}'; cat >/dev/null")
    indexer = PagefindIndexer(binary, CONFIG, out, 1)
    with pytest.raises(BuildError) as raised:
        indexer.finish()
    assert str(raised.value) == (
        "Pagefind wrote an incomplete search index: fragment/a.pf_fragment is not complete\n"
        "    hint: build again; the machine may be short of disk space or memory")
