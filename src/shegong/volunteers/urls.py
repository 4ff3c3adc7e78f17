"""/volunteers/: the volunteer's pages on a phone, and the organiser's pages under manage/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from shegong.volunteers.views import certificates, emergency, manage, volunteer

urlpatterns: list[URLPattern | URLResolver] = [
    path("", volunteer.home, name="volunteers_home"),
    path("register", volunteer.register, name="volunteers_register"),
    path("profile", volunteer.profile, name="volunteers_profile"),
    path("activities", volunteer.activities, name="volunteers_activities"),
    path("activities/<int:pk>", volunteer.activity, name="volunteers_activity"),
    path("shifts/<int:pk>/signup", volunteer.sign_up, name="volunteers_sign_up"),
    path("mine", volunteer.mine, name="volunteers_mine"),
    path("signups/<int:pk>/cancel", volunteer.cancel, name="volunteers_cancel"),
    path("checkin/<str:token>", volunteer.checkin, name="volunteers_checkin"),
    path("hours", volunteer.hours, name="volunteers_hours"),
    path("organisations", volunteer.organisations, name="volunteers_organisations"),
    path("organisations/<int:pk>/join", volunteer.join, name="volunteers_join"),
    # certificates (R36, R37)
    path("certificates", certificates.mine, name="volunteers_certificates"),
    path(
        "certificates/request/<int:pk>",
        certificates.request_certificate,
        name="volunteers_certificate_request",
    ),
    path("certificates/<int:pk>/pdf", certificates.download_own, name="volunteers_certificate_pdf"),
    path(
        "certificates/<str:number>/verify/",
        certificates.verify,
        name="volunteers_certificate_verify",
    ),
    # organisers
    path("manage/", manage.home, name="volunteers_manage"),
    path("manage/org/<int:pk>/", manage.organisation, name="volunteers_manage_org"),
    path("manage/org/<int:pk>/members", manage.members, name="volunteers_manage_members"),
    path(
        "manage/org/<int:pk>/volunteers/new",
        manage.register_volunteer,
        name="volunteers_manage_register",
    ),
    path("manage/org/<int:pk>/import", manage.import_volunteers, name="volunteers_manage_import"),
    path(
        "manage/org/<int:pk>/activities/new",
        manage.new_activity,
        name="volunteers_manage_new_activity",
    ),
    path(
        "manage/membership/<int:pk>/<str:verb>",
        manage.decide_membership,
        name="volunteers_manage_decide",
    ),
    path(
        "manage/org/<int:pk>/certificates",
        certificates.organisation_certificates,
        name="volunteers_manage_certificates",
    ),
    path(
        "manage/org/<int:pk>/certificates/issue/<int:volunteer>",
        certificates.issue,
        name="volunteers_manage_issue_certificate",
    ),
    path(
        "manage/certificate/<int:pk>/pdf",
        certificates.download_managed,
        name="volunteers_manage_certificate_pdf",
    ),
    path(
        "manage/certificate/<int:pk>/revoke",
        certificates.revoke,
        name="volunteers_manage_revoke_certificate",
    ),
    path("manage/activity/<int:pk>/", manage.activity, name="volunteers_manage_activity"),
    path("manage/activity/<int:pk>/shifts", manage.add_shift, name="volunteers_manage_add_shift"),
    path(
        "manage/activity/<int:pk>/insurance",
        manage.add_insurance,
        name="volunteers_manage_insurance",
    ),
    path(
        "manage/activity/<int:pk>/<str:verb>",
        manage.transition,
        name="volunteers_manage_transition",
    ),
    path("manage/shift/<int:pk>/", manage.shift, name="volunteers_manage_shift"),
    path("manage/shift/<int:pk>/qr", manage.shift_qr, name="volunteers_manage_shift_qr"),
    path("manage/shift/<int:pk>/qr.png", manage.shift_qr_png, name="volunteers_manage_qr_png"),
    path("manage/shift/<int:pk>/renew-qr", manage.renew_qr, name="volunteers_manage_renew_qr"),
    path("manage/shift/<int:pk>/no-shows", manage.no_shows, name="volunteers_manage_no_shows"),
    path("manage/signup/<int:pk>/attend", manage.attend, name="volunteers_manage_attend"),
    path("manage/record/<int:pk>/confirm", manage.confirm_record, name="volunteers_manage_confirm"),
    path("manage/record/<int:pk>/reject", manage.reject_record, name="volunteers_manage_reject"),
    path("manage/volunteer/<int:pk>/", manage.volunteer, name="volunteers_manage_volunteer"),
    path("manage/volunteer/<int:pk>/reveal", manage.reveal, name="volunteers_manage_reveal"),
    path(
        "manage/volunteer/<int:pk>/<str:kind>",
        manage.add_entry,
        name="volunteers_manage_entry",
    ),
    # emergency matching
    path("emergency/", emergency.board, name="volunteers_emergency"),
    path("emergency/new", emergency.new_demand, name="volunteers_emergency_new"),
    path("emergency/<int:pk>/", emergency.demand, name="volunteers_emergency_demand"),
    path("emergency/<int:pk>/match", emergency.match, name="volunteers_emergency_match"),
    path("emergency/mine", emergency.mine, name="volunteers_emergency_mine"),
    path(
        "emergency/task/<int:pk>/<str:verb>",
        emergency.answer,
        name="volunteers_emergency_answer",
    ),
]
