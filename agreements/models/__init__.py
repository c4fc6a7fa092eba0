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
from .imports import DocxImport
from .negotiation import (
    Comment,
    SectionRevision,
    Suggestion,
    WithdrawnApproval,
    content_hash,
)
from .templates import (
    StructuredKind,
    TemplateQuestion,
    TemplateSection,
    VeilederTemplate,
    WrittenTemplate,
)

__all__ = [
    "OWNER_SIDE_CHOICES",
    "Agreement",
    "AgreementEvent",
    "AgreementSection",
    "AgreementSignature",
    "Attachment",
    "Comment",
    "DocxImport",
    "QuestionAnswer",
    "SectionApproval",
    "SectionRevision",
    "StructuredKind",
    "Suggestion",
    "TemplateQuestion",
    "TemplateSection",
    "VeilederTemplate",
    "WrittenTemplate",
    "WithdrawnApproval",
    "content_hash",
]
