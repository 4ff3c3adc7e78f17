"""行政区划 models."""

from __future__ import annotations
