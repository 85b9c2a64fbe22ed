"""Bad input through the CLI: one clear line naming the file and the reason, exit 3, no traceback."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()
GOOD_STORY = (
    "The Lighthouse\n\nby Wren\n\nThe lamp hissed. Mara climbed the stairs.\n\n* * *\n\nMorning came.\n"
)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _epub(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/epub+zip")
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


_CONTAINER = (
    b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    b'<rootfiles><rootfile full-path="content.opf"/></rootfiles></container>'
)
_OPF = (
    b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><metadata/>'
    b'<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>'
    b'<spine><itemref idref="c"/></spine></package>'
)
_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol2;</p></body></html>'
)
_EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&xxe;</p></body></html>'
)


def _missing(tmp: Path) -> Path:
    return tmp / "no-such-story.txt"


def _directory(tmp: Path) -> Path:
    (tmp / "stories").mkdir()
    return tmp / "stories"


def _sparse_200mb(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: no disk space, the size cap rejects it unread
    return path


def _truncated_epub(tmp: Path) -> Path:
    data = _epub({"META-INF/container.xml": _CONTAINER, "content.opf": _OPF, "c.xhtml": b"<html/>" * 500})
    return _write(tmp / "cut.epub", data[: len(data) // 2])


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "nonexistent": (_missing, "no such file"),
    "directory": (_directory, "is a directory"),
    "empty": (lambda t: _write(t / "empty.txt", b""), "empty"),
    "whitespace-only": (lambda t: _write(t / "blank.txt", b"  \n\n \t\n"), "empty"),
    "png": (
        lambda t: _write(t / "cover.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        "PNG image",
    ),
    "elf": (lambda t: _write(t / "story.txt", b"\x7fELF\x02\x01\x01" + bytes(200)), "executable"),
    "binary-noise": (lambda t: _write(t / "noise.txt", bytes(range(256)) * 8), "binary"),
    "truncated-epub": (_truncated_epub, "not a valid EPUB"),
    "corrupt-epub": (lambda t: _write(t / "bad.epub", b"PK\x03\x04" + b"garbage" * 50), "not a valid EPUB"),
    "zip-bomb": (
        lambda t: _write(
            t / "bomb.epub",
            _epub({"META-INF/container.xml": _CONTAINER, "content.opf": _OPF, "c.xhtml": bytes(50_000_000)}),
        ),
        "zip bomb",
    ),
    "billion-laughs-xhtml": (lambda t: _write(t / "laughs.xhtml", _LAUGHS), "entities"),
    "external-entity-xhtml": (lambda t: _write(t / "xxe.xhtml", _EXTERNAL), "entities"),
    "billion-laughs-in-epub": (
        lambda t: _write(
            t / "laughs.epub",
            _epub({"META-INF/container.xml": _CONTAINER, "content.opf": _OPF, "c.xhtml": _LAUGHS}),
        ),
        "entities",
    ),
    "200mb-text": (_sparse_200mb, "--max-size"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_cli_errors_bad_input(case: str, tmp_path: Path) -> None:
    make, reason = BAD_INPUTS[case]
    path = make(tmp_path)
    result = runner.invoke(app, ["analyze", "--profile", "fast", str(path)])
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: ") and str(path) in lines[0]
    assert reason in result.stderr
    assert "Traceback" not in result.stderr and len(lines) <= 2


def test_cli_errors_good_paths_still_analysed(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", GOOD_STORY.encode())
    other = _write(tmp_path / "other.txt", b"A second story, short and plain.\n")
    result = runner.invoke(
        app, ["analyze", "--profile", "fast", str(good), str(tmp_path / "missing.txt"), str(other)]
    )
    assert result.exit_code == 3
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["path"] for r in rows] == [str(good), str(other)]
    assert "missing.txt: no such file" in result.stderr


def test_cli_errors_size_cap_can_be_raised(tmp_path: Path) -> None:
    path = _write(tmp_path / "long.txt", (GOOD_STORY * 2000).encode())  # ~180 kB
    capped = runner.invoke(app, ["analyze", "--profile", "fast", "--max-size", "0.1", str(path)])
    assert capped.exit_code == 3 and "--max-size 1" in capped.stderr
    raised = runner.invoke(app, ["analyze", "--profile", "fast", "--max-size", "1", str(path)])
    assert raised.exit_code == 0, raised.stderr


def test_cli_errors_usage_error_exit_2() -> None:
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["analyze", "--no-such-option", "x.txt"]).exit_code == 2


def test_cli_errors_real_process_has_no_traceback(tmp_path: Path) -> None:
    """The installed console script, not CliRunner: stderr must stay one clean line per file."""
    exe = shutil.which("ficlens", path=str(Path(sys.executable).parent))
    assert exe is not None
    bomb = BAD_INPUTS["zip-bomb"][0](tmp_path)
    png = BAD_INPUTS["png"][0](tmp_path)
    good = _write(tmp_path / "good.txt", GOOD_STORY.encode())
    proc = subprocess.run(
        [
            exe,
            "analyze",
            "--profile",
            "structure",
            str(bomb),
            str(good),
            str(png),
            str(tmp_path / "nope.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3 and all(str(tmp_path) in line for line in errors)
    assert json.loads(proc.stdout)["source"]["path"] == str(good)
