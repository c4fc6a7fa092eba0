"""The Word import, page by page: upload, progress (polled by htmx), mapping and confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from navpartner.forms import add_errors
from partnerships import selectors as partnership_selectors

from ..forms_imports import DocxMappingForm, DocxUploadForm
from ..models import DocxImport
from ..selectors.docx_imports import (
    docx_import_document,
    docx_import_error,
    docx_import_get_for_edit,
    docx_import_part_rows,
    docx_import_preamble,
    docx_import_target,
    template_points,
)
from ..services.docx_imports import docx_import_confirm, docx_import_discard, docx_import_start

Status = DocxImport.Status

DROPPED_LABELS = {
    "image": gettext_lazy("Images removed"),
    "comment": gettext_lazy("Comments removed"),
    "tracked_insertion": gettext_lazy("Tracked insertions accepted"),
    "tracked_deletion": gettext_lazy("Tracked deletions accepted"),
    "table": gettext_lazy("Tables converted to lists"),
    "field": gettext_lazy("Fields kept as their text"),
    "footnote": gettext_lazy("Footnotes removed"),
    "table_of_contents": gettext_lazy("Table of contents removed"),
}


@require_http_methods(["GET", "POST"])
def docx_import_new(request, partnership_pk):
    access = partnership_selectors.partnership_get_for_edit(request.user, partnership_pk)
    posted = request.method == "POST"
    form = DocxUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted:
        if form.is_valid():
            try:
                docx_import = docx_import_start(
                    partnership=access.partnership,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                add_errors(form, _file_errors(error))
            else:
                return redirect(_url("docx_import_progress", docx_import))
        status = 400
    context = {"partnership": access.partnership, "form": form}
    return render(request, "agreements/import_new.html", context, status=status)


def _file_errors(error: ValidationError) -> ValidationError:
    return ValidationError({"file": error.messages})


def _url(name: str, docx_import: DocxImport) -> str:
    return reverse(f"agreements:{name}", args=[docx_import.partnership_id, docx_import.pk])


def _next_page(docx_import: DocxImport) -> str | None:
    """Where an import that is no longer being read is shown."""
    if docx_import.status == Status.READY:
        return _url("docx_import_mapping", docx_import)
    if docx_import.status == Status.DONE and docx_import.agreement_id:
        return reverse("agreements:agreement_detail", args=[docx_import.agreement_id])
    return None


@require_GET
def docx_import_progress(request, partnership_pk, pk):
    """The reading's progress; htmx polls it for the status fragment, which sends the
    browser on to the mapping once the file is read."""
    docx_import = docx_import_get_for_edit(request.user, partnership_pk, pk)
    next_page = _next_page(docx_import)
    if request.headers.get("HX-Request"):
        if next_page:
            return HttpResponse(headers={"HX-Redirect": next_page})
        template = "agreements/_import_status.html"
    elif next_page:
        return redirect(next_page)
    else:
        template = "agreements/import_progress.html"
    context = {
        "partnership": docx_import.partnership,
        "docx_import": docx_import,
        "error_message": (
            docx_import_error(docx_import) if docx_import.status == Status.FAILED else ""
        ),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def docx_import_mapping(request, partnership_pk, pk):
    docx_import = docx_import_get_for_edit(request.user, partnership_pk, pk)
    if docx_import.status != Status.READY:
        return redirect(_next_page(docx_import) or _url("docx_import_progress", docx_import))
    document = docx_import_document(docx_import)
    target = docx_import_target(docx_import.partnership)
    points = template_points(target.template)
    posted = request.method == "POST"
    form = DocxMappingForm(
        request.POST if posted else None,
        parts=document.parts,
        points=points,
        proposal=docx_import.mapping,
    )
    status = 200
    if posted:
        if form.is_valid():
            try:
                agreement = docx_import_confirm(
                    docx_import=docx_import, user=request.user, mapping=form.chosen()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The agreement is imported. Check every point."))
                if agreement.based_on_id:
                    return redirect("agreements:agreement_changes", pk=agreement.pk)
                return redirect("agreements:agreement_detail", pk=agreement.pk)
        status = 400
    chosen = set(form.chosen().values())
    context = {
        "partnership": docx_import.partnership,
        "docx_import": docx_import,
        "form": form,
        "rows": [
            (row, form[form.field_name(index)])
            for index, row in enumerate(docx_import_part_rows(document))
        ],
        "unassigned": [point for point in points if point.pk not in chosen],
        "dropped": [
            (DROPPED_LABELS.get(item.kind, _("Other content removed")), item.count)
            for item in document.dropped
        ],
        "preamble": docx_import_preamble(document),
        "in_force": target.in_force,
    }
    return render(request, "agreements/import_mapping.html", context, status=status)


@require_POST
def docx_import_discard_view(request, partnership_pk, pk):
    docx_import = docx_import_get_for_edit(request.user, partnership_pk, pk)
    docx_import_discard(docx_import=docx_import, user=request.user)
    messages.success(request, _("The import is discarded."))
    return redirect("partnerships:partnership_detail", pk=partnership_pk)
