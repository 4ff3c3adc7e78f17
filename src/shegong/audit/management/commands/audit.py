"""`shegong audit verify` checks the hash chain; `shegong audit tail` shows the newest rows."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from shegong.audit.models import AuditEntry
from shegong.audit.queries import verify_chain


class Command(BaseCommand):
    help = "审计链：verify 校验整条哈希链，tail 显示最近的审计记录"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{verify,tail}")
        verify = actions.add_parser("verify", help="重新计算每一行的哈希，报告第一处断裂")
        verify.add_argument("--batch", type=int, default=5000, help="每批读取的行数")
        tail = actions.add_parser("tail", help="显示最近的审计记录")
        tail.add_argument("-n", dest="count", type=int, default=20, help="显示条数（默认 20）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self.verify(options["batch"])
        else:
            self.tail(options["count"])

    def verify(self, batch: int) -> None:
        # A progress bar only for a person watching a terminal, not in logs or cron mail.
        show = sys.stderr.isatty()
        total = AuditEntry.objects.count() if show else None
        with tqdm(
            total=total, disable=not show, file=sys.stderr, unit="条", desc=_("校验审计链")
        ) as bar:
            result = verify_chain(batch=batch, progress=bar.update)
        if result.ok:
            self.stdout.write(_("审计链完整：已校验 %(count)d 条") % {"count": result.checked})
            return
        message = _("审计链断裂：第一处在 #%(id)s（%(reason)s）")
        self.stderr.write(message % {"id": result.broken_id, "reason": result.reason})
        # Exit status 1 so that cron and monitoring notice, without a traceback-style prefix.
        raise SystemExit(1)

    def tail(self, count: int) -> None:
        rows = list(AuditEntry.objects.order_by("-id")[: max(count, 0)])
        for entry in reversed(rows):
            at = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
            target = f"{entry.object_type}:{entry.object_id}" if entry.object_type else "-"
            actor = entry.actor_label or _("系统")
            region = entry.region_code or "-"
            self.stdout.write(f"#{entry.id}  {at}  {actor}  {entry.verb}  {target}  {region}")
