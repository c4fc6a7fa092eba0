"""What the partnership page shows of the partnership's forum (registered in apps.py)."""

from partnerships.selectors import PartnershipAccess

from .services import forum_for_partnership


def partnership_panel(user, access: PartnershipAccess) -> dict:
    return {"forum": forum_for_partnership(partnership=access.partnership)}
