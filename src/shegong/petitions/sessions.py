"""What the petitioner's browser session remembers (R20): the tracking code of a petition just
filed, until its receipt has shown it once, and which petitions this session has proved it may
follow, for PROOF_SECONDS. A proof keeps no code: only the number and until when it holds, so a
phone passed on later shows nothing once it has lapsed.
"""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest

from shegong.cases.models import Case

RECEIPTS = "petition_receipts"  # number → code, until the receipt has shown it once
PROOFS = "petition_proofs"  # number → epoch seconds until which the session may follow it
PROOF_SECONDS = 30 * 60
KEPT = 20  # the latest this many petitions per session


def _put(request: HttpRequest, key: str, number: str, value: object) -> None:
    entries = dict(request.session.get(key, {}))
    entries.pop(number, None)
    entries[number] = value
    request.session[key] = dict(list(entries.items())[-KEPT:])


def keep_receipt(request: HttpRequest, number: str, code: str) -> None:
    _put(request, RECEIPTS, number, code)


def take_receipt(request: HttpRequest, number: str) -> str:
    """The code to show on the receipt, once; "" when it was shown already (or never kept)."""
    entries = dict(request.session.get(RECEIPTS, {}))
    code = str(entries.pop(number, ""))
    request.session[RECEIPTS] = entries
    return code


def prove(request: HttpRequest, number: str) -> None:
    """The number and code matched: this session may follow the petition for a while."""
    _put(request, PROOFS, number, int(time.time()) + PROOF_SECONDS)


def has_proof(request: HttpRequest, number: str) -> bool:
    until = dict(request.session.get(PROOFS, {})).get(number, 0)
    return isinstance(until, int) and until > time.time()


def proven_petition(request: HttpRequest, number: str) -> Case:
    """The petition this session proved it may follow; 404 otherwise (or once the proof lapsed)."""
    if not has_proof(request, number):
        raise Http404("请先输入编号和查询码")
    try:
        return Case.objects.get(number=number, procedure="petitions")
    except Case.DoesNotExist as exc:
        raise Http404("请先输入编号和查询码") from exc
