"""Stage module `stats` (not built yet: registers nothing, so pipelines skip it)."""
