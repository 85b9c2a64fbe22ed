"""Stage module `fandom` (not built yet: registers nothing, so pipelines skip it)."""
