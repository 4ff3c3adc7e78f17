"""积分超市 models."""

from __future__ import annotations
