"""The printed meeting papers: the invitation (møteinnkalling) and the minutes
(møteprotokoll), rendered through the product's one PDF renderer and read back as text."""

import io
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader

from meetings import documents
from meetings.models import AgendaItem, MinutesCapacity
from meetings.services import (
    action_add,
    item_accept,
    item_record,
    item_submit,
    meeting_mark_held,
)
from navpartner import pdf as pdf_module
from navpartner.pdf import render_pdf

from . import approve_minutes, at, plan

Kind = AgendaItem.Kind
HOSTILE = '<img src="file:///etc/passwd">'


pytestmark = pytest.mark.usefixtures("bokmal")


@pytest.fixture(autouse=True)
def march(clock):
    """Friday 20 March 2026, 09:00: the papers are made before the April meeting."""
    clock.move_to(at(2026, 3, 20, 9), tick=False)


@pytest.fixture
def held(forum, clock, nav_leder, municipal_signatory):
    """Tuesday 14 April 2026, 09.00–11.00: two items accepted, one a decision with a decision
    and an action; held, minutes written, not yet approved."""
    meeting = plan(forum, nav_leder, at(2026, 4, 14, 9), place="Grorud, møterom Æsøy")
    decision = item_submit(
        meeting=meeting,
        user=municipal_signatory,
        kind=Kind.DECISION,
        title="Felles tiltaksplan for unge brukere",
        description="Forslag til plan.\nMed mål fra begge styringslinjer.",
        owner="Bydelsdirektør",
        minutes_planned=30,
    )
    item_accept(item=decision, user=nav_leder)
    hostile = item_submit(
        meeting=meeting,
        user=municipal_signatory,
        kind=Kind.ORIENTATION,
        title=f"Økonomi og årsrapport {HOSTILE}",
        owner="NAV-leder",
    )
    item_accept(item=hostile, user=nav_leder)
    clock.move_to(at(2026, 4, 20, 9), tick=False)
    meeting_mark_held(
        meeting=meeting,
        user=nav_leder,
        attendance=[
            ("Åse Bøe", "Bydelsdirektør", True),
            ("Ingrid Dahl", "NAV-leder", True),
            ("Hilde Bakken", "Direktør NAV Oslo", False),
        ],
    )
    item_record(
        item=decision,
        user=nav_leder,
        minutes="Planen ble lagt fram.\nEierne støttet den.",
        decision="Tiltaksplanen vedtas slik den er lagt fram.",
    )
    action_add(
        item=decision,
        user=nav_leder,
        description="Følge opp planen med tall for første kvartal",
        owner="Kjærsti Ødegård",
        due_date=date(2026, 6, 1),
    )
    return meeting


def pdf_text(html: str) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_invitation_has_the_header_the_members_and_the_numbered_agenda(held, forum):
    text, pages = pdf_text(documents.meeting_invitation_html(held))
    words = flat(text)

    assert _("Meeting invitation") in words
    assert forum.name in words
    assert "NAV Grorud" in words
    assert "tirsdag 14. april 2026" in words
    assert _("at %(start)s–%(end)s") % {"start": "09:00", "end": "11:00"} in words
    assert "Grorud, møterom Æsøy" in words
    assert _("Deadline for items") in words
    assert "tirsdag 31. mars 2026" in words  # 14 days before
    assert "Godkjenning av innkalling og saksliste" in words
    assert "Sak 01/26" in words and "Sak 02/26" in words
    assert "Felles tiltaksplan for unge brukere" in words
    assert "Vedtakssak" in words and "Orienteringssak" in words
    assert "Bydelsdirektør" in words
    assert words.count(forum.name) >= pages  # the running header, on every page
    for number in range(1, pages + 1):
        assert f"Side {number} av {pages}" in words


def test_the_minutes_have_attendance_decisions_actions_and_a_draft_mark(held, forum):
    text, pages = pdf_text(documents.meeting_minutes_html(held))
    words = flat(text)

    assert _("Minutes of the meeting") in words
    assert forum.name in words
    assert "Sak 01/26 Felles tiltaksplan for unge brukere" in words
    assert _("Present") in words and "Åse Bøe" in words
    assert _("Absent") in words and "Hilde Bakken" in words
    assert "Planen ble lagt fram." in words
    assert _("Decision:") in words
    assert "Tiltaksplanen vedtas slik den er lagt fram." in words
    assert "Følge opp planen med tall for første kvartal" in words
    assert "Kjærsti Ødegård" in words
    assert "01.06.2026" in words
    assert _("Draft – not approved") in words
    assert _("The minutes were approved %(date)s by %(name)s.").split("%")[0] not in words
    for number in range(1, pages + 1):
        assert f"Side {number} av {pages}" in words


def test_approved_minutes_name_each_approver_with_capacity_and_date(
    held, nav_leder, approvers, clock
):
    approve_minutes(held, nav_leder, clock, approvers)
    html = documents.meeting_minutes_html(held)
    words = flat(pdf_text(html)[0])

    assert _("The minutes are approved by") in words
    for user, capacity in approvers:
        assert user.get_full_name() in words
        assert str(MinutesCapacity(capacity).label) in words
    # Approved the day after the comment deadline; the paper is dated by the last approval.
    assert words.count("21. april 2026 kl. 09:00") == 3
    assert _("Draft – not approved") not in words
    assert 'class="watermark"' not in html


def test_approved_minutes_print_the_same_whenever_printed(held, nav_leder, approvers, clock):
    approve_minutes(held, nav_leder, clock, approvers)
    first = documents.meeting_minutes_html(held)
    clock.move_to(at(2026, 6, 1, 12), tick=False)

    assert documents.meeting_minutes_html(held) == first


def test_user_text_is_escaped_and_line_breaks_kept(held):
    minutes = documents.meeting_minutes_html(held)
    invitation = documents.meeting_invitation_html(held)

    for html in (minutes, invitation):
        assert HOSTILE not in html
        assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "Planen ble lagt fram.<br>Eierne støttet den." in minutes
    assert "Forslag til plan.<br>Med mål fra begge styringslinjer." in invitation


@pytest.mark.parametrize("render", ["meeting_invitation_html", "meeting_minutes_html"])
def test_hostile_text_is_printed_and_nothing_is_fetched(held, monkeypatch, render):
    fetched = []
    fetch = pdf_module.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf_module.StaticOnlyFetcher, "fetch", spy)
    html = getattr(documents, render)(held)
    words = flat(pdf_text(html)[0])

    assert HOSTILE in words
    assert fetched == [
        pdf_module.STATIC_ORIGIN + "pdf/print.css",
        pdf_module.STATIC_ORIGIN + "pdf/meeting.css",
    ]


@pytest.mark.parametrize(
    ("context", "template"),
    [
        (documents.meeting_invitation_context, "pdf/meeting_invitation.html"),
        (documents.meeting_minutes_context, "pdf/meeting_minutes.html"),
    ],
)
def test_the_templates_make_no_queries(held, django_assert_num_queries, context, template):
    # The agenda loads the items' attachments; the archive references are two more, the
    # approvals of the minutes one.
    with django_assert_num_queries(12):
        data = context(held)
    with django_assert_num_queries(0):
        html = render_to_string(template, data)
    assert "Sak 02/26" in html
