"""The forum's year plan (årshjul): everyone in the forum reads it; the secretary adds,
changes and (after a confirmation) removes its items."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from navpartner.forms import add_errors

from .. import selectors, services
from ..models import YearPlanItem

# How far from this year ?aar= may go; anything else shows this year.
YEARS_AROUND = 50


def shown_year(request) -> int:
    """The year the forum page shows: ?aar=2027, else (or when not a year) this one."""
    this_year = timezone.localdate().year
    value = request.GET.get("aar", "")
    if value.isascii() and value.isdigit() and abs(int(value) - this_year) <= YEARS_AROUND:
        return int(value)
    return this_year


class YearPlanItemForm(forms.ModelForm):
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        choices=[("", "—"), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = YearPlanItem
        fields = ["title", "kind", "description", "month", "meeting_number"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "meeting_number": gettext_lazy(
                "Instead of a month: e.g. 1 for the year's first meeting, whenever it is."
            )
        }


def _page(request, access, form, status=200):
    forum = access.forum
    context = {
        "access": access,
        "forum": forum,
        "partnership": forum.partnership,
        "items": selectors.year_plan_items(forum),
        "form": form,
    }
    return render(request, "meetings/yearplan_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def year_plan(request, pk):
    """The plan's items; the secretary's form adds one."""
    access = selectors.forum_get_for_user(request.user, pk)
    if request.method == "GET":
        return _page(request, access, YearPlanItemForm() if access.is_secretary else None)
    selectors.require_secretary(access)
    form = YearPlanItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.year_plan_item_add(
                forum=access.forum, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Added to the year plan: %(title)s") % {"title": item})
            return redirect("meetings:year_plan", pk=pk)
    return _page(request, access, form, status=400)


@require_http_methods(["GET", "POST"])
def year_plan_item_edit(request, pk, item_pk):
    access = selectors.require_secretary(selectors.forum_get_for_user(request.user, pk))
    forum = access.forum
    item = selectors.year_plan_item_get(forum, item_pk)
    status = 200
    if request.method == "POST":
        form = YearPlanItemForm(request.POST, instance=item)
        if form.is_valid():
            try:
                services.year_plan_item_update(item=item, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The year plan item is changed."))
                return redirect("meetings:year_plan", pk=pk)
        status = 400
    else:
        form = YearPlanItemForm(instance=item)
    context = {"forum": forum, "partnership": forum.partnership, "item": item, "form": form}
    return render(request, "meetings/yearplan_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def year_plan_item_remove(request, pk, item_pk):
    """A confirmation page, then the item is out of the plan."""
    access = selectors.require_secretary(selectors.forum_get_for_user(request.user, pk))
    forum = access.forum
    item = selectors.year_plan_item_get(forum, item_pk)
    if request.method == "POST":
        services.year_plan_item_remove(item=item, user=request.user)
        messages.success(request, _("Removed from the year plan: %(title)s") % {"title": item})
        return redirect("meetings:year_plan", pk=pk)
    context = {
        "forum": forum,
        "partnership": forum.partnership,
        "item": item,
        "cancel_url": reverse("meetings:year_plan", args=[pk]),
    }
    return render(request, "meetings/yearplan_remove.html", context)
