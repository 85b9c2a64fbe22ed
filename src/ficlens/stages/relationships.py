"""Stage module `relationships` (not built yet: registers nothing, so pipelines skip it)."""
