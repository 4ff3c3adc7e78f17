"""The 接诉即办 procedure declared to the case engine (R22–R31)."""

from __future__ import annotations

from shegong.accounts.models import RoleCode
from shegong.appeals.models import AppealStatus as S
from shegong.cases.procedure import SUBMITTER, Procedure, Transition, register, transitions

CENTRE = frozenset({RoleCode.DISPATCHER, RoleCode.ADMIN})
UNIT = frozenset(
    {RoleCode.HANDLER, RoleCode.SOCIAL_WORK_STAFF, RoleCode.VILLAGE_CADRE, RoleCode.ADMIN}
)
FOLLOW_UP = frozenset({RoleCode.DISPATCHER, RoleCode.SUPERVISOR, RoleCode.ADMIN})
OPEN = frozenset({S.RECEIVED, S.DISPATCHED, S.OBJECTED, S.PROCESSING, S.REPLIED})
HANDLING = frozenset({S.DISPATCHED, S.PROCESSING})

APPEALS = register(
    Procedure(
        name="appeals",
        kind="appeal",
        label="接诉即办",
        states=S,
        initial=S.RECEIVED,
        terminal=frozenset({S.CLOSED, S.DIVERTED, S.MERGED}),
        transitions=transitions(
            # R23: the centre answers without dispatching.
            Transition(
                "triage", "分流告知", frozenset({S.RECEIVED}), S.DIVERTED, CENTRE, ("outcome",)
            ),
            Transition(
                "answer", "直接答复", frozenset({S.RECEIVED}), S.REPLIED, CENTRE, ("reply",)
            ),
            # R24, R25, R26, R31.
            Transition("dispatch", "派单", frozenset({S.RECEIVED}), S.DISPATCHED, CENTRE),
            Transition("accept", "签收", frozenset({S.DISPATCHED}), S.PROCESSING, UNIT),
            # R27: an objection is a request; only the dispatcher's review moves the case back.
            Transition("object", "申请退单", HANDLING, S.OBJECTED, UNIT, ("reason",)),
            Transition("review_objection", "审核退单", frozenset({S.OBJECTED}), None, CENTRE),
            # R28.
            Transition(
                "extend",
                "申请延期",
                frozenset({S.PROCESSING}),
                None,
                UNIT,
                ("reason", "explanation"),
            ),
            Transition("whistle", "吹哨", frozenset({S.PROCESSING}), None, UNIT, ("units",)),
            Transition("report_in", "报到/协办反馈", OPEN - {S.RECEIVED}, None, UNIT, ("note",)),
            Transition("reply", "办理答复", frozenset({S.PROCESSING}), S.REPLIED, UNIT, ("reply",)),
            # R29: follow-up after the reply or when the time limit has expired.
            Transition(
                "follow_up",
                "回访",
                frozenset({S.REPLIED, S.PROCESSING}),
                None,
                FOLLOW_UP,
                ("rating", "resolved"),
            ),
            Transition(
                "rate", "评价", frozenset({S.REPLIED}), None, frozenset({SUBMITTER}), ("rating",)
            ),
            Transition("merge", "合并", OPEN - {S.REPLIED}, S.MERGED, CENTRE, ("into",)),
            Transition(
                "supervise",
                "督办",
                OPEN,
                None,
                frozenset({RoleCode.SUPERVISOR, RoleCode.ADMIN}),
                ("note",),
                public=False,
            ),
        ),
        case_page="appeals_case",
        queue=frozenset({S.RECEIVED, S.OBJECTED}),  # the centre's 待派单 and 退单审核 (R24, R27)
    )
)
