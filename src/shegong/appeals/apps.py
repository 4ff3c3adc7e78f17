from __future__ import annotations

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "shegong.appeals"
    verbose_name = "接诉即办"

    def ready(self) -> None:
        # Register the procedure, its API handlers and its sweep hook with the case engine.
        from shegong.appeals import handlers, procedure, sweep  # noqa: F401
