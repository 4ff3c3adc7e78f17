"""Model fields for personal data: encrypted at rest, decrypted on read."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from shegong.lib.crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text stored as AES-GCM or SM4-GCM ciphertext. Look values up through a hash field."""

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if not value:
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt_text(str(value))
