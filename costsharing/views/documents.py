"""The driftsavtale as a PDF: made by the document pipeline, followed, downloaded, and attached
to the partnership agreement (veileder 3.8: "Er driftsavtalen vedlagt?")."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from agreements.models import Agreement
from navpartner.downloads import pdf_download
from navpartner.models import RenderedDocument
from navpartner.services import document_request

from .. import selectors, services
from ..documents import operating_agreement_html
from ..models import OperatingAgreement

KIND = "driftsavtale"


def _document_get(agreement: OperatingAgreement, document_pk) -> RenderedDocument:
    """A PDF made of this driftsavtale (the caller passed the gate); 404 for any other."""
    document = RenderedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(OperatingAgreement),
        object_id=agreement.pk,
        kind=KIND,
        pk=document_pk,
    ).first()
    if document is None:
        raise Http404
    return document


def _attach_target(agreement: OperatingAgreement) -> Agreement | None:
    """The partnership agreement the PDF is attached to: the partnership's latest agreement
    whose text can still change (``Agreement.is_editable``) and whose signing has not begun.
    There is at most one (one agreement is prepared at a time)."""
    return (
        agreement.partnership.agreements.filter(
            status__in=Agreement.EDITABLE_STATUSES, signatures__isnull=True
        )
        .order_by("-version")
        .first()
    )


@require_POST
def pdf(request, pk):
    """'Make PDF': anyone who may see the driftsavtale. The same figures are made once."""
    agreement = selectors.operating_agreement_get_for_user(request.user, pk).agreement
    overview = selectors.cost_overview(agreement)
    if overview.result is None:
        messages.error(
            request,
            _("The PDF cannot be made yet: %(error)s") % {"error": overview.error},
        )
        return redirect("costsharing:detail", pk=pk)
    title = _("Driftsavtale %(year)s") % {"year": agreement.year}
    document = document_request(
        owner=agreement,
        kind=KIND,
        html=operating_agreement_html(overview),
        user=request.user,
        title=f"{title} – {agreement.partnership}",
    )
    return redirect("costsharing:document_detail", pk=pk, document_pk=document.pk)


@require_GET
def document_detail(request, pk, document_pk):
    """Where the PDF stands; htmx asks again every second until it is ready or failed. An
    editor of a ready PDF is offered to attach it to the partnership agreement."""
    cost = selectors.operating_agreement_get_for_user(request.user, pk)
    agreement = cost.agreement
    document = _document_get(agreement, document_pk)
    ready = document.status == RenderedDocument.Status.READY
    context = {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "document": document,
        "can_attach": cost.can_edit and ready,
        "status_url": reverse("costsharing:document_detail", args=[pk, document.pk]),
        "download_url": reverse("costsharing:document_download", args=[pk, document.pk]),
        "retry_url": reverse("costsharing:pdf", args=[pk]),
    }
    if request.htmx:
        if cost.can_edit and ready:
            # Just became ready while the page was polling: load the whole page, which
            # now has the form to attach it.
            return HttpResponseClientRefresh()
        return render(request, "documents/_status.html", context)
    if context["can_attach"]:
        context["target"] = _attach_target(agreement)
    return render(request, "costsharing/document_detail.html", context)


@require_GET
def document_download(request, pk, document_pk):
    agreement = selectors.operating_agreement_get_for_user(request.user, pk).agreement
    document = _document_get(agreement, document_pk)
    if document.status != RenderedDocument.Status.READY:
        return redirect("costsharing:document_detail", pk=pk, document_pk=document_pk)
    return pdf_download(document.file, document.title, KIND)


@require_POST
def attach(request, pk, document_pk):
    """Attach the PDF to the partnership agreement being prepared, replacing the copy of the
    same year. The target is found here; a posted id only has to name that same agreement
    (a page shown before a new revision was started is refused, not redirected elsewhere)."""
    agreement = selectors.operating_agreement_get_for_edit(request.user, pk).agreement
    document = _document_get(agreement, document_pk)
    back = redirect("costsharing:document_detail", pk=pk, document_pk=document.pk)
    target = _attach_target(agreement)
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
