"""The driftsavtale's split and settlement as CSV or Excel files."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from navpartner.downloads import content_disposition, file_name

from .. import exports, selectors

TABLES = {
    "fordeling": (exports.split_rows, "fordeling"),
    "avregning": (exports.settlement_rows, "avregning"),
    "kommuner": (exports.municipal_statement_rows, "kommunene"),
}
FORMATS = {
    "csv": (lambda table: exports.as_csv(table), "text/csv; charset=utf-8"),
    "xlsx": (
        lambda table: exports.as_xlsx(table, table.title),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@require_GET
def export(request, pk, what, fmt):
    """Any member who may see the driftsavtale may download it. A driftsavtale that cannot be
    split yet answers 409 with the reason, since there are no figures to export."""
    if what not in TABLES or fmt not in FORMATS:
        raise Http404
    agreement = selectors.operating_agreement_get_for_user(request.user, pk).agreement
    overview = selectors.cost_overview(agreement)
    if what == "kommuner" and not overview.municipalities:
        raise Http404  # only a vertskommune has statements for its municipalities
    if overview.result is None:
        context = {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "error": overview.error,
        }
        return render(request, "costsharing/export_error.html", context, status=409)
    build, suffix = TABLES[what]
    serialise, content_type = FORMATS[fmt]
    words = f"driftsavtale {agreement.year} {agreement.partnership} {suffix}"
    response = HttpResponse(serialise(build(overview)), content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        f"{file_name(words, 'driftsavtale')}.{fmt}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
