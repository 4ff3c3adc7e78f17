"""`shegong worker`: runs the background task consumer (huey) with the settings' queue."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "运行后台任务处理进程（期限巡检、提醒、回访等）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", "-w", type=int, default=None, help="并发线程数")

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--workers", str(options["workers"])] if options["workers"] else []
        # A worker stopped mid-task (Ctrl+C on `make run`) leaves its task lock behind; without
        # the flush the every-minute deadline sweep would never run again.
        call_command("run_huey", "--flush-locks", *extra)
