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

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from shegong.accounts.models import User
from shegong.cases.actions import CaseConflictError
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


# What a verb may raise that the person should be told about, as a sentence, not a crash.
ActionError = (
    CaseConflictError,
    PermissionDenied,
    ValidationError,
    PydanticValidationError,
    Http404,
)


def run_verb(case: Case, actor: User, verb: str, payload: dict[str, Any]) -> None:
    """Validate with the verb's schema and run its handler (one `do_*` action)."""
    handler = handler_for(case.procedure, verb)
    if handler is None:
        raise CaseConflictError(f"该工单没有这个动作：{verb}")
    handler.run(case, actor, handler.schema.model_validate(payload))


def error_text(exc: Exception) -> str:
    """A Chinese sentence for an action that failed."""
    if isinstance(exc, CaseConflictError):
        return exc.message
    if isinstance(exc, Http404):
        return "未找到该工单"
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(exc) or "您没有权限执行此操作"
    return "提交的内容有误，请检查后重试"


def error_status(exc: Exception) -> int:
    """The HTTP status of a page that shows a failed action: 409 when the case's state does not
    allow it, 403 when the actor may not, 422 for anything else that was sent."""
    if isinstance(exc, CaseConflictError):
        return 409
    return 403 if isinstance(exc, PermissionDenied) else 422
