"""The driftsavtale pages: the years of a partnership, the split, the key, the expenses, the
årsverk, the vertskommune figures, the settlement and the what-if."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from navpartner.forms import add_errors
from partnerships.selectors import partnership_get_for_user

from .. import selectors, services
from ..exports import municipal_figure_label
from ..forms import (
    ExpenseLineForm,
    MunicipalWeightsForm,
    OperatingAgreementCreateForm,
    PaymentsForm,
    StaffingForm,
    TermsForm,
    WhatIfForm,
)
from ..models import CostKey, OperatingAgreement
from ..rules import split_rules


@require_http_methods(["GET", "POST"])
def operating_agreement_list(request, pk):
    access = partnership_get_for_user(request.user, pk)
    form = None
    if selectors.operating_agreement_may_create(access):
        form = OperatingAgreementCreateForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                agreement = services.operating_agreement_create(
                    partnership=access.partnership, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The driftsavtale is created."))
                return redirect("costsharing:detail", pk=agreement.pk)
    context = {
        "access": access,
        "partnership": access.partnership,
        "agreements": selectors.operating_agreements_of(access.partnership),
        "form": form,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "costsharing/list.html", context, status=status)


def gap_warning(overview) -> dict | None:
    """What templates/costsharing/_gaps_warning.html shows: the gaps still to confirm, in
    words, and their keys (what the confirmation is bound to); None when there are none."""
    gaps = selectors.gaps_unacknowledged(overview)
    if not gaps:
        return None
    return {
        "sentences": selectors.gap_sentences(overview, gaps),
        "keys": selectors.gap_keys(gaps),
    }


def _context(cost, overview, **extra) -> dict:
    agreement = overview.agreement
    return {
        "cost": cost,
        "agreement": agreement,
        "partnership": agreement.partnership,
        "overview": overview,
        "result": overview.result,
        "names": selectors.party_names(agreement.partnership),
        "cost_keys": dict(CostKey.choices),
        "gap_warning": gap_warning(overview),
        "rules": split_rules(vertskommune=overview.sub_key is not None),
        **extra,
    }


def _detail_page(request, cost, *, line_form=None, staffing_form=None, status=200, **extra):
    agreement = cost.agreement
    overview = selectors.cost_overview(agreement)
    context = _context(
        cost,
        overview,
        **extra,
        line_form=line_form or (ExpenseLineForm() if cost.can_edit else None),
        staffing_form=staffing_form
        or (StaffingForm(year=agreement.year) if cost.can_edit else None),
        timeline=selectors.staffing_timeline(overview),
        events=selectors.recent_events(agreement),
        can_delete=cost.can_edit
        and not selectors.operating_agreement_delete_blockers(agreement, overview.lines),
    )
    return render(request, "costsharing/detail.html", context, status=status)


@require_GET
def detail(request, pk):
    return _detail_page(request, selectors.operating_agreement_get_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
def delete(request, pk):
    """Ask first (GET: what would be deleted); delete on POST. Once something is settled the
    driftsavtale is kept: 409 with the reasons."""
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    agreement = cost.agreement
    blockers = selectors.operating_agreement_delete_blockers(agreement)
    if request.method == "POST" and not blockers:
        try:
            services.operating_agreement_delete(agreement=agreement, user=request.user)
        except ValidationError as error:
            blockers = error.messages[1:] or error.messages
        else:
            messages.success(
                request,
                _("The driftsavtale for %(year)s is deleted.") % {"year": agreement.year},
            )
            return redirect("costsharing:list", pk=agreement.partnership_id)
    context = {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "blockers": blockers,
        "counts": {
            "lines": agreement.lines.count(),
            "periods": agreement.periods.count(),
            "events": agreement.events.count(),
        },
    }
    return render(
        request,
        "costsharing/operating_agreement_delete.html",
        context,
        status=409 if blockers else 200,
    )


@require_POST
def gaps_acknowledge(request, pk):
    """ "I have checked: this is right" for the gaps the page showed (posted as ``gap``)."""
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    try:
        services.operating_agreement_gaps_acknowledge(
            agreement=cost.agreement, user=request.user, seen=request.POST.getlist("gap")
        )
    except services.GapsChanged:
        messages.error(
            request,
            _(
                "The days without årsverk have changed since the page was shown. Check them "
                "again below."
            ),
        )
        return _detail_page(request, cost, status=409)
    messages.success(request, _("The days without årsverk are confirmed."))
    return redirect(_back(cost.agreement))


def _back(agreement: OperatingAgreement, anchor: str = "") -> str:
    return reverse("costsharing:detail", args=[agreement.pk]) + (f"#{anchor}" if anchor else "")


@require_http_methods(["GET", "POST"])
def terms(request, pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    agreement = cost.agreement
    vertskommune = bool(selectors.sharing_municipalities(agreement.partnership))
    initial = {
        name: getattr(agreement, name)
        for name in (
            "tenant",
            "key",
            "state_percentage",
            "municipal_percentage",
            "state_area",
            "municipal_area",
            "municipal_key",
            "note",
        )
    }
    form = TermsForm(request.POST or None, initial=initial, vertskommune=vertskommune)
    if request.method == "POST" and form.is_valid():
        data = {"municipal_key": agreement.municipal_key, **form.cleaned_data}
        try:
            services.operating_agreement_update_terms(
                agreement=agreement, user=request.user, **data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The key and terms are saved."))
            return redirect(_back(agreement))
    context = {"agreement": agreement, "partnership": agreement.partnership, "form": form}
    return render(request, "costsharing/terms.html", context, status=400 if form.is_bound else 200)


@require_POST
def line_add(request, pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    form = ExpenseLineForm(request.POST)
    if form.is_valid():
        try:
            services.expense_line_add(agreement=cost.agreement, user=request.user, **form.line())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The expense is added and the split is updated."))
            return redirect(_back(cost.agreement, "split"))
    return _detail_page(request, cost, line_form=form, status=400)


@require_http_methods(["GET", "POST"])
def line_edit(request, pk, line_pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    line = selectors.line_get(cost.agreement, line_pk)
    form = (
        ExpenseLineForm(request.POST)
        if request.method == "POST"
        else ExpenseLineForm.for_line(line)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.expense_line_update(line=line, user=request.user, **form.line())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The expense is saved and the split is updated."))
            return redirect(_back(cost.agreement, "split"))
    context = {
        "agreement": cost.agreement,
        "partnership": cost.agreement.partnership,
        "line": line,
        "form": form,
    }
    return render(
        request, "costsharing/line_form.html", context, status=400 if form.is_bound else 200
    )


def _remove(request, cost, *, question: str, remove, done: str, anchor: str):
    """Ask first (GET); remove on POST, then back to the driftsavtale's part it was in."""
    back = _back(cost.agreement, anchor)
    if request.method == "GET":
        context = {
            "agreement": cost.agreement,
            "partnership": cost.agreement.partnership,
            "question": question,
            "action": request.path,
            "back": back,
        }
        return render(request, "costsharing/confirm.html", context)
    remove(user=request.user)
    messages.success(request, done)
    return redirect(back)


