"""The editor of each kind: its form and formsets, how stored data fills them, and how what
was posted becomes data for validate()."""

from django.core.exceptions import ValidationError
from django.forms import Form, Media
from django.utils.translation import gettext_lazy as _

from navpartner.texts import Text
from partnerships.models import OWNER_SIDES

from ..models import VeilederTemplate, WrittenTemplate
from .base import (
    COOPERATION,
    DELEGATION,
    DISPUTES,
    LEADERSHIP,
    LEADERSHIP_MODELS,
    MEDIUM,
    MEETINGS,
    OPERATING_AGREEMENT,
    PARTIES,
    SERVICES,
    VALIDITY,
    read_lines,
    read_rows,
)
from .forms import (
    LEADERSHIP_ARRANGEMENTS,
    BootstrapForm,
    DelegationForm,
    LeadershipForm,
    MeetingsForm,
    OperatingAgreementForm,
    PartiesForm,
    PartnerForm,
    RowsFormSet,
    ServicesForm,
    SignatoryForm,
    TaskAreaForm,
    ValidityForm,
    line_formset,
    rows_formset,
)
from .validation import validate


class StructuredEditor:
    """The form (and formsets for lists of records) that edit one structured part.

    Render with ``{% include editor.template_name with editor=editor %}`` inside the section's
    own <form>. ``is_valid()`` also runs ``validate()``, so a valid editor's ``cleaned()`` is
    always accepted by the service; its messages are shown at the fields they concern."""

    prefix = "structured"
    form_class: type[Form] = BootstrapForm
    # Keys of validate()'s errors that belong to another field of the editor.
    error_fields: dict[str, str] = {}

    def __init__(
        self, kind: str, template: VeilederTemplate | WrittenTemplate, *, data=None, initial: dict
    ):
        self.kind = kind
        self.veileder = template
        self.template_name = f"agreements/structured/{kind}.html"
        initial = initial if isinstance(initial, dict) else {}
        self.form = self.form_class(
            data=data,
            initial=self.form_initial(initial),
            prefix=self.prefix,
            **self.form_kwargs(),
        )
        self.formsets: dict[str, RowsFormSet] = {
            name: formset_class(
                data=data,
                initial=self.formset_initial(name, initial),
                prefix=f"{self.prefix}-{name.replace('_', '-')}",
                **options,
            )
            for name, (formset_class, options) in self.formset_classes().items()
        }
        self._valid: bool | None = None
        self._cleaned: dict | None = None

    # To override per kind.
    def form_kwargs(self) -> dict:
        return {}

    def formset_classes(self) -> dict[str, tuple[type, dict]]:
        return {}

    def form_initial(self, data: dict) -> dict:
        return {name: data.get(name) for name in self.form_class.base_fields}

    def formset_initial(self, name: str, data: dict) -> list[dict]:
        return read_rows(data, name)

    def collect(self) -> dict:
        return dict(self.form.cleaned_data)

    # The interface.
    def is_valid(self) -> bool:
        if self._valid is None:
            valid = self.form.is_valid()
            for formset in self.formsets.values():
                valid = formset.is_valid() and valid
            if valid:
                try:
                    self._cleaned = validate(self.kind, self.collect(), self.veileder)
                except ValidationError as exc:
                    self._attach(exc)
                    valid = False
            self._valid = valid
        return self._valid

    def cleaned(self) -> dict:
        """The normalised data for validate() and the service; only after is_valid()."""
        if not self.is_valid():
            raise ValueError("The structured editor is not valid.")
        return self._cleaned

    @property
    def forms(self) -> list[Form]:
        """Every form the editor posts: its form, and each formset's management form and rows."""
        result = [self.form]
        for formset in self.formsets.values():
            result.append(formset.management_form)
            result.extend(formset.forms)
        return result

    @property
    def non_field_errors(self):
        return self.form.non_field_errors()

    @property
    def errors(self) -> dict[str, list[str]]:
        """Every message, by field or list name (a list's row errors under the list's name)."""
        errors = {name: list(messages) for name, messages in self.form.errors.items()}
        for name, formset in self.formsets.items():
            messages = list(formset.non_form_errors())
            for row_errors in formset.errors if formset.is_bound else []:
                for field_messages in row_errors.values():
                    messages.extend(field_messages)
            if messages:
                errors[name] = messages
        return errors

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def media(self) -> Media:
        media = self.form.media
        for formset in self.formsets.values():
            media += formset.media
        return media

    def _attach(self, exc: ValidationError) -> None:
        items = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for key, errors in items.items():
            target = self.error_fields.get(key, key)
            if target in self.formsets:
                self.formsets[target].non_form_errors().extend(errors)
            elif target in self.form.fields:
                self.form.add_error(target, errors)
            else:
                self.form.add_error(None, errors)


