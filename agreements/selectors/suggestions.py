"""What the section page shows of the wording proposed for the section."""

from ..models import AgreementSection
from .access import AgreementAccess


def section_suggestions_context(section: AgreementSection, access: AgreementAccess, user) -> dict:
    return {}
