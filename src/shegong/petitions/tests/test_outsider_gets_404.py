"""Staff of another county (揭东区) never find a 榕城区 petition: every read and action path
answers 404, as if it did not exist."""

from __future__ import annotations

import pytest
from django.http import Http404

from shegong.conftest import Cast
from shegong.petitions.models import DocumentKind, PetitionStatus
from shegong.petitions.queries import access_petition
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import accepted, act, client_for, document, fresh, read_paths


def test_the_outsider_gets_404_on_every_path(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    with pytest.raises(Http404):
        access_petition(cast.outsider, case.number)
    client = client_for(cast.outsider)
    doc = document(case, DocumentKind.ACCEPTANCE).number
    for path in read_paths(case, doc):
        assert client.get(path).status_code == 404, path
    assert act(client, case.number, "report_major", note="越权").status_code == 404
    assert fresh(case).status == PetitionStatus.ACCEPTED
