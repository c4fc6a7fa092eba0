"""Signing an agreement approved by both sides, putting it in force, and its archival copy."""

import hashlib
import json
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from navpartner.documents import document_make
from navpartner.texts import Date, Text, gettext_noop
from navpartner.uploads import file_store_on_commit, read_pdf_upload
from partnerships.models import OWNER_SIDES, Side

from ..documents import ARCHIVE_KIND
from ..models import Agreement, AgreementEvent, AgreementSignature, StructuredKind
from ..notifications import notify_agreement_signed
from ..selectors.access import agreement_access
from ..selectors.deadlines import add_months
from ..selectors.validity import validity_problems
from .agreements import StaleContent, _lock_agreement, _record, _set_status

Status = Agreement.Status


class AlreadySigned(ValidationError):
    """The side has signed already (a second click on "Sign", or the sign page opened again
    after signing); `signature` is that signature. Nothing was saved."""

    def __init__(self, signature: AgreementSignature, user):
        if signature.signed_by_id == user.pk:
            message = _("You have already signed.")
        else:
            message = _("This side has already signed.")
        super().__init__(message, code="already_signed")
        self.signature = signature


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    user,
    side: str,
    name: str,
    title: str,
    place: str,
    evidence=None,
    signed_at=None,
    earlier_start_confirmed: bool = False,
    expected_hash: str | None = None,
) -> AgreementSignature:
    """One side signs (in the product, or by uploading the signed paper copy) the text the
    signatory read: `expected_hash` is its agreement_text_sha256 (StaleContent if the text
    changed since). When both have signed, the text is frozen, the archival PDF/A is made, and
    the agreement goes in force on its start date."""
    agreement = _lock_agreement(agreement)
    if not agreement_access(user, agreement).may_sign_for(side):
        raise PermissionDenied
    earlier = agreement.signatures.filter(side=side).first()
    if earlier is not None:
        raise AlreadySigned(earlier, user)
    if expected_hash is not None and agreement_text_sha256(agreement) != expected_hash:
        raise StaleContent(agreement)
    if agreement.status != Status.APPROVED:
        raise ValidationError(
            _("Only an agreement approved by both sides in every section can be signed.")
        )
    if signed_at is not None and evidence is None:
        raise ValidationError(_("An earlier signing date needs the signed paper copy."))
    if signed_at is not None and signed_at > timezone.now():
        raise ValidationError(_("The signing date cannot be in the future."))
    _require_valid_period(
        agreement,
        signing_on=timezone.localdate(signed_at or timezone.now()),
        earlier_start_confirmed=earlier_start_confirmed,
    )
    signature = AgreementSignature(
        agreement=agreement,
        side=side,
        signed_by=user,
        name=name.strip(),
        title=title.strip(),
        place=place.strip(),
        method=AgreementSignature.Method.PAPER if evidence else AgreementSignature.Method.IN_SYSTEM,
        signed_at=signed_at or timezone.now(),
    )
    if evidence is not None:
        content = read_pdf_upload(evidence)
        signature.evidence_sha256 = hashlib.sha256(content).hexdigest()
        file_store_on_commit(signature.evidence, "scan.pdf", content)
    signature.full_clean()
    signature.save()
    _record(
        agreement,
        AgreementEvent.Kind.SIGNED,
        user,
        detail=Text.joined(
            Text.label(Side(signature.side).label),
            Text.plain(f"{signature.name}, {signature.title}"),
            sep=": ",
        ),
    )
    if agreement.signatures.count() == len(OWNER_SIDES):
        _complete_signing(agreement, user)

        notify_agreement_signed(agreement=agreement, actor=user)
    return signature


def _require_valid_period(
    agreement: Agreement, *, signing_on: date, earlier_start_confirmed: bool
) -> None:
    """Point 9.0 must fit the signing day: a start before it only when the signatory
    confirms it (``earlier_start_confirmed``), the end and the first evaluation after it."""
    problems = [
        p.message
        for p in validity_problems(agreement, signing_on=signing_on)
        if not (p.confirmable and earlier_start_confirmed)
    ]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def agreement_signature_withdraw(*, signature: AgreementSignature, user) -> None:
    """Before the other side has signed, a signatory may take their signature back."""
    agreement = _lock_agreement(signature.agreement)
    if not agreement_access(user, agreement).may_sign_for(signature.side):
        raise PermissionDenied
    if agreement.status != Status.APPROVED:
        raise ValidationError(
            _("Both sides have signed; the signatures can no longer be withdrawn.")
        )
    _record(
        agreement,
        AgreementEvent.Kind.SIGNATURE_WITHDRAWN,
        user,
        detail=Text.joined(
            Text.label(Side(signature.side).label), Text.plain(signature.name), sep=": "
        ),
    )
    signature.delete()


def _text(agreement: Agreement) -> dict:
    return {
        "partnership": str(agreement.partnership),
        "version": agreement.version,
        "sections": [
            [s.number, s.title, s.body, s.structured]
            for s in agreement.sections.order_by("position")
        ],
    }