def _lines_initial(data: dict, key: str) -> list[dict]:
    return [{"value": line} for line in read_lines(data, key)]


class PartiesEditor(StructuredEditor):
    form_class = PartiesForm

    def formset_classes(self):
        lines, options = line_formset(
            legend=_("Other municipalities covered by the agreement"),
            help_text=_(
                "Only for a host municipality (vertskommune): the municipalities that "
                "have delegated their authority to it. Leave a line empty to remove "
                "it."
            ),
            row_label=_("Municipality %(n)s"),
        )
        return {
            "covered_municipalities": (lines, options),
            "signatories": (
                rows_formset(SignatoryForm),
                {
                    "legend": _("Signatories"),
                    "help_text": _(
                        "Who signs the agreement for each party, usually the rådmann "
                        "and the director of the NAV county office."
                    ),
                    "row_label": _("Signatory %(n)s"),
                    "remove_label": _("Remove signatory %(n)s"),
                },
            ),
        }

    def formset_initial(self, name, data):
        if name == "covered_municipalities":
            return _lines_initial(data, name)
        return super().formset_initial(name, data)

    def collect(self):
        return {
            **self.form.cleaned_data,
            "covered_municipalities": self.formsets["covered_municipalities"].lines(),
            "signatories": self.formsets["signatories"].rows(),
        }


class MeetingsEditor(StructuredEditor):
    form_class = MeetingsForm

    def formset_classes(self):
        return {
            "participants": line_formset(
                legend=_("Permanent participants"),
                help_text=_(
                    "Roles, e.g. rådmann, direktør NAV fylke and NAV-leder. Leave a line "
                    "empty to remove it."
                ),
                row_label=_("Participant %(n)s"),
            )
        }

    def formset_initial(self, name, data):
        return _lines_initial(data, name)

    def collect(self):
        return {**self.form.cleaned_data, "participants": self.formsets["participants"].lines()}


class LeadershipEditor(StructuredEditor):
    form_class = LeadershipForm
    error_fields = {"model": "arrangement", "employment": "arrangement"}

    def form_initial(self, data):
        model, employment = data.get("model"), data.get("employment")
        self._initial_model = model if model in LEADERSHIP_MODELS else ""
        if model == "two":  # two leaders: each party employs one
            return {"arrangement": "two"}
        if model == "one" and employment in OWNER_SIDES:
            return {"arrangement": f"one_{employment}"}
        return {}

    def collect(self):
        arrangement = self.form.cleaned_data.get("arrangement")
        if arrangement in LEADERSHIP_ARRANGEMENTS:
            model, employment = LEADERSHIP_ARRANGEMENTS[arrangement]
            return {"model": model, "employment": employment}
        # Not chosen yet: keep the model proposed from the office, terms still open.
        return {"model": self._initial_model, "employment": ""}


class DelegationEditor(StructuredEditor):
    form_class = DelegationForm

    def formset_classes(self):
        return {
            "task_areas": (
                rows_formset(TaskAreaForm),
                {
                    "legend": _("Tasks on the other owner's area of authority"),
                    "help_text": _(
                        "Where staff employed by one owner may carry out tasks, and make "
                        "decisions, on the other owner's area of authority."
                    ),
                    "row_label": _("Task area %(n)s"),
                    "remove_label": _("Remove task area %(n)s"),
                },
            )
        }

    def collect(self):
        return {**self.form.cleaned_data, "task_areas": self.formsets["task_areas"].rows()}


