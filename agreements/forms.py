from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from navpartner.exemptions import exemption_form_fields

from .models import OWNER_SIDE_CHOICES, Attachment, QuestionAnswer
from .richtext import EDITOR_EXTENSIONS


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = ProseEditorFormField(
        label=_("Text of the section"),
        required=False,
        config={"extensions": EDITOR_EXTENSIONS},
        preset="configurable",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class QuestionAnswerForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    content_hash = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)

    class Meta:
        model = QuestionAnswer
        fields = ["status", "note"]
        widgets = {
            "status": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class SectionAddForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("E.g. “Kommunikasjon”, “Samordning av HMS” or “Innleie og drift”."),
        widget=forms.TextInput(
            attrs={"class": "form-control", "aria-describedby": "id_title_helptext"}
        ),
    )
    number = forms.CharField(
        label=_("Number"),
        max_length=10,
        required=False,
        help_text=_("Leave empty to number it after the last section."),
        widget=forms.TextInput(
            attrs={"class": "form-control", "aria-describedby": "id_number_helptext"}
        ),
    )


class ApprovalForm(forms.Form):
    side = forms.ChoiceField(choices=OWNER_SIDE_CHOICES)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    content_hash = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), widget=forms.Select(attrs={"class": "form-select"}))
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (item["kind"], item["title"]) for item in template.attachments
        ] + [(Attachment.OTHER, _("Other"))]


class SignatureForm(forms.Form):
    side = forms.ChoiceField(label=_("Signs for"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=100)
    evidence = forms.FileField(
        label=_("Signed paper copy (PDF, optional)"),
        required=False,
        help_text=_("Upload the scanned, signed paper if the agreement was signed by hand."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    signed_on = forms.DateField(
        label=_("Date on the signed paper"),
        required=False,
        help_text=_("Only with a paper copy: the date it was signed by hand."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    earlier_start = forms.BooleanField(
        label=_("The agreement shall apply from an earlier date"),
        required=False,
        help_text=_("Only if point 9.0 deliberately gives a start date before the signing."),
    )
    confirm = forms.BooleanField(
        label=_("I have read the agreement and sign it on behalf of the party."),
    )
    content_hash = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [c for c in OWNER_SIDE_CHOICES if c[0] in sides]
        if len(sides) == 1:
            self.fields["side"].initial = sides[0]


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(
        label=_("Evaluated on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the day the parties evaluated the agreement.")},
    )
    note = forms.CharField(
        label=_("What was concluded"),
        required=False,
        max_length=250,
        help_text=_("E.g. “No changes needed” or the meeting where it was discussed."),
    )


class SuggestionForm(SectionForm):
    """Proposed wording: a section's text as the editor writes it, and whether the
    proposing side approves it if the other side accepts."""

    approve_on_accept = forms.BooleanField(
        label=_("My side approves the wording if the other side accepts it"),
        required=False,
        initial=True,
    )


class SuggestionAcceptForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SuggestionRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you reject it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "Say why the suggestion is rejected, so the other side knows what to change."
            )
        },
    )


class AttachmentPublicityForm(forms.Form):
    """Whether the public may see a vedlegg, and on what legal basis not."""

    def __init__(self, *args, attachment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            exemption_form_fields(
                "",
                attachment.exempt_basis,
                attachment.exempt_provision,
                label=_("Public access"),
            )
        )
