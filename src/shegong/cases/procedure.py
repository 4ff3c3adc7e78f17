"""How a procedure declares itself to the case engine: states, transitions, fields, clocks.

A procedure module builds one `Procedure` and registers it; the engine (cases.actions) looks the
transition up by verb, refuses it when the case's state or the actor's roles do not allow it
(409 / 403) or a required field is missing (422), and records it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models

SUBMITTER = "submitter"  # pseudo-role: the person who brought the case


@dataclass(frozen=True)
class Transition:
    """One action of a procedure. `target` None keeps the state (extend, report in …)."""

    verb: str
    label: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    required: tuple[str, ...] = ()
    public: bool = True  # shown on the resident's tracking page


@dataclass(frozen=True)
class Procedure:
    name: str
    kind: str
    label: str
    states: type[models.TextChoices]
    initial: str
    terminal: frozenset[str]
    transitions: Mapping[str, Transition] = field(default_factory=dict)
    case_page: str = ""  # URL name of the staff case page, which takes the case number
    queue: frozenset[str] = frozenset()  # statuses waiting for a central dispatcher (inbox)
    # Subtypes whose content lists never show: only the case page, whose reads are logged (R15).
    confidential: frozenset[str] = frozenset()

    def status_label(self, status: str) -> str:
        try:
            return str(self.states(status).label)
        except ValueError:
            return status


_REGISTRY: dict[str, Procedure] = {}


def register(procedure: Procedure) -> Procedure:
    _REGISTRY[procedure.name] = procedure
    return procedure


def get_procedure(name: str) -> Procedure:
    return _REGISTRY[name]


def procedures() -> list[Procedure]:
    """Every registered procedure, in the order they registered."""
    return list(_REGISTRY.values())


def transitions(*items: Transition) -> dict[str, Transition]:
    return {t.verb: t for t in items}
