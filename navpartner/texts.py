"""Sentences stored without a language, written out in the reader's.

A notification or a reminder is kept as a Text: the English msgid of its sentence (and its
plural form, with the parameter that chooses between them) and its parameters. Each reader
gets it in their own language when it is shown or e-mailed (``str(text)`` under
``translation.override``). A parameter is a name or a number (as is), a date (formatted
for the reader), or another Text (a label, a second sentence).

The msgids are the catalogue's own: mark them with ``gettext_noop`` / ``ngettext_noop`` here
so that ``makemessages`` finds them."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, ngettext


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for ``makemessages`` (``--keyword=ngettext_noop:1,2``)."""
    return singular, plural


@dataclass(frozen=True)
class Date:
    """A date written the reader's way (a Django format name)."""

    day: dt.date
    format: str = "SHORT_DATE_FORMAT"


@dataclass(frozen=True)
class Text:
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: str = ""  # the parameter that chooses singular or plural
    #: Several sentences, written one after the other (msgid then unused).
    parts: tuple["Text", ...] = ()
    #: Not translated: a user's own words (msgid is the text itself).
    literal: bool = False
    #: What stands between the parts.
    sep: str = " "

    @classmethod
    def plain(cls, text: str) -> "Text":
        return cls(text, literal=True)

    @classmethod
    def counted(cls, forms: tuple[str, str], count: str, params: Mapping[str, Any]) -> "Text":
        """Singular or plural (``ngettext_noop``) as the parameter ``count`` says."""
        singular, plural = forms
        return cls(singular, params, plural=plural, count=count)

    @classmethod
    def label(cls, lazy: Promise) -> "Text":
        """A choice's label (``Side.MUNICIPAL.label``), from its gettext_lazy msgid."""
        (msgid,) = lazy._args  # type: ignore[attr-defined]
        return cls(msgid)

    @classmethod
    def joined(cls, *parts: "Text", sep: str = " ") -> "Text":
        return cls("", parts=tuple(parts), sep=sep)

    @classmethod
    def of(cls, value: "Text | str") -> "Text":
        return value if isinstance(value, Text) else cls.plain(value)

    def __str__(self) -> str:
        if self.parts:
            return self.sep.join(str(part) for part in self.parts)
        if self.literal:
            return self.msgid
        if self.plural:
            template = ngettext(self.msgid, self.plural, self.params[self.count])
        else:
            template = gettext(self.msgid)
        if not self.params:
            return template
        return template % {name: _written(value) for name, value in self.params.items()}

    # --- storage ----------------------------------------------------------------------

    def to_json(self) -> dict:
        if self.parts:
            data = {"parts": [part.to_json() for part in self.parts]}
            return data | {"sep": self.sep} if self.sep != " " else data
        if self.literal:
            return {"literal": self.msgid}
        data: dict[str, Any] = {"msgid": self.msgid}
        if self.plural:
            data |= {"plural": self.plural, "count": self.count}
        if self.params:
            data["params"] = {name: _encode(value) for name, value in self.params.items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Text":
        if "parts" in data:
            parts = (cls.from_json(part) for part in data["parts"])
            return cls.joined(*parts, sep=data.get("sep", " "))
        if "literal" in data:
            return cls.plain(data["literal"])
        return cls(
            data["msgid"],
            {name: _decode(value) for name, value in data.get("params", {}).items()},
            plural=data.get("plural", ""),
            count=data.get("count", ""),
        )


def _written(value):
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, Date):
        return date_format(value.day, value.format)
    return value


def _encode(value):
    if isinstance(value, Text):
        return {"text": value.to_json()}
    if isinstance(value, Date):
        return {"date": value.day.isoformat(), "format": value.format}
    if isinstance(value, int | str):
        return value
    return str(value)  # a model (a partnership, a forum): its name


def _decode(value):
    if isinstance(value, dict) and "text" in value:
        return Text.from_json(value["text"])
    if isinstance(value, dict) and "date" in value:
        return Date(dt.date.fromisoformat(value["date"]), value["format"])
    return value


__all__ = ["Date", "Text", "gettext_noop", "ngettext_noop"]
