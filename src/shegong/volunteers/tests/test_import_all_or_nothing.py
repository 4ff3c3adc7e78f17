"""Import of volunteers and service records from xlsx: every row is checked first, and one bad
row means nothing at all is written, with a row-by-row report in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shegong.accounts.models import User
from shegong.conftest import VILLAGE, Cast
from shegong.volunteers.actions import do_import_volunteers
from shegong.volunteers.models import (
    Membership,
    RecordSource,
    RecordStatus,
    ServiceRecord,
    Volunteer,
)
from shegong.volunteers.tests.steps import (
    client_for,
    id_number,
    manager_user,
    organisation,
    volunteer,
    xlsx,
)

HEAD = ["姓名", "证件号码", "手机号", "所在区划代码", "已签署同意书", "技能", "可服务时段"]
RECORDS_HEAD = ["证件号码", "服务日期", "服务内容", "服务时长（小时）"]


def people(*rows: Sequence[object]) -> list[Sequence[object]]:
    return [HEAD, *rows]


def good_rows() -> list[Sequence[object]]:
    return [
        ["林阿婆", id_number(1), "13800138001", VILLAGE, "是", "助老服务", "周末上午、周末下午"],
        ["黄师傅", id_number(2), 13800138002, VILLAGE, "是", "电工维修、驾驶", ""],
    ]


def test_a_clean_workbook_imports_volunteers_and_their_confirmed_hours(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    book = xlsx(
        {
            "志愿者": people(*good_rows()),
            "服务记录": [
                RECORDS_HEAD,
                [id_number(1), date(2026, 3, 1), "敬老院陪伴", 3],
                [id_number(2), "2026-03-02", "路灯维修", "2.5"],
            ],
        }
    )
    report = do_import_volunteers(book, organisation=org, actor=manager)
    assert report.ok, report.summary()
    assert report.summary() == (
        "导入完成：新登记志愿者 2 人，已有志愿者加入本组织 0 人，服务记录 2 条，共 5.50 小时。"
    )
    lin = Volunteer.objects.get(name="林阿婆")
    assert lin.confirmed_hours == Decimal("3.00")
    assert [s.name for s in lin.skills.all()] == ["助老服务"]
    assert lin.availability_labels == ["周末上午", "周末下午"]
    assert Membership.objects.filter(organisation=org).count() == 2
    record = ServiceRecord.objects.get(volunteer=lin)
    assert record.status == RecordStatus.CONFIRMED
    assert record.source == RecordSource.IMPORT
    assert record.confirmed_by == manager
    # The imported person can log in by SMS with that phone: the account exists.
    assert User.objects.filter(volunteer=lin).exists()


def test_one_bad_row_means_nothing_is_written_and_every_problem_is_listed(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    bad_id = id_number(3)[:-1] + ("0" if id_number(3)[-1] != "0" else "1")
    book = xlsx(
        {
            "志愿者": people(
                *good_rows(),
                ["错号码", bad_id, "13800138003", VILLAGE, "是", "", ""],
                ["未同意", id_number(4), "13800138004", VILLAGE, "否", "飞行", "半夜"],
                ["重复人", id_number(1), "12345", "4452x", "是", "", ""],
            ),
            "服务记录": [
                RECORDS_HEAD,
                [id_number(1), "明天", "陪伴", 3],
                [id_number(9), date(2026, 3, 1), "陪伴", 30],
            ],
        }
    )
    report = do_import_volunteers(book, organisation=org, actor=manager)
    assert not report.ok
    lines = [str(e) for e in report.errors]
    assert "“志愿者”第 4 行：身份证号码校验位不正确，请核对" in lines
    assert "“志愿者”第 5 行：未知技能：飞行" in lines
    assert "“志愿者”第 5 行：未知服务时段“半夜”" in lines
    assert "“志愿者”第 5 行：未签署《志愿者个人信息使用告知书》的人员不能导入" in lines
    assert "“志愿者”第 6 行：手机号“12345”不是11位手机号码" in lines
    assert "“志愿者”第 6 行：区划代码“4452x”格式不正确" in lines
    assert "“服务记录”第 2 行：服务日期“明天”无法识别，请写成 2026-03-01" in lines
    assert "“服务记录”第 3 行：服务时长应为大于 0、不超过 24 的小时数" in lines
    assert report.summary().startswith(f"发现 {len(lines)} 处错误，未导入任何数据：")
    # Nothing at all, not even the two good rows.
    assert not Volunteer.objects.exists()
    assert not ServiceRecord.objects.exists()
    assert not Membership.objects.exists()


def test_duplicates_within_the_file_and_unknown_volunteers_are_reported(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    rows = [*good_rows(), ["林阿婆", id_number(1), "13800138009", VILLAGE, "是", "", ""]]
    book = xlsx(
        {
            "志愿者": people(*rows),
            "服务记录": [RECORDS_HEAD, [id_number(7), date(2026, 3, 1), "陪伴", 2]],
        }
    )
    lines = [str(e) for e in do_import_volunteers(book, organisation=org, actor=manager).errors]
    assert "“志愿者”第 4 行：证件号码与第 2 行重复" in lines
    assert "“服务记录”第 2 行：找不到该志愿者（请先在“志愿者”表中登记）" in lines


def test_an_already_registered_volunteer_joins_instead_of_registering_twice(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    existing = volunteer(1, name="林阿婆")
    book = xlsx({"志愿者": people(["林阿婆", id_number(1), "13900000001", VILLAGE, "是", "", ""])})
    report = do_import_volunteers(book, organisation=org, actor=manager)
    assert report.ok, report.summary()
    assert report.joined == 1
    assert Volunteer.objects.count() == 1
    assert Membership.objects.get().volunteer == existing


def test_an_id_number_typed_as_a_number_is_refused(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    book = xlsx({"志愿者": people(["林阿婆", 445202196001011001, "13800138001", VILLAGE, "是"])})
    lines = [str(e) for e in do_import_volunteers(book, organisation=org, actor=manager).errors]
    assert lines == ["“志愿者”第 2 行：证件号码请以文本格式填写（数字格式会丢失末几位）"]


def test_a_file_that_is_not_a_workbook_is_refused(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    report = do_import_volunteers(BytesIO(b"not a zip"), organisation=org, actor=manager)
    assert [str(e) for e in report.errors] == ["无法读取文件，请上传 xlsx 格式的表格"]


def test_the_organiser_imports_on_the_page_and_sees_the_report(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    book = xlsx({"志愿者": people(["未同意", id_number(4), "13800138004", VILLAGE, "否"])})
    response = client_for(manager).post(f"/volunteers/manage/org/{org.pk}/import", {"file": book})
    assert response.status_code == 400
    assert "未导入任何数据" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_the_shegong_command_imports_or_fails_with_the_report(cast: Cast, tmp_path: Path) -> None:
    org = organisation(manager_user())
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx({"志愿者": people(*good_rows())}).getvalue())
    call_command("volunteers", "import", str(good), "--org", str(org.pk), "--user", "manager")
    assert Volunteer.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx({"志愿者": people(["x", "1", "1", "1", "否"])}).getvalue())
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("volunteers", "import", str(bad), "--org", str(org.pk))
    assert Volunteer.objects.count() == 2
