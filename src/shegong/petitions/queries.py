"""Reads of petitions: R15 confidentiality, R8/R14 matching, documents, the R19 figures' base.

R15 is enforced where every case read starts: the case engine's `visible_cases` applies the
rule registered here, so an accusation is invisible — 404, like any case outside scope — to the
unit it accuses and to the person it names, on every page and API path.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from shegong.accounts.models import OrgUnit, UnitKind, User
from shegong.audit.actions import record_read
from shegong.cases.models import Assignment, AssignmentRole, Case
from shegong.cases.queries import (
    access_case,
    register_hidden_rule,
    register_read_hook,
    track_case,
)
from shegong.lib import regioncodes
from shegong.lib.text import similarity, tokens_for_search
from shegong.petitions.models import Classification, Petition, PetitionDocument, PetitionStatus

SAME_MATTER_SIMILARITY = 0.5  # token overlap of request + facts + reasons (R8, R14)


def hidden_from(actor: User) -> Q:
    """R15: accusations naming the actor or the actor's unit; and those whose accused unit and
    person are not recorded yet (filed online with only a name typed, say), which could concern
    anyone: until the office records them (`classify`), only units that have held them see them.

    One EXISTS over the petition row, so that the planner excludes with a single anti-join on
    the petition's case; the held-units probe runs only for the rare unnamed accusation.
    """
    held = Assignment.objects.filter(case=OuterRef("case"), unit_id=actor.unit_id)
    unnamed = Q(accused_unit__isnull=True, accused_user__isnull=True) & ~Q(Exists(held))
    accused = Q(accused_user_id=actor.pk) | unnamed
    if actor.unit_id is not None:
        accused |= Q(accused_unit_id=actor.unit_id)
    hidden = Petition.objects.filter(
        accused, case=OuterRef("pk"), classification=Classification.ACCUSATION
    )
    return Q(Exists(hidden))


register_hidden_rule("petitions", hidden_from)


def log_accusation_read(actor: User, case: Case) -> None:
    """R15: every staff access to an accusation, on any path (page, API, action), is logged."""
    if case.kind != "petition" or case.subtype != Classification.ACCUSATION:
        return
    record_read(actor=actor, obj=case, reason="查阅检举控告信访事项")


register_read_hook(log_accusation_read)


def access_petition(actor: User, number: str) -> Petition:
    """The petition in the actor's scope (404 otherwise); reading an accusation is logged (R15)."""
    case = access_case(actor, number)
    try:
        petition = Petition.objects.select_related(
            "case", "handling_unit", "registered_by_unit", "accused_unit", "respondent_unit"
        ).get(case=case)
    except Petition.DoesNotExist as exc:
        raise Http404("未找到该信访事项") from exc
    return petition


def receiving_office(region_code: str) -> OrgUnit:
    """R1 信息网络: the 信访部门 that receives a petition filed online about a place — the one of
    the place itself or of its nearest region above that has one (county, else city, else
    province); the longest-standing office when a region has two."""
    try:
        code = regioncodes.normalize(region_code)
    except regioncodes.InvalidRegionCodeError as exc:
        raise ValidationError({"region_code": "请选择信访事项发生地或您的住址所在地区"}) from exc
    chain = regioncodes.lineage(code)
    offices: dict[str, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(
        kind=UnitKind.PETITION, is_active=True, region_code__in=chain
    ).order_by("pk"):
        offices.setdefault(unit.region_code, unit)
    for place in chain:
        if place in offices:
            return offices[place]
    raise ValidationError(
        {"region_code": "该地区尚未开通网上信访，请通过来信、来访或电话向当地信访部门反映"}
    )


def track_petition(number: str, code: str) -> Case:
    """Public tracking of a petition by number and code (R20); any other case is not found."""
    case = track_case(number, code)
    if case.procedure != "petitions":
        raise Http404("编号或查询码不正确")
    return case


def matter_text(petition: Petition) -> str:
    return tokens_for_search(f"{petition.request} {petition.facts} {petition.reasons}")


def is_same_matter(petition: Petition, other: Case) -> bool:
    """R8/R14: whether `other` is an earlier petition of the same matter (see `_same_matter`)."""
    earlier = Petition.objects.filter(case=other).first()
    return earlier is not None and _same_matter(petition, earlier)


def _same_matter(petition: Petition, earlier: Petition) -> bool:
    """Same petitioner (keyed hash) and the same request, facts and reasons, by token overlap."""
    if earlier.pk == petition.pk or earlier.petitioner_key != petition.petitioner_key:
        return False
    return _similar(matter_text(petition), earlier)


def _similar(text: str, earlier: Petition) -> bool:
    """`text` (a petition's `matter_text`) overlaps enough with the earlier petition's (R8, R14)."""
    return similarity(text, matter_text(earlier)) >= SAME_MATTER_SIMILARITY


def is_above(unit: OrgUnit, earlier: Case) -> bool:
    """R8: `unit` is at a higher level than an organ that registered or handled `earlier` —
    its region strictly contains that organ's region (a county office above a township, a city
    office above a county organ)."""
    held = Assignment.objects.filter(case=earlier, role=AssignmentRole.LEAD)
    return any(
        regioncodes.contains(unit.region_code, code)
        and regioncodes.prefix(unit.region_code) != regioncodes.prefix(code)
        for code in held.values_list("unit__region_code", flat=True)
    )


def same_matter_candidates(petition: Petition) -> list[Case]:
    """R8 / R14 hints: earlier petitions of the same petitioner about the same matter — those
    still in progress, and those closed after 复核. Staff confirm before declining.

    The query keeps the same petitioner only; the petition's own text is tokenised (jieba) once,
    and only when some earlier petition is left to compare it with.
    """
    earlier = (
        Petition.objects.filter(petitioner_key=petition.petitioner_key)
        .exclude(pk=petition.pk)
        .select_related("case")
    )
    candidates = [p for p in earlier.order_by("-case__received_at")[:20] if _counts(p.case)]
    if not candidates:
        return []
    text = matter_text(petition)
    return [p.case for p in candidates if _similar(text, p)]


def _counts(case: Case) -> bool:
    return case.closed_at is None or case.status == PetitionStatus.CLOSED


def documents_of(case: Case) -> QuerySet[PetitionDocument]:
    return PetitionDocument.objects.filter(case=case).select_related("unit").order_by("issued_at")


def access_document(case: Case, number: str) -> PetitionDocument:
    try:
        return documents_of(case).get(number=number)
    except PetitionDocument.DoesNotExist as exc:
        raise Http404("未找到该文书") from exc
