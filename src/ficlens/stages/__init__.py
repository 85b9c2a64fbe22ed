"""Built-in stages. Importing this package registers them (see `ficlens.registry.stage`)."""

from ficlens.stages import (  # noqa: F401
    arc,
    characters,
    content_warnings,
    events,
    fandom,
    pov,
    rating,
    relationships,
    stats,
    structure,
    tags,
)
