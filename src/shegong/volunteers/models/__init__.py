"""志愿服务 models: volunteers, organisations and teams, activities and shifts, sign-ups, service
records, insurance, and the training, awards and evaluations of a volunteer's record (R35).

Later parts build on these names (certificates, emergency matching, the points store), so they are
public and stable: `Volunteer.number` is the public identifier (R39), `ServiceRecord` with
`status=confirmed` is what counts as service (R38) and is certified only by its `organisation`
(R36), `Volunteer.confirmed_hours` is the cumulative confirmed total behind the star level (R40),
`Volunteer.availability` is a bit mask of `Slot`s, `Volunteer.skills` and `Shift.required_skills`
point at `Skill`. Every state change goes through `shegong.volunteers.actions`; nothing here
saves on its own. Every large table carries `region_code` (DESIGN: Scale).

By topic:

- `reference`: skills, service categories, the availability grid (`Slot`)
- `hours`: derived values: service hours (R38) and star levels (R40)
- `organisations`: organisations, teams and stations
- `people`: volunteers, their registration and identity (R39), membership of organisations
- `activities`: activities, shifts, sign-ups, check-in, service records (R38), insurance (R41)
- `record`: training, awards and evaluations (R35)
- `emergency`: emergency demands and assignments
- `certificates`: 志愿服务记录证明 and requests for them (R36, R37)

Import from `shegong.volunteers.models`, not from the topic modules.
"""

from __future__ import annotations

# The topics are imported in the order their models were declared when this was one module, so
# the app registry lists them (and creates their content types and permissions) in that order.
# isort: off
from shegong.volunteers.models.reference import (
    AFTERNOON_ENDS,
    ALL_SLOTS,
    MORNING_ENDS,
    SLOT_LABELS,
    ServiceCategory,
    Skill,
    Slot,
    slot_labels,
    slot_of,
)
from shegong.volunteers.models.hours import (
    HOURS_PLACES,
    STAR_LABELS,
    service_hours,
    star_label,
    star_level,
)
from shegong.volunteers.models.organisations import Organisation, OrganisationKind, Team
from shegong.volunteers.models.people import (
    CONSENT_VERSION,
    GB11643_TYPES,
    Gender,
    IdType,
    Membership,
    MembershipStatus,
    Volunteer,
)
from shegong.volunteers.models.activities import (
    LIVE_SIGNUP,
    Activity,
    ActivityStatus,
    Insurance,
    RecordSource,
    RecordStatus,
    ServiceRecord,
    Shift,
    SignUp,
    SignUpStatus,
)
from shegong.volunteers.models.record import (
    Award,
    AwardLevel,
    Evaluation,
    Rating,
    Training,
    VolunteerRecord,
)
from shegong.volunteers.models.emergency import (
    LIVE_ASSIGNMENT,
    AssignmentStatus,
    EmergencyAssignment,
    EmergencyDemand,
)
from shegong.volunteers.models.certificates import Certificate, CertificateRequest

# isort: on

__all__ = [
    "AFTERNOON_ENDS",
    "ALL_SLOTS",
    "CONSENT_VERSION",
    "GB11643_TYPES",
    "HOURS_PLACES",
    "LIVE_ASSIGNMENT",
    "LIVE_SIGNUP",
    "MORNING_ENDS",
    "SLOT_LABELS",
    "STAR_LABELS",
    "Activity",
    "ActivityStatus",
    "AssignmentStatus",
    "Award",
    "AwardLevel",
    "Certificate",
    "CertificateRequest",
    "EmergencyAssignment",
    "EmergencyDemand",
    "Evaluation",
    "Gender",
    "IdType",
    "Insurance",
    "Membership",
    "MembershipStatus",
    "Organisation",
    "OrganisationKind",
    "Rating",
    "RecordSource",
    "RecordStatus",
    "ServiceCategory",
    "ServiceRecord",
    "Shift",
    "SignUp",
    "SignUpStatus",
    "Skill",
    "Slot",
    "Team",
    "Training",
    "Volunteer",
    "VolunteerRecord",
    "service_hours",
    "slot_labels",
    "slot_of",
    "star_label",
    "star_level",
]
