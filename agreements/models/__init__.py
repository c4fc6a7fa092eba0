from .agreements import (
    OWNER_SIDE_CHOICES,
    Agreement,
    AgreementEvent,
    AgreementSection,
    AgreementSignature,
    Attachment,
    QuestionAnswer,
    SectionApproval,
)
from .templates import StructuredKind, TemplateQuestion, TemplateSection, VeilederTemplate

__all__ = [
    "OWNER_SIDE_CHOICES",
    "Agreement",
    "AgreementEvent",
    "AgreementSection",
    "AgreementSignature",
    "Attachment",
    "QuestionAnswer",
    "SectionApproval",
    "StructuredKind",
    "TemplateQuestion",
    "TemplateSection",
    "VeilederTemplate",
]
