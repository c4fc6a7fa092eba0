from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .panels import home_panels_for, panels_for


@require_GET
def partnership_list(request):
    groups = selectors.partnership_groups_for_user(request.user)
    accesses = [access for group in groups for access in group.rows]
    context = {"groups": groups, "panels": home_panels_for(request.user, accesses)}
    return render(request, "partnerships/partnership_list.html", context)


@require_GET
def partnership_detail(request, pk):
    access = selectors.partnership_get_for_user(request.user, pk)
    partnership = access.partnership
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
        "panels": panels_for(request.user, access),
    }
    return render(request, "partnerships/partnership_detail.html", context)
