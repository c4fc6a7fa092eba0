"""What the partnership page shows of the partnership's agreements, and what the home page
shows of what waits for the user ("Venter på meg"); registered in apps.py."""

from partnerships.selectors import PartnershipAccess

from .models import Agreement
from .selectors import partnership_agreements
from .selectors.waiting import waiting_for_cached

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


def waiting_panel(user, partnership_ids: list[int]) -> dict | None:
    """'Venter på meg' on the home page, across every partnership the user may see (in the
    home page's order); left out for a user who sees no partnership."""
    if not partnership_ids:
        return None
    waiting = waiting_for_cached(user, partnership_ids)
    return {"agreements": waiting.agreements, "more": waiting.more}
