"""Steps the engine and procedure tests share: submit an appeal, move it along, call the API.

Each step goes through the real `do_*` action (or the real HTTP endpoint), never the models, so a
test that builds on a step exercises the same path a user takes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection
from django.test import Client

from shegong.accounts.models import OrgUnit, User
from shegong.appeals import actions
from shegong.cases.actions import IntakeData
from shegong.cases.models import Case, Category, Clock
from shegong.conftest import VILLAGE, Cast, login
from shegong.lib import sms

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PHONE = "13912345678"
T = TypeVar("T")


def intake_data(cast: Cast, **overrides: Any) -> IntakeData:
    """A complaint about a street lamp in 进东社区, brought by the cast's resident."""
    fields: dict[str, Any] = {
        "title": "小区路灯不亮",
        "content": "进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        "region_code": VILLAGE,
        "channel": "web",
        "subtype": "complaint",
        "category": Category.objects.get(code="urban.roads"),
        "submitter": cast.resident,
        "submitter_name": "张三",
        "submitter_phone": PHONE,
    }
    fields.update(overrides)
    return IntakeData(**fields)


def submitted(cast: Cast, **overrides: Any) -> Case:
    return actions.do_submit_appeal(intake_data(cast, **overrides), actor=cast.resident).case


def dispatched(
    cast: Cast,
    unit: OrgUnit | None = None,
    *,
    co_units: tuple[OrgUnit, ...] = (),
    urgency: str | None = None,
    **overrides: Any,
) -> Case:
    """An appeal dispatched by the cast's dispatcher, by default to 榕城区住建局."""
    case = submitted(cast, **overrides)
    return actions.do_dispatch(
        case,
        actor=cast.dispatcher,
        unit=unit or cast.department,
        co_units=co_units,
        urgency=urgency,
    )


def processing(cast: Cast, **overrides: Any) -> Case:
    """An appeal the department has accepted (签收)."""
    return actions.do_accept(dispatched(cast, **overrides), actor=cast.handler)


def replied(cast: Cast, **overrides: Any) -> Case:
    return actions.do_reply(processing(cast, **overrides), actor=cast.handler, reply="已修好。")


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def clock(case: Case, name: str) -> Clock:
    """The newest clock of that name."""
    return Clock.objects.filter(case=case, name=name).order_by("-started_at", "-id")[0]


def client_for(user: User) -> Client:
    return login(Client(), user)


def act(client: Client, number: str, verb: str, **body: Any) -> Response:
    """POST /api/v1/cases/{number}/actions/{verb} with a JSON body."""
    return client.post(
        f"/api/v1/cases/{number}/actions/{verb}", body, content_type="application/json"
    )


def empty_outbox() -> list[tuple[str, str]]:
    """The test SMS backend's outbox, emptied, to read what the next steps send."""
    sms.outbox.clear()
    return sms.outbox


def texts_to(phone: str) -> list[str]:
    return [message for to, message in sms.outbox if to == phone]


def run_together(jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Run each job in its own thread, all released at once; their results in job order.

    Each thread uses (and closes) its own database connection, as separate requests would. An
    exception in any thread is raised here.
    """
    start = threading.Barrier(len(jobs))
    results: list[T | None] = [None] * len(jobs)
    failures: list[BaseException] = []

    def run(index: int, job: Callable[[], T]) -> None:
        try:
            start.wait()
            results[index] = job()
        except BaseException as exc:  # handed to the test thread, which raises it
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [r for r in results if r is not None]
