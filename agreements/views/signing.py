import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from navpartner.forms import add_errors

from .. import selectors, services
from ..forms import EvaluationForm, SignatureForm
from ..selectors.validity import validity_problems
from ..services.signing import AlreadySigned
from .agreements import agreement_page


@require_http_methods(["GET", "POST"])
def agreement_sign(request, pk):
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    agreement = agreement_access.agreement
    sides = agreement_access.signing_sides
    if not sides:
        own_sides = agreement_access.signing_sides_including_signed
        signed = [s for s in agreement.signatures.all() if s.side in own_sides]
        if not signed:
            raise PermissionDenied
        return _already_signed(request, agreement, signed)
    text_sha256 = services.agreement_text_sha256(agreement)
    form = SignatureForm(
        request.POST or None,
        request.FILES or None,
        sides=sides,
        initial={
            **selectors.signature_initial(request.user, agreement_access),
            "content_hash": text_sha256,
        },
    )
    changed = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_sign(
                agreement=agreement,
                user=request.user,
                side=data["side"],
                name=data["name"],
                title=data["title"],
                place=data["place"],
                evidence=data["evidence"],
                signed_at=_noon(data["signed_on"]),
                expected_hash=data["content_hash"],
                earlier_start_confirmed=data["earlier_start"],
            )
        except AlreadySigned as error:
            return _already_signed(request, agreement, [error.signature])
        except services.StaleContent:
            changed = True  # shown again, bound to the text as it stands now
            kept = {k: data[k] for k in ("side", "name", "title", "place", "signed_on")}
            form = SignatureForm(sides=sides, initial={**kept, "content_hash": text_sha256})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your signature is recorded."))
            return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#signing")
    status = 409 if changed else 400 if request.method == "POST" else 200
    return render(
        request,
        "agreements/agreement_sign.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "form": form,
            "changed": changed,
            "validity_problems": validity_problems(agreement, signing_on=timezone.localdate()),
        },
        status=status,
    )


def _already_signed(request, agreement, signatures):
    """A second click on "Sign", or the page opened again after signing: the signature
    there is, not a form (409 for a post, which signed nothing)."""
    return render(
        request,
        "agreements/agreement_sign.html",
        {"agreement": agreement, "partnership": agreement.partnership, "signatures": signatures},
        status=409 if request.method == "POST" else 200,
    )


def _noon(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@require_POST
def signature_withdraw(request, pk, signature_pk):
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    signature = selectors.signature_get(agreement, signature_pk)
    try:
        services.agreement_signature_withdraw(signature=signature, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The signature is withdrawn; the text can be changed again."))
    return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#signing")


@require_POST
def archive_verify(request, pk):
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    try:
        ok = services.agreement_archive_verify(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if ok:
            messages.success(
                request,
                _("Verified: the archival copy and the signed text are unchanged since signing."),
            )
        else:
            messages.error(
                request,
                _(
                    "Warning: the archival copy or the signed text no longer "
                    "matches what was signed."
                ),
            )
    return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#signing")


@require_http_methods(["GET", "POST"])
def agreement_terminate(request, pk):
    """A signatory gives notice; asks first, naming the day the agreement will end."""
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    sides = agreement_access.signing_sides_including_signed
    agreement = agreement_access.agreement
    if not sides or agreement.status != agreement.Status.IN_FORCE:
        raise PermissionDenied
    if request.method == "POST":
        try:
            ends = services.agreement_give_notice(
                agreement=agreement, user=request.user, side=sides[0]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Notice is given. The agreement ends %(date)s.")
                % {"date": date_format(ends, "DATE_FORMAT")},
            )
        return redirect("agreements:agreement_detail", pk=pk)
    return render(
        request,
        "agreements/agreement_terminate.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "notice_months": selectors.notice_months(agreement),
        },
    )


@require_POST
def agreement_evaluate(request, pk):
    """Record that the parties evaluated the agreement in force; the next evaluation is then
    due one 9.0 interval later."""
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_evaluation_record(
                agreement=agreement_access.agreement, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_errors(form, error)
            else:  # about the agreement, not the form: the form may not even be shown
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The evaluation is recorded."))
            return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#evaluation")
    return agreement_page(request, agreement_access, evaluation_form=form, status=400)
