"""Stage module `content_warnings` (not built yet: registers nothing, so pipelines skip it)."""
