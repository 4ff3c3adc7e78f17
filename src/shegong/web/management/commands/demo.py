"""`shegong demo`: build (or complete) the demo city 揭阳市 and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shegong.appeals.demo import DEFAULT_APPEALS
from shegong.demo import DemoError, build_demo, format_logins


class Command(BaseCommand):
    help = "生成揭阳市演示数据并打印演示账号"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="不打印演示账号")
        parser.add_argument(
            "--appeals",
            type=int,
            default=DEFAULT_APPEALS,
            help="演示诉求件数（首次生成时；0 表示不生成）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = build_demo(appeals=options["appeals"])
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not options["quiet"]:
            self.stdout.write(format_logins(logins))
