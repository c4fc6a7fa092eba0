from .agreements import (
    Agreement,
    AgreementEvent,
    AgreementSection,
    AgreementSignature,
    Attachment,
    QuestionAnswer,
    SectionApproval,
)
from .partnerships import County, Membership, Municipality, Office, Partnership
from .templates import StructuredKind, TemplateQuestion, TemplateSection, VeilederTemplate

__all__ = [
    "Agreement",
    "AgreementEvent",
    "AgreementSection",
    "AgreementSignature",
    "Attachment",
    "County",
    "Membership",
    "Municipality",
    "Office",
    "Partnership",
    "QuestionAnswer",
    "SectionApproval",
    "StructuredKind",
    "TemplateQuestion",
    "TemplateSection",
    "VeilederTemplate",
]
