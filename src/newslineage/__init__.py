"""newslineage: which news articles tell the same story, who copied whom, and what changed."""

from __future__ import annotations

__version__ = "0.1.0"
