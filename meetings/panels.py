"""What the partnership page shows of the partnership's forum (registered in apps.py)."""

from partnerships.selectors import PartnershipAccess

from .selectors import forum_of_partnership


def partnership_panel(user, access: PartnershipAccess) -> dict | None:
    """The forum link; no panel for a partnership without a forum (reading never makes one:
    the forum is made with the partnership)."""
    forum = forum_of_partnership(access.partnership)
    return {"forum": forum} if forum is not None else None
