"""`shegong volunteers import FILE.xlsx --org ID [--user NAME]`: volunteers and service records
from a workbook (sheets 志愿者 and/or 服务记录), all rows checked before anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shegong.accounts.models import User
from shegong.volunteers.actions import do_import_volunteers
from shegong.volunteers.models import Organisation


class Command(BaseCommand):
    help = "志愿服务：从 xlsx 导入志愿者和服务记录（import）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        importing = sub.add_parser("import", help="导入志愿者和服务记录，全部无误才写入")
        importing.add_argument("file", help="xlsx 文件，工作表“志愿者”和/或“服务记录”")
        importing.add_argument("--org", required=True, type=int, help="导入到的组织编号（ID）")
        importing.add_argument("--user", default="", help="以此用户名记入审计，默认为系统")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        organisation = Organisation.objects.filter(pk=options["org"]).first()
        if organisation is None:
            raise CommandError(f"没有编号为 {options['org']} 的志愿服务组织")
        actor = _actor(options["user"])
        try:
            report = do_import_volunteers(path, organisation=organisation, actor=actor)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))


def _actor(username: str) -> User | None:
    if not username:
        return None
    actor = User.objects.filter(username=username).first()
    if actor is None:
        raise CommandError(f"没有用户名为 {username} 的用户")
    return actor
