"""Reads, and the gate for filing: the owner's own gate first (404 for outsiders), then
the registered kind's rule for who may file (403 for everyone else)."""

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from navpartner.models import RenderedDocument
from partnerships.models import Partnership

from .models import CaseReference, FiledDocument
from .registry import ArchiveKind, Filing, archive_kind_get


@dataclass(frozen=True)
class FilingAccess:
    kind: ArchiveKind
    access: Any  # what the owner's gate returned
    filing: Filing
    may_file: bool

    @property
    def ready(self) -> bool:
        """The PDF to file is made."""
        document = self.filing.document
        return document is not None and document.status == RenderedDocument.Status.READY


def filing_get_for_user(user, kind: str, owner_pk) -> FilingAccess:
    """The document as a record to file: 404 for outsiders and for an owner that is no
    record yet (an unsigned agreement, minutes not approved)."""
    registered = archive_kind_get(kind)
    access = registered.get_for_user(user, owner_pk)
    filing = registered.describe(access)
    if filing is None:
        raise Http404
    return FilingAccess(registered, access, filing, may_file=registered.may_file(access))


def filing_get_for_file(user, kind: str, owner_pk) -> FilingAccess:
    """The gate for filing: 404 for outsiders, 403 for anyone but the owner's editors."""
    filing_access = filing_get_for_user(user, kind, owner_pk)
    if not filing_access.may_file:
        raise PermissionDenied(_("Only the editors of the partnership may file its documents."))
    # The record is written in the partnership's document language, whoever files it.
    with translation.override(filing_access.filing.partnership.document_language):
        filing = filing_access.kind.describe(filing_access.access)
    if filing is None:  # no longer a record since a moment ago
        raise Http404
    return replace(filing_access, filing=filing)


def case_of(partnership: Partnership) -> CaseReference | None:
    """The partnership's case in the archive, if known; one query."""
    return CaseReference.objects.filter(partnership=partnership).first()


@dataclass(frozen=True)
class ArchiveReferences:
    """What a printed document's header says of where it is filed ("" while not known)."""

    saksnummer: str = ""
    journalpost: str = ""


def archive_references(partnership: Partnership, kind: str, object_id: int) -> ArchiveReferences:
    """The partnership's saksnummer and the document's journalpost, as known now; two
    queries. A print made after filing carries them; the filed file itself is unchanged."""
    case = case_of(partnership)
    record = FiledDocument.objects.filter(kind=kind, object_id=object_id).first()
    return ArchiveReferences(
        saksnummer=case.saksnummer if case else "",
        journalpost=record.journalpost if record else "",
    )


def filed_document_of(kind: str, object_id: int) -> FiledDocument | None:
    """What was done to file one document; one query."""
    return (
        FiledDocument.objects.filter(kind=kind, object_id=object_id)
        .select_related("status_by")
        .first()
    )
