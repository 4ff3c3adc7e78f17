"""接口 models: the api_keys of Open311 GeoReport v2 clients and the requests they posted."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.cases.models import Case
from shegong.lib.fields import EncryptedTextField


class Open311Key(models.Model):
    """The api_key of one Open311 client, needed to POST a service request (an appeal, R22).

    Only a keyed hash of the key is stored (`shegong.lib.crypto.secret_hash`); the key itself is
    printed once by `shegong open311 key create`. A revoked key is kept so that the requests it
    posted still name their client; it is never deleted and never made live again.
    """

    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=16, db_index=True, editable=False)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 密钥")
        verbose_name_plural = _("Open311 密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class Open311Request(models.Model):
    """What an Open311 POST brought beyond the appeal itself (R22 intake by the open311 channel).

    One row per case: the client's key, the token that `tokens/{token}` turns into the
    service_request_id, and the spec's fields the case has no column for. The e-mail address is
    personal data and is stored encrypted; only `media_url` and `address_id` are ever public.
    """

    case = models.OneToOneField(
        Case, verbose_name=_("工单"), on_delete=models.PROTECT, related_name="open311"
    )
    key = models.ForeignKey(
        Open311Key, verbose_name=_("密钥"), on_delete=models.PROTECT, related_name="requests"
    )
    token = models.CharField(_("令牌"), max_length=32, unique=True, editable=False)
    region_code = models.CharField(_("区划代码"), max_length=12)
    media_url = models.URLField(_("媒体链接"), max_length=500, blank=True)
    address_id = models.CharField(_("地址编号"), max_length=100, blank=True)
    email = EncryptedTextField(_("电子邮箱"), blank=True, default="")
    device_id = models.CharField(_("设备标识"), max_length=100, blank=True)
    account_id = models.CharField(_("账号标识"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("Open311 提交记录")
        verbose_name_plural = _("Open311 提交记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.token} → {self.case_id}"
