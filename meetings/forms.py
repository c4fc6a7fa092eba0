"""Forms for the meeting pages: they validate input and shape it for one service call."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from navpartner import limits
from navpartner.exemptions import exemption_form_fields

from .models import AgendaItem, ForumMember, MinutesApprovers, MinutesCapacity

OSLO = ZoneInfo("Europe/Oslo")


def _oslo(day, moment) -> datetime:
    """A wall-clock date and time in Oslo as an aware datetime (summer time included)."""
    return datetime.combine(day, moment, tzinfo=OSLO)


class MeetingPlanForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Write the whole address of the video link, https://…")},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The meeting must end after it starts."))
        if not self.errors and not (data.get("place") or "").strip() and not data.get("video_link"):
            raise ValidationError(_("Write where the meeting is held, or give a video link."))
        return data

    @classmethod
    def initial_from(cls, meeting) -> "MeetingPlanForm":
        """The form filled in with the meeting as planned (its times in Oslo)."""
        starts, ends = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
        return cls(
            initial={
                "date": starts.date(),
                "start": f"{starts:%H:%M}",
                "end": f"{ends:%H:%M}",
                "place": meeting.place,
                "video_link": meeting.video_link,
            }
        )

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return _oslo(data["date"], data["start"]), _oslo(data["date"], data["end"])

    def service_kwargs(self) -> dict:
        starts_at, ends_at = self.times()
        return {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": self.cleaned_data["place"],
            "video_link": self.cleaned_data["video_link"],
        }


class ItemSubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the item a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=limits.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(label=_("Presented by"), max_length=200, required=False)
    minutes_planned = forms.IntegerField(
        label=_("Minutes needed"), required=False, min_value=1, max_value=600
    )
    agreement_section = forms.TypedChoiceField(
        label=_("Point of the agreement"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {s.pk: s for s in sections}
        self.fields["agreement_section"].choices = [("", _("None"))] + [
            (s.pk, f"{s.number} {s.title}") for s in sections
        ]
        if not sections:
            del self.fields["agreement_section"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        section = data.pop("agreement_section", None)
        data["agreement_section"] = self.sections.get(section) if section else None
        return data

    @classmethod
    def initial_from(cls, item, *, sections=()) -> "ItemSubmitForm":
        """The form filled in with the item as it stands."""
        return cls(
            initial={
                "kind": item.kind,
                "title": item.title,
                "description": item.description,
                "owner": item.owner,
                "minutes_planned": item.minutes_planned,
                "agreement_section": item.agreement_section_id,
            },
            sections=sections,
        )


class ForumMemberAddForm(forms.Form):
    """Add someone who can see the partnership; `candidates` are the users to choose among."""

    user = forms.TypedChoiceField(
        label=_("Person"),
        coerce=int,
        error_messages={
            "required": _("Choose who to add."),
            "invalid_choice": _("Choose one of the partnership's members."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ForumMember.Role.choices, initial=ForumMember.Role.MEMBER
    )
    title = forms.CharField(label=_("Title"), max_length=120, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["user"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in candidates
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "user": self.candidates[data["user"]],
            "role": data["role"],
            "title": data["title"],
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        error_messages={
            "required": _("Write a reason; the one who submitted the item will see it.")
        },
    )


class DeferForm(ReasonForm):
    to_meeting = forms.TypedChoiceField(
        label=_("To meeting"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        self.fields["to_meeting"].choices = [("", _("A later meeting, not yet chosen"))] + [
            (m.pk, _meeting_label(m)) for m in meetings
        ]

    def target(self):
        pk = self.cleaned_data.get("to_meeting")
        return self.meetings.get(pk) if pk else None


def _meeting_label(meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class RecordForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=limits.MINUTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.CharField(
        label=_("Decision text"),
        required=False,
        max_length=limits.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, decision_item=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not decision_item:
            del self.fields["decision"]


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("What"),
        max_length=500,
        error_messages={"required": _("Write what is to be done.")},
    )
    owner = forms.CharField(
        label=_("Who"),
        max_length=200,
        error_messages={"required": _("Write who follows it up.")},
    )
    due_date = forms.DateField(
        label=_("Due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give a due date.")},
    )


class AttendanceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    present = forms.BooleanField(label=_("Present"), required=False)


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(f.cleaned_data.get("name", "").strip() for f in self.forms):
            raise ValidationError(_("Write the name of at least one person at the meeting."))

    def lines(self) -> list[tuple[str, str, bool]]:
        return [
            (f.cleaned_data["name"], f.cleaned_data.get("title", ""), f.cleaned_data["present"])
            for f in self.forms
            if f.cleaned_data.get("name", "").strip()
        ]


AttendanceFormSet = forms.formset_factory(
    AttendanceForm, formset=BaseAttendanceFormSet, extra=2, max_num=100, validate_max=True
)


class PublicityForm(forms.Form):
    """What of an item the public may see: the item (or only its minutes entry), and each
    attachment."""

    def __init__(self, *args, item, attachments, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachments = list(attachments)
        self.fields.update(
            exemption_form_fields("", item.exempt_basis, item.exempt_provision, label=_("The item"))
        )
        self.fields["scope"] = forms.ChoiceField(
            label=_("What is exempt"),
            choices=AgendaItem.ExemptScope.choices,
            initial=item.exempt_scope,
            widget=forms.RadioSelect,
            required=False,
        )
        for attachment in self.attachments:
            self.fields.update(
                exemption_form_fields(
                    f"attachment_{attachment.pk}_",
                    attachment.exempt_basis,
                    attachment.exempt_provision,
                    label=_("Attachment: %(title)s") % {"title": attachment.title},
                )
            )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "basis": data["basis"],
            "provision": data["provision"],
            "scope": data["scope"],
            "attachments": {
                a.pk: (data[f"attachment_{a.pk}_basis"], data[f"attachment_{a.pk}_provision"])
                for a in self.attachments
            },
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every member gets it with the cancellation."),
        error_messages={
            "required": _("Write a reason; every member gets it with the cancellation.")
        },
    )


class ResponseForm(forms.Form):
    """Coming or not (forfall), and who comes instead."""

    attending = forms.TypedChoiceField(
        label=_("Are you coming?"),
        choices=[("yes", _("Yes, I am coming")), ("no", _("No, I cannot come (absence)"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    substitute_name = forms.CharField(
        label=_("Substitute (vararepresentant)"), max_length=200, required=False
    )
    substitute_email = forms.EmailField(
        label=_("The substitute's e-mail"),
        required=False,
        help_text=_("The substitute is sent the invitation and the agenda."),
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class MinutesPublishForm(forms.Form):
    comment_deadline = forms.DateField(
        label=_("Comments due by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The members may comment until the end of this day; approval opens after."),
        error_messages={
            "required": _("Give the last day for comments."),
            "invalid": _("Write the date as dd.mm.yyyy."),
        },
    )


class MinutesCommentForm(forms.Form):
    """A comment on one item of the draft minutes, or on the whole."""

    item = forms.TypedChoiceField(label=_("On"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your comment.")},
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [("", _("The minutes as a whole"))] + [
            (item.pk, f"{item.label} {item.heading}".strip()) for item in items
        ]

    def service_kwargs(self) -> dict:
        return {
            "item": self.items.get(self.cleaned_data["item"]),
            "text": self.cleaned_data["text"],
        }


class MinutesApproversForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Who approves the minutes"),
        choices=MinutesApprovers.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Every member may comment on the draft; these approve it after the deadline. "
            "A chair who sits for neither owner is replaced by a representative of each owner."
        ),
    )


class MinutesApproveForm(forms.Form):
    """The text the approver read (its hash) and the capacity they approve in."""

    capacity = forms.ChoiceField(choices=MinutesCapacity.choices)
    content_hash = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
