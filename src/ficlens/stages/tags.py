"""Stage module `tags` (not built yet: registers nothing, so pipelines skip it)."""
