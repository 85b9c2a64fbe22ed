"""`ficlens kb add/show/stats`: fandom packs, their validation, and what the fandom stage makes of them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.errors import FiclensError, KBPackError
from ficlens.kb import load_kb
from ficlens.kb.store import SCHEMA_VERSION
from ficlens.model import Character, Mention
from ficlens.stages.fandom import detect_fandoms

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kb" / "good-omens.yaml"
runner = CliRunner()

PACK = """\
fandom: The Quiet Harbour (Web Series)
aliases: [Quiet Harbour]
characters:
  - name: Marisol Vantongeren
    nicknames: [Sol]
  - name: Ptolemy Ashgrove
    aliases: [Captain Ashgrove]
ships:
  - Marisol Vantongeren/Ptolemy Ashgrove
  - Sol & Captain Ashgrove
"""


def _pack(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(*args: str) -> FiclensError:
    """The library error a command ended with (`ficlens.cli.main` prints it and exits with its code)."""
    result = runner.invoke(app, list(args))
    assert isinstance(result.exception, FiclensError), result.output
    return result.exception


def fake(name: str, n: int) -> Character:
    return Character(name=name, mentions=[Mention(start=i, end=i + 1) for i in range(n)])


def test_kb_add_teaches_the_fandom_stage_a_new_canon(tmp_path: Path) -> None:
    cast = [fake("Marisol Vantongeren", 20), fake("Ptolemy Ashgrove", 15)]
    before, _ = detect_fandoms(cast)
    assert before[0].name == "Unknown fandom"
    result = runner.invoke(app, ["kb", "add", str(_pack(tmp_path, PACK))])
    assert result.exit_code == 0, result.output
    after, mapping = detect_fandoms([*cast, fake("Sol", 9)])
    assert mapping[after[0].name]["Sol"] == "Marisol Vantongeren"  # a nickname finds the tag
    assert after[0].name == "The Quiet Harbour (Web Series)"
    ship = next(r for r in load_kb().relationships if r.tag == "Sol & Captain Ashgrove")
    # Ship members are the characters' names, whatever form the tag used.
    assert (ship.type, ship.members) == ("platonic", ["Marisol Vantongeren", "Ptolemy Ashgrove"])
    # Adding the same pack again replaces it: no duplicate rows.
    assert runner.invoke(app, ["kb", "add", str(_pack(tmp_path, PACK))]).exit_code == 0
    assert len(load_kb().full["marisol vantongeren"]) == 1


def test_kb_show_lists_characters_aliases_sources_and_ships(tmp_path: Path) -> None:
    assert runner.invoke(app, ["kb", "add", str(EXAMPLE)]).exit_code == 0
    result = runner.invoke(app, ["kb", "show", "Good Omens", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "Good Omens (TV)" in {f["name"] for f in data["fandoms"]}
    crowley = next(c for c in data["characters"] if c["name"] == "Crowley (Good Omens)")
    # The pack's aliases join the shipped row; the row lists both sources.
    assert "Crawly" in crowley["aliases"] and crowley["source"].endswith("pack:Good Omens (TV)")
    assert "Aziraphale/Crowley (Good Omens)" in {r["tag"] for r in data["relationships"]}
    text = runner.invoke(app, ["kb", "show", "GO"])  # a pack alias of the fandom
    assert text.exit_code == 0 and "Pulsifer" in text.stdout


def test_kb_show_unknown_fandom_suggests(tmp_path: Path) -> None:
    exc = _error("kb", "show", "Good Omen")
    assert exc.exit_code == 1
    assert "no fandom 'Good Omen'" in exc.message and "Good Omens" in (exc.hint or "")


def test_kb_stats_counts_rows_per_table_and_source(tmp_path: Path) -> None:
    assert runner.invoke(app, ["kb", "add", str(_pack(tmp_path, PACK))]).exit_code == 0
    result = runner.invoke(app, ["kb", "stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["shipped"]["meta"]["schema_version"] == str(SCHEMA_VERSION)
    assert data["shipped"]["tables"]["characters"] >= 2000
    assert data["overlay"]["sources"]["pack:The Quiet Harbour (Web Series)"] == {
        "fandoms": 1,
        "characters": 2,
        "relationships": 2,
    }


def test_kb_option_picks_the_overlay_folder(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    assert runner.invoke(app, ["--kb", str(folder), "kb", "add", str(_pack(tmp_path, PACK))]).exit_code == 0
    assert (folder / "overlay.sqlite").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fandom: X\ncharacters:\n  - name: A\n    alias: [b]\n", ":4: characters.0.alias: Extra inputs"),
        ("fandom: X\ncharacters: [\n", ": not valid YAML"),
        ("fandom: X\ncharacters:\n  - name: A\nships:\n  - A/Zed\n", ":5: ships.0: 'Zed' is not one of"),
        ("fandom: X\ncharacters:\n  - name: A\nships:\n  - A\n", ":5: ships: Value error"),
        ("fandom: ''\n", ":1: fandom: String should have at least 1 character"),
        ("a: &a [x, x]\nb: [*a, *a, *a]\n", ":1: YAML anchors and aliases are not allowed"),
        ("- just\n- a list\n", "a pack is a YAML mapping"),
        ("fandom: !!python/object/apply:os.system [echo hi]\n", "not valid YAML"),
    ],
)
def test_kb_add_bad_pack_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    exc = _error("kb", "add", str(_pack(tmp_path, text)))
    assert exc.exit_code == 3
    assert message in exc.message


def test_kb_add_refuses_huge_or_binary_packs(tmp_path: Path) -> None:
    big = _pack(tmp_path, "fandom: X\n" + "# padding\n" * 200_000, "big.yaml")
    exc = _error("kb", "add", str(big))
    assert exc.exit_code == 3 and "limit" in exc.message
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00fandom")
    exc = _error("kb", "add", str(binary))
    assert exc.exit_code == 3 and "UTF-8" in exc.message
    assert runner.invoke(app, ["kb", "add", str(tmp_path / "missing.yaml")]).exit_code == 2


def test_kb_add_bad_pack_exits_3_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    bad = _pack(tmp_path, "fandom: X\ncharacters: [\n")
    proc = subprocess.run(
        [sys.executable, "-c", "from ficlens.cli import main; main()", "kb", "add", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3
    assert "not valid YAML" in proc.stderr and "Traceback" not in proc.stderr


def test_broken_overlay_is_a_clear_config_error(tmp_path: Path) -> None:
    from ficlens.kb import overlay_path

    overlay_path().parent.mkdir(parents=True, exist_ok=True)
    overlay_path().write_bytes(b"this is not SQLite" * 300)
    exc = _error("kb", "add", str(_pack(tmp_path, PACK)))
    assert exc.exit_code == 4 and "not a ficlens knowledge base" in exc.message
    assert overlay_path().read_bytes().startswith(b"this is not SQLite")  # left as it was


_YAML_BITS = [
    "fandom: X\n", "characters:\n", "  - name: A\n", "    aliases: [B, C]\n", "    nicknames: D\n",
    "ships:\n", "  - A/B\n", "  - A & Z\n", "- ", ": ", "{", "}", "[", "]", "&a ", "*a ", "!!str ",
    "!!python/object:os.system ", "'", '"', "\t", "\x00", "é", "---\n", "...\n", "kind: umbrella\n",
    "aliases: 7\n", "fandom: [1, 2]\n", "characters: {name: A}\n", "\n", "  ", "null", "~", "1e999",
]  # fmt: skip


@given(st.lists(st.sampled_from(_YAML_BITS), max_size=40), st.text(max_size=40))
def test_kb_pack_reader_only_ever_raises_pack_errors(bits: list[str], noise: str) -> None:
    import tempfile

    from ficlens.kb.pack import read_pack

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack.yaml"
        path.write_text("".join(bits) + noise, encoding="utf-8", errors="surrogatepass")
        try:
            pack = read_pack(path)
        except KBPackError as exc:
            assert exc.message and "Traceback" not in exc.message
        else:
            assert pack.fandom.strip()


def test_kb_remove_drops_a_pack(tmp_path: Path) -> None:
    assert runner.invoke(app, ["kb", "add", str(_pack(tmp_path, PACK))]).exit_code == 0
    assert "marisol vantongeren" in load_kb().full
    exc = _error("kb", "remove", "pack:Nope")
    assert "pack:The Quiet Harbour (Web Series)" in (exc.hint or "")
    result = runner.invoke(app, ["kb", "remove", "pack:The Quiet Harbour (Web Series)"])
    assert result.exit_code == 0, result.output
    assert "marisol vantongeren" not in load_kb().full
