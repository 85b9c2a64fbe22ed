"""Evaluation protocols behind `ficlens eval ...` (one module per capability)."""
