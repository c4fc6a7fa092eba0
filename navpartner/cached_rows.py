"""Rows of a list across partnerships kept in the cache as HTML.

A row's HTML is kept under a digest of everything it shows (the page's fingerprint of the
row), the language and the text of the row's templates: a row is rendered again only when
something it shows has changed, and any user who sees the same row gets the same entry."""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# A row not shown for this long is rendered again when next shown.
ROW_CACHE_SECONDS = 7 * 24 * 3600


def kept_many(keys: Sequence[str], make: Callable[[int], str], seconds: int) -> list[str]:
    """The text kept in the cache under each key, in order; one missing is made by
    ``make(its index)`` and kept for ``seconds``. One cache read and at most one write."""
    kept = cache.get_many(keys)
    new = {}
    for index, key in enumerate(keys):
        if key not in kept:
            kept[key] = new[key] = str(make(index))
    if new:
        cache.set_many(new, seconds)
    return [kept[key] for key in keys]


@dataclass
class CachedRows:
    """``template`` renders one row (as ``row``) and ``includes`` are the templates it
    includes; ``fingerprint(row)`` gives, as plain values, everything they show of it."""

    key: str
    template: str
    fingerprint: Callable[[Any], tuple]
    includes: tuple[str, ...] = ()
    _digest: str = field(default="", init=False, repr=False)

    def template_digest(self) -> str:
        """The text of the row's templates, digested: a change to any of them makes new
        cache entries."""
        if not self._digest:
            sources = "\0".join(
                get_template(name).template.source for name in (self.template, *self.includes)
            )
            self._digest = hashlib.sha256(sources.encode()).hexdigest()
        return self._digest

    def html(self, rows: Sequence[Any]) -> list[SafeString]:
        """Each row's HTML, in order: from the cache where a row shows what it showed when
        it was kept, else rendered and kept. One cache read and at most one write."""
        head = repr((self.template_digest(), get_language()))
        keys = [
            f"rows:{self.key}:"
            + hashlib.sha256((head + repr(self.fingerprint(row))).encode()).hexdigest()
            for row in rows
        ]
        html = kept_many(
            keys, lambda i: render_to_string(self.template, {"row": rows[i]}), ROW_CACHE_SECONDS
        )
        return [mark_safe(text) for text in html]  # noqa: S308 - the row's template escaped it
