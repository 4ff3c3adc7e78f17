"""Text messages (短信) through a pluggable backend.

To use a real gateway, write a class with `send(phone, message)` and point `SHEGONG_SMS_BACKEND`
at it (a dotted path). The console backend prints messages to the server log; the memory backend
keeps them in `outbox` for tests; the discard backend drops them (demo data).
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("shegong.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, message: str) -> None: ...


class ConsoleSmsBackend:
    """Writes each message to the log: the default for development and demos."""

    def send(self, phone: str, message: str) -> None:
        logger.warning("[短信] → %s：%s", phone, message)


outbox: list[tuple[str, str]] = []


class MemorySmsBackend:
    """Keeps messages in the module-level `outbox` list, for tests."""

    def send(self, phone: str, message: str) -> None:
        outbox.append((phone, message))


class DiscardSmsBackend:
    """Drops every message: for the demos, whose phone numbers are made up and must never be
    texted."""

    def send(self, phone: str, message: str) -> None:
        return None


DISCARD_BACKEND = f"{__name__}.DiscardSmsBackend"  # for override_settings(SMS_BACKEND=…)


def send_sms(phone: str, message: str) -> None:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, message)
