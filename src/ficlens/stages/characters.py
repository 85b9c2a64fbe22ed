"""Stage module `characters` (not built yet: registers nothing, so pipelines skip it)."""
