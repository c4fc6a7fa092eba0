"""The driftsavtale as a PDF: made by the document pipeline (whose one status page and download
serve it), and attached to the partnership agreement (veileder 3.8: "Er driftsavtalen
vedlagt?")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from navpartner.documents import document_get, document_make, document_url

from .. import selectors, services
from ..documents import KIND
from .pages import gap_warning


@require_POST
def pdf(request, pk):
    """'Make PDF': anyone who may see the driftsavtale. The same figures are made once."""
    cost = selectors.operating_agreement_get_for_user(request.user, pk)
    agreement = cost.agreement
    warning = gap_warning(selectors.cost_overview(agreement))
    if warning:
        context = {
            "cost": cost,
            "agreement": agreement,
            "partnership": agreement.partnership,
            "gap_warning": warning,
        }
        return render(request, "costsharing/pdf_refused.html", context, status=409)
    try:
        document = document_make(kind=KIND, owner=agreement, user=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("The PDF cannot be made yet: %(error)s") % {"error": " ".join(error.messages)},
        )
        return redirect("costsharing:detail", pk=pk)
    return redirect(document_url(document))


@require_POST
def attach(request, pk, document_pk):
    """Attach the PDF to the partnership agreement being prepared, replacing the copy of the
    same year. The target is found here; a posted id only has to name that same agreement
    (a page shown before a new revision was started is refused, not redirected elsewhere)."""
    agreement = selectors.operating_agreement_get_for_edit(request.user, pk).agreement
    document = document_get(kind=KIND, owner_pk=agreement.pk, document_pk=document_pk)
    back = redirect(document_url(document))
    target = selectors.operating_agreement_attach_target(agreement)
    if target is None:
        messages.error(request, _("The partnership has no agreement that can be changed now."))
        return back
    if request.POST.get("agreement", str(target.pk)) != str(target.pk):
        messages.error(
            request,
            _(
                "The partnership agreement has changed since the page was shown. "
                "Check and try again."
            ),
        )
        return back
    try:
        services.operating_agreement_attach(
            agreement=agreement, document=document, target=target, user=request.user
        )
    except ValidationError as error:
        messages.error(
            request,
            _("The driftsavtale was not attached: %(errors)s")
            % {"errors": " ".join(error.messages)},
        )
        return back
    messages.success(
        request,
        _("The driftsavtale is attached to the partnership agreement, version %(version)s.")
        % {"version": target.version},
    )
    return redirect("agreements:agreement_detail", pk=target.pk)
