from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from navpartner.downloads import pdf_download
from navpartner.forms import add_errors

from .. import selectors, services
from ..forms import AttachmentForm, AttachmentPublicityForm


@require_POST
def attachment_upload(request, pk):
    agreement = selectors.agreement_get_for_edit(request.user, pk).agreement
    form = AttachmentForm(request.POST, request.FILES, template=agreement.template)
    if form.is_valid():
        try:
            services.attachment_add(
                agreement=agreement,
                user=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
    if form.errors:
        messages.error(
            request,
            _("The attachment was not added: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    else:
        messages.success(request, _("The attachment is added."))
    return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#attachments")


@require_GET
def attachment_download(request, pk, attachment_pk):
    """Served only through the gate, always as a download with a name we choose."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    attachment = selectors.attachment_get(agreement, attachment_pk)
    return pdf_download(attachment.file, attachment.title, "vedlegg")


@require_http_methods(["GET", "POST"])
def attachment_remove(request, pk, attachment_pk):
    agreement = selectors.agreement_get_for_edit(request.user, pk).agreement
    attachment = selectors.attachment_get(agreement, attachment_pk)
    if request.method == "POST":
        try:
            services.attachment_remove(attachment=attachment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The attachment “%(title)s” is removed.") % {"title": attachment.title}
            )
        return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#attachments")
    return render(
        request,
        "agreements/attachment_confirm_remove.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "attachment": attachment,
        },
    )


@require_http_methods(["GET", "POST"])
def attachment_publicity(request, pk, attachment_pk):
    """Whether the public may see a vedlegg (an editor, also after signing)."""
    agreement = selectors.agreement_get_for_edit(request.user, pk).agreement
    attachment = selectors.attachment_get(agreement, attachment_pk)
    form = AttachmentPublicityForm(
        request.POST if request.method == "POST" else None, attachment=attachment
    )
    if form.is_bound and form.is_valid():
        try:
            services.attachment_publicity_set(
                attachment=attachment,
                user=request.user,
                basis=form.cleaned_data["basis"],
                provision=form.cleaned_data["provision"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved: whether the public may see “%(title)s”.") % {"title": attachment.title},
            )
            return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#attachments")
    return render(
        request,
        "agreements/attachment_publicity.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "attachment": attachment,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )
