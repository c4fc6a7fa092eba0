"""A settled driftsavtale as a record for the archive (KS Fiks Arkiv), registered with the
archive app from ``CostsharingConfig.ready``.

Settled (avregnet) means its budget year is over: the year's settlement is then final, and
the PDF made after its last change is the record."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.registry import Filing, archive_kind_register
from navpartner.models import RenderedDocument

from .documents import KIND
from .models import OperatingAgreement
from .selectors import CostAccess, operating_agreement_get_for_user


def operating_agreement_filing(access: CostAccess) -> Filing | None:
    """None while the budget year runs. One query for the PDF made after the last change."""
    agreement = access.agreement
    if agreement.year >= timezone.localdate().year:
        return None
    document = (
        RenderedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(OperatingAgreement),
            object_id=agreement.pk,
            kind=KIND,
            requested_at__gte=agreement.updated_at,
        )
        .order_by("-requested_at")
        .first()
    )
    partnership = access.access.partnership
    title = _("Driftsavtale %(year)s") % {"year": agreement.year}
    return Filing(
        owner=agreement,
        partnership=partnership,
        title=f"{title} – {partnership}",
        document_date=timezone.localdate(agreement.updated_at),
        document_type="AVTALE",
        parties=(partnership.municipal_party.name, partnership.state_party.name),
        document=document,
        make_url=reverse("costsharing:pdf", args=[agreement.pk]),
        page_url=reverse("costsharing:detail", args=[agreement.pk]),
    )


def filing_register() -> None:
    archive_kind_register(
        kind=KIND,
        get_for_user=operating_agreement_get_for_user,
        describe=operating_agreement_filing,
        may_file=lambda access: access.can_edit,
    )
