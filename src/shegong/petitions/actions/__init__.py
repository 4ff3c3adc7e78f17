"""Every state change of the 信访 procedure (R1–R21), on the case engine.

Each `do_*` runs in one transaction, locks the case, checks the declared transition (409 when
the state does not allow it, 403 for the wrong role or unit, 422 for wrong fields), writes the
timeline and the audit row, and issues the written documents the law requires.
"""

from shegong.petitions.actions.handling import Opinion, do_conclude, do_extend, do_mediate
from shegong.petitions.actions.protections import (
    do_evaluate,
    do_recuse,
    do_report_major,
    do_supervise,
)
from shegong.petitions.actions.registration import (
    PetitionData,
    do_register_petition,
    do_submit_online_petition,
)
from shegong.petitions.actions.review import (
    do_conclude_re_review,
    do_conclude_review,
    do_hearing,
    do_request_re_review,
    do_request_review,
    request_window_end,
)
from shegong.petitions.actions.routing import (
    do_accept,
    do_assign,
    do_classify,
    do_decline,
    do_forward,
    do_object,
)

__all__ = [
    "Opinion",
    "PetitionData",
    "do_accept",
    "do_assign",
    "do_classify",
    "do_conclude",
    "do_conclude_re_review",
    "do_conclude_review",
    "do_decline",
    "do_evaluate",
    "do_extend",
    "do_forward",
    "do_hearing",
    "do_mediate",
    "do_object",
    "do_recuse",
    "do_register_petition",
    "do_report_major",
    "do_request_re_review",
    "do_request_review",
    "do_submit_online_petition",
    "do_supervise",
    "request_window_end",
]
