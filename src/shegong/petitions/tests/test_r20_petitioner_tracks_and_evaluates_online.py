"""R20: the petitioner follows the petition online with its number and tracking code, reads and
downloads each written document, and evaluates the answer; a wrong code finds nothing."""

from __future__ import annotations

from django.test import Client

from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionDocument
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import accepted_with_code, fresh, opinion
from shegong.web.testing import pdf_text


def test_r20_the_petitioner_sees_the_progress(cast: Cast, offices: Offices) -> None:
    case, code = accepted_with_code(cast, offices)
    response = Client().get(f"/api/v1/track/{case.number}", {"code": code})
    assert response.status_code == 200
    assert response.json()["status"]["label"] == "办理中"
    assert "13800138000" not in response.content.decode()


def test_r20_the_petitioner_reads_each_document(cast: Cast, offices: Offices) -> None:
    case, code = accepted_with_code(cast, offices)
    base = f"/api/v1/petitions/track/{case.number}/documents"
    listed = Client().get(base, {"code": code}).json()
    assert [d["kind"] for d in listed] == [DocumentKind.FORWARD, DocumentKind.ACCEPTANCE]
    acceptance = listed[1]["number"]
    pdf = Client().get(f"{base}/{acceptance}.pdf", {"code": code})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "信访事项受理告知书" in pdf_text(pdf.getvalue())
    assert PetitionDocument.objects.get(number=acceptance).first_read_at is not None


def test_r20_the_petitioner_evaluates_the_answer(cast: Cast, offices: Offices) -> None:
    case, code = accepted_with_code(cast, offices)
    url = f"/api/v1/petitions/track/{case.number}/evaluate?code={code}"
    early = Client().post(url, {"rating": "satisfied"}, content_type="application/json")
    assert early.status_code == 409  # nothing to evaluate before the answer
    actions.do_conclude(case, actor=cast.handler, opinion=opinion())
    response = Client().post(
        url, {"rating": "partly", "note": "修得还行"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert fresh(case).rating == "partly"


def test_r20_a_wrong_code_finds_nothing(cast: Cast, offices: Offices) -> None:
    case, code = accepted_with_code(cast, offices)
    actions.do_conclude(case, actor=cast.handler, opinion=opinion())
    wrong = "X" if code[0] != "X" else "Y"
    wrong += code[1:]
    doc = PetitionDocument.objects.filter(case=case)[0].number
    base = f"/api/v1/petitions/track/{case.number}"
    assert Client().get(f"/api/v1/track/{case.number}", {"code": wrong}).status_code == 404
    assert Client().get(f"{base}/documents", {"code": wrong}).status_code == 404
    assert Client().get(f"{base}/documents/{doc}.pdf", {"code": wrong}).status_code == 404
    evaluate = Client().post(
        f"{base}/evaluate?code={wrong}", {"rating": "unsatisfied"}, content_type="application/json"
    )
    assert evaluate.status_code == 404
    assert fresh(case).rating == ""
