"""Formatted agreement text: what the editor offers is exactly what the server keeps.

django-prose-editor builds both the browser editor and the nh3 allowlist from one extension
configuration, so a tag the editor cannot make never survives a save either."""

from django_prose_editor.fields import create_sanitizer

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

sanitize_html = create_sanitizer(EDITOR_EXTENSIONS)
