from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors
from .models import DOCUMENT_LANGUAGES
from .panels import home_panels_for, panels_for
from .services import partnership_document_language_set

HOME_PAGE_SIZE = 50


@require_GET
def partnership_list(request):
    """'Mine partnerskap': what waits for the user, then their partnerships grouped, 50 to a
    page (only those on the page are read)."""
    ids = selectors.partnerships_in_home_order(request.user)
    page = Paginator(ids, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "groups": selectors.partnership_groups(
            selectors.partnership_accesses(request.user, page.object_list)
        ),
        "page": page,
        "panels": home_panels_for(request.user, ids),
    }
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
        "document_languages": DOCUMENT_LANGUAGES,
    }
    return render(request, "partnerships/partnership_detail.html", context)


@require_POST
def document_language(request, pk):
    """An editor sets the language the partnership's documents are written in."""
    access = selectors.partnership_get_for_edit(request.user, pk)
    language = request.POST.get("language", "")
    if language not in dict(DOCUMENT_LANGUAGES):
        return HttpResponseBadRequest(_("Choose bokmål or nynorsk."))
    partnership_document_language_set(
        partnership=access.partnership, user=request.user, language=language
    )
    messages.success(
        request,
        _("The documents are now written in %(language)s.")
        % {"language": str(access.partnership.get_document_language_display()).lower()},
    )
    return redirect("partnerships:partnership_detail", pk=pk)
