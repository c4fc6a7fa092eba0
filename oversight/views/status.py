"""The agreement status list: where the agreement of every partnership the user may see
stands and what it still lacks, 50 partnerships to a page, read from the overview's
summaries (PartnershipSummary) for the partnerships on the page only, each row's HTML kept
in the cache under a digest of what it shows (CachedRows)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from navpartner.cached_rows import CachedRows

from ..selectors.overview import OverviewRow, agreement_status_listed, overview_rows

PAGE_SIZE = 50


def status_fingerprint(row: OverviewRow) -> tuple:
    """Everything the row's template shows of it: the partnership's name and county, its
    current agreement and what that lacks, as stored in its summary."""
    return (row.listed, repr(row.inputs["agreement"]), repr(row.inputs["completeness"]))


ROWS = CachedRows(
    key="status-row",
    template="oversight/_status_row.html",
    includes=("agreements/_status_badge.html",),
    fingerprint=status_fingerprint,
)


@require_GET
def agreement_status(request):
    today = timezone.localdate()
    page = Paginator(agreement_status_listed(request.user, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = overview_rows(page, today)
    context = {"rows": rows, "rows_html": ROWS.html(rows), "page": page}
    return render(request, "oversight/agreement_status.html", context)
