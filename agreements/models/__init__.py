from .agreements import (
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
