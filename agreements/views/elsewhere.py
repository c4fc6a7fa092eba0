from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..selectors.elsewhere import points_elsewhere, same_point_elsewhere, section_text

PAGE_SIZE = 10


@require_GET
def section_elsewhere(request, pk, section_pk):
    """The same veileder point in the other agreements in force the user may see, side by
    side with this one, or as a redline against it (?vis=endringer)."""
    access = selectors.agreement_get_for_user(request.user, pk)
    section = selectors.section_get(access.agreement, section_pk)
    page = Paginator(same_point_elsewhere(request.user, section), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "agreement": access.agreement,
        "agreement_access": access,
        "partnership": access.agreement.partnership,
        "section": section,
        "own_text": section_text(section),
        "rows": points_elsewhere(section, page.object_list),
        "page": page,
        "as_redline": request.GET.get("vis") == "endringer",
    }
    return render(request, "agreements/section_elsewhere.html", context)
