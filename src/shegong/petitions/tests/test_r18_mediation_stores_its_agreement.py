"""R18: a mediation or settlement reached while handling a petition is stored as its 调解协议书
or 和解协议书, naming both parties."""

from __future__ import annotations

from django.core.files.storage import default_storage

from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionDocument, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    accepted,
    act,
    client_for,
    document,
    document_text,
    fresh,
)

PARTIES = ["陈信访", "揭阳市榕华房地产开发有限公司"]
AGREEMENT = "开发商于2026年7月31日前完成车库防水修复，并补偿业主洗车费用每户三百元。"


def test_r18_a_mediation_stores_the_agreement(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    actions.do_mediate(
        case, actor=cast.handler, kind="mediation", agreement=AGREEMENT, parties=PARTIES
    )
    agreement = document(case, DocumentKind.AGREEMENT)
    assert agreement.file.name
    assert default_storage.exists(agreement.file.name)
    assert agreement.unit == cast.department
    text = document_text(agreement)
    for words in ("调解协议书", AGREEMENT, *PARTIES):
        assert words in text
    assert fresh(case).status == PetitionStatus.ACCEPTED  # the opinion still follows (R10)


def test_r18_a_settlement_is_titled_as_such(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    response = act(
        client_for(cast.handler),
        case.number,
        "mediate",
        kind="settlement",
        agreement=AGREEMENT,
        parties=PARTIES,
    )
    assert response.status_code == 200, response.content
    assert "和解协议书" in document_text(document(case, DocumentKind.AGREEMENT))


def test_r18_an_agreement_names_both_parties(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    response = act(
        client_for(cast.handler),
        case.number,
        "mediate",
        kind="mediation",
        agreement=AGREEMENT,
        parties=["陈信访", " "],
    )
    assert response.status_code == 422
    assert "parties" in response.json()["fields"]
    assert not PetitionDocument.objects.filter(kind=DocumentKind.AGREEMENT).exists()
