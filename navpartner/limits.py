"""How long a free text may be. Every text field people write in has a limit, checked by
full_clean — so by every service, whichever form or import the text came from; the meeting
forms also tell the browser (maxlength)."""

from django.core.validators import MaxLengthValidator

NOTE = 2_000  # a note, a reason, a comment on the minutes
COMMENT = 5_000  # a comment in a discussion
DESCRIPTION = 10_000  # an agenda item's description or decision, a question, a source note
MINUTES = 50_000  # the minutes of one agenda item
DOCUMENT = 200_000  # the text of an agreement point (HTML)


def text_limit(limit: int) -> dict:
    """The keyword arguments of a TextField of at most `limit` characters."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}
