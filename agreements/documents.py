"""The printed partnership agreement: the working copy anyone who may see the agreement can
make ("Lag PDF"), and the signed archival copy (PDF/A-3b, sealed when a seal is configured),
both from templates/pdf/agreement.html. Registered with the document pipeline from
``AgreementsConfig.ready``."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from navpartner.documents import DocumentPage, Printable, document_kind_register
from navpartner.models import RenderedDocument
from partnerships.models import OWNER_SIDES, Side

from .models import Agreement
from .selectors import AgreementAccess, agreement_document_context, agreement_get_for_user

KIND = "agreement"
ARCHIVE_KIND = "agreement_archive"


def signature_rows(agreement: Agreement) -> list[dict]:
    """The signature blocks for the document, one per side, in the order municipal, state."""
    partnership = agreement.partnership
    parties = {
        Side.MUNICIPAL: partnership.municipal_party.name,
        Side.STATE: partnership.state_party.name,
    }
    recorded = {s.side: s for s in agreement.signatures.all()}
    rows = []
    for side in OWNER_SIDES:
        signature = recorded.get(side)
        rows.append(
            {
                "side": side,
                "side_label": Side(side).label,
                "party": parties[side],
                "name": signature.name if signature else "",
                "title": signature.title if signature else "",
                "place": signature.place if signature else "",
                "signed_at": signature.signed_at if signature else None,
            }
        )
    return rows


def agreement_printable(agreement: Agreement, *, append_attachments: bool = False) -> Printable:
    """The agreement as it stands now; once signed, with the signatures and the checksum.
    Dated by its last change of status, so the same text gives the same document."""
    signed = agreement.signatures.all() and agreement.content_sha256
    context = agreement_document_context(
        agreement,
        signatures=signature_rows(agreement) if signed else (),
        sha256=agreement.content_sha256,
    )
    appendices = [a.file.name for a in context["attachments"]] if append_attachments else []
    context |= {"generated_at": agreement.status_changed_at, "appended": bool(appendices)}
    return Printable(
        title=_("Partnership agreement %(partnership)s, version %(version)s")
        % {"partnership": agreement.partnership, "version": agreement.version},
        html=render_to_string("pdf/agreement.html", context),
        appendices=appendices,
    )


def agreement_archive_printable(agreement: Agreement) -> Printable:
    """The archival copy of the signed agreement: PDF/A-3b, sealed when a seal is configured."""
    context = agreement_document_context(
        agreement, signatures=signature_rows(agreement), sha256=agreement.content_sha256
    )
    context["generated_at"] = timezone.now()
    return Printable(
        title=_("Signed partnership agreement %(partnership)s, version %(version)s")
        % {"partnership": agreement.partnership, "version": agreement.version},
        html=render_to_string("pdf/agreement.html", context),
        pdf_variant="pdf/a-3b",
        seal=True,
    )


def agreement_document_page(access: AgreementAccess, document: RenderedDocument) -> DocumentPage:
    agreement = access.agreement
    return DocumentPage(
        template="agreements/document_detail.html",
        retry_url=reverse("agreements:agreement_pdf", args=[agreement.pk]),
        context={"agreement": agreement, "partnership": agreement.partnership},
    )


def documents_register() -> None:
    for kind, build in ((KIND, agreement_printable), (ARCHIVE_KIND, agreement_archive_printable)):
        document_kind_register(
            kind=kind,
            model=Agreement,
            get_for_user=agreement_get_for_user,
            build=build,
            page=agreement_document_page,
        )
