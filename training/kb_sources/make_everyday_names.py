"""Write `everyday_names.txt`: the words of KB character names that are everyday given names or words.

    apt-get download ruby-faker        # ruby-faker_2.21.0-1_all.deb (Debian bookworm), as for make_faker.py
    apt-get install wamerican          # /usr/share/dict/american-english (SCOWL 2020.12.07)
    .venv/bin/python training/kb_sources/make_everyday_names.py ruby-faker_2.21.0-1_all.deb

A bare given name that only one canon character bears ("Geralt", "Obi-Wan", "Prompto") points at
that canon; one that real people or everyday English share ("Erik", "Hollow", "Rose") does not,
whatever the knowledge base holds. `training/build_kb.py` reads this list to decide which given
names of the KB are distinctive (the `meta` key `distinct_given_names`). The list holds only the
words that begin a KB character's name (the shipped `kb.sqlite` read as built before) and are one of:
a given name of any of Faker's 50-odd locales (`<locale>.yml` or `<locale>/name.yml`: `first_name`, `male_first_name`, `female_first_name`,
`neutral_first_name` lists; faker-ruby/faker 2.21.0, MIT), or a lower-case word of the SCOWL word list;
and every alphabetic given name and surname of those Faker lists (`last_name`, `male_last_name`,
`female_last_name`), in the KB or not: a one-word canon name that real people bear ("Silas", "Reilly")
is a weak clue; `build_kb.py` lists the KB's under the meta key `everyday_given_names`.
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import tarfile
from pathlib import Path
from typing import Any

import yaml

from ficlens.kb.index import name_keys

OUT = Path(__file__).with_name("everyday_names.txt")
KB = Path(__file__).resolve().parents[2] / "src" / "ficlens" / "resources" / "kb.sqlite"
WORDS = Path("/usr/share/dict/american-english")
_KEYS = {"first_name", "male_first_name", "female_first_name", "neutral_first_name"}
_SURNAME_KEYS = {"last_name", "male_last_name", "female_last_name"}


def faker_given_names(deb: Path, keys: frozenset[str] | set[str] | None = None) -> set[str]:
    """Every given name in the first-name lists of every Faker locale in the .deb, lower case (with
    `keys`, the names under those keys instead: `_SURNAME_KEYS` for the surnames)."""
    data = deb.read_bytes()
    pos, names = 8, set()
    while pos < len(data):
        member = data[pos : pos + 16].decode().strip().rstrip("/")
        size = int(data[pos + 48 : pos + 58])
        body = data[pos + 60 : pos + 60 + size]
        pos += 60 + size + (size % 2)
        if not member.startswith("data.tar"):
            continue
        with tarfile.open(fileobj=io.BytesIO(body)) as tar:
            for info in tar.getmembers():
                # A locale's own file (de.yml) or name list (en/name.yml); not a canon's list of
                # fictional first names (en/elder_scrolls.yml).
                tail = info.name.split("/lib/locales/")[-1]
                own = tail.count("/") == 0 or tail.endswith("/name.yml")
                if "/lib/locales/" in info.name and info.isfile() and tail.endswith(".yml") and own:
                    text = tar.extractfile(info).read().decode("utf-8")  # type: ignore[union-attr]
                    try:
                        tree = yaml.safe_load(text.replace("\t", " "))
                    except yaml.YAMLError:
                        continue
                    _collect(tree, names, _KEYS if keys is None else keys)
    return names


def _collect(tree: Any, out: set[str], keys: frozenset[str] | set[str]) -> None:
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in keys and isinstance(value, list):
                out.update(str(v).casefold() for v in value if "#" not in str(v))
            else:
                _collect(value, out, keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", type=Path, help="ruby-faker_2.21.0-1_all.deb")
    parser.add_argument("--words", type=Path, default=WORDS)
    args = parser.parse_args()
    faker = faker_given_names(args.deb)
    everyday = faker | {w for w in args.words.read_text(encoding="utf-8").split() if w.islower()}
    conn = sqlite3.connect(f"{KB.as_uri()}?mode=ro", uri=True)
    names = [n for (n,) in conn.execute("SELECT name FROM characters")]
    names += [a for (a,) in conn.execute("SELECT alias FROM character_aliases")]
    conn.close()
    firsts = {k.split()[0] for n in names for k in name_keys(n) if len(k.split()) >= 2}
    # Every given name, not only the KB's: the one-word people `make_scourgify.py` filters by this
    # list are not in the KB before it runs ("Silas", "Wolter"), and a list cut to the KB would let
    # each rebuild put back what the last one left out.
    given = {n for n in faker | faker_given_names(args.deb, _SURNAME_KEYS) if n.isalpha()}
    kept = sorted((firsts & everyday) | given)
    OUT.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT}: {len(kept)} words: {len(firsts & everyday)} of the KB's {len(firsts)} first names "
        f"are everyday names or words, and {len(given)} given names of Faker's locales"
    )


if __name__ == "__main__":
    main()
