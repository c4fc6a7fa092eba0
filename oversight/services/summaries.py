"""The overview's summaries (PartnershipSummary): computed again for the partnerships whose
agreements or meetings a transaction changed (the hook registered in OversightConfig.ready
for partnerships.services.partnership_changed), or for all of them (summaries_rebuild)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerships.models import Partnership

from ..models import PartnershipSummary
from ..selectors.overview import SUMMARY_VERSION, overview_inputs

BATCH = 200


def partnership_summaries_refresh(*, partnership_ids) -> int:
    """Compute the summaries of these partnerships and of the local partnerships under any
    of them that is central (a bydel without its own point 3.1 follows its central
    agreement's). The partnerships are locked while it runs, so that two refreshes of the
    same one store the later state. Returns how many were stored."""
    ids = list(partnership_ids)
    if not ids:
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        partnerships = list(
            Partnership.objects.select_for_update()
            .filter(Q(pk__in=ids) | Q(parent_id__in=ids))
            .order_by("pk")
            .only("pk", "parent_id", "kind")
        )
        inputs = overview_inputs(partnerships, today)
        PartnershipSummary.objects.bulk_create(
            [
                PartnershipSummary(
                    partnership_id=pk, computed_on=today, version=SUMMARY_VERSION, inputs=row
                )
                for pk, row in inputs.items()
            ],
            update_conflicts=True,
            unique_fields=["partnership"],
            update_fields=["computed_on", "version", "inputs"],
        )
    return len(inputs)


def partnership_summaries_rebuild() -> int:
    """Every partnership's summary computed again from scratch, a batch at a time; returns
    how many."""
    ids = list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
    return sum(
        partnership_summaries_refresh(partnership_ids=ids[i : i + BATCH])
        for i in range(0, len(ids), BATCH)
    )
