"""Append-only models: rows can be read and inserted, never changed or removed through the ORM.

Used by the audit trail, the case timeline and the points ledger. Each model says which error
it raises (`refusal`), so callers keep catching what they always caught.
"""

from __future__ import annotations

from typing import Any, Literal, NoReturn, TypeVar

from django.db import models

Refused = Literal["change", "delete"]
M = TypeVar("M", bound="AppendOnlyModel")


class AppendOnlyQuerySet(models.QuerySet[M]):
    """A queryset that can read and insert but never update or delete in bulk."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise self.model.refusal("change")

    def delete(self) -> NoReturn:
        raise self.model.refusal("delete")


class AppendOnlyModel(models.Model):
    """Insert-only rows. Subclasses name their error in `refusal`."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert a new row; refuse anything that would update an existing one."""
        updating = kwargs.get("force_update") or kwargs.get("update_fields") is not None
        if updating or not self._state.adding:
            raise self.refusal("change")
        # An unsaved instance with a preset id would otherwise be saved as an UPDATE of that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise self.refusal("delete")

    @classmethod
    def refusal(cls, verb: Refused) -> Exception:
        """The error a change (or a removal) of a row raises."""
        doing = "修改" if verb == "change" else "删除"
        return ValueError(f"{cls._meta.verbose_name}只能追加，不能{doing}")