def _sha256(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def agreement_text_sha256(agreement: Agreement) -> str:
    """A fingerprint of the agreement's text as it stands, what a signatory reads: every
    section, canonically. One query (the sections)."""
    return _sha256(_text(agreement))


def signed_text_sha256(agreement: Agreement) -> str:
    """A fingerprint of what was signed: every section and both signatures, canonically."""
    content = _text(agreement)
    content["signatures"] = [
        [s.side, s.name, s.title, s.place, s.signed_at.isoformat()]
        for s in agreement.signatures.order_by("side")
    ]
    return _sha256(content)


def _complete_signing(agreement: Agreement, user) -> None:
    validity = _validity(agreement)
    agreement.in_force_from = _date(validity.get("valid_from")) or timezone.localdate()
    agreement.valid_to = _date(validity.get("valid_to"))
    agreement.content_sha256 = signed_text_sha256(agreement)
    agreement.save(update_fields=["in_force_from", "valid_to", "content_sha256"])
    _set_status(agreement, Status.SIGNED, user)
    agreement.archive = document_make(kind=ARCHIVE_KIND, owner=agreement, user=user)
    agreement.save(update_fields=["archive"])
    _record(
        agreement, AgreementEvent.Kind.ARCHIVED, user, detail=f"SHA-256 {agreement.content_sha256}"
    )
    if agreement.in_force_from <= timezone.localdate():
        _put_in_force(agreement, user)


def _validity(agreement: Agreement) -> dict:
    """Point 9.0's structured part: start, end, notice period."""
    kind = StructuredKind.VALIDITY
    section = agreement.sections.filter(template_section__structured=kind).first()
    return section.structured if section else {}


def _date(value):
    return date.fromisoformat(value) if value else None


@transaction.atomic
def agreement_give_notice(*, agreement: Agreement, user, side: str) -> date:
    """One party gives notice; the agreement ends after the notice period of point 9.0
    (the Oslo agreement: three months). Returns the last day it is in force."""
    agreement = _lock_agreement(agreement)
    if not agreement_access(user, agreement).may_sign_for(side):
        raise PermissionDenied
    if agreement.status != Status.IN_FORCE:
        raise ValidationError(_("Only the agreement in force can be terminated."))
    if agreement.terminates_on:
        raise ValidationError(_("Notice has already been given."))
    months = int(_validity(agreement).get("notice_months") or 0)
    agreement.notice_given_at = timezone.now()
    agreement.terminates_on = add_months(timezone.localdate(), months)
    agreement.save(update_fields=["notice_given_at", "terminates_on"])
    _record(
        agreement,
        AgreementEvent.Kind.NOTICE_GIVEN,
        user,
        detail=Text(
            gettext_noop("%(side)s gave notice; the agreement ends %(date)s"),
            {"side": Text.label(Side(side).label), "date": Date(agreement.terminates_on)},
        ),
    )
    return agreement.terminates_on


def _put_in_force(agreement: Agreement, actor) -> None:
    for previous in (
        agreement.partnership.agreements.select_for_update()
        .filter(status=Status.IN_FORCE)
        .exclude(pk=agreement.pk)
    ):
        _set_status(previous, Status.REVISED, actor)
    _set_status(agreement, Status.IN_FORCE, actor)


def agreements_activate_due(*, today=None) -> int:
    """Put in force every signed agreement whose start date has come (daily, from beat or
    cron). Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for pk in Agreement.objects.filter(status=Status.SIGNED, in_force_from__lte=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            if agreement.status == Status.SIGNED:
                _put_in_force(agreement, None)
                count += 1
    return count


def agreements_end_due(*, today=None) -> int:
    """Agreements in force whose end date or notice period has run out end (daily). Returns
    how many."""
    today = today or timezone.localdate()
    due = Agreement.objects.filter(status=Status.IN_FORCE).filter(
        Q(terminates_on__lt=today) | Q(valid_to__lt=today)
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            if agreement.status != Status.IN_FORCE:
                continue
            ended_by_notice = agreement.terminates_on and agreement.terminates_on < today
            _set_status(agreement, Status.TERMINATED if ended_by_notice else Status.EXPIRED, None)
            count += 1
    return count


@transaction.atomic
def agreement_archive_verify(*, agreement: Agreement, user) -> bool:
    """Recompute the hash of the stored archival file and of the signed text; both must match
    what was recorded when it was signed."""
    archive = agreement.archive
    if archive is None or not archive.sha256:
        raise ValidationError(_("There is no archival copy yet."))
    with archive.file.open("rb") as handle:
        file_ok = hashlib.sha256(handle.read()).hexdigest() == archive.sha256
    text_ok = signed_text_sha256(agreement) == agreement.content_sha256
    ok = file_ok and text_ok
    _record(
        agreement,
        AgreementEvent.Kind.VERIFIED,
        user,
        detail=Text(
            gettext_noop("unchanged") if ok else gettext_noop("CHANGED since it was signed")
        ),
    )
    return ok


@transaction.atomic
def agreement_evaluation_record(*, agreement: Agreement, user, evaluated_on: date, note: str = ""):
    """The parties have evaluated the agreement in force (point 9.0): the next evaluation is
    due one interval from that day."""
    agreement = _lock_agreement(agreement)
    if not agreement_access(user, agreement).may_edit:
        raise PermissionDenied
    if agreement.status != Status.IN_FORCE:
        raise ValidationError(_("Only the agreement in force is evaluated."))
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("The evaluation cannot be in the future.")})
    if agreement.in_force_from and evaluated_on < agreement.in_force_from:
        raise ValidationError(
            {"evaluated_on": _("The evaluation cannot be before the agreement came into force.")}
        )
    agreement.last_evaluated_on = evaluated_on
    agreement.save(update_fields=["last_evaluated_on"])
    detail = Text(gettext_noop("Evaluated %(date)s"), {"date": Date(evaluated_on)})
    if note.strip():
        detail = Text.joined(detail, Text.plain(note.strip()), sep=": ")
    _record(agreement, AgreementEvent.Kind.EVALUATED, user, detail=detail)
    return agreement
