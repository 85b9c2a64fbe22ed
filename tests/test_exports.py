"""The public surface: `ficlens.__all__` is sorted and matches what the package exports."""

from __future__ import annotations

import ficlens


def test_exports_all_sorted_and_real() -> None:
    assert ficlens.__all__ == sorted(ficlens.__all__)
    for name in ficlens.__all__:
        assert hasattr(ficlens, name), name
