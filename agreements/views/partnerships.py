from django.shortcuts import render
from django.views.decorators.http import require_GET

from meetings.services import forum_for_partnership

from .. import selectors
from ..models import Agreement

OPEN = (*Agreement.OPEN_STATUSES, Agreement.Status.SIGNED)


@require_GET
def partnership_list(request):
    groups = selectors.partnership_groups_for_user(request.user)
    return render(request, "agreements/partnership_list.html", {"groups": groups})


@require_GET
def partnership_detail(request, pk):
    access = selectors.partnership_get_for_user(request.user, pk)
    partnership = access.partnership
    agreements = selectors.partnership_agreements(partnership)
    context = {
        "access": access,
        "partnership": partnership,
        "covered_municipalities": list(partnership.covered_municipalities.all()),
        "local_partnerships": list(
            selectors.partnerships_visible_to(request.user)
            .filter(parent=partnership)
            .select_related("office", "municipal_party")
        ),
        "members": selectors.partnership_members(partnership),
        "forum": forum_for_partnership(partnership=partnership),
        "agreements": agreements,
        "open_agreement": next((a for a in agreements if a.status in OPEN), None),
        "agreement_in_force": next(
            (a for a in agreements if a.status == Agreement.Status.IN_FORCE), None
        ),
    }
    return render(request, "agreements/partnership_detail.html", context)
