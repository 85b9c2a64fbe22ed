"""Stage module `arc` (not built yet: registers nothing, so pipelines skip it)."""
