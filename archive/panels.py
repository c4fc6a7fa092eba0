"""The partnership page's archive panel: the case's saksnummer, when known."""

from partnerships.selectors import PartnershipAccess

from .selectors import case_of


def partnership_panel(user, access: PartnershipAccess) -> dict | None:
    case = case_of(access.partnership)
    if case is None:
        return None
    return {"case": case}
