"""Learn canon knowledge from works their authors tagged (AO3 HTML/EPUB/page/Markdown).

A work whose `declared` block names fandoms, characters and relationships teaches the overlay:

- each declared character tag is a character of its fandom (the work's only fandom, else the one
  its "(Fandom)" suffix, the KB or another learned work names; a crossover's tag that nothing
  places is left out);
- the name forms the characters stage found for the text character that tag denotes ("Jack",
  "Captain Harkness" for "Jack Harkness") become that character's `text` aliases;
- each declared ship is a relationship of its fandom.

What a work taught is kept per work (`learned_works`, keyed by title + authors + publication date,
else by content hash), and the `library` rows are rebuilt from all of them, so learning the same
work twice, or in two formats, counts it once and every count is a number of distinct works.

    >>> learn_works([work1, work2])   # -> LearnReport(works=2, new=2, ...)
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ficlens.kb.index import name_keys
from ficlens.kb.pack import split_ship
from ficlens.kb.store import (
    CharacterRow,
    FandomRow,
    KBRows,
    RelationshipRow,
    delete_source,
    write_rows,
    writing,
)
from ficlens.model import Character, Work
from ficlens.names import nickname_of, parse_name, same_given_name

SOURCE = "library"
SOURCE_DESCRIPTION = "learned from works in the user's library that carry their authors' AO3 tags"
# Character tags that name no one a text could show ("Original Characters", "Reader", "Ensemble").
GENERIC_TAG = re.compile(r"original|reader|ensemble|character\(s\)|- character|^author|^other|^you$", re.I)
_SUFFIX = re.compile(r"\(([^)]*)\)\s*$")


@dataclass
class LearnReport:
    works: int = 0  # works offered
    tagged: int = 0  # of them, with declared fandoms
    new: int = 0  # not learned before (by content hash), or teaching something new
    characters: int = 0  # learned character rows after this run
    relationships: int = 0


def fandom_key(name: str) -> str:
    """Loose fandom identity: "Sherlock (TV)" and "Sherlock" meet, as do "House M.D." and "House M.D"."""
    name = re.sub(r"\s*\([^)]*\)", "", name.split(" | ")[-1]).split(" - ")[0]
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _place(tag: str, fandoms: list[str], known: dict[str, set[str]]) -> str | None:
    """The declared fandom a character or ship tag belongs to, if it can be told."""
    if len(fandoms) == 1:
        return fandoms[0]
    suffix = _SUFFIX.search(tag)
    if suffix:
        hits = [f for f in fandoms if fandom_key(f) and fandom_key(f) in fandom_key(suffix.group(1))]
        hits = hits or [f for f in fandoms if fandom_key(suffix.group(1)) in fandom_key(f)]
        if len(hits) == 1:
            return hits[0]
    seen = {fandom_key(f) for f in known.get(tag, ())}
    hits = [f for f in fandoms if fandom_key(f) in seen]
    return hits[0] if len(hits) == 1 else None


def _forms(character: Character) -> list[str]:
    return [f for f in [character.name, *character.aliases] if parse_name(f).words]


def _fit(tag: str, character: Character) -> int:
    """How well a text character fits a character tag: 3 same canonical tag, 2 a full name of the
    tag, 1 its given name, surname or a nickname of the given name, 0 no fit."""
    if character.canonical == tag:
        return 3
    keys = [k.split() for k in name_keys(tag)]
    best = 0
    for form in _forms(character):
        words = parse_name(form).words
        for key in keys:
            if words == key or (
                len(words) >= 2 and words[-1] == key[-1] and same_given_name(words[0], key[0])
            ):
                return 2
            if len(words) == 1 and (words[0] in (key[0], key[-1]) or nickname_of(words[0], key[0])):
                best = 1
    return best


def align(tags: list[str], characters: list[Character]) -> dict[str, list[Character]]:
    """Declared character tag -> the text characters it denotes, best first.

    Each tag takes its best-fitting character ("Marisol Vantongeren"), each character goes to
    one tag, and ties are skipped ("John" fits "John Watson" and "John Sheppard" equally). A
    character the clustering kept apart ("Marisol" beside "Marisol Vantongeren") joins the one
    tag it fits, if it fits only one."""
    fits = {(tag, i): f for tag in tags for i, c in enumerate(characters) if (f := _fit(tag, c))}
    candidates = sorted(
        ((f, len(characters[i].mentions), tag, i) for (tag, i), f in fits.items()),
        key=lambda c: (-c[0], -c[1], c[2], c[3]),
    )
    out: dict[str, list[Character]] = {}
    used: set[int] = set()
    for fit, _n, tag, i in candidates:
        if tag in out or i in used:
            continue
        rivals = [t for (t, j), f in fits.items() if j == i and t != tag and t not in out and f == fit]
        if rivals:
            continue
        out[tag] = [characters[i]]
        used.add(i)
    for i, character in enumerate(characters):
        homes = [t for (t, j) in fits if j == i]
        if i not in used and len(homes) == 1 and homes[0] in out:
            out[homes[0]].append(character)
    return out


def observe(work: Work, known: dict[str, set[str]] | None = None) -> dict[str, Any] | None:
    """What one author-tagged work teaches (None if it declares no fandom)."""
    declared = work.declared
    fandoms = [f for f in declared.fandoms if f.strip()]
    if not fandoms:
        return None
    known = known or {}
    tags = [t for t in declared.characters if t.strip() and not GENERIC_TAG.search(t)]
    aligned = align(tags, work.inferred.characters)
    characters = []
    for tag in tags:
        forms = [f for c in aligned.get(tag, []) for f in _forms(c) if f != tag]
        # A crossover's tag that neither its suffix nor the KB places keeps the candidate
        # fandoms: another work of the library may place it (`materialise`).
        fandom = _place(tag, fandoms, known)
        characters.append(
            {"tag": tag, "fandom": fandom, "forms": forms} | ({} if fandom else {"candidates": fandoms})
        )
    placed = {c["tag"]: c["fandom"] for c in characters}
    relationships = []
    for tag in declared.relationships:
        kind, members = split_ship(tag)
        fandom = _place(tag, fandoms, known)
        if fandom is None:
            # A ship belongs where all its placed members do.
            homes = {placed.get(m) for m in members}
            fandom = homes.pop() if len(homes) == 1 else None
        if len(members) >= 2 and fandom is not None:
            relationships.append({"tag": tag, "type": kind, "members": members, "fandom": fandom})
    return {"fandoms": fandoms, "characters": characters, "relationships": relationships}


def _resolve(tag: str, candidates: list[str], homes: dict[str, set[str]]) -> str | None:
    """The one candidate fandom that other works filed this character tag under, if any."""
    keys = {fandom_key(h) for h in homes.get(tag, ())}
    hits = [f for f in candidates if fandom_key(f) in keys]
    return hits[0] if len(hits) == 1 else None


def materialise(observations: Iterable[dict[str, Any]]) -> KBRows:
    """The `library` rows of many works' observations; every count is a number of works."""
    fandom_works: dict[str, int] = defaultdict(int)
    char_works: dict[tuple[str, str], int] = defaultdict(int)
    char_forms: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ships: dict[tuple[str, str], tuple[str, list[str], int]] = {}
    observations = list(observations)
    homes: dict[str, set[str]] = defaultdict(set)
    for obs in observations:
        for c in obs["characters"]:
            if c["fandom"]:
                homes[c["tag"]].add(c["fandom"])
    for obs in observations:
        for fandom in dict.fromkeys(obs["fandoms"]):
            fandom_works[fandom] += 1
        for c in obs["characters"]:
            fandom = c["fandom"] or _resolve(c["tag"], c.get("candidates", []), homes)
            if fandom is None:
                continue
            key = (c["tag"], fandom)
            char_works[key] += 1
            for form in dict.fromkeys(c["forms"]):
                char_forms[key][form] += 1
        for r in obs["relationships"]:
            key = (r["tag"], r["fandom"])
            _t, _m, n = ships.get(key, (r["type"], r["members"], 0))
            ships[key] = (r["type"], r["members"], n + 1)
    rows = KBRows(sources={SOURCE: SOURCE_DESCRIPTION})
    rows.fandoms = [FandomRow(f, n, "tag", source=SOURCE) for f, n in sorted(fandom_works.items())]
    for (tag, fandom), n in sorted(char_works.items()):
        forms = dict(sorted(char_forms[(tag, fandom)].items(), key=lambda kv: (-kv[1], kv[0])))
        rows.characters.append(CharacterRow(tag, fandom, forms=forms, works=n, ao3_tag=True, source=SOURCE))
    for (tag, fandom), (kind, members, n) in sorted(ships.items()):
        rows.relationships.append(RelationshipRow(tag, kind, members, fandom, works=n, source=SOURCE))
    return rows


