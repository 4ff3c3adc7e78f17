"""审计 models."""

from __future__ import annotations
