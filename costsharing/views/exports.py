"""The driftsavtale's split and settlement as CSV or Excel files."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from .. import exports, selectors

TABLES = {
    "fordeling": (exports.split_rows, "fordeling"),
    "avregning": (exports.settlement_rows, "avregning"),
}
FORMATS = {
    "csv": (lambda table: exports.as_csv(table), "text/csv; charset=utf-8"),
    "xlsx": (
        lambda table: exports.as_xlsx(table, table.title),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


# Norwegian letters spelt out before slugify, which would drop them ("Bærum" -> "brum").
NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def file_name(words: str) -> str:
    """E.g. "driftsavtale-2026-nav-grorud-fordeling"."""
    return slugify(words.translate(NORWEGIAN)) or "driftsavtale"


@require_GET
def export(request, pk, what, fmt):
    """Any member who may see the driftsavtale may download it. A driftsavtale that cannot be
    split yet answers 409 with the reason, since there are no figures to export."""
    if what not in TABLES or fmt not in FORMATS:
        raise Http404
    agreement = selectors.operating_agreement_get_for_user(request.user, pk).agreement
    overview = selectors.cost_overview(agreement)
    if overview.result is None:
        context = {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "error": overview.error,
        }
        return render(request, "costsharing/export_error.html", context, status=409)
    build, suffix = TABLES[what]
    serialise, content_type = FORMATS[fmt]
    name = file_name(f"driftsavtale {agreement.year} {agreement.partnership} {suffix}")
    response = HttpResponse(serialise(build(overview)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
