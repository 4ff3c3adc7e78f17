from __future__ import annotations

from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "shegong.petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        # Register the procedure, its API handlers and the R15 visibility rule with the engine.
        from shegong.petitions import handlers, procedure, queries  # noqa: F401
