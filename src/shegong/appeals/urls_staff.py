"""The 接诉即办 staff workbench, mounted at /appeals/.

Case pages match only a case number (two letters and 14 digits), so fixed paths added below
(the ranking …) never fall into the case page.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from shegong.appeals.views import inbox, ranking, staff

NUMBER = r"(?P<number>[A-Za-z]{2}[0-9]{14})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", inbox.inbox, {"preset": "appeals"}, name="appeals_inbox"),
    path("bulk/", staff.bulk, name="appeals_bulk"),
    path("hotline/", staff.hotline, name="appeals_hotline"),
    path("hotline/hints/", staff.hotline_hints, name="appeals_hotline_hints"),
    re_path(rf"^{NUMBER}/$", staff.case_page, name="appeals_case"),
    re_path(rf"^{NUMBER}/reveal/$", staff.reveal, name="appeals_reveal"),
    re_path(rf"^{NUMBER}/actions/(?P<verb>[a-z_]+)/$", staff.case_action, name="appeals_action"),
    re_path(
        rf"^{NUMBER}/attachments/(?P<pk>[0-9]+)/$", staff.attachment, name="appeals_attachment"
    ),
    path("ranking/", ranking.ranking, name="appeals_ranking"),
    path("ranking/export/", ranking.ranking_export, name="appeals_ranking_export"),
]
