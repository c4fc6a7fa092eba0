"""Forms for the driftsavtale pages: amounts as people write them (“12 500,50”), checked with
a precise Norwegian message, and shaped for one service call."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PARTY_CHOICES, CostKey, ExpenseLine, MunicipalKey

_SPACES = re.compile(r"[\s\u00a0\u202f]")


class NumberField(forms.Field):
    """A non-negative decimal as written in Norway or elsewhere: spaces (also non-breaking)
    between thousands, a comma or a point for decimals, an optional “kr”."""

    default_error_messages = {
        "invalid": _("Write a number, e.g. 12 500,50."),
        "negative": _("The figure cannot be negative."),
        "decimals": _("Give at most %(places)s decimals."),
        "too_large": _("The figure is too large."),
    }

    def __init__(self, *, places=2, max_digits=12, negative_message=None, **kwargs):
        self.places, self.max_digits = places, max_digits
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        if negative_message:
            self.error_messages["negative"] = negative_message

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _SPACES.sub("", str(value)).lower().removeprefix("kr").removesuffix("kr")
        text = text.removesuffix(",-").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if number < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if -number.as_tuple().exponent > self.places:
            raise ValidationError(
                self.error_messages["decimals"], code="decimals", params={"places": self.places}
            )
        if number.adjusted() >= self.max_digits - self.places:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return number.quantize(Decimal(1).scaleb(-self.places))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:f}".replace(".", ",")
        return value


def MoneyField(label, **kwargs):  # noqa: N802 - a field factory reads like a field class
    return NumberField(
        label=label,
        negative_message=_("The amount cannot be negative."),
        **kwargs,
    )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OperatingAgreementCreateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Budget year"),
        min_value=2006,
        max_value=2100,
        error_messages={"required": _("Give the budget year.")},
    )
    tenant = forms.ChoiceField(label=_("Tenant"), choices=PARTY_CHOICES)
    key = forms.ChoiceField(label=_("Cost key"), choices=CostKey.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class TermsForm(forms.Form):
    tenant = forms.ChoiceField(label=_("Tenant"), choices=PARTY_CHOICES)
    key = forms.ChoiceField(
        label=_("Cost key"),
        choices=CostKey.choices,
        help_text=_("Veileder 3.8 recommends sharing by årsverk: simple to practise."),
    )
    state_percentage = NumberField(label=_("State's percentage"), required=False, max_digits=5)
    municipal_percentage = NumberField(
        label=_("Municipality's percentage"), required=False, max_digits=5
    )
    state_area = NumberField(label=_("State's floor area (m²)"), required=False, max_digits=9)
    municipal_area = NumberField(
        label=_("Municipality's floor area (m²)"), required=False, max_digits=9
    )
    municipal_key = forms.ChoiceField(
        label=_("Key among the municipalities"), choices=MunicipalKey.choices
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, vertskommune: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not vertskommune:
            del self.fields["municipal_key"]


class ExpenseLineForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Expense"),
        choices=[("", _("Choose…"))] + ExpenseLine.Category.choices,
        error_messages={"required": _("Choose what kind of expense it is.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Required for “Other”; optional otherwise, e.g. “Storage room”."),
    )
    key = forms.ChoiceField(
        label=_("Own key"),
        choices=[("", _("The agreement's key"))] + CostKey.choices,
        required=False,
    )
    budget = MoneyField(_("Budget for the year (kr)"))
    actual_q1 = MoneyField(_("Actual, 1st quarter (kr)"), required=False)
    actual_q2 = MoneyField(_("Actual, 2nd quarter (kr)"), required=False)
    actual_q3 = MoneyField(_("Actual, 3rd quarter (kr)"), required=False)
    actual_q4 = MoneyField(_("Actual, 4th quarter (kr)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("category") == ExpenseLine.Category.OTHER and not data.get("name", "").strip():
            self.add_error("name", _("Name the expense."))
        return data

    def line(self) -> dict:
        """The cleaned expense as the line services take it."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "name": data["name"],
            "key": data["key"],
            "budget": data["budget"],
            "actuals": tuple(data[f"actual_q{q}"] or Decimal("0.00") for q in range(1, 5)),
        }

    @classmethod
    def for_line(cls, line: ExpenseLine):
        return cls(initial={name: getattr(line, name) for name in cls.base_fields})


class StaffingForm(forms.Form):
    side = forms.ChoiceField(label=_("Party"), choices=PARTY_CHOICES)
    starts_on = forms.DateField(
        label=_("From"), widget=DATE, error_messages={"required": _("Give the date it starts.")}
    )
    ends_on = forms.DateField(
        label=_("To and including"),
        widget=DATE,
        required=False,
        help_text=_(
            "Leave empty for a change that lasts the rest of the year: the figure in force "
            "that day then ends the day before."
        ),
    )
    fte = NumberField(
        label=_("Årsverk"),
        max_digits=7,
        negative_message=_("The number of årsverk cannot be negative."),
        error_messages={"required": _("Give the number of årsverk.")},
    )
    # Set by the button that confirms replacing a figure registered from the same day.
    confirm_replace = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["starts_on"].initial = dt.date(year, 1, 1)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class PaymentsForm(forms.Form):
    paid_q1 = MoneyField(_("1st quarter (kr)"), required=False)
    paid_q2 = MoneyField(_("2nd quarter (kr)"), required=False)
    paid_q3 = MoneyField(_("3rd quarter (kr)"), required=False)
    paid_q4 = MoneyField(_("4th quarter (kr)"), required=False)

    def paid(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return tuple(self.cleaned_data[f"paid_q{q}"] or Decimal("0.00") for q in range(1, 5))


class MunicipalWeightsForm(forms.Form):
    """One figure per municipality of a vertskommune; its meaning follows the key."""

    def __init__(self, *args, municipalities, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        unit = {
            MunicipalKey.ARSVERK: _("årsverk"),
            MunicipalKey.POPULATION: _("inhabitants"),
            MunicipalKey.PERCENTAGE: _("%"),
        }[key]
        for municipality in municipalities:
            self.fields[f"m{municipality.pk}"] = NumberField(
                label=f"{municipality} ({unit})",
                required=False,
                max_digits=12,
            )
        self.municipalities = municipalities

    def weights(self) -> dict[int, Decimal]:
        return {m.pk: self.cleaned_data[f"m{m.pk}"] or Decimal(0) for m in self.municipalities}


class WhatIfForm(forms.Form):
    state_fte = NumberField(
        label=_("State's årsverk"),
        required=False,
        max_digits=7,
        help_text=_("For the whole year. Empty: as registered."),
    )
    municipal_fte = NumberField(
        label=_("Municipality's årsverk"),
        required=False,
        max_digits=7,
        help_text=_("For the whole year. Empty: as registered."),
    )
    key = forms.ChoiceField(
        label=_("Key for every expense"),
        choices=[("", _("As agreed"))] + CostKey.choices,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(name) not in (None, "") for name in ("state_fte", "municipal_fte", "key")
        ):
            raise ValidationError(_("Change the årsverk of a party, or the key, to compare."))
        return data
