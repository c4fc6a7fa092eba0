"""What of an agenda item the public may see (offentleglova): the secretary marks the item,
its minutes entry or an attachment as exempt, with the legal basis; the public versions of
the invitation and the minutes then show the notice instead."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import AgendaItem
from ._common import _lock_forum, _lock_item, _secretary


@transaction.atomic
def item_publicity_set(
    *,
    item: AgendaItem,
    user,
    basis: str,
    provision: str = "",
    scope: str = AgendaItem.ExemptScope.ITEM,
    attachments: dict[int, tuple[str, str]] | None = None,
) -> AgendaItem:
    """Set the exemption of the item (``basis`` "" = public) and of its attachments
    (``attachments``: attachment id -> (basis, provision); attachments not named keep
    theirs). The secretary only, at any time: an exemption is assessed again when someone
    asks for access. Nothing is saved unless every part is valid."""
    _secretary(user, _lock_forum(item.forum_id))
    current = _lock_item(item.pk)
    current.exempt_basis, current.exempt_provision = basis, provision
    current.exempt_scope = scope or AgendaItem.ExemptScope.ITEM
    errors = {}
    try:
        current.exemption_full_clean()
    except ValidationError as error:
        errors.update({_field(name): m for name, m in error.message_dict.items()})
    attachments = attachments or {}
    changed = []
    for attachment in current.attachments.select_for_update().order_by("pk"):
        if attachment.pk not in attachments:
            continue
        attachment.exempt_basis, attachment.exempt_provision = attachments[attachment.pk]
        try:
            attachment.exemption_full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"attachment_{attachment.pk}_{_field(name)}"] = messages
        changed.append(attachment)
    if errors:
        raise ValidationError(errors)
    current.save(update_fields=["exempt_basis", "exempt_provision", "exempt_scope"])
    for attachment in changed:
        attachment.save(update_fields=["exempt_basis", "exempt_provision"])
    return current


def _field(name: str) -> str:
    """The form's name of a model field ("exempt_provision" -> "provision")."""
    return name.removeprefix("exempt_")
