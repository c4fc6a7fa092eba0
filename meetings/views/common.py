"""Shared by the meeting views."""


def auto_id(form_name: str, item_pk: int) -> str:
    """Element ids for one of an item's forms, unique on the page (many items, many forms)."""
    return f"id_{form_name}_{item_pk}_%s"
