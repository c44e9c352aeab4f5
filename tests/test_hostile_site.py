"""Hostile plans folders, for the site side: what lies beside a plan (links, pipes, other
file kinds, odd encodings, front matter, drawings) ends in a clear error before anything is
built, or in a site and an export that hold nothing it must not.

The corpus is ``tests/hostile_site/`` (its README says how a case is written).
"""

from __future__ import annotations

import codecs
import gzip
import html
import io
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamgen.cli import main

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "hostile_site"
PLANS = HERE.parent / "plans"
AS_OF = "2026-11-23"
SHARED = ["--audience", "customer", "--account", "nordwerk-chemie"]
CASES = sorted(path.stem for path in CORPUS.glob("*.yaml"))

pytestmark = pytest.mark.slow


def case(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / f"{name}.yaml").read_text("utf-8"))
    return data


def content(text: str) -> bytes:
    if text.startswith("bytes:"):
        return codecs.escape_decode(text[len("bytes:"):].encode("utf-8"))[0]
    return text.encode("utf-8")


def apply(spec: dict[str, Any], root: Path) -> Path:
    plans = root / "plans"
    shutil.copytree(PLANS, plans)
    outside = root / "outside"
    outside.mkdir()
    (outside / "plan.yaml").write_text(
        (PLANS / "accounts/velmar-medizintechnik.yaml").read_text("utf-8").replace(
            "Velmar Medizintechnik", "OUTSIDE-ZX81"), "utf-8")
    (outside / "secret.md").write_text("# OUTSIDE-ZX81\n", "utf-8")
    for rel, text in (spec.get("files") or {}).items():
        path = plans / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(text))
    for rel, target in (spec.get("links") or {}).items():
        (plans / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.replace("{outside}", str(outside)), plans / rel)
    for rel in spec.get("fifos") or []:
        os.mkfifo(plans / rel)
    return plans


def texts(folder: Path, raw: bool = False) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                data = b"".join(book.read(n) for n in book.namelist())
        text = data.decode("utf-8", errors="replace")
        found[path.relative_to(folder).as_posix()] = text if raw else html.unescape(text)
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and not p.is_fifo()}


@pytest.mark.parametrize("name", CASES)
def test_hostile_plans_folder(name: str, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    spec = case(name)
    expect = spec["expect"]
    plans = apply(spec, tmp_path)
    before = snapshot(plans)
    code = main(["validate", str(plans)])
    err = capsys.readouterr().err
    if "errors" in expect:
        assert code == 1, err
        lines = [line.replace(f"{plans}/", "") for line in err.splitlines()]
        for line in expect["errors"]:
            assert line in lines, f"{line!r} not in:\n" + "\n".join(lines)
        assert "Traceback" not in err
        site = tmp_path / "site"
        assert main(["build", str(plans), "--site-dir", str(site)]) == 1
        assert not site.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]
        assert snapshot(plans) == before
        return
    assert code == 0, err
    built: dict[str, dict[str, str]] = {}
    raw: dict[str, dict[str, str]] = {}
    for edition, options in (("internal", []), ("shared", SHARED)):
        out = tmp_path / edition
        assert main(["build", str(plans), "--site-dir", str(out / "site"), "--as-of", AS_OF,
                     *options]) == 0
        assert main(["generate", str(plans), "--out", str(out / "gen"), "--as-of", AS_OF,
                     *options]) == 0
        assert main(["export", str(plans), "--format", "xlsx", "--out",
                     str(out / "export.xlsx"), "--as-of", AS_OF, *options]) == 0
        built[edition], raw[edition] = texts(out), texts(out, raw=True)
    capsys.readouterr()
    assert snapshot(plans) == before

    def holding(edition: str, text: str) -> list[str]:
        return [rel for rel, found in built[edition].items() if text in found]

    for text in expect.get("present_internal", []):
        assert holding("internal", text), text
    for text in expect.get("absent", []):
        assert holding("shared", text) == [], text
    for text in expect.get("absent_everywhere", []):
        assert holding("shared", text) == [] and holding("internal", text) == [], text
    if expect.get("no_live_script"):
        for edition in raw.values():
            for rel, found in edition.items():
                assert "<script>alert(" not in found, rel
                for title in found.split("<title>")[1:]:
                    assert "<" not in title.split("</title>")[0], rel
