"""The signed agreement as a record for the archive (KS Fiks Arkiv): its archival copy
("agreement_archive"), registered with the archive app from ``AgreementsConfig.ready``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.registry import Filing, archive_kind_register, skjerming_of

from .documents import ARCHIVE_KIND
from .selectors import AgreementAccess, agreement_get_for_user


def agreement_filing(access: AgreementAccess) -> Filing | None:
    """The signed agreement's archival copy, dated by the last signature; None until both
    sides have signed. Three queries: the archival copy, the signatures, the vedlegg."""
    agreement = access.agreement
    if not agreement.content_sha256:
        return None
    signed = [s.signed_at for s in agreement.signatures.all()]
    partnership = agreement.partnership
    document = agreement.archive
    return Filing(
        owner=agreement,
        partnership=partnership,
        title=_("Signed partnership agreement %(partnership)s, version %(version)s")
        % {"partnership": partnership, "version": agreement.version},
        document_date=timezone.localdate(max(signed)) if signed else timezone.localdate(),
        document_type="AVTALE",
        parties=(partnership.municipal_party.name, partnership.state_party.name),
        document=document,
        make_url="",  # made when signed; its status page offers "try again"
        page_url=reverse("agreements:agreement_detail", args=[agreement.pk]),
        # The archival copy embeds every vedlegg, the exempt ones too.
        skjerming=skjerming_of(agreement.attachments.order_by("uploaded_at", "pk")),
    )


def filing_register() -> None:
    archive_kind_register(
        kind=ARCHIVE_KIND,
        get_for_user=agreement_get_for_user,
        describe=agreement_filing,
        may_file=lambda access: access.may_edit,
    )
