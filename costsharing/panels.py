"""The partnership page's link to the driftsavtaler of a local partnership (registered in
apps.py); a central partnership has no office and so no running costs."""

from partnerships.selectors import PartnershipAccess

from .selectors import keeps_operating_agreements


def partnership_panel(user, access: PartnershipAccess) -> dict | None:
    if not keeps_operating_agreements(access.partnership):
        return None
    return {"partnership": access.partnership}
