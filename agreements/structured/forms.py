"""The forms and formsets of the structured editors: Bootstrap markup, lists of lines and
of records, and one form per kind."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from partnerships.models import Side

from .base import EVALUATION_RANGE, LONG, MAX_ROWS, MEDIUM, MEETINGS_RANGE, NOTICE_RANGE, SHORT

CHOOSE = ("", _("Choose…"))
SIDE_CHOICES = [CHOOSE, (Side.MUNICIPAL, _("The municipality")), (Side.STATE, _("NAV (the state)"))]
OWNER_CHOICES = [
    CHOOSE,
    (Side.MUNICIPAL, _("The municipality's area of authority")),
    (Side.STATE, _("The state's (NAV's) area of authority")),
]


class BootstrapForm(forms.Form):
    """Bootstrap 5 classes on every widget, and is-invalid on fields with errors. Django adds
    aria-invalid and aria-describedby (help text, error) itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def line_formset(*, legend, help_text, row_label, max_length=SHORT, extra=2, multiline=False):
    """A formset for a list of text lines; an empty line is dropped."""
    widget = forms.Textarea(attrs={"rows": 2}) if multiline else forms.TextInput
    form = type(
        "LineForm",
        (BootstrapForm,),
        {
            "value": forms.CharField(required=False, max_length=max_length, widget=widget),
        },
    )
    return formset_factory(
        form,
        formset=LinesFormSet,
        extra=extra,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS + 20,
    ), {"legend": legend, "help_text": help_text, "row_label": row_label}


class RowsFormSet(forms.BaseFormSet):
    legend = ""
    help_text = ""
    row_label = _("Row %(n)s")
    remove_label = _("Remove row %(n)s")

    def __init__(self, *args, legend="", help_text="", row_label=None, remove_label=None, **kwargs):
        self.legend, self.help_text = legend, help_text
        self.row_label = row_label or self.row_label
        self.remove_label = remove_label or self.remove_label
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        n = (index or 0) + 1
        form.legend = self.row_label % {"n": n}
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label % {"n": n}
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def rows(self) -> list[dict]:
        """The cleaned, non-blank, non-deleted rows, in order."""
        rows = []
        for form in self.forms:
            data = dict(getattr(form, "cleaned_data", None) or {})
            if not data or data.pop("DELETE", False):
                continue
            if any(value not in ("", None, False, []) for value in data.values()):
                rows.append(data)
        return rows


class LinesFormSet(RowsFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["value"].label = form.legend

    def lines(self) -> list[str]:
        return [row["value"] for row in self.rows() if row.get("value", "").strip()]


def rows_formset(form, *, extra=2):
    return formset_factory(
        form,
        formset=RowsFormSet,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS + 20,
    )


class RequireWhenFilled(BootstrapForm):
    """A row of a list: left empty it is ignored; filled in, `row_required` must be given."""

    row_required: dict[str, object] = {}
    filled_when: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.filled_when):
            for name, message in self.row_required.items():
                if not data.get(name) and name not in self._errors:
                    self.add_error(name, message)
        return data


class PartiesForm(BootstrapForm):
    municipal_party = forms.CharField(
        label=_("Municipal party"),
        max_length=SHORT,
        help_text=_(
            "The municipality, the host municipality (vertskommune) or the city "
            "district, as it is to be written in the agreement."
        ),
    )
    state_party = forms.CharField(
        label=_("State party"),
        max_length=SHORT,
        help_text=_("The NAV county office."),
    )


class SignatoryForm(RequireWhenFilled):
    side = forms.ChoiceField(label=_("Signs for"), choices=SIDE_CHOICES, required=False)
    name = forms.CharField(label=_("Name"), max_length=SHORT, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=SHORT,
        required=False,
        help_text=_("E.g. rådmann, bydelsdirektør or direktør NAV fylke."),
    )
    filled_when = ("name", "title")
    row_required = {
        "side": _("Choose which party they sign for."),
        "name": _("Write the name."),
        "title": _("Write the title."),
    }


