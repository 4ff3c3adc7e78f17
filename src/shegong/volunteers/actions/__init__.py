"""Every state change of volunteer service (R35, R38–R41), by topic.

Each `do_*` checks who may do it, owns its transaction, writes the audit row last and sends any
text message only on commit. A refusal the person can understand is a `VolunteerError` (HTTP 409
in the API) or a Django `ValidationError` with Chinese messages per field (HTTP 422).

- `registration`: volunteers (R39), organisations, teams, membership, the logged ID reveal
- `activities`: activities, shifts, insurance and the R41 start rule
- `signups`: sign-up with capacity, waitlist and clash detection; cancellation
- `service`: QR check-in/out, hours (R38), confirmation, no-shows; training, awards, evaluations
- `imports`: volunteers and service records from xlsx, all or nothing
- `emergency`: emergency demands, matching (`shegong.volunteers.matching`), confirm or decline
- `certificates`: 志愿服务记录证明 (R36, R37): request, issue, download, revoke

The names below are the public interface other apps use.
"""

from __future__ import annotations

from shegong.volunteers.actions.activities import (
    ActivityData,
    do_add_shift,
    do_cancel_activity,
    do_create_activity,
    do_finish_activity,
    do_publish_activity,
    do_record_insurance,
    do_renew_checkin_code,
    do_start_activity,
    insurance_problem,
    require_insurance,
)
from shegong.volunteers.actions.certificates import (
    do_download_certificate,
    do_issue_certificate,
    do_request_certificate,
    do_revoke_certificate,
)
from shegong.volunteers.actions.common import VolunteerError
from shegong.volunteers.actions.emergency import (
    DemandData,
    MatchReport,
    do_confirm_assignment,
    do_create_demand,
    do_decline_assignment,
    do_match_demands,
)
from shegong.volunteers.actions.imports import ImportReport, do_import_volunteers
from shegong.volunteers.actions.registration import (
    Registration,
    check_id_number,
    do_apply_membership,
    do_approve_membership,
    do_create_organisation,
    do_create_team,
    do_leave_organisation,
    do_register_volunteer,
    do_register_volunteer_for,
    do_reject_membership,
    do_reveal_id_number,
    do_update_volunteer,
    new_volunteer_number,
)
from shegong.volunteers.actions.service import (
    do_check_in,
    do_check_out,
    do_confirm_record,
    do_record_attendance,
    do_record_award,
    do_record_evaluation,
    do_record_no_shows,
    do_record_training,
    do_reject_record,
)
from shegong.volunteers.actions.signups import (
    clashing_signup,
    do_cancel_sign_up,
    do_sign_up,
    waitlist_position,
)

__all__ = [
    "ActivityData",
    "DemandData",
    "ImportReport",
    "MatchReport",
    "Registration",
    "VolunteerError",
    "check_id_number",
    "clashing_signup",
    "do_add_shift",
    "do_apply_membership",
    "do_approve_membership",
    "do_cancel_activity",
    "do_cancel_sign_up",
    "do_check_in",
    "do_check_out",
    "do_confirm_assignment",
    "do_confirm_record",
    "do_create_activity",
    "do_create_demand",
    "do_create_organisation",
    "do_create_team",
    "do_decline_assignment",
    "do_download_certificate",
    "do_finish_activity",
    "do_import_volunteers",
    "do_issue_certificate",
    "do_leave_organisation",
    "do_match_demands",
    "do_publish_activity",
    "do_record_attendance",
    "do_record_award",
    "do_record_evaluation",
    "do_record_insurance",
    "do_record_no_shows",
    "do_record_training",
    "do_register_volunteer",
    "do_register_volunteer_for",
    "do_reject_membership",
    "do_reject_record",
    "do_renew_checkin_code",
    "do_request_certificate",
    "do_reveal_id_number",
    "do_revoke_certificate",
    "do_sign_up",
    "do_start_activity",
    "do_update_volunteer",
    "insurance_problem",
    "new_volunteer_number",
    "require_insurance",
    "waitlist_position",
]
