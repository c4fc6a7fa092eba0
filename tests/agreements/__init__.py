"""Helpers shared by the agreements tests; their fixtures are in conftest.py."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.models import Comment, Suggestion
from partnerships.models import Side
from tests.factories import pdf_bytes

MUNICIPAL, STATE = Side.MUNICIPAL, Side.STATE


def section(agreement, number):
    return agreement.sections.get(number=number)


def write(agreement, number, user, body="<p>Avtalt tekst.</p>"):
    """Save section `number` with `body` and its structured part unchanged, as its editor
    would; returns the sides whose approval the change withdrew."""
    s = section(agreement, number)
    return services.agreement_section_update(
        section=s,
        user=user,
        title=s.title,
        body=body,
        structured_data=s.structured,
        expected_revision=s.revision,
    )


def approve_everything(agreement, *, writer, municipal, state):
    """Every section written by `writer`, then approved for both sides."""
    for s in agreement.sections.all():
        write(agreement, s.number, writer, f"<p>Tekst for {s.number}.</p>")
    for s in agreement.sections.all():
        services.agreement_section_approve(section=s, user=municipal, side=MUNICIPAL)
        services.agreement_section_approve(section=s, user=state, side=STATE)


def sign(agreement, user, side, *, earlier_start_confirmed=True, **extra):
    """`user` signs for `side`. The signatory confirms a 9.0 start before the signing day:
    the fixtures' agreements apply from 1 January 2026 and are signed later, on purpose
    (tests/agreements/test_validity_on_signing.py covers signing without confirming)."""
    return services.agreement_sign(
        agreement=agreement,
        user=user,
        side=side,
        name=user.get_full_name(),
        title="Direktør",
        place="Oslo",
        earlier_start_confirmed=earlier_start_confirmed,
        **extra,
    )


def sign_both(agreement, *, municipal, state, capture):
    """Both sides sign an approved agreement, the archival copy made; it is then in force
    if its start date has come. `capture` is django_capture_on_commit_callbacks."""
    with capture(execute=True):
        sign(agreement, municipal, MUNICIPAL)
        sign(agreement, state, STATE)
    agreement.refresh_from_db()
    return agreement


def pdf_upload(content: bytes, name="vedtak.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def delegation_attached(agreement, user):
    """A one-page PDF vedlegg (delegasjonsvedtak) added to `agreement` by `user`."""
    return services.attachment_add(
        agreement=agreement,
        user=user,
        kind="delegasjonsvedtak",
        title="Delegasjonsvedtak 2024",
        upload=pdf_upload(pdf_bytes()),
    )


def editor_post(editor) -> dict:
    """What a browser posts for a structured editor shown and not touched: every bound
    field's initial value, a list for multiple values."""
    data = {}
    for form in editor.forms:
        for bound in form:
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def section_link(agreement, number, anchor=""):
    url = reverse("agreements:section_detail", args=[agreement.pk, section(agreement, number).pk])
    return f'href="{url}{anchor}"'


def thread(agreement, number, author, side, body, visibility=Comment.Visibility.BOTH):
    s = section(agreement, number)
    return Comment.objects.create(
        section=s,
        author=author,
        side=side,
        visibility=visibility,
        body=body,
        section_revision=s.revision,
    )


def reply(root, author, side, body):
    return Comment.objects.create(
        section=root.section,
        thread=root,
        author=author,
        side=side,
        visibility=root.visibility,
        body=body,
        section_revision=root.section.revision,
    )


def suggestion(agreement, number, author, side):
    s = section(agreement, number)
    return Suggestion.objects.create(
        section=s,
        base_revision=s.revision,
        title=s.title,
        body="<p>Foreslått tekst.</p>",
        structured=s.structured,
        author=author,
        side=side,
    )


def sign_form_data(content_hash: str) -> dict:
    """What the bydelsdirektør posts on the sign page: the hash of the text read (the form's
    `content_hash`), and the confirmation that 9.0 starts before the signing (1 January 2026)."""
    return {
        "side": MUNICIPAL,
        "name": "Anders Lie",
        "title": "Bydelsdirektør",
        "place": "Oslo",
        "confirm": "on",
        "earlier_start": "on",
        "content_hash": content_hash,
    }
