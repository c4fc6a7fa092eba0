"""What the section page shows of its kept texts: what changed since the user's side approved."""

from ..models import AgreementSection
from .access import AgreementAccess


def section_revision_context(section: AgreementSection, access: AgreementAccess, user) -> dict:
    return {}
