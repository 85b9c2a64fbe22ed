"""Fandom packs: a user's own canon knowledge as a small YAML file (`ficlens kb add pack.yaml`).

    fandom: Good Omens (TV)
    aliases: [Good Omens, GO]
    characters:
      - name: Crowley (Good Omens)
        aliases: [Anthony J. Crowley, Crawly]
      - name: Aziraphale (Good Omens)
        nicknames: [Angel]
    ships:
      - Aziraphale/Crowley (Good Omens)      # romantic
      - Aziraphale & Crowley (Good Omens)    # platonic

Read with `yaml.safe_load` (no tags, no anchors or aliases, at most `MAX_PACK_BYTES`), validated
by pydantic; every error names the file, the line and the field. Format: docs/kb.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from ficlens.errors import KBPackError
from ficlens.kb.store import CharacterRow, FandomRow, KBRows, RelationshipRow

MAX_PACK_BYTES = 1_000_000
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


class PackCharacter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    aliases: list[Name] = Field(default_factory=list, max_length=200)
    nicknames: list[Name] = Field(default_factory=list, max_length=200)


class Pack(BaseModel):
    """One fandom with its characters and ships."""

    model_config = ConfigDict(extra="forbid")

    fandom: Name
    aliases: list[Name] = Field(default_factory=list, max_length=200)
    kind: str = Field("tag", pattern="^(tag|umbrella)$")
    characters: list[PackCharacter] = Field(default_factory=list, max_length=5000)
    ships: list[Name] = Field(default_factory=list, max_length=5000)

    @field_validator("ships")
    @classmethod
    def _ships_have_two_members(cls, ships: list[str]) -> list[str]:
        for ship in ships:
            if len(split_ship(ship)[1]) < 2:
                raise ValueError(f"{ship!r}: a ship is 'A/B' (romantic) or 'A & B' (platonic)")
        return ships

    @property
    def source(self) -> str:
        return f"pack:{self.fandom}"


def split_ship(tag: str) -> tuple[str, list[str]]:
    """("romantic", members) for "A/B", ("platonic", members) for "A & B"; AO3 keeps the two apart."""
    if "/" in tag:
        return "romantic", [m.strip() for m in tag.split("/") if m.strip()]
    return "platonic", [m.strip() for m in tag.split(" & ") if m.strip()]


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """1-based line of the YAML node at a pydantic error location (None if it is not in the file)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def read_pack(path: Path) -> Pack:
    """Parse and validate a pack file; `KBPackError` (exit 3) says what is wrong and where."""
    try:
        size = path.stat().st_size
        if size > MAX_PACK_BYTES:
            raise KBPackError(
                f"{path}: {size:,} bytes, larger than the {MAX_PACK_BYTES:,}-byte limit for a pack"
            )
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise KBPackError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise KBPackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        # Anchors and aliases are refused: a few lines of them expand to gigabytes ("billion laughs").
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise KBPackError(
                    f"{path}:{event.start_mark.line + 1}: YAML anchors and aliases are not allowed in a pack"
                )
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KBPackError(f"{path}{where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise KBPackError(
            f"{path}: a pack is a YAML mapping with a 'fandom' key", hint="see docs/kb.md for the format"
        )
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors()[:10]:
            loc = tuple(err["loc"])
            line = _line_of(node, loc)
            field = ".".join(str(p) for p in loc) or "(top)"
            lines.append(f"{path}:{line or '?'}: {field}: {err['msg']}")
        raise KBPackError("\n".join(lines), hint="see docs/kb.md for the pack format") from None
    _check_ship_members(pack, path, node)
    return pack


def _keys(name: str) -> set[str]:
    return {name.casefold(), _PAREN.sub("", name).casefold()}


def _check_ship_members(pack: Pack, path: Path, node: yaml.Node | None) -> None:
    known = {k for c in pack.characters for n in [c.name, *c.aliases, *c.nicknames] for k in _keys(n)}
    for i, ship in enumerate(pack.ships):
        for member in split_ship(ship)[1]:
            if not _keys(member) & known:
                line = _line_of(node, ("ships", i))
                raise KBPackError(
                    f"{path}:{line or '?'}: ships.{i}: {member!r} is not one of this pack's characters",
                    hint="list every ship member under 'characters' (by name, alias or nickname)",
                )


def pack_rows(pack: Pack) -> KBRows:
    """The pack as KB rows (source `pack:<fandom>`); ship members become the characters' names."""
    source = pack.source
    by_key = {
        k: c.name for c in pack.characters for n in [c.name, *c.aliases, *c.nicknames] for k in _keys(n)
    }
    rows = KBRows(sources={source: "fandom pack added with `ficlens kb add`"})
    rows.fandoms.append(FandomRow(pack.fandom, 0, pack.kind, list(pack.aliases), source))
    for c in pack.characters:
        rows.characters.append(
            CharacterRow(c.name, pack.fandom, list(c.aliases), list(c.nicknames), ao3_tag=True, source=source)
        )
    for ship in pack.ships:
        kind, members = split_ship(ship)
        names = [next(by_key[k] for k in _keys(m) if k in by_key) for m in members]
        rows.relationships.append(RelationshipRow(ship, kind, names, pack.fandom, source=source))
    return rows


def add_pack(pack: Pack, overlay: Path | None = None) -> KBRows:
    """Write a pack into the overlay, replacing an earlier version of the same fandom's pack."""
    from ficlens.kb.load import overlay_path
    from ficlens.kb.store import delete_source, write_rows, writing

    rows = pack_rows(pack)
    with writing(overlay or overlay_path(), f"the pack for {pack.fandom!r}") as conn:
        delete_source(conn, pack.source)
        write_rows(conn, rows)
    return rows
