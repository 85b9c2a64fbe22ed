"""Stage module `pov` (not built yet: registers nothing, so pipelines skip it)."""
