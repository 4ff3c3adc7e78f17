"""`shegong open311 key create --name NAME` prints a new api_key once;
`shegong open311 key revoke PREFIX` revokes one; `shegong open311 key list` lists them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shegong.api.actions import do_create_open311_key, do_revoke_open311_key
from shegong.api.models import Open311Key


class Command(BaseCommand):
    help = "管理 Open311 GeoReport v2 客户端的 api_key"

    def add_arguments(self, parser: CommandParser) -> None:
        topics = parser.add_subparsers(dest="topic", required=True)
        key = topics.add_parser("key", help="api_key")
        verbs = key.add_subparsers(dest="verb", required=True)
        create = verbs.add_parser("create", help="签发新的 api_key（只显示一次）")
        create.add_argument("--name", required=True, help="客户端名称")
        revoke = verbs.add_parser("revoke", help="吊销 api_key")
        revoke.add_argument("prefix", help="api_key 的前 12 位（o311_ 开头）")
        verbs.add_parser("list", help="列出全部 api_key")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "create":
            self.create(options["name"])
        elif verb == "revoke":
            self.revoke(options["prefix"])
        else:
            self.list()

    def create(self, name: str) -> None:
        if not name.strip():
            raise CommandError("请用 --name 给出客户端名称")
        _, value = do_create_open311_key(actor=None, name=name)
        self.stdout.write(value)

    def revoke(self, prefix: str) -> None:
        live = Open311Key.objects.filter(prefix=prefix.strip()[:12], revoked_at__isnull=True)
        keys = list(live[:2])
        if not keys:
            raise CommandError(f"没有找到前缀为 {prefix} 的有效 api_key")
        if len(keys) > 1:
            raise CommandError(f"前缀 {prefix} 对应多个有效 api_key，请在管理后台吊销")
        do_revoke_open311_key(keys[0], actor=None)
        self.stdout.write(f"已吊销：{keys[0]}")

    def list(self) -> None:
        for key in Open311Key.objects.all():
            state = f"已吊销 {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "有效"
            self.stdout.write(f"{key.prefix}\t{key.name}\t{key.created_at:%Y-%m-%d}\t{state}")
