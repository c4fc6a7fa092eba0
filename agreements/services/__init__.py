from .agreements import (
    EditConflict,
    agreement_create,
    agreement_section_add,
    agreement_section_approve,
    agreement_section_move,
    agreement_section_remove,
    agreement_section_update,
    agreement_section_withdraw_approval,
    agreement_start_revision,
    agreement_submit_for_negotiation,
    attachment_add,
    attachment_remove,
    question_answer_update,
)
from .partnerships import membership_grant, partnership_create
from .templates import veileder_template_load, veileder_templates_load_all

__all__ = [
    "EditConflict",
    "agreement_create",
    "agreement_section_add",
    "agreement_section_approve",
    "agreement_section_move",
    "agreement_section_remove",
    "agreement_section_update",
    "agreement_section_withdraw_approval",
    "agreement_start_revision",
    "agreement_submit_for_negotiation",
    "attachment_add",
    "attachment_remove",
    "membership_grant",
    "partnership_create",
    "question_answer_update",
    "veileder_template_load",
    "veileder_templates_load_all",
]
