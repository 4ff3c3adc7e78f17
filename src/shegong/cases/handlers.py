"""The registry that lets one API endpoint run any procedure's actions by verb.

A procedure registers, per verb, a pydantic schema for the fields and a function that calls its
`do_*` action: `POST /api/v1/cases/{number}/actions/{verb}` validates the body with the schema
(422), looks the case up in the actor's scope (404) and runs the function (409/403 from the
engine).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from shegong.accounts.models import User
from shegong.cases.models import Case

Handler = Callable[[Case, User, Any], Case | Any]


@dataclass(frozen=True)
class VerbHandler:
    schema: type[BaseModel]
    run: Handler


_HANDLERS: dict[str, dict[str, VerbHandler]] = {}


def register_handlers(procedure: str, handlers: dict[str, VerbHandler]) -> None:
    _HANDLERS[procedure] = handlers


def handler_for(procedure: str, verb: str) -> VerbHandler | None:
    return _HANDLERS.get(procedure, {}).get(verb)


def verbs_of(procedure: str) -> list[str]:
    return list(_HANDLERS.get(procedure, {}))
