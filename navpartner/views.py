"""The one status page and the one download of every printed document, whatever prints it;
the public pages (accessibility statement, privacy) and the product's own 400/413 page."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.i18n import set_language
from django_htmx.http import HttpResponseClientRefresh

from .documents import document_download_url, document_get_for_user, document_url
from .downloads import pdf_download
from .languages import SESSION_KEY, supported, user_language_set
from .models import RenderedDocument
from .requests import UndecodableForm

# When the accessibility statement (templates/public/accessibility.html) was last checked
# against the product; review it and move this date with every change to the pages' structure.
ACCESSIBILITY_REVIEWED = date(2026, 11, 27)


@require_GET
def document_detail(request, kind, owner_pk, pk):
    """Where the PDF stands; htmx asks again every second until it is ready or failed."""
    found = document_get_for_user(request.user, kind, owner_pk, pk)
    document = found.document
    page = found.kind.page(found.access, document)
    ready = document.status == RenderedDocument.Status.READY
    context = {
        "document": document,
        "status_url": document_url(document),
        "download_url": document_download_url(document),
        "retry_url": page.retry_url,
        "retry_kind": page.retry_kind,
    }
    if request.htmx:
        if ready and page.reload_when_ready:
            # Just became ready while the page was polling: load the whole page, which
            # now offers more (e.g. attaching the PDF).
            return HttpResponseClientRefresh()
        return render(request, "documents/_status.html", context)
    return render(request, page.template, {**page.context, **context})


@require_GET
def document_download(request, kind, owner_pk, pk):
    document = document_get_for_user(request.user, kind, owner_pk, pk).document
    if document.status != RenderedDocument.Status.READY:
        return redirect(document_url(document))
    return pdf_download(document.file, document.title, "dokument")


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(
        request,
        "public/accessibility.html",
        {"contact_email": settings.NAVPARTNER_CONTACT_EMAIL, "reviewed": ACCESSIBILITY_REVIEWED},
    )


@login_not_required
@require_GET
def privacy(request):
    return render(
        request,
        "public/privacy.html",
        {
            "operator": settings.NAVPARTNER_OPERATOR_NAME,
            "contact_email": settings.NAVPARTNER_CONTACT_EMAIL,
            "audit_retention_days": settings.NAVPARTNER_AUDIT_RETENTION_DAYS,
        },
    )


def bad_request(request, exception):
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413, the rest 400, each with
    the product's page and a message saying what was wrong."""
    if isinstance(exception, RequestDataTooBig):
        status, message = 413, _("The request is too large. Shorten the text or send less at once.")
    elif isinstance(exception, TooManyFieldsSent):
        status, message = 400, _("The form has too many fields to be received.")
    elif isinstance(exception, UndecodableForm):
        status, message = (
            400,
            _("The form contained characters that could not be read. Nothing was saved."),
        )
    else:
        status, message = 400, _("The request could not be understood. Nothing was saved.")
    return render(request, "400.html", {"message": message}, status=status)


@login_not_required
def language_set(request):
    """The language switch: Django's set_language (the cookie, back to the page), and for a
    logged-in user also their profile and session, so e-mails and the calendar follow."""
    response = set_language(request)
    language = supported(request.POST.get("language"))
    if request.method == "POST" and language and request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
        request.session[SESSION_KEY] = language
    return response
