from django.core.management.base import BaseCommand

from agreements.services import sections_emptiness_rebuild
from costsharing.services import cost_summaries_rebuild
from oversight.services.summaries import partnership_summaries_rebuild


class Command(BaseCommand):
    help = (
        "Compute again from scratch what the pages across partnerships read: whether each "
        "agreement section is empty, each driftsavtale's split (CostSummary) and each "
        "partnership's row of the overview (PartnershipSummary). The "
        "services keep them current; run this after upgrading from a version without them, "
        "or after changing data outside navpartner."
    )

    def handle(self, *args, **options):
        sections = sections_emptiness_rebuild()
        costs = cost_summaries_rebuild()
        partnerships = partnership_summaries_rebuild()
        self.stdout.write(
            f"{sections} section(s) corrected; {costs} driftsavtale summaries and "
            f"{partnerships} partnership summaries computed."
        )
