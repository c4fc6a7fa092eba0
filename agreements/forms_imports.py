"""Forms of the Word import: the upload, and one choice of veileder point per part of the file.
Whether the choices fit together (no point twice) is ``docx_import_confirm``'s rule."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .docx_import import MAX_DOCX_BYTES

DOCX_TYPES = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OWN_POINT = ""


class DocxUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The agreement as a Word file (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": DOCX_TYPES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(limit)s. Older Word files (.doc) must first be saved as .docx."
        ) % {"limit": filesizeformat(MAX_DOCX_BYTES)}


class DocxMappingForm(forms.Form):
    """A select per part (``part_<n>`` in the file's order): an own point, or a veileder
    point; ``initial`` is the proposal."""

    def __init__(self, *args, parts, points, proposal: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = list(parts)
        choices = [(OWN_POINT, _("Own point (keeps its title)"))] + [
            (str(point.pk), f"{point.number} {point.title}") for point in points
        ]
        for index, part in enumerate(self.parts):
            proposed = proposal.get(part.key)
            self.fields[self.field_name(index)] = forms.ChoiceField(
                label=" ".join(filter(None, (part.number, part.title))),
                choices=choices,
                required=False,
                initial=OWN_POINT if proposed is None else str(proposed),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    @staticmethod
    def field_name(index: int) -> str:
        return f"part_{index}"

    def chosen(self) -> dict[str, int | None]:
        """Part key → point pk or None: the valid form's choices, else the choices shown."""
        result = {}
        for index, part in enumerate(self.parts):
            name = self.field_name(index)
            if hasattr(self, "cleaned_data") and name in self.cleaned_data:
                value = self.cleaned_data[name]
            else:
                value = self[name].value()
            result[part.key] = int(value) if value and str(value).isdigit() else None
        return result
