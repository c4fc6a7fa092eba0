"""The partnership page's link to the driftsavtaler of a local partnership (registered in
apps.py); a central partnership has no office and so no running costs."""

from partnerships.models import Partnership
from partnerships.selectors import PartnershipAccess


def partnership_panel(user, access: PartnershipAccess) -> dict | None:
    if access.partnership.kind != Partnership.Kind.LOCAL:
        return None
    return {"partnership": access.partnership}