def _known_fandoms() -> dict[str, set[str]]:
    """Character name -> fandoms the KB files it under (to place a crossover's tags)."""
    from ficlens.kb.load import current_rows

    known: dict[str, set[str]] = defaultdict(set)
    for c in current_rows().characters:
        known[c.name].add(c.fandom)
    return known


def learn_works(works: Iterable[Work], overlay: Path | None = None) -> LearnReport:
    """Teach the overlay KB what these works' author tags say; idempotent per work content."""
    from ficlens.kb.load import overlay_path

    report = LearnReport()
    tagged = []
    for work in works:
        report.works += 1
        if any(f.strip() for f in work.declared.fandoms):
            tagged.append(work)
    known = _known_fandoms() if tagged else {}
    fresh: list[tuple[str, str, str]] = []
    for work in tagged:
        obs = observe(work, known)
        if obs is None:
            continue
        report.tagged += 1
        key = work_key(work)
        fresh.append((key, work.title or "", json.dumps(obs, ensure_ascii=False, sort_keys=True)))
    path = overlay or overlay_path()
    if not fresh and not path.exists():
        return report
    with writing(path, "what the library taught") as conn:
        return _write_learned(conn, fresh, report)


def _write_learned(
    conn: sqlite3.Connection, fresh: list[tuple[str, str, str]], report: LearnReport
) -> LearnReport:
    """Store the works' observations and rebuild the `library` rows from all of them."""
    before = conn.total_changes
    # A work learned again replaces what it taught (a later, fuller analysis may see more
    # names), so its counts never double.
    conn.executemany(
        "INSERT INTO learned_works VALUES (?, ?, ?) ON CONFLICT(work_hash) DO UPDATE"
        " SET title = excluded.title, observed = excluded.observed WHERE observed != excluded.observed",
        fresh,
    )
    report.new = conn.total_changes - before
    if report.new:
        delete_source(conn, SOURCE)
        rows = materialise(
            json.loads(o) for (o,) in conn.execute("SELECT observed FROM learned_works ORDER BY work_hash")
        )
        write_rows(conn, rows)
    conn.commit()  # (then the counts below read what was written)
    report.characters = conn.execute(
        "SELECT count(*) FROM characters WHERE source = ?", (SOURCE,)
    ).fetchone()[0]
    report.relationships = conn.execute(
        "SELECT count(*) FROM relationships WHERE source = ?", (SOURCE,)
    ).fetchone()[0]
    return report


def work_key(work: Work) -> str:
    """Which work taught an observation: its title, authors and publication date when it has them
    (so the HTML, EPUB and saved page of one AO3 work, or a later version of it, count once),
    else the content hash."""
    import hashlib

    if work.title and work.authors:
        ident = [work.title.casefold().strip(), sorted(a.casefold().strip() for a in work.authors)]
        ident.append(work.declared.published or "")
        return "work:" + hashlib.sha256(json.dumps(ident, ensure_ascii=False).encode("utf-8")).hexdigest()
    return work.source.sha256 or hashlib.sha256(work.text.encode("utf-8")).hexdigest()
