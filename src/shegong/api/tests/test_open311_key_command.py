"""An administrator issues and revokes Open311 api_keys with `shegong open311 key …`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from shegong.api.models import Open311Key
from shegong.audit.models import AuditEntry
from shegong.conftest import VILLAGE, Cast


def run(*args: str) -> str:
    out = StringIO()
    call_command("open311", *args, stdout=out)
    return out.getvalue().strip()


def post_with(key: str) -> int:
    data = {
        "api_key": key,
        "jurisdiction_id": VILLAGE,
        "service_code": "urban.roads",
        "address_string": "榕城区进东社区3号楼",
        "description": "进东社区3号楼前的路灯坏了一个月。",
    }
    return Client().post("/open311/v2/requests.json", data).status_code


def test_key_create_prints_a_key_that_posts_once_and_stores_only_its_hash(cast: Cast) -> None:
    value = run("key", "create", "--name", "市民通 App")
    assert value.startswith("o311_")
    key = Open311Key.objects.get()
    assert key.name == "市民通 App"
    assert key.prefix == value[:12]
    assert value not in key.key_hash
    assert AuditEntry.objects.filter(verb="open311.create_key").count() == 1
    assert post_with(value) == 200


def test_key_revoke_by_prefix_shuts_the_client_out(cast: Cast) -> None:
    value = run("key", "create", "--name", "旧客户端")
    assert "已吊销" in run("key", "revoke", value[:12])
    assert Open311Key.objects.get().revoked_at is not None
    assert post_with(value) == 403
    with pytest.raises(CommandError, match="没有找到"):
        run("key", "revoke", value[:12])


def test_key_list_shows_prefixes_and_states_but_never_keys(db: None) -> None:
    live = run("key", "create", "--name", "甲")
    gone = run("key", "create", "--name", "乙")
    run("key", "revoke", gone[:12])
    listing = run("key", "list")
    assert f"{live[:12]}\t甲" in listing
    assert "已吊销" in listing
    assert live not in listing


def test_key_create_needs_a_name(db: None) -> None:
    with pytest.raises(CommandError):
        run("key", "create", "--name", " ")
