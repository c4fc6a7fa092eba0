"""Exemption from public access (offentleglova): what an agenda item, a minutes entry or an
attachment may be marked with, and how the public version says so.

A record stores the legal basis as a code and, for § 13, the provision that imposes the duty
of confidentiality; the wording is made on display, in the reader's language.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ExemptionBasis(models.TextChoices):
    CONFIDENTIAL = "13", _("offl. § 13 – duty of confidentiality (cite the provision)")
    INTERNAL = "14", _("offl. § 14 – the body's internal document")
    OBTAINED = "15", _("offl. § 15 – document obtained for internal preparation")
    NEGOTIATION = "23", _("offl. § 23 – negotiating position")
    CONTROL = "24", _("offl. § 24 – control and regulation measures")
    PERSONNEL = "25", _("offl. § 25 – appointments and personnel matters")


class Exemptible(models.Model):
    """Fields and rules of a record that may be exempt from public access."""

    exempt_basis = models.CharField(
        _("exempt from public access"),
        max_length=2,
        choices=ExemptionBasis,
        blank=True,
        help_text=_("Only what the law allows may be withheld; the rest stays public."),
    )
    exempt_provision = models.CharField(
        _("provision on the duty of confidentiality"),
        max_length=120,
        blank=True,
        help_text=_("For § 13: the law and section, e.g. “fvl. § 13 første ledd nr. 1”."),
    )

    class Meta:
        abstract = True

    def exemption_full_clean(self) -> None:
        """Validate the exemption alone: a record whose other fields no longer validate (an
        uploader since deleted) may still be marked."""
        others = [f.name for f in self._meta.fields if not f.name.startswith("exempt_")]
        self.full_clean(exclude=others, validate_unique=False, validate_constraints=False)

    @property
    def is_exempt(self) -> bool:
        return bool(self.exempt_basis)

    def clean(self):
        super().clean()
        self.exempt_provision = self.exempt_provision.strip()
        if self.exempt_basis == ExemptionBasis.CONFIDENTIAL and not self.exempt_provision:
            raise ValidationError(
                {
                    "exempt_provision": _(
                        "§ 13 exempts only what a duty of confidentiality covers: name the "
                        "provision, e.g. “fvl. § 13 første ledd nr. 1”."
                    )
                }
            )
        if self.exempt_basis != ExemptionBasis.CONFIDENTIAL:
            self.exempt_provision = ""

    @property
    def exemption_notice(self) -> str:
        """What the public version shows instead: "Unntatt offentlighet, offl. § 13 jf. fvl.
        § 13 første ledd nr. 1"; empty when the record is public."""
        return exemption_notice(self.exempt_basis, self.exempt_provision)

    @property
    def exemption_reference(self) -> str:
        """The legal reference alone ("offl. § 13 jf. …"), as an archive's skjermingshjemmel."""
        if not self.exempt_basis:
            return ""
        reference = f"offl. § {self.exempt_basis}"
        if self.exempt_provision:
            reference += f" jf. {self.exempt_provision}"
        return reference


def exemption_notice(basis: str, provision: str = "") -> str:
    if not basis:
        return ""
    if provision:
        return gettext("Exempt from public access, offl. § %(basis)s, cf. %(provision)s") % {
            "basis": basis,
            "provision": provision,
        }
    return gettext("Exempt from public access, offl. § %(basis)s") % {"basis": basis}


def exemption_form_fields(prefix: str, basis: str, provision: str, *, label: str) -> dict:
    """The two form fields that set one record's exemption: the basis ("" = public) and, for
    § 13, the provision. ``prefix`` keeps several records apart in one form."""
    choices = [("", gettext("Public"))] + list(ExemptionBasis.choices)
    return {
        f"{prefix}basis": forms.ChoiceField(
            label=label, choices=choices, required=False, initial=basis
        ),
        f"{prefix}provision": forms.CharField(
            label=gettext("Provision on the duty of confidentiality (for § 13)"),
            required=False,
            max_length=120,
            initial=provision,
            help_text=gettext("E.g. “fvl. § 13 første ledd nr. 1” or “NAV-loven § 7”."),
        ),
    }
