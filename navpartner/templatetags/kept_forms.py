"""``{{ form|kept_crispy }}`` and ``{{ field|kept_crispy_field }}``: a form (a field) as
crispy's ``|crispy`` (``|as_crispy_field``) renders it, kept in the cache while it is empty.

A page that offers an empty form (an expense, årsverk, the minutes of an item, an action)
renders the same HTML for it on every view, at about half a millisecond a field. An unbound
form's HTML is kept under a digest of everything the templates read of it: the form's class,
prefix and ids; each field's kind, label, help text and requirement; the context its widget
renders from (name, value, attributes, options); the language; and the versions of the
packages whose templates render it. A bound form (the user's input, its errors) is always
rendered.
"""

import hashlib
import json
from functools import cache as memoize
from importlib.metadata import version

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms, template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from navpartner.cached_rows import kept_many

register = template.Library()

# A form not shown for this long is rendered again when next shown.
CACHE_SECONDS = 24 * 3600


@memoize
def _packages() -> tuple[str, ...]:
    return tuple(version(name) for name in ("django", "django-crispy-forms", "crispy-bootstrap5"))


def _field_facts(bound: forms.BoundField) -> list:
    """What crispy's field template and the widget read of one field of an unbound form."""
    field, widget = bound.field, bound.field.widget
    attrs = bound.build_widget_attrs({})
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return [
        type(field).__qualname__,
        type(widget).__qualname__,
        bound.label,
        bound.help_text,
        field.required,
        field.disabled,
        field.show_hidden_initial,
        widget.get_context(bound.html_name, bound.value(), attrs),
    ]


def _digest(form: forms.BaseForm, fields: list) -> str:
    described = [
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        form.label_suffix,
        getattr(form, "required_css_class", None),
        get_language(),
        _packages(),
        fields,
    ]
    text = json.dumps(described, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def form_fingerprint(form: forms.BaseForm) -> str:
    """A digest of everything crispy's templates and the widgets read of an unbound form."""
    return _digest(form, [_field_facts(bound) for bound in form])


def _kept(key: str, render) -> SafeString:
    (html,) = kept_many([key], lambda _index: render(), CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - crispy's templates rendered and escaped it


@register.filter
def kept_crispy(form: forms.BaseForm) -> SafeString:
    if form.is_bound:
        return as_crispy_form(form)
    return _kept("kept-form:" + form_fingerprint(form), lambda: as_crispy_form(form))


@register.filter
def kept_crispy_field(bound: forms.BoundField) -> SafeString:
    """One field as crispy's ``|as_crispy_field`` renders it, kept while its form is
    unbound (under the form's class and ids and the field's facts)."""
    if bound.form.is_bound:
        return as_crispy_field(bound)
    key = "kept-field:" + _digest(bound.form, [bound.name, _field_facts(bound)])
    return _kept(key, lambda: as_crispy_field(bound))
