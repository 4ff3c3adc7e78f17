"""工作日 models."""

from __future__ import annotations
