"""Canon knowledge: fandoms, characters with aliases and nicknames, relationship tags.

Data, not code: a versioned SQLite file shipped in `ficlens/resources/kb.sqlite` (built by
`training/build_kb.py`), plus the user's overlay (fandom packs from `ficlens kb add`, and what
imported works tagged by their authors taught, `ficlens kb learn`). The stages read one merged,
name-indexed `KnowledgeBase`:

    >>> kb = load_kb()
    >>> [e.fandom for e in kb.full["jack harkness"]]
    ['Doctor Who Universe', 'Torchwood']
"""

from ficlens.kb.index import KBCharacter, KBRelationship, KBTerm, KnowledgeBase, name_keys, romantic_ships
from ficlens.kb.load import kb_dir, load_kb, overlay_path

__all__ = [
    "KBCharacter",
    "KBRelationship",
    "KBTerm",
    "KnowledgeBase",
    "kb_dir",
    "load_kb",
    "name_keys",
    "overlay_path",
    "romantic_ships",
]
