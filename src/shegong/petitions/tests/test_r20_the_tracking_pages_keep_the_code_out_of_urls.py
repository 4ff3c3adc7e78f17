"""R20 on the petitioner's pages: the number and tracking code are posted once; then the session
follows the case — progress, documents, evaluation — and no URL the site builds carries the code
(it would land in access logs). Another browser without the proof gets nothing."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from shegong.appeals.actions import do_submit_appeal
from shegong.cases.models import Case
from shegong.cases.tests.steps import intake_data
from shegong.conftest import Cast
from shegong.petitions import actions, sessions
from shegong.petitions.models import DocumentKind
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import accepted_with_code, document, fresh, opinion
from shegong.web.testing import pdf_text


def answered(cast: Cast, offices: Offices) -> tuple[Case, str]:
    case, code = accepted_with_code(cast, offices)
    actions.do_conclude(case, actor=cast.handler, opinion=opinion())
    return case, code


def proved(case: Case, code: str) -> Client:
    client = Client()
    response = client.post("/petitions/track/", {"number": case.number, "code": code})
    assert response.status_code == 302
    assert response["Location"] == f"/petitions/track/{case.number}/"
    return client


def test_r20_the_petitioner_follows_the_case_without_the_code_in_any_url(
    cast: Cast, offices: Offices
) -> None:
    case, code = answered(cast, offices)
    client = proved(case, code)

    page = client.get(f"/petitions/track/{case.number}/").content.decode()

    assert "已办结" in page
    assert code not in page  # not in links, not in hidden fields
    opinion_doc = document(case, DocumentKind.OPINION)
    assert f"/petitions/track/{case.number}/documents/{opinion_doc.number}.pdf" in page
    pdf = client.get(f"/petitions/track/{case.number}/documents/{opinion_doc.number}.pdf")
    assert "信访事项处理意见书" in pdf_text(pdf.getvalue())


def test_r20_the_petitioner_evaluates_on_the_page(cast: Cast, offices: Offices) -> None:
    case, code = answered(cast, offices)
    client = proved(case, code)

    response = client.post(f"/petitions/track/{case.number}/evaluate/", {"rating": "partly"})

    assert response["Location"] == f"/petitions/track/{case.number}/"
    assert fresh(case).rating == "partly"


def test_r20_without_the_proof_there_is_nothing_to_see(cast: Cast, offices: Offices) -> None:
    case, _code = answered(cast, offices)
    stranger = Client()
    doc = document(case, DocumentKind.OPINION).number

    status = stranger.get(f"/petitions/track/{case.number}/")
    assert status.status_code == 302
    assert status["Location"] == f"/petitions/track/?number={case.number}"
    assert stranger.get(f"/petitions/track/{case.number}/documents/{doc}.pdf").status_code == 404
    rated = stranger.post(f"/petitions/track/{case.number}/evaluate/", {"rating": "unsatisfied"})
    assert rated.status_code == 404
    assert fresh(case).rating == ""


def test_r20_a_wrong_code_is_refused_without_saying_which_part_was_wrong(
    cast: Cast, offices: Offices
) -> None:
    case, code = answered(cast, offices)
    wrong = ("Y" if code[0] == "X" else "X") + code[1:]

    response = Client().post("/petitions/track/", {"number": case.number, "code": wrong})

    assert response.status_code == 404
    assert "编号或查询码不正确" in response.content.decode()


def test_r20_an_old_link_with_the_code_is_answered_with_a_clean_url(
    cast: Cast, offices: Offices
) -> None:
    case, code = answered(cast, offices)
    client = Client()

    response = client.get("/petitions/track/", {"number": case.number, "code": code})

    assert response["Location"] == f"/petitions/track/{case.number}/"
    assert client.get(response["Location"]).status_code == 200


def test_r20_the_proof_lapses_and_the_session_keeps_no_code(cast: Cast, offices: Offices) -> None:
    """A phone passed on later shows nothing: the session holds no code, and its proof lapses."""
    case, code = answered(cast, offices)
    client = proved(case, code)

    assert code not in str(dict(client.session.items()))
    later = timezone.now() + timedelta(seconds=sessions.PROOF_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert client.get(f"/petitions/track/{case.number}/").status_code == 302


def test_r20_an_appeals_number_and_code_find_no_petition(cast: Cast, offices: Offices) -> None:
    appeal = do_submit_appeal(intake_data(cast), actor=cast.resident)

    response = Client().post(
        "/petitions/track/", {"number": appeal.case.number, "code": appeal.code}
    )

    assert response.status_code == 404
    assert "编号或查询码不正确" in response.content.decode()
