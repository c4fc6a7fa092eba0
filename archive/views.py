"""The archive page of a document: what will be filed, its references, the package to
download and (behind the flag) "Send til arkivet"."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from navpartner.documents import document_url
from navpartner.downloads import content_disposition

from . import services
from .forms import ReferencesForm
from .package import package_build
from .selectors import case_of, filed_document_of, filing_get_for_file, filing_get_for_user


def _page_url(kind, pk) -> str:
    return reverse("archive:filing", args=[kind, pk])


def _not_ready() -> HttpResponse:
    return HttpResponse(_("The PDF is not ready."), status=409)


@require_http_methods(["GET", "POST"])
def filing_detail(request, kind, pk):
    """GET shows the page; POST (an editor) saves the references."""
    if request.method == "POST":
        access = filing_get_for_file(request.user, kind, pk)
    else:
        access = filing_get_for_user(request.user, kind, pk)
    filing = access.filing
    case = case_of(filing.partnership)
    record = filed_document_of(kind, pk)
    form = ReferencesForm(
        request.POST or None,
        initial={
            "saksnummer": case.saksnummer if case else "",
            "journalpost": record.journalpost if record else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        services.case_reference_set(
            partnership=filing.partnership,
            saksnummer=form.cleaned_data["saksnummer"],
            user=request.user,
        )
        services.filed_document_reference_set(
            kind=kind,
            filing=filing,
            journalpost=form.cleaned_data["journalpost"],
            user=request.user,
        )
        messages.success(request, _("The archive references are saved."))
        return redirect(_page_url(kind, pk))
    document = filing.document
    context = {
        "access": access,
        "filing": filing,
        "kind": kind,
        "case": case,
        "record": record,
        "form": form,
        "ready": access.ready,
        "document_url": document_url(document) if document is not None else "",
        "sending_enabled": services.sending_enabled(),
    }
    return render(
        request, "archive/filing_detail.html", context, status=400 if form.errors else 200
    )


@require_GET
def filing_package(request, kind, pk):
    """The package as a zip; reading it changes nothing (recording it is a POST)."""
    access = filing_get_for_file(request.user, kind, pk)
    if not access.ready:
        return _not_ready()
    filing = access.filing
    package = package_build(
        filing, case=case_of(filing.partnership), record=filed_document_of(kind, pk)
    )
    response = HttpResponse(package.content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(package.name)
    return response


@require_POST
def filing_package_record(request, kind, pk):
    access = filing_get_for_file(request.user, kind, pk)
    if not access.ready:
        return _not_ready()
    services.filing_package_record(kind=kind, filing=access.filing, user=request.user)
    messages.success(request, _("Recorded that the package was made."))
    return redirect(_page_url(kind, pk))


@require_POST
def filing_send(request, kind, pk):
    access = filing_get_for_file(request.user, kind, pk)
    if not services.sending_enabled():
        return HttpResponse(_("Sending to the archive is not set up."), status=409)
    if not access.ready:
        return _not_ready()
    services.filing_send(kind=kind, filing=access.filing, user=request.user)
    messages.success(request, _("The package is on its way to the archive."))
    return redirect(_page_url(kind, pk))
