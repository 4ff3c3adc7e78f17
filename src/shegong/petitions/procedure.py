"""The 信访 procedure declared to the case engine (条例 2022; R1–R21).

registered ─转送/交办 (R3, 15 days)→ forwarded / assigned ─受理 (R5)→ accepted
registered ─受理 (R4, an organ that received it directly)→ accepted
forwarded / assigned ─异议 (R5, 5 working days)→ registered (back to the 信访部门)
registered / forwarded / assigned ─不予受理 (R8, R14)→ declined
accepted ─处理意见书 (R10; 60 days, R11)→ concluded
concluded ─复查请求 (R12, within 30 days)→ reviewing ─复查意见书 (30 days)→ reviewed
reviewed ─复核请求 (R13, within 30 days)→ re_reviewing ─复核意见书 (30 days)→ closed (R14)
"""

from __future__ import annotations

from shegong.accounts.models import RoleCode
from shegong.cases.procedure import SUBMITTER, Procedure, Transition, register, transitions
from shegong.petitions.models import PetitionStatus as S

OFFICE = frozenset({RoleCode.PETITION_STAFF, RoleCode.ADMIN})
ORGAN = frozenset({RoleCode.PETITION_STAFF, RoleCode.HANDLER, RoleCode.ADMIN})
APPROVER = frozenset({RoleCode.LEADER, RoleCode.ADMIN})  # 负责人 (R11)
ROUTABLE = frozenset({S.REGISTERED})
RECEIVED = frozenset({S.REGISTERED, S.FORWARDED, S.ASSIGNED})
HANDLING = frozenset({S.ACCEPTED, S.REVIEWING, S.RE_REVIEWING})
OPEN = frozenset(S) - {S.DECLINED, S.CLOSED, S.CONCLUDED, S.REVIEWED}

PETITIONS = register(
    Procedure(
        name="petitions",
        kind="petition",
        label="信访",
        states=S,
        initial=S.REGISTERED,
        terminal=frozenset({S.CONCLUDED, S.REVIEWED, S.CLOSED, S.DECLINED}),
        transitions=transitions(
            Transition(
                "classify", "核定类别", ROUTABLE, None, OFFICE, ("classification",), public=False
            ),  # R9, R15
            Transition("forward", "转送", ROUTABLE, S.FORWARDED, OFFICE, ("unit",)),  # R3
            Transition("assign", "交办", ROUTABLE, S.ASSIGNED, OFFICE, ("unit", "due_on")),  # R6
            Transition("accept", "受理", RECEIVED, S.ACCEPTED, ORGAN),  # R4, R5
            Transition(
                "object",
                "提出异议",
                frozenset({S.FORWARDED, S.ASSIGNED}),
                S.REGISTERED,
                ORGAN,
                ("reason",),
            ),  # R5
            Transition("decline", "不予受理", RECEIVED, S.DECLINED, ORGAN, ("reason",)),
            Transition(
                "extend",
                "延期办理",
                frozenset({S.ACCEPTED}),
                None,
                ORGAN,
                ("days", "reason", "approver"),
            ),  # R11
            Transition(
                "mediate", "调解/和解", frozenset({S.ACCEPTED}), None, ORGAN, ("agreement",)
            ),  # R18
            Transition(
                "conclude",
                "出具处理意见",
                frozenset({S.ACCEPTED}),
                S.CONCLUDED,
                ORGAN,
                ("opinion",),
            ),  # R10
            Transition(
                "request_review",
                "复查请求",
                frozenset({S.CONCLUDED}),
                S.REVIEWING,
                ORGAN,
                ("unit", "received_on"),
            ),  # R12
            Transition(
                "conclude_review",
                "出具复查意见",
                frozenset({S.REVIEWING}),
                S.REVIEWED,
                ORGAN,
                ("opinion",),
            ),
            Transition(
                "request_re_review",
                "复核请求",
                frozenset({S.REVIEWED}),
                S.RE_REVIEWING,
                ORGAN,
                ("unit", "received_on"),
            ),  # R13
            Transition(
                "hearing", "听证", frozenset({S.RE_REVIEWING}), None, ORGAN, ("action",)
            ),  # R13: the clock pauses while it lasts
            Transition(
                "conclude_re_review",
                "出具复核意见",
                frozenset({S.RE_REVIEWING}),
                S.CLOSED,
                ORGAN,
                ("opinion",),
            ),  # R14
            Transition(
                "recuse", "回避", OPEN, None, ORGAN, ("user", "reason"), public=False
            ),  # R16
            Transition(
                "report_major", "重大紧急事项报告", OPEN, None, ORGAN, ("note",), public=False
            ),  # R17
            Transition(
                "supervise",
                "督办",
                OPEN,
                None,
                frozenset({RoleCode.PETITION_STAFF, RoleCode.SUPERVISOR, RoleCode.ADMIN}),
                ("note",),
                public=False,
            ),
            Transition(
                "rate",
                "评价",
                frozenset({S.CONCLUDED, S.REVIEWED, S.CLOSED}),
                None,
                frozenset({SUBMITTER}),
                ("rating",),
            ),  # R20
        ),
        case_page="petitions_case",
        confidential=frozenset({"accusation"}),  # R15: the title would show the accusation
    )
)