class OperatingAgreementEditor(StructuredEditor):
    form_class = OperatingAgreementForm


class ServicesEditor(StructuredEditor):
    form_class = ServicesForm

    @property
    def legal_minimum(self) -> list[str]:
        return list(self.veileder.legal_minimum_services)

    @property
    def examples(self) -> list[str]:
        return list(self.veileder.optional_services)

    def form_kwargs(self):
        return {"services": self.examples}

    def formset_classes(self):
        return {
            "other": line_formset(
                legend=_("Other municipal services"),
                help_text=_(
                    "Services that are not in the list above. Leave a line empty to remove it."
                ),
                row_label=_("Service %(n)s"),
                extra=3,
            )
        }

    def form_initial(self, data):
        examples = set(self.examples)
        return {"optional": [s for s in read_lines(data, "optional") if s in examples]}

    def formset_initial(self, name, data):
        examples = set(self.examples)
        return [{"value": s} for s in read_lines(data, "optional") if s not in examples]

    def collect(self):
        return {
            "legal_minimum": self.legal_minimum,
            "optional": [*self.form.cleaned_data["optional"], *self.formsets["other"].lines()],
        }


class CooperationEditor(StructuredEditor):
    def formset_classes(self):
        return {
            "partners": (
                rows_formset(PartnerForm, extra=3),
                {
                    "legend": _("Services and partners the NAV office cooperates with"),
                    "help_text": _(
                        "E.g. schools, the health trust, the child welfare service, the "
                        "refugee service or employers."
                    ),
                    "row_label": _("Partner %(n)s"),
                    "remove_label": _("Remove partner %(n)s"),
                },
            )
        }

    def form_initial(self, data):
        return {}

    def collect(self):
        return {"partners": self.formsets["partners"].rows()}


class DisputesEditor(StructuredEditor):
    def formset_classes(self):
        return {
            "steps": line_formset(
                legend=_("Steps for resolving disputes, in order"),
                help_text=_(
                    "The parties try the first step first. Leave a line empty to remove it."
                ),
                row_label=_("Step %(n)s"),
                max_length=MEDIUM,
                multiline=True,
            )
        }

    def form_initial(self, data):
        return {}

    def formset_initial(self, name, data):
        return _lines_initial(data, name)

    def collect(self):
        return {"steps": self.formsets["steps"].lines()}


class ValidityEditor(StructuredEditor):
    form_class = ValidityForm


_EDITORS: dict[str, type[StructuredEditor]] = {
    PARTIES: PartiesEditor,
    MEETINGS: MeetingsEditor,
    LEADERSHIP: LeadershipEditor,
    DELEGATION: DelegationEditor,
    OPERATING_AGREEMENT: OperatingAgreementEditor,
    SERVICES: ServicesEditor,
    COOPERATION: CooperationEditor,
    DISPUTES: DisputesEditor,
    VALIDITY: ValidityEditor,
}


def editor(
    kind: str, template: VeilederTemplate | WrittenTemplate, *, data=None, initial: dict
) -> StructuredEditor:
    """The editor of a structured part; bound when `data` (request.POST) is given."""
    editor_class = _EDITORS.get(kind)
    if editor_class is None:
        raise ValueError(f"No editor for structured kind: {kind!r}")
    return editor_class(kind, template, data=data, initial=initial)


def field_label(kind: str | None, name: str) -> Text:
    """The label of one field of a kind's editor, as the user sees it there (written out in
    the reader's language); the field's name when the kind has no such field."""
    editor_class = _EDITORS.get(kind or "")
    field = editor_class.form_class.base_fields.get(name) if editor_class else None
    return Text.label(field.label) if field is not None and field.label else Text.plain(name)
