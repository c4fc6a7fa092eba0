from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerships import selectors as partnership_selectors

from .. import selectors, services
from ..forms import AttachmentForm, EvaluationForm, SectionAddForm
from ..selectors.deadlines import evaluation_due
from ..selectors.revisions import agreement_changed_since


@require_POST
def agreement_create(request, partnership_pk):
    access = partnership_selectors.partnership_get_for_edit(request.user, partnership_pk)
    try:
        agreement = services.agreement_create(partnership=access.partnership, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partnerships:partnership_detail", pk=partnership_pk)
    messages.success(request, _("The draft is ready. Start with any section."))
    return redirect("agreements:agreement_detail", pk=agreement.pk)


@require_POST
def agreement_revise(request, pk):
    agreement = selectors.agreement_get_for_edit(request.user, pk).agreement
    try:
        revision = services.agreement_start_revision(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:agreement_detail", pk=pk)
    messages.success(
        request,
        _("Version %(version)s is started from the agreement in force.")
        % {"version": revision.version},
    )
    return redirect("agreements:agreement_detail", pk=revision.pk)


@require_POST
def agreement_submit(request, pk):
    agreement = selectors.agreement_get_for_edit(request.user, pk).agreement
    try:
        services.agreement_submit_for_negotiation(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agreement is now under negotiation."))
    return redirect("agreements:agreement_detail", pk=pk)


@require_GET
def agreement_detail(request, pk):
    return agreement_page(request, selectors.agreement_get_for_user(request.user, pk))


def agreement_page(request, agreement_access, *, evaluation_form=None, status=200):
    """The agreement's page; also shown again, with the form's errors, when recording an
    evaluation fails."""
    agreement = agreement_access.agreement
    rows = selectors.agreement_section_rows(agreement)
    attachments = selectors.agreement_attachments(agreement)
    validity = next((r.section.structured for r in rows if r.section.number == "9.0"), {})
    context = {
        "evaluation_due": evaluation_due(agreement, validity.get("evaluation_interval_months")),
        "evaluation_form": evaluation_form or EvaluationForm(),
        "today": timezone.localdate(),
        "agreement": agreement,
        "agreement_access": agreement_access,
        "partnership": agreement.partnership,
        "rows": rows,
        "attachments": attachments,
        "completeness": selectors.agreement_completeness(
            agreement, rows, attachments, access=agreement_access
        ),
        "changed_since": agreement_changed_since(agreement, agreement_access, rows),
        "add_form": SectionAddForm(),
        "attachment_form": AttachmentForm(template=agreement.template),
    }
    return render(request, "agreements/agreement_detail.html", context, status=status)


@require_GET
def agreement_changes(request, pk):
    """The revision against the version in force, section by section, as a redline."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    changes, removed = selectors.agreement_changes(agreement)
    context = {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "changes": changes,
        "removed": removed,
    }
    return render(request, "agreements/agreement_changes.html", context)


@require_GET
def agreement_history(request, pk):
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    page = Paginator(selectors.agreement_events(agreement), 50).get_page(request.GET.get("page"))
    context = {"agreement": agreement, "partnership": agreement.partnership, "page": page}
    return render(request, "agreements/agreement_history.html", context)


@require_GET
def agreement_read(request, pk):
    """The whole agreement as one document, to read from start to end."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    context = {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "sections": selectors.agreement_text(agreement),
    }
    return render(request, "agreements/agreement_read.html", context)
