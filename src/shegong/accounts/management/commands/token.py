"""`shegong token create --user NAME [--name LABEL]` prints a new API token once;
`shegong token revoke PREFIX` revokes one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shegong.accounts.actions import do_create_api_token, do_revoke_api_token
from shegong.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "管理 API 令牌"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="为用户创建令牌")
        create.add_argument("--user", required=True, help="用户名")
        create.add_argument("--name", default="API", help="令牌名称")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("prefix", help="令牌前缀（sg_ 开头的前 10 位）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "create":
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"用户不存在：{options['user']}")
            _, key = do_create_api_token(user, actor=None, name=options["name"])
            self.stdout.write(key)
            return
        token = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
        if token is None:
            raise CommandError("没有找到有效的该前缀令牌")
        do_revoke_api_token(token, actor=None)
        self.stdout.write(f"已吊销：{token}")
