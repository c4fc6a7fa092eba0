"""The printed partnership agreement: the working copy anyone who may see the agreement can
make ("Lag PDF", PDF/UA-1), and the signed archival copy (PDF/A-3a, sealed when a seal is
configured), both from templates/pdf/agreement.html. Registered with the document pipeline
from ``AgreementsConfig.ready``."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.selectors import archive_references
from navpartner.documents import (
    DocumentPage,
    EmbeddedFile,
    Printable,
    document_kind_register,
)
from navpartner.models import RenderedDocument
from partnerships.models import OWNER_SIDES, Side

from .models import Agreement, AgreementSignature, Attachment
from .selectors import (
    AgreementAccess,
    agreement_document_context,
    agreement_get_for_user,
    agreement_known_signatories,
)

KIND = "agreement"
ARCHIVE_KIND = "agreement_archive"
PUBLIC_KIND = "agreement_public"  # offentleglova: exempt attachments withheld


def signature_rows(agreement: Agreement, *, known: dict | None = None) -> list[dict]:
    """The signature blocks for the document, one per side, in the order municipal, state:
    the recorded signatures; or, given ``known`` (agreement_known_signatories), the names and
    titles of those who are to sign, with place and date left to fill in by hand. The party
    is printed as on the cover (``printed_name``)."""
    partnership = agreement.partnership
    parties = {Side.MUNICIPAL: partnership.municipal_party, Side.STATE: partnership.state_party}
    recorded = {} if known is not None else {s.side: s for s in agreement.signatures.all()}
    rows = []
    for side in OWNER_SIDES:
        signature = recorded.get(side)
        expected = (known or {}).get(side, {})
        rows.append(
            {
                "side": side,
                "side_label": Side(side).label,
                "party": parties[side].printed_name,
                "name": signature.name if signature else expected.get("name", ""),
                "title": signature.title if signature else expected.get("title", ""),
                "place": signature.place if signature else "",
                "signed_at": signature.signed_at if signature else None,
                "evidence": _evidence(signature) if signature and signature.evidence else None,
            }
        )
    return rows


def _evidence(signature: AgreementSignature) -> EmbeddedFile:
    """The signed paper scan, embedded in the archival copy as the source of the signature."""
    side = "kommunal" if signature.side == Side.MUNICIPAL else "statlig"
    return EmbeddedFile(
        name=signature.evidence.name,
        filename=f"signert-papirkopi-{side}-side.pdf",
        description=f"Signert papirkopi, {side} side (SHA-256 {signature.evidence_sha256})",
        relationship="Source",
        date=signature.signed_at.isoformat(),
        sha256=signature.evidence_sha256,
    )


def _attachment_file(attachment: Attachment) -> EmbeddedFile:
    return EmbeddedFile(
        name=attachment.file.name,
        filename=attachment.original_name or f"{attachment.sha256}.pdf",
        description=attachment.title,
        relationship="Supplement",
        date=attachment.uploaded_at.isoformat(),
        sha256=attachment.sha256,
    )


def _signed_on(rows: list[dict]):
    """The day the agreement was concluded: the last signature."""
    return max(row["signed_at"] for row in rows)


def agreement_print_context(agreement: Agreement) -> dict:
    """What the agreement as it stands now prints (the working copy's PDF, and the Word file
    of docx_export.py): agreement_document_context with the signatures, the date and the
    archive references. Once signed, the recorded signatures, dated by the last; a draft is
    dated by the last change of what it shows (text, structured parts, order, attachments,
    status) and names its known signatories."""
    signed = bool(agreement.content_sha256) and agreement.signatures.exists()
    context = agreement_document_context(agreement, sha256=agreement.content_sha256)
    sections = [section for section, _html in context["sections"]]
    if signed:
        rows = signature_rows(agreement)
        dated = _signed_on(rows)
    else:
        rows = signature_rows(agreement, known=agreement_known_signatories(agreement, sections))
        dated = context["content_changed_at"]
    return context | {
        "archive": archive_references(agreement.partnership, ARCHIVE_KIND, agreement.pk),
        "signatures": rows,
        "generated_at": dated,
    }


def agreement_printable(
    agreement: Agreement, *, append_attachments: bool = False, public: bool = False
) -> Printable:
    """The agreement as it stands now; once signed, with the signatures and the checksum.
    The same content gives the same document."""
    context = agreement_print_context(agreement)
    appended = [a for a in context["attachments"] if not (public and a.is_exempt)]
    appendices = [a.file.name for a in appended] if append_attachments else []
    context |= {"appended": bool(appendices), "public": public}
    title = _("Partnership agreement %(partnership)s, version %(version)s") % {
        "partnership": agreement.partnership,
        "version": agreement.version,
    }
    return Printable(
        title=_("%(document)s (public version)") % {"document": title} if public else title,
        html=render_to_string("pdf/agreement.html", context),
        appendices=appendices,
        pdf_variant="pdf/ua-1",
    )


def agreement_archive_printable(agreement: Agreement) -> Printable:
    """The archival copy of the signed agreement, the complete record: PDF/A-3a (tagged),
    sealed when a seal is configured. Dated by the signatures; each signed paper scan is
    embedded as its source and each attachment as a supplement (both listed with their
    SHA-256). Made only from what was signed, so it is the same however often it is made."""
    rows = signature_rows(agreement)
    context = agreement_document_context(
        agreement, signatures=rows, sha256=agreement.content_sha256
    )
    attachments = [_attachment_file(a) for a in context["attachments"]]
    context |= {
        "archive": archive_references(agreement.partnership, ARCHIVE_KIND, agreement.pk),
        "generated_at": _signed_on(rows),
        "status_label": Agreement.Status.SIGNED.label,  # as signed, not as it stands today
        "attachments_embedded": bool(attachments),
    }
    return Printable(
        title=_("Signed partnership agreement %(partnership)s, version %(version)s")
        % {"partnership": agreement.partnership, "version": agreement.version},
        html=render_to_string("pdf/agreement.html", context),
        pdf_variant="pdf/a-3a",
        seal=True,
        embedded=[row["evidence"] for row in rows if row["evidence"]] + attachments,
    )


def agreement_public_printable(agreement: Agreement) -> Printable:
    """The public version (offentleglova): the agreement with its public attachments appended;
    an exempt attachment is listed with its legal basis instead."""
    return agreement_printable(agreement, append_attachments=True, public=True)


def agreement_document_page(access: AgreementAccess, document: RenderedDocument) -> DocumentPage:
    agreement = access.agreement
    return DocumentPage(
        template="agreements/document_detail.html",
        retry_url=reverse("agreements:agreement_pdf", args=[agreement.pk]),
        context={"agreement": agreement, "partnership": agreement.partnership},
    )


def documents_register() -> None:
    for kind, build in (
        (KIND, agreement_printable),
        (ARCHIVE_KIND, agreement_archive_printable),
        (PUBLIC_KIND, agreement_public_printable),
    ):
        document_kind_register(
            kind=kind,
            model=Agreement,
            get_for_user=agreement_get_for_user,
            build=build,
            page=agreement_document_page,
            language=lambda agreement: agreement.partnership.document_language,
        )