@require_http_methods(["GET", "POST"])
def line_remove(request, pk, line_pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    line = selectors.line_get(cost.agreement, line_pk)
    return _remove(
        request,
        cost,
        question=_("Remove the expense “%(line)s” from the driftsavtale?") % {"line": line},
        remove=partial(services.expense_line_remove, line=line),
        done=_("The expense is removed."),
        anchor="split",
    )


@require_POST
def period_add(request, pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    form = StaffingForm(request.POST, year=cost.agreement.year)
    if form.is_valid():
        data = form.cleaned_data
        common = {"agreement": cost.agreement, "user": request.user, "side": data["side"]}
        try:
            if data["ends_on"] is None:
                services.staffing_period_change(
                    **common,
                    changes_on=data["starts_on"],
                    fte=data["fte"],
                    confirm_replace=data["confirm_replace"],
                )
            else:
                services.staffing_period_add(
                    **common, starts_on=data["starts_on"], ends_on=data["ends_on"], fte=data["fte"]
                )
        except services.StaffingPeriodReplaceUnconfirmed as question:
            return _detail_page(
                request,
                cost,
                staffing_form=form,
                status=409,
                replace_question=_replace_question(cost.agreement, question),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The årsverk are registered and the split is updated."))
            return redirect(_back(cost.agreement, "arsverk"))
    return _detail_page(request, cost, staffing_form=form, status=400)


def _replace_question(
    agreement: OperatingAgreement, question: services.StaffingPeriodReplaceUnconfirmed
) -> str:
    existing = question.existing
    return _(
        "%(fte)s årsverk from %(start)s are already registered for %(side)s. Do you want to "
        "replace them with %(new)s?"
    ) % {
        "fte": formats.number_format(existing.fte, 2),
        "start": formats.date_format(existing.starts_on, "SHORT_DATE_FORMAT"),
        "side": selectors.party_names(agreement.partnership)[existing.side],
        "new": formats.number_format(question.fte, 2),
    }


@require_http_methods(["GET", "POST"])
def period_remove(request, pk, period_pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    period = selectors.period_get(cost.agreement, period_pk)
    return _remove(
        request,
        cost,
        question=_("Remove the årsverk “%(period)s”?") % {"period": period},
        remove=partial(services.staffing_period_remove, period=period),
        done=_("The årsverk period is removed."),
        anchor="arsverk",
    )


@require_http_methods(["GET", "POST"])
def municipal_weights(request, pk):
    cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    agreement = cost.agreement
    municipalities = selectors.sharing_municipalities(agreement.partnership)
    if not municipalities:
        raise PermissionDenied
    current = selectors.municipal_weights_of(agreement)
    form = MunicipalWeightsForm(
        request.POST or None,
        municipalities=municipalities,
        key=agreement.municipal_key,
        initial={f"m{pk}": value for pk, value in current.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.municipal_weights_set(
                agreement=agreement, user=request.user, weights=form.weights()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The municipalities' figures are saved."))
            return redirect(_back(agreement, "kommuner"))
    context = {"agreement": agreement, "partnership": agreement.partnership, "form": form}
    return render(
        request, "costsharing/municipal_weights.html", context, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "POST"])
def settlement(request, pk):
    if request.method == "POST":
        cost = selectors.operating_agreement_get_for_edit(request.user, pk)
    else:
        cost = selectors.operating_agreement_get_for_user(request.user, pk)
    agreement = cost.agreement
    initial = {f"paid_q{q}": value for q, value in enumerate(agreement.paid_on_account, 1)}
    form = PaymentsForm(request.POST or None, initial=initial) if cost.can_edit else None
    if request.method == "POST" and form.is_valid():
        services.payments_on_account_set(agreement=agreement, user=request.user, paid=form.paid())
        messages.success(request, _("The payments on account are saved."))
        return redirect("costsharing:settlement", pk=agreement.pk)
    overview = selectors.cost_overview(agreement)
    status = 400 if form is not None and form.is_bound else 200
    context = _context(
        cost,
        overview,
        form=form,
        rows=selectors.settlement_display(overview),
        statements=selectors.municipal_statements(overview),
    )
    return render(request, "costsharing/settlement.html", context, status=status)


@require_GET
def what_if(request, pk):
    """Each party's annual cost now and with other årsverk or another key. Saves nothing, so
    anyone who may read the driftsavtale may try it."""
    cost = selectors.operating_agreement_get_for_user(request.user, pk)
    overview = selectors.cost_overview(cost.agreement)
    form = WhatIfForm(request.GET or None)
    after = None
    if form.is_valid():
        after = selectors.what_if(
            overview,
            state_fte=form.cleaned_data["state_fte"],
            municipal_fte=form.cleaned_data["municipal_fte"],
            key=form.cleaned_data["key"],
        )
    context = _context(
        cost,
        overview,
        form=form,
        after=after,
        comparison=selectors.what_if_comparison(overview, after) if after else None,
        fte_now=selectors.average_fte(overview),
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "costsharing/what_if.html", context, status=status)


@require_GET
def municipal_statements(request, pk):
    """A vertskommune's quarterly statements: each quarter's municipal share divided among
    the municipalities, and what each owes the host. Only a vertskommune has them (404 for
    any other driftsavtale)."""
    cost = selectors.operating_agreement_get_for_user(request.user, pk)
    overview = selectors.cost_overview(cost.agreement)
    if not overview.municipalities:
        raise Http404
    context = _context(
        cost,
        overview,
        statements=selectors.municipal_statements(overview),
        quarters=overview.result.quarters if overview.result else [],
        figure_label=municipal_figure_label(cost.agreement),
    )
    return render(request, "costsharing/municipal_statements.html", context)
