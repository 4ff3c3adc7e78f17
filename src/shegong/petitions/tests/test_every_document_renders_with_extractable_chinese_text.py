"""Every written document of the procedure (item 6) renders to a PDF whose Chinese text can be
extracted: its title, the petitioner, the case number, and the address behind its QR code, in an
embedded Noto CJK font."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shegong.cases.models import Case
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.documents import tracking_url
from shegong.petitions.models import DeclineReason, DocumentKind, PetitionDocument
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import closed, document_text, register
from shegong.web.testing import pdf_fonts

PETITIONER = "陈信访"
# The agreement carries the title of its own kind (调解协议书 or 和解协议书).
TITLES: dict[str, str] = {
    **{kind: str(kind.label) for kind in DocumentKind},
    DocumentKind.AGREEMENT: "调解协议书",
}


def assigned_extended_and_mediated(cast: Cast, offices: Offices) -> Case:
    case = register(offices.county_clerk)
    due_on = timezone.localdate() + timedelta(days=40)
    actions.do_assign(case, actor=offices.county_clerk, unit=cast.department, due_on=due_on)
    actions.do_accept(case, actor=cast.handler)
    actions.do_extend(
        case, actor=cast.handler, days=15, reason="需要鉴定", approver=offices.dept_leader
    )
    return actions.do_mediate(
        case,
        actor=cast.handler,
        kind="mediation",
        agreement="开发商修复车库防水",
        parties=[PETITIONER, "揭阳市榕华房地产开发有限公司"],
    )


def declined(offices: Offices) -> Case:
    case = register(offices.county_clerk)
    return actions.do_decline(case, actor=offices.county_clerk, reason=DeclineReason.NOT_PETITION)


def test_every_kind_of_document_has_its_chinese_text(cast: Cast, offices: Offices) -> None:
    closed(cast, offices)
    assigned_extended_and_mediated(cast, offices)
    declined(offices)
    documents = list(PetitionDocument.objects.select_related("case"))
    assert {d.kind for d in documents} == set(DocumentKind)
    for doc in documents:
        text = document_text(doc)
        for words in (TITLES[doc.kind], PETITIONER, doc.case.number, doc.number, doc.unit.name):
            assert words in text, (doc.kind, words)
        assert tracking_url(doc.case) in text, doc.kind


def test_the_documents_embed_the_chinese_font(cast: Cast, offices: Offices) -> None:
    doc = PetitionDocument.objects.get(case=declined(offices))
    with doc.file.open("rb") as f:
        content = f.read()
    assert content.startswith(b"%PDF-")
    assert any("Noto-Serif-CJK" in name or "Noto-Sans-CJK" in name for name in pdf_fonts(content))
