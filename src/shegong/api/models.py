"""接口 models."""

from __future__ import annotations
