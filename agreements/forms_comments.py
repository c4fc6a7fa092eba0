"""The forms of a section's discussion: a new thread, and a reply to one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Side

from .models import Comment

BODY_MAX = Comment._meta.get_field("body").max_length


class ReplyForm(forms.Form):
    """A reply; the user picks the side they write for only if they write for several."""

    body = forms.CharField(
        label=_("Reply"),
        max_length=BODY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write something before you send the comment."),
            "max_length": _(
                "A comment can be at most %(limit_value)d characters long (it has %(show_value)d)."
            ),
        },
    )
    side = forms.ChoiceField(label=_("I write for"), choices=Side.choices)

    def __init__(self, *args, sides: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [(s, Side(s).label) for s in sides]
        if len(sides) <= 1:
            self.fields["side"].widget = forms.HiddenInput()
            self.fields["side"].required = False


class CommentForm(ReplyForm):
    """A new thread: the text, who may read it, and the side if the user writes for several."""

    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[
            (Comment.Visibility.BOTH, _("Both sides")),
            (Comment.Visibility.INTERNAL, _("Only my side (internal)")),
        ],
        initial=Comment.Visibility.BOTH,
        widget=forms.RadioSelect,
    )

    field_order = ["body", "visibility", "side"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("New comment")
