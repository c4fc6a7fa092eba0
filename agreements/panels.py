"""What the partnership page shows of the partnership's agreements (registered in apps.py)."""

from partnerships.selectors import PartnershipAccess

from .models import Agreement
from .selectors import partnership_agreements

OPEN = (*Agreement.OPEN_STATUSES, Agreement.Status.SIGNED)


def partnership_panel(user, access: PartnershipAccess) -> dict:
    agreements = partnership_agreements(access.partnership)
    return {
        "partnership": access.partnership,
        "can_edit": access.can_edit,
        "agreements": agreements,
        "open_agreement": next((a for a in agreements if a.status in OPEN), None),
        "agreement_in_force": next(
            (a for a in agreements if a.status == Agreement.Status.IN_FORCE), None
        ),
    }
