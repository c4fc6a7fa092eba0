"""What the section page shows of the section's discussion, as the user may see it."""

from ..models import AgreementSection
from .access import AgreementAccess


def section_discussion_context(section: AgreementSection, access: AgreementAccess, user) -> dict:
    return {}
