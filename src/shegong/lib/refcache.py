"""A per-process copy of a small reference table that staff edit in admin (urgency tiers, matter
categories), so that public intake does not read the same few rows on every request.

The copy is used only outside a transaction: inside one (every staff action, every test that
edits a row and then acts) the table is read as before, so a transaction always sees its own
edits and never keeps rows it may roll back. A save or delete through the ORM empties the copy of
the process that made it, at once and again when that transaction commits, and so does a
migrate or flush; other processes renew their copy at most `seconds` later, so an edit reaches
every worker within that time.
"""

from __future__ import annotations

import time
from typing import Any, Generic, TypeVar

from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

M = TypeVar("M", bound=models.Model)


class TableCopy(Generic[M]):
    """All rows of `model` keyed by the unique field `key`, renewed every `seconds`."""

    def __init__(self, model: type[M], key: str, *, seconds: float = 10.0) -> None:
        self.model, self.key, self.seconds = model, key, seconds
        self._rows: dict[str, M] = {}
        self._until = 0.0
        for signal in (post_save, post_delete):
            signal.connect(self._edited, sender=model, weak=False)
        post_migrate.connect(self._edited, weak=False)  # also sent after a flush

    def get(self, value: str) -> M | None:
        """The row, or None when the copy cannot answer (inside a transaction, or no such row
        in it): the caller then reads the table itself, which also finds a row added since."""
        if connection.in_atomic_block:
            return None
        now = time.time()
        if now >= self._until:
            rows = {getattr(row, self.key): row for row in self.model._default_manager.all()}
            self._rows, self._until = rows, now + self.seconds
        return self._rows.get(value)

    def forget(self) -> None:
        self._rows, self._until = {}, 0.0

    def _edited(self, **_kwargs: Any) -> None:
        self.forget()
        transaction.on_commit(self.forget)  # a request between the edit and its commit refilled it
