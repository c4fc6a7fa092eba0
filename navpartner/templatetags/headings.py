"""Headings inside a printed text, placed under the heading that contains them: what makes a
tagged PDF's headings (H1…H6) nest without skipping a level, and its bookmarks follow them."""

import re

from django import template

register = template.Library()

HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter(is_safe=True)
def headings_from(html: str, level: int) -> str:
    """``html`` (sanitised rich text, whose headings start at any level) with its heading
    levels renumbered from ``level``: the highest level used becomes ``level``, the next one
    used ``level + 1``, and so on (h2, h4 under an h2 section: h3, h4), none past h6."""
    used = sorted({int(found) for _, found in HEADING_TAG.findall(html)})
    if not used:
        return html
    new = {old: min(int(level) + rank, 6) for rank, old in enumerate(used)}
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{new[int(m.group(2))]}", html)