class MeetingsForm(BootstrapForm):
    meetings_per_year = forms.IntegerField(
        label=_("Partnership meetings a year, at least"),
        min_value=MEETINGS_RANGE[0],
        max_value=MEETINGS_RANGE[1],
        help_text=_(
            "The owners agree how often the partnership meets; at least twice a year is common."
        ),
    )
    chair = forms.CharField(
        label=_("Chair of the meetings"),
        max_length=SHORT,
        required=False,
        help_text=_("Preferably a role, e.g. rådmann."),
    )
    agenda_owner = forms.CharField(
        label=_("Responsible for the agenda"),
        max_length=SHORT,
        required=False,
        help_text=_("The veileder recommends that the NAV-leder is responsible for the agenda."),
    )


LEADERSHIP_CHOICES = [
    ("one_state", _("One common NAV-leder, employed on state terms")),
    ("one_municipal", _("One common NAV-leder, employed on municipal terms")),
    ("two", _("Two leaders, one employed by each party")),
]
LEADERSHIP_ARRANGEMENTS = {
    "one_state": ("one", Side.STATE),
    "one_municipal": ("one", Side.MUNICIPAL),
    "two": ("two", "both"),
}


class LeadershipForm(BootstrapForm):
    arrangement = forms.ChoiceField(
        label=_("How the NAV office is led"),
        choices=LEADERSHIP_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Agree on the terms before the position of NAV-leder is advertised. Until "
            "they are chosen, this part of the section counts as not filled in."
        ),
    )


class DelegationForm(BootstrapForm):
    delegated = forms.BooleanField(
        label=_("The owners delegate authority in a delegation decision (delegasjonsvedtak)"),
        required=False,
        help_text=_(
            "Needed if staff of one owner are to make decisions on the other owner's "
            "area of authority. The decision must be attached to the agreement."
        ),
    )
    decision_reference = forms.CharField(
        label=_("Reference to the delegation decision"),
        max_length=MEDIUM,
        required=False,
        help_text=_("E.g. the case number and date of the decision."),
    )


class TaskAreaForm(RequireWhenFilled):
    area = forms.CharField(label=_("Task area"), max_length=SHORT, required=False)
    owner = forms.ChoiceField(
        label=_("Whose area of authority"), choices=OWNER_CHOICES, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    filled_when = ("area", "description")
    row_required = {
        "area": _("Name the task area."),
        "owner": _("Choose whose area of authority it is."),
    }


class OperatingAgreementForm(BootstrapForm):
    cost_key = forms.ChoiceField(
        label=_("How the common running costs are shared"),
        widget=forms.RadioSelect,
        choices=[
            (
                "arsverk",
                _(
                    "By the number of full-time equivalents (årsverk) each owner has at "
                    "the office – recommended by the veileder"
                ),
            ),
            ("percentage", _("By an agreed percentage")),
            ("area", _("By the floor area each owner uses")),
            ("per_item", _("Cost item by cost item, by actual use")),
        ],
        error_messages={"required": _("Choose how the common running costs are shared.")},
    )
    tenant = forms.ChoiceField(
        label=_("Tenant of the premises"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            (Side.MUNICIPAL, _("The municipality")),
            (Side.STATE, _("NAV (the state)")),
            ("", _("Neither, or not decided")),
        ],
    )
    note = forms.CharField(
        label=_("Other provisions"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. which common costs are shared. The operating agreement itself can "
            "be attached to the agreement."
        ),
    )


class ServicesForm(BootstrapForm):
    optional = forms.MultipleChoiceField(
        label=_("Further municipal services at the NAV office"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["optional"].choices = [(s, s) for s in services]


class PartnerForm(RequireWhenFilled):
    name = forms.CharField(label=_("Service or partner"), max_length=SHORT, required=False)
    written_agreement_needed = forms.BooleanField(
        label=_("A separate written agreement is needed"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), max_length=LONG, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    filled_when = ("name", "note", "written_agreement_needed")
    row_required = {"name": _("Name the service or partner.")}


class ValidityForm(BootstrapForm):
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if the agreement applies until it is renewed."),
    )
    until_renewed = forms.BooleanField(
        label=_(
            "The agreement applies until it is renewed, or until one of the parties terminates it"
        ),
        required=False,
    )
    evaluation_interval_months = forms.IntegerField(
        label=_("Evaluation interval in months"),
        min_value=EVALUATION_RANGE[0],
        max_value=EVALUATION_RANGE[1],
    )
    notice_months = forms.IntegerField(
        label=_("Period of notice in months"),
        min_value=NOTICE_RANGE[0],
        max_value=NOTICE_RANGE[1],
    )
