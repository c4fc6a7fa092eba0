from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from navpartner.links import path_maker

from . import selectors
from .models import DOCUMENT_LANGUAGES, Municipality, Partnership
from .panels import home_panels_for, panels_for
from .services import partnership_document_language_set

HOME_PAGE_SIZE = 50


@dataclass(frozen=True)
class HomeRow:
    """One partnership on the home page, made ready for the template: its link (reversed
    once for the page) and its covered municipalities as a list (from the prefetch; a
    queryset per row cost more than the row's other cells together)."""

    partnership: Partnership
    access: selectors.PartnershipAccess
    url: str
    covered_municipalities: list[Municipality]


@dataclass(frozen=True)
class HomeGroup:
    title: str
    rows: list[HomeRow]


def _home_groups(accesses: list[selectors.PartnershipAccess]) -> list[HomeGroup]:
    """The rows of the page grouped (partnership_groups), each with its link: the detail
    URL is reversed once (path_maker)."""
    detail = path_maker("partnerships:partnership_detail")
    return [
        HomeGroup(
            title=group.title,
            rows=[
                HomeRow(
                    partnership=access.partnership,
                    access=access,
                    url=detail(access.partnership.pk),
                    covered_municipalities=list(access.partnership.covered_municipalities.all()),
                )
                for access in group.rows
            ],
        )
        for group in selectors.partnership_groups(accesses)
    ]


@require_GET
def partnership_list(request):
    """'Mine partnerskap': what waits for the user, then their partnerships grouped, 50 to a
    page (only those on the page are read)."""
    ids = selectors.partnerships_in_home_order(request.user)
    page = Paginator(ids, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "groups": _home_groups(selectors.partnership_accesses(request.user, page.object_list)),
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
