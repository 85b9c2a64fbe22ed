"""The ficlens web UI (`ficlens serve`): library pages, the work page, the analyse page and a JSON API.

>>> from ficlens.web import create_app
>>> app = create_app(library="fics.ficlens")
"""

from __future__ import annotations

from ficlens.web.app import create_app

__all__ = ["create_app"]
