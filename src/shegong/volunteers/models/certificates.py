"""志愿服务记录证明 (R36, R37): certificates of confirmed service, issued only by the organisation
that recorded it, and the volunteers' requests for them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.volunteers.models.activities import ServiceRecord
from shegong.volunteers.models.organisations import Organisation
from shegong.volunteers.models.people import Volunteer


class Certificate(models.Model):
    """志愿服务记录证明: an organisation certifies the confirmed service it recorded (R36).

    Invariants: `organisation` recorded and confirmed every one of `records`, all of them of
    `volunteer` (R36 "谁记录谁证明"); `hours` is their sum. `snapshot` holds the R37 fields
    exactly as printed (the ID number only masked, R39), so what was certified survives later
    changes to the volunteer or the organisation; `pdf` is the document handed out and `sha256`
    its digest, shown on the public verification page. Free of charge: there is no fee. Never
    edited after issue; a wrong certificate is revoked (`revoked_at`) and a new one issued.
    """

    number = models.CharField(_("证明编号"), max_length=24, unique=True)
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="certificates"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("出具组织"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    records = models.ManyToManyField(
        ServiceRecord, verbose_name=_("所证明的服务记录"), related_name="certificates"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=9, decimal_places=2)
    content = models.TextField(_("服务内容"))
    first_date = models.DateField(_("服务起始日期"))
    last_date = models.DateField(_("服务截止日期"))
    leader_name = models.CharField(_("负责人"), max_length=50)
    handler_name = models.CharField(_("经办人"), max_length=50)
    contact_phone = models.CharField(_("联系方式"), max_length=30)
    snapshot = models.JSONField(_("证明内容"), default=dict)
    pdf = models.FileField(_("证明文件"), upload_to="volunteers/certificates/%Y/")
    sha256 = models.CharField(_("文件摘要(SHA-256)"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(_("作废理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["volunteer", "issued_at"], name="vol_certificate_mine")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="vol_certificate_hours")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class CertificateRequest(models.Model):
    """A volunteer asks an organisation for a certificate of the service it recorded (R36).

    Open until the organisation issues one (`certificate`, `closed_at`); at most one open request
    per volunteer and organisation.
    """

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("志愿者"),
        on_delete=models.CASCADE,
        related_name="certificate_requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="certificate_requests",
    )
    region_code = models.CharField(_("区划代码"), max_length=12)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("出具的证明"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("证明申请")
        verbose_name_plural = _("证明申请")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "organisation"],
                condition=Q(closed_at__isnull=True),
                name="vol_certificate_request_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.organisation_id}"
