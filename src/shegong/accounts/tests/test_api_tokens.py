"""Personal API tokens: created by command or admin, shown once, revocable."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client

from shegong.accounts.models import ApiToken
from shegong.conftest import Cast


def create_token(username: str) -> str:
    out = StringIO()
    call_command("token", "create", "--user", username, "--name", "测试", stdout=out)
    return out.getvalue().strip()


def test_a_token_authenticates_the_api_as_its_user(client: Client, cast: Cast) -> None:
    key = create_token("staff")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["username"] == "staff"
    assert response.json()["scope_code"] == "445202000000"


def test_only_a_hash_of_the_token_is_stored(cast: Cast) -> None:
    key = create_token("staff")
    token = ApiToken.objects.get()
    assert key not in token.key_hash
    assert key.startswith(token.prefix)


def test_a_revoked_token_is_refused_with_the_error_shape(client: Client, cast: Cast) -> None:
    key = create_token("staff")
    call_command("token", "revoke", key[:10], stdout=StringIO())
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "令牌" in response.json()["message"]


def test_the_x_api_key_header_works_too(client: Client, cast: Cast) -> None:
    key = create_token("handler")
    response = client.get("/api/v1/me", headers={"X-Api-Key": key})
    assert response.json()["unit"]["name"] == "榕城区住房和城乡建设局"
