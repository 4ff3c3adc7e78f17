"""R39: a resident who logged in by SMS registers on a phone: the ID number passes its check
digit, is stored encrypted beside a keyed hash so one person registers once, consent is recorded
with its time and text version, and the volunteer number is the public identifier."""

from __future__ import annotations

from django.db import connection

from shegong.audit.models import AuditEntry
from shegong.conftest import VILLAGE, Cast
from shegong.lib.crypto import lookup_hash
from shegong.volunteers.models import CONSENT_VERSION, Slot, Volunteer
from shegong.volunteers.tests.steps import VALID_ID_2, client_for, resident

FORM = {
    "name": "陈小红",
    "id_type": "resident_id",
    "id_number": VALID_ID_2,
    "region_code": VILLAGE,
    "skills": [],
    "availability": [str(int(Slot.WEEKEND_MORNING)), str(int(Slot.WEEKDAY_EVENING))],
    "consent": "on",
}


def test_r39_a_resident_registers_and_gets_a_volunteer_number(cast: Cast) -> None:
    user = resident(1)
    response = client_for(user).post("/volunteers/register", FORM, follow=True)
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.number.startswith("V445202")
    assert len(volunteer.number) == 15
    assert f"注册成功，您的志愿者编号是 {volunteer.number}" in response.content.decode()
    assert volunteer.availability == Slot.WEEKEND_MORNING | Slot.WEEKDAY_EVENING
    assert volunteer.phone_verified_at is not None  # the SMS login verified it
    assert volunteer.consent_version == CONSENT_VERSION
    assert volunteer.consent_at is not None


def test_r39_the_id_number_is_stored_encrypted_and_shown_masked(cast: Cast) -> None:
    user = resident(1)
    client = client_for(user)
    client.post("/volunteers/register", FORM)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_hash FROM volunteers_volunteer")
        stored, key = cursor.fetchone()
    assert VALID_ID_2 not in stored
    assert "0307" not in stored
    assert key == lookup_hash(VALID_ID_2)
    page = client.get("/volunteers/hours").content.decode()
    assert "445202********1236" in page
    assert VALID_ID_2 not in page
    entry = AuditEntry.objects.get(verb="volunteers.register")
    assert entry.payload["id_number"] == "445202********1236"


def test_r39_one_person_registers_once(cast: Cast) -> None:
    client_for(resident(1)).post("/volunteers/register", FORM)
    response = client_for(resident(2)).post("/volunteers/register", FORM)
    assert response.status_code == 400
    assert "该证件号码已注册为志愿者，每人只能注册一次" in response.content.decode()
    assert Volunteer.objects.count() == 1


def test_r39_registration_without_consent_is_refused(cast: Cast) -> None:
    form = {key: value for key, value in FORM.items() if key != "consent"}
    response = client_for(resident(1)).post("/volunteers/register", form)
    assert response.status_code == 400
    assert "请阅读并同意《志愿者个人信息使用告知书》" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_a_wrong_check_digit_is_shown_on_the_form(cast: Cast) -> None:
    response = client_for(resident(1)).post(
        "/volunteers/register", {**FORM, "id_number": "445202199003071237"}
    )
    assert response.status_code == 400
    assert "身份证号码校验位不正确，请核对" in response.content.decode()


def test_an_account_without_a_verified_phone_cannot_register(cast: Cast) -> None:
    # cast.resident was created without a phone number (e.g. by an administrator).
    response = client_for(cast.resident).post("/volunteers/register", FORM)
    assert response.status_code == 400
    assert "请先用手机号验证码登录" in response.content.decode()


def test_the_register_page_asks_for_an_sms_login_first(db: None) -> None:
    from django.test import Client

    response = Client().get("/volunteers/register")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/sms/?next=")


def test_the_register_page_shows_the_consent_text_and_the_skills(cast: Cast) -> None:
    page = client_for(resident(1)).get("/volunteers/register").content.decode()
    assert "《志愿者个人信息使用告知书》" in page
    assert f"版本 {CONSENT_VERSION}" in page
    for skill in ("医疗急救", "心理疏导", "法律咨询", "驾驶", "搬运"):
        assert skill in page
    assert "工作日上午" in page
    assert "周末晚上" in page
