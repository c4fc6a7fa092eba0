"""The structured parts of an agreement's sections, besides their free text.

Some veileder points carry data that other parts of the product read (who signs, how often the
partnership meets, which services the office offers, when the agreement ends …). It is stored
as JSON in ``AgreementSection.structured``; the kind comes from ``TemplateSection.structured``.

* ``initial()``  – the proposal a new agreement starts from (from the partnership and veileder);
* ``validate()`` – checks and normalises data from any source; the only way data is saved;
* ``is_empty()`` – whether nothing meaningful is filled in (the completeness check uses it);
* ``render()``   – the part as readable, escaped HTML, as in the printed agreement;
* ``editor()``   – the form (and formsets for lists) that edits it, prefix ``structured``.

The rendered text is the agreement's own wording and therefore always Norwegian, like the
section texts; the editor's labels and the validation messages are translated UI strings.

JSON schema per kind (other apps read these keys)::

    parties              {"municipal_party": str, "state_party": str,
                          "covered_municipalities": [str],
                          "signatories": [{"side": "municipal"|"state", "name": str, "title": str}]}
    meetings             {"meetings_per_year": int 1..24, "chair": str, "agenda_owner": str,
                          "participants": [str]}
    leadership           {"model": "one"|"two", "employment": "state"|"municipal"|"both"}
    delegation           {"delegated": bool, "decision_reference": str,
                          "task_areas": [{"area": str, "owner": "municipal"|"state",
                                          "description": str}]}
    operating_agreement  {"cost_key": "arsverk"|"percentage"|"area"|"per_item",
                          "tenant": "municipal"|"state"|"", "note": str}
    services             {"legal_minimum": [str], "optional": [str]}
    cooperation          {"partners": [{"name": str, "written_agreement_needed": bool,
                                        "note": str}]}
    disputes             {"steps": [str]}
    validity             {"valid_from": "YYYY-MM-DD"|None, "valid_to": "YYYY-MM-DD"|None,
                          "until_renewed": bool, "evaluation_interval_months": int 1..60,
                          "notice_months": int 0..24}

When a part counts as empty (``is_empty``):

* parties: no party names, no covered municipalities and no signatories;
* meetings: no number of meetings, chair, agenda owner or participants;
* leadership: the model or the terms of employment is not chosen yet;
* delegation: nothing is delegated and no task areas are listed. "No delegation" is then said,
  if at all, in the section's text; the part renders as nothing;
* operating_agreement: no cost key, tenant or note;
* services: neither legal minimum nor optional services (never, once initialised);
* cooperation: no partners; disputes: no steps;
* validity: no dates and not "until renewed".

The package is split by concern, each module with its per-kind dispatch next to the functions
it dispatches to: ``base`` (kinds, bounds, readers of stored data, ``is_empty``), ``proposals``
(``initial``), ``validation``, ``rendering`` (the agreement's Norwegian wording), ``forms``
and ``editors`` (the translated UI).
"""

from .base import (
    COOPERATION,
    DELEGATION,
    DISPUTES,
    LEADERSHIP,
    MEETINGS,
    NONE,
    OPERATING_AGREEMENT,
    PARTIES,
    SERVICES,
    VALIDITY,
    is_empty,
)
from .editors import StructuredEditor, editor, field_label
from .proposals import initial
from .rendering import render
from .validation import validate

__all__ = [
    "COOPERATION",
    "DELEGATION",
    "DISPUTES",
    "LEADERSHIP",
    "MEETINGS",
    "NONE",
    "OPERATING_AGREEMENT",
    "PARTIES",
    "SERVICES",
    "VALIDITY",
    "StructuredEditor",
    "editor",
    "field_label",
    "initial",
    "is_empty",
    "render",
    "validate",
]
