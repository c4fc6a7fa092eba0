"""What the partnership page shows of the partnership's agreements, and what the home page
shows of what waits for the user ("Venter på meg"); registered in apps.py."""

from partnerships.selectors import (
    PartnershipAccess,
    partnership_accesses,
    partnerships_visible_to,
)

from .models import Agreement
from .selectors import partnership_agreements
from .selectors.waiting import waiting_for

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
    with_open = set(
        Agreement.objects.filter(
            partnership__in=partnerships_visible_to(user), status__in=Agreement.OPEN_STATUSES
        ).values_list("partnership_id", flat=True)
    )
    accesses = partnership_accesses(user, [pk for pk in partnership_ids if pk in with_open])
    waiting = waiting_for(user, accesses)
    return {"agreements": waiting.agreements, "more": waiting.more}
