"""Stage module `rating` (not built yet: registers nothing, so pipelines skip it)."""
