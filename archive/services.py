"""Writes of the archive app: references entered by an editor, packages made and sent, the
archive's receipt. Each is one atomic function; permission was checked by the caller's gate
(``selectors.filing_get_for_file``)."""

import urllib.error
import urllib.request

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from partnerships.models import Partnership

from . import tasks
from .models import CaseReference, FiledDocument
from .package import OPPRETT, package_build, read_kvittering
from .registry import Filing

Status = FiledDocument.Status
Error = FiledDocument.Error


def sending_enabled() -> bool:
    return bool(settings.NAVPARTNER_FIKS_ARKIV_URL)


@transaction.atomic
def case_reference_set(
    *, partnership: Partnership, saksnummer: tuple[int, int] | None, user
) -> CaseReference | None:
    """Set (or, with None, clear) the partnership's saksnummer."""
    if saksnummer is None:
        CaseReference.objects.filter(partnership=partnership).delete()
        return None
    case = CaseReference.objects.filter(partnership=partnership).first() or CaseReference(
        partnership=partnership
    )
    case.saksaar, case.sakssekvensnummer = saksnummer
    case.updated_by = user
    case.updated_at = timezone.now()
    case.full_clean()
    case.save()
    return case


def _record(kind: str, filing: Filing) -> FiledDocument:
    record, _created = FiledDocument.objects.select_for_update().get_or_create(
        kind=kind, object_id=filing.owner.pk, defaults={"partnership": filing.partnership}
    )
    return record


@transaction.atomic
def filed_document_reference_set(
    *, kind: str, filing: Filing, journalpost: tuple[int, int] | None, user
) -> FiledDocument:
    """Set (or clear) a document's journalpost reference ("2026/5678")."""
    record = _record(kind, filing)
    record.journalaar, record.journalsekvensnummer = journalpost or (None, None)
    record.full_clean()
    record.save(update_fields=["journalaar", "journalsekvensnummer"])
    return record


def _set_status(record: FiledDocument, status: str, user, error: str = "", **params) -> None:
    record.status, record.error, record.error_params = status, error, params
    record.status_by, record.status_at = user, timezone.now()
    record.full_clean()
    record.save(
        update_fields=["status", "error", "error_params", "status_by", "status_at", "document"]
    )


@transaction.atomic
def filing_package_record(*, kind: str, filing: Filing, user) -> FiledDocument:
    """Record that ``user`` made (and downloaded) the package of the document."""
    record = _record(kind, filing)
    record.document = filing.document
    _set_status(record, Status.MADE, user)
    return record


@transaction.atomic
def filing_send(*, kind: str, filing: Filing, user) -> FiledDocument:
    """Build the package as it stands now, keep it, and queue it for the archive
    (``NAVPARTNER_FIKS_ARKIV_URL``); the task sends it after the commit."""
    record = _record(kind, filing)
    case = CaseReference.objects.filter(partnership=filing.partnership).first()
    package = package_build(filing, case=case, record=record)
    record.document = filing.document
    record.package.save(f"{kind}-{filing.owner.pk}.zip", ContentFile(package.content), save=False)
    record.save(update_fields=["package"])
    _set_status(record, Status.QUEUED, user)
    tasks.send_filing.delay_on_commit(record_id=record.pk)
    return record


def filing_transmit(*, record_id: int) -> FiledDocument:
    """POST the kept package to the archive and read its receipt. A refusal (4xx) or an
    invalid receipt fails the record; a network error or 5xx is raised for the task to retry."""
    record = FiledDocument.objects.select_related("partnership").get(pk=record_id)
    with record.package.open("rb") as handle:
        body = handle.read()
    request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
        settings.NAVPARTNER_FIKS_ARKIV_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/zip",
            "Authorization": f"Bearer {settings.NAVPARTNER_FIKS_ARKIV_TOKEN}",
            "X-Fiks-Meldingstype": OPPRETT,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            receipt = response.read()
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            raise
        return filing_fail(record_id=record_id, error=Error.REFUSED, code=error.code)
    try:
        saksnummer, journalpost = read_kvittering(receipt)
    except ValueError:
        return filing_fail(record_id=record_id, error=Error.INVALID_RECEIPT)
    return filing_receipt_record(
        record_id=record_id, saksnummer=saksnummer, journalpost=journalpost
    )


@transaction.atomic
def filing_receipt_record(
    *, record_id: int, saksnummer: tuple[int, int] | None, journalpost: tuple[int, int] | None
) -> FiledDocument:
    """Store what the archive's kvittering returned: the saksnummer of the case and the
    journalpost's number."""
    record = FiledDocument.objects.select_for_update().get(pk=record_id)
    if saksnummer is not None:
        case_reference_set(partnership=record.partnership, saksnummer=saksnummer, user=None)
    if journalpost is not None:
        record.journalaar, record.journalsekvensnummer = journalpost
        record.save(update_fields=["journalaar", "journalsekvensnummer"])
    _set_status(record, Status.RECEIVED, record.status_by)
    return record


@transaction.atomic
def filing_fail(*, record_id: int, error: str, **params) -> FiledDocument:
    record = FiledDocument.objects.select_for_update().get(pk=record_id)
    _set_status(record, Status.FAILED, record.status_by, error, **params)
    return record
