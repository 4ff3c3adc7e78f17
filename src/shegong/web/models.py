"""网站外壳 models."""

from __future__ import annotations
