"""Merging: every submitter of a merged case is kept informed. Each public progress message of
the surviving case (dispatch, extension, reply, closure) also reaches, by SMS, the submitters of
the cases merged into it, once per phone number."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from shegong.appeals import actions
from shegong.cases.models import Case
from shegong.cases.tests.steps import PHONE, empty_outbox, fresh, submitted, texts_to
from shegong.conftest import Cast

NEIGHBOUR = "13700001111"
Capture = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def merged(cast: Cast) -> tuple[Case, Case]:
    """The first report of the lamp, and a neighbour's report merged into it."""
    first = submitted(cast)
    neighbour = submitted(cast, submitter=None, submitter_phone=NEIGHBOUR)
    actions.do_merge(neighbour, actor=cast.dispatcher, into=first)
    return first, neighbour


def test_the_neighbour_hears_of_dispatch_extension_reply_and_closure(
    cast: Cast, merged: tuple[Case, Case], django_capture_on_commit_callbacks: Capture
) -> None:
    first, _ = merged
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_dispatch(first, actor=cast.dispatcher, unit=cast.department)
        actions.do_accept(first, actor=cast.handler)
        actions.do_extend(
            first, actor=cast.handler, reason="需协调供电", explanation="需更换电缆", days=3
        )
        actions.do_reply(first, actor=cast.handler, reply="路灯已修复。")
        actions.do_follow_up(first, actor=cast.dispatcher, rating="satisfied", resolved=True)
    neighbour_texts = texts_to(NEIGHBOUR)
    assert neighbour_texts == texts_to(PHONE)  # both hear the same, in the same order
    assert len(neighbour_texts) == 4
    dispatch, extension, reply, closure = neighbour_texts
    assert first.number in dispatch
    assert "榕城区住房和城乡建设局" in dispatch
    assert "需更换电缆" in extension
    assert "已答复" in reply
    assert "已办结" in closure


def test_a_triage_of_the_surviving_case_reaches_the_neighbour(
    cast: Cast, merged: tuple[Case, Case], django_capture_on_commit_callbacks: Capture
) -> None:
    first, _ = merged
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_triage(first, actor=cast.dispatcher, outcome="market", note="请联系物业。")
    (text,) = texts_to(NEIGHBOUR)
    assert "请联系物业" in text


def test_a_submitter_who_reported_twice_gets_one_text(
    cast: Cast, merged: tuple[Case, Case], django_capture_on_commit_callbacks: Capture
) -> None:
    first, _ = merged
    again = submitted(cast)  # the first submitter, same phone, reports the lamp again
    actions.do_merge(again, actor=cast.dispatcher, into=first)
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_dispatch(first, actor=cast.dispatcher, unit=cast.department)
    assert len(texts_to(PHONE)) == 1
    assert len(texts_to(NEIGHBOUR)) == 1


def test_when_the_surviving_case_is_merged_on_its_followers_come_along(
    cast: Cast, merged: tuple[Case, Case], django_capture_on_commit_callbacks: Capture
) -> None:
    first, neighbour = merged
    older = submitted(cast, submitter=None, submitter_phone="13600002222")
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_merge(first, actor=cast.dispatcher, into=older)
        actions.do_dispatch(older, actor=cast.dispatcher, unit=cast.department)
    assert fresh(neighbour).merged_into == older
    merge_text, dispatch_text = texts_to(NEIGHBOUR)
    assert older.number in merge_text
    assert older.number in dispatch_text
