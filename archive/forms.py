import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REFERENCE = re.compile(r"^\s*(\d{4})\s*/\s*(\d{1,7})\s*$")


def parse_reference(value: str) -> tuple[int, int] | None:
    """ "2026/1234" -> (2026, 1234); "" -> None; anything else is a ValidationError."""
    if not value.strip():
        return None
    match = REFERENCE.match(value)
    if match is None or int(match[2]) == 0:
        raise ValidationError(
            _("Write the number as year/number, for example 2026/1234."), code="format"
        )
    return int(match[1]), int(match[2])


class ReferencesForm(forms.Form):
    saksnummer = forms.CharField(
        label=_("Case number (saksnummer)"),
        required=False,
        max_length=20,
        help_text=_("The partnership's case in the archive, as year/number: 2026/1234."),
    )
    journalpost = forms.CharField(
        label=_("Journal entry number (journalpost)"),
        required=False,
        max_length=20,
        help_text=_("This document's journal entry in the archive, as year/number: 2026/5678."),
    )

    def clean_saksnummer(self):
        return parse_reference(self.cleaned_data["saksnummer"])

    def clean_journalpost(self):
        return parse_reference(self.cleaned_data["journalpost"])
