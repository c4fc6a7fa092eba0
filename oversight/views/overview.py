"""The overview: one row per partnership the user may see, filtered and sorted from the
query string, 100 to a page (a county has up to about 60, so it is one page there); each
row's HTML is kept in the cache under a digest of everything it shows (CachedRows,
row_fingerprint)."""

import orjson
from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agreements.models import Agreement
from navpartner.cached_rows import CachedRows

from ..selectors.overview import (
    DEFAULT_SORT,
    NO_AGREEMENT,
    SORTS,
    OverviewRow,
    filter_rows,
    overview_add_costs,
    overview_scopes,
    overview_summary,
    partnership_overview,
    sort_rows,
)

PAGE_SIZE = 100
TICKED = [("", ""), ("1", "1")]
CURRENT_STATUSES = (*Agreement.OPEN_STATUSES, Agreement.Status.SIGNED, Agreement.Status.IN_FORCE)

# (sort key, column heading); the settlement column is text and is not sorted.
COLUMNS = [
    ("partnership", _("Partnership")),
    ("agreement", _("Agreement")),
    ("in_force", _("In force since")),
    ("deadline", _("Ends / evaluation due")),
    ("missing", _("What is missing")),
    ("last_meeting", _("Last meeting")),
    ("next_meeting", _("Next meeting")),
    ("frequency", _("Meets as agreed")),
    ("actions", _("Actions")),
    ("costs", _("Costs this year")),
    ("", _("Settlement")),
]


class OverviewFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Show"), required=False)
    status = forms.ChoiceField(
        label=_("Agreement status"),
        required=False,
        # The statuses a partnership's current agreement can have (a replaced, expired or
        # terminated one is no longer current).
        choices=[
            ("", _("Any status")),
            *((s.value, s.label) for s in CURRENT_STATUSES),
            (NO_AGREEMENT, _("No agreement")),
        ],
    )
    # Checkboxes sending "1"; anything else is refused rather than read as ticked.
    overdue = forms.ChoiceField(label=_("Something overdue"), required=False, choices=TICKED)
    behind = forms.ChoiceField(label=_("Behind on meetings"), required=False, choices=TICKED)
    sort = forms.ChoiceField(
        label=_("Sort order"),
        required=False,
        widget=forms.HiddenInput,
        choices=[("", "")] + [(p + key, p + key) for key in SORTS for p in ("", "-")],
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", _("All my partnerships"))] + [
            (s.key, s.label) for s in scopes
        ]

    def value(self, name, default=""):
        """The field's cleaned value, or ``default`` when it was not valid (so one bad
        parameter does not throw away the others)."""
        if name in self.errors:
            return default
        return self.cleaned_data.get(name) or default


def _column_headers(request, form, sort: str) -> list[dict]:
    """Each column's heading; a sortable one links to the same (valid) filters sorted by it
    (a second click reverses), with ``aria_sort`` on the column sorted by now."""
    current, descending = sort.lstrip("-"), sort.startswith("-")
    headers = []
    for key, label in COLUMNS:
        header = {"key": key, "label": label, "href": "", "aria_sort": ""}
        if key:
            if key == current:
                header["aria_sort"] = "descending" if descending else "ascending"
                flip = not descending
            else:
                flip = SORTS[key].descending_first
            query = request.GET.copy()
            for name in form.errors:
                query.pop(name, None)
            query["sort"] = ("-" if flip else "") + key
            query.pop("page", None)
            header["href"] = "?" + query.urlencode()
        headers.append(header)
    return headers


# Stored inputs the row shows only through what the day makes of them (row_fingerprint).
DAY_DEPENDENT = ("held", "upcoming", "actions", "frequency_on", "frequency")


def row_fingerprint(row: OverviewRow) -> tuple:
    """Everything the row's template shows of it, as plain values: the row's HTML is cached
    under a digest of it, so what the template reads must be listed here. The partnership as
    listed (names, kind); its stored inputs (overview_inputs, as JSON) but the meetings,
    actions and frequency, of which only what the day makes of them is shown; then what
    depends on the day; the costs, with the year's balance as stored (or the words computed)."""
    f, inputs = row.frequency, row.inputs
    return (
        row.listed,
        orjson.dumps(
            {key: value for key, value in inputs.items() if key not in DAY_DEPENDENT},
            option=orjson.OPT_SORT_KEYS,
        ),
        (row.ends_overdue, row.ends_soon, row.evaluation_overdue, row.evaluation_soon),
        (tuple(row.next_meeting) if row.next_meeting else None, row.behind),
        (
            f.required_per_half_year,
            f.held_last_half_year,
            f.held_last_12_months,
            f.required_per_year,
        )
        if f
        else None,
        (row.open_actions, row.overdue_actions),
        (row.has_cost, row.cost_computable, row.state_share, row.municipal_share),
        (row.cost_url, row.settlement_url, row.balance or str(row.settlement)),
    )


ROWS = CachedRows(
    key="overview-row",
    template="oversight/_overview_row.html",
    includes=("agreements/_status_badge.html",),
    fingerprint=row_fingerprint,
)


@require_GET
def overview(request):
    scopes = overview_scopes(request.user)
    form = OverviewFilterForm(request.GET, scopes=scopes)
    form.is_valid()
    scope = {s.key: s for s in scopes}.get(form.value("scope"))
    sort = form.value("sort", DEFAULT_SORT)

    sort_key = sort.lstrip("-")
    rows = partnership_overview(
        request.user, scope=scope, with_details=False, with_budgets=sort_key == "costs"
    )
    shown = filter_rows(
        rows,
        status=form.value("status"),
        overdue=form.value("overdue") == "1",
        behind=form.value("behind") == "1",
    )
    shown = sort_rows(shown, sort_key, descending=sort.startswith("-"))
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    # The costs only of the rows on the page.
    overview_add_costs(page.object_list)
    context = {
        "form": form,
        "scope": scope,
        "show_scopes": bool(scopes),
        "page": page,
        "rows": page.object_list,
        "rows_html": ROWS.html(page.object_list),
        "total": len(rows),
        "shown": len(shown),
        "summary": overview_summary(rows),
        "headers": _column_headers(request, form, sort),
        "filtered": any(form.value(f) for f in ("status", "overdue", "behind")),
    }
    return render(request, "oversight/overview.html", context, status=400 if form.errors else 200)
