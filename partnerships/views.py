from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from navpartner.cached_rows import CachedRows
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
    rows_html: list[str]


def home_row_fingerprint(row: HomeRow) -> tuple:
    """Everything the row's templates show of it (the partnership's name, kind and link, its
    municipal party with the municipalities it is host for, its state party, the user's
    roles in it), as plain values: the row's HTML is cached under a digest of it."""
    partnership, party = row.partnership, row.partnership.municipal_party
    return (
        (row.url, str(partnership), partnership.kind, partnership.state_party.name),
        (party.name, party.kind, party.parent.name if party.parent_id else None),
        tuple(str(m) for m in row.covered_municipalities),
        row.access.via_covered_municipality,
        tuple((m.title, m.role, m.side) for m in row.access.memberships),
    )


HOME_ROWS = CachedRows(
    key="home-row",
    template="partnerships/_home_row.html",
    includes=("partnerships/_municipal_party.html", "partnerships/_roles.html"),
    fingerprint=home_row_fingerprint,
)


def _home_groups(
    accesses: list[selectors.PartnershipAccess], covered: dict[int, list[Municipality]]
) -> list[HomeGroup]:
    """The rows of the page grouped (partnership_groups), each with its link (the detail URL
    reversed once, path_maker) and its HTML (HOME_ROWS: one cache read for the page)."""
    detail = path_maker("partnerships:partnership_detail")
    groups = [
        (
            group.title,
            [
                HomeRow(
                    partnership=access.partnership,
                    access=access,
                    url=detail(access.partnership.pk),
                    covered_municipalities=covered[access.partnership.pk],
                )
                for access in group.rows
            ],
        )
        for group in selectors.partnership_groups(accesses)
    ]
    html = iter(HOME_ROWS.html([row for _title, rows in groups for row in rows]))
    return [
        HomeGroup(title=title, rows=rows, rows_html=[next(html) for _row in rows])
        for title, rows in groups
    ]


@require_GET
def partnership_list(request):
    """'Mine partnerskap': what waits for the user, then their partnerships grouped, 50 to a
    page (only those on the page are read)."""
    ids = selectors.partnerships_in_home_order(request.user)
    page = Paginator(ids, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "groups": _home_groups(*selectors.partnership_accesses(request.user, page.object_list)),
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
