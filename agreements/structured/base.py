"""What every concern of a structured part shares: the kinds, the values and bounds of their
fields, tolerant readers of stored data, and whether a part is empty."""

from partnerships.models import OWNER_SIDES, Side

from ..models import StructuredKind

NONE = StructuredKind.NONE
PARTIES = StructuredKind.PARTIES
MEETINGS = StructuredKind.MEETINGS
LEADERSHIP = StructuredKind.LEADERSHIP
DELEGATION = StructuredKind.DELEGATION
OPERATING_AGREEMENT = StructuredKind.OPERATING_AGREEMENT
SERVICES = StructuredKind.SERVICES
COOPERATION = StructuredKind.COOPERATION
DISPUTES = StructuredKind.DISPUTES
VALIDITY = StructuredKind.VALIDITY

LEADERSHIP_MODELS = ("one", "two")
# On whose terms the NAV-leder is employed: one owner's, or each owner employs one leader.
EMPLOYMENTS = (Side.STATE, Side.MUNICIPAL, "both")
COST_KEYS = ("arsverk", "percentage", "area", "per_item")
TENANTS = (*OWNER_SIDES, "")

SHORT = 200  # names, titles, one service
MEDIUM = 500  # a step of the dispute ladder, a reference
LONG = 2000  # notes
MAX_ROWS = 30  # rows of any list
MEETINGS_RANGE = (1, 24)
EVALUATION_RANGE = (1, 60)
NOTICE_RANGE = (0, 24)


def unknown_kind(kind) -> ValueError:
    return ValueError(f"Unknown structured kind: {kind!r}")


def read_text(data: dict, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def read_lines(data: dict, key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def read_rows(data: dict, key: str) -> list[dict]:
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def read_int(data: dict, key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def is_empty(kind: str | None, data: dict) -> bool:
    """True when nothing meaningful is filled in (see the module docstring for each kind)."""
    if kind in (None, NONE) or not isinstance(data, dict) or not data:
        return True
    if kind == PARTIES:
        return not (
            read_text(data, "municipal_party")
            or read_text(data, "state_party")
            or read_lines(data, "covered_municipalities")
            or read_rows(data, "signatories")
        )
    if kind == MEETINGS:
        return not (
            data.get("meetings_per_year")
            or read_text(data, "chair")
            or read_text(data, "agenda_owner")
            or read_lines(data, "participants")
        )
    if kind == LEADERSHIP:
        return not (read_text(data, "model") and read_text(data, "employment"))
    if kind == DELEGATION:
        return not (data.get("delegated") is True or read_rows(data, "task_areas"))
    if kind == OPERATING_AGREEMENT:
        return not (
            read_text(data, "cost_key") or read_text(data, "tenant") or read_text(data, "note")
        )
    if kind == SERVICES:
        return not (read_lines(data, "legal_minimum") or read_lines(data, "optional"))
    if kind == COOPERATION:
        return not read_rows(data, "partners")
    if kind == DISPUTES:
        return not read_lines(data, "steps")
    if kind == VALIDITY:
        return not (
            data.get("valid_from") or data.get("valid_to") or data.get("until_renewed") is True
        )
    return True
