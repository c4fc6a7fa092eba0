"""The printed agenda agrees with itself and with the page: the fixed opening items are
numbered and typed like the others, an item's kind has one name on the page, in the PDF, in
the e-mail and in the form, and old minutes list the actions that were open at that meeting
(not those open today)."""

from datetime import date

import lxml.html
import pytest
from django.core import mail
from django.urls import reverse

from meetings import documents
from meetings.models import AgendaItem
from meetings.services import (
    action_add,
    action_close,
    item_accept,
    item_submit,
    meeting_mark_held,
    meeting_publish,
)

from . import at, plan

Kind = AgendaItem.Kind
ITEMS = "//article[contains(concat(' ', @class, ' '), ' item ')]"

pytestmark = pytest.mark.usefixtures("bokmal")


def accepted(meeting, secretary, member, title, kind=Kind.DECISION, minutes=None):
    item = item_submit(
        meeting=meeting,
        user=member,
        kind=kind,
        title=title,
        owner="Bydelsdirektør",
        minutes_planned=minutes,
    )
    return item_accept(item=item, user=secretary)


def agenda_table(html: str) -> list[list[str]]:
    """The saksliste as printed: each row's cells (number, title, kind[, time]) as text."""
    table = lxml.html.fromstring(html).xpath("//table[contains(@class, 'agenda-list')]")[0]
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        for row in table.xpath("./tbody/tr")
    ]


def test_the_fixed_items_are_numbered_and_typed_in_the_invitations_agenda(
    meeting, nav_leder, municipal_signatory
):
    accepted(meeting, nav_leder, municipal_signatory, "Felles tiltaksplan", minutes=30)

    rows = agenda_table(documents.meeting_invitation_html(meeting))

    assert rows == [
        ["1", "Godkjenning av innkalling og saksliste", "Vedtakssak", ""],
        ["2", "Godkjenning av referat fra forrige møte", "Vedtakssak", ""],
        ["3", "Gjennomgang av åpne oppfølgingspunkter", "Drøftingssak", ""],
        ["Sak 01/26", "Felles tiltaksplan", "Vedtakssak", "30 min"],
    ]


def test_the_fixed_items_headings_carry_their_number_and_kind(meeting, nav_leder):
    page = lxml.html.fromstring(documents.meeting_invitation_html(meeting))

    first = page.xpath(ITEMS)[0]
    assert " ".join(first.xpath(".//h3")[0].text_content().split()) == (
        "1 Godkjenning av innkalling og saksliste"
    )
    assert first.xpath(".//*[@class='item-kind']")[0].text_content() == "Vedtakssak"


def test_a_decision_item_has_one_name_on_the_page_in_the_pdf_the_e_mail_and_the_form(
    client, meeting, nav_leder, municipal_signatory
):
    accepted(meeting, nav_leder, municipal_signatory, "Felles tiltaksplan")

    printed = agenda_table(documents.meeting_invitation_html(meeting))
    client.force_login(nav_leder)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    meeting_publish(meeting=meeting, user=nav_leder)
    email = mail.outbox[0]

    assert printed[-1][2] == "Vedtakssak"
    tree = lxml.html.fromstring(page)
    assert "Vedtakssak" in [
        b.text_content() for b in tree.xpath("//span[contains(@class, 'badge')]")
    ]
    options = [o.text_content() for o in tree.xpath("//select[@name='kind']/option")]
    assert "Vedtakssak" in options
    assert "Felles tiltaksplan (vedtakssak" in email.body
    assert "(vedtakssak" in email.alternatives[0][0]
    for text in (page, email.body, documents.meeting_minutes_html(meeting)):
        assert "Beslutningssak" not in text and "beslutningssak" not in text


@pytest.fixture
def three_meetings(clock, forum, nav_leder):
    """January: actions "Leie" and "Tall" agreed. "Tall" is done before the March meeting,
    "Leie" only after it (in April). April's meeting agrees a new action, "Plan"."""
    january = plan(forum, nav_leder, at(2026, 2, 10))
    item = accepted(january, nav_leder, nav_leder, "Husleie")
    clock.move_to(at(2026, 2, 10, 12), tick=False)
    meeting_mark_held(meeting=january, user=nav_leder, attendance=[])
    rent = action_add(
        item=item, user=nav_leder, description="Leie", owner="NAV-leder", due_date=date(2026, 3, 1)
    )
    figures = action_add(
        item=item, user=nav_leder, description="Tall", owner="NAV-leder", due_date=date(2026, 3, 1)
    )
    march = plan(forum, nav_leder, at(2026, 3, 10))
    clock.move_to(at(2026, 3, 2, 9), tick=False)
    action_close(action=figures, user=nav_leder)
    clock.move_to(at(2026, 3, 10, 12), tick=False)
    meeting_mark_held(meeting=march, user=nav_leder, attendance=[])
    april = plan(forum, nav_leder, at(2026, 4, 14))
    clock.move_to(at(2026, 4, 1, 9), tick=False)
    action_close(action=rent, user=nav_leder)
    later = accepted(april, nav_leder, nav_leder, "Tiltaksplan")
    clock.move_to(at(2026, 4, 14, 12), tick=False)
    meeting_mark_held(meeting=april, user=nav_leder, attendance=[])
    action_add(
        item=later, user=nav_leder, description="Plan", owner="NAV-leder", due_date=date(2026, 6, 1)
    )
    return january, march, april


def follow_up(html: str) -> list[str]:
    """The actions listed under the printed follow-up item."""
    article = next(
        a
        for a in lxml.html.fromstring(html).xpath(ITEMS)
        if "Gjennomgang av åpne oppfølgingspunkter" in a.xpath(".//h3")[0].text_content()
    )
    return [row.xpath("./td")[0].text_content().strip() for row in article.xpath(".//tbody/tr")]


def test_old_minutes_list_the_actions_open_at_that_meeting(three_meetings):
    _january, march, april = three_meetings

    # "Leie" was open in March though it is done now; "Tall" was done before March; "Plan"
    # was only agreed in April.
    assert follow_up(documents.meeting_minutes_html(march)) == ["Leie"]
    assert follow_up(documents.meeting_minutes_html(april)) == []


def test_the_old_meetings_page_marks_an_action_done_since_and_offers_no_button(
    client, three_meetings, nav_leder
):
    _january, march, _april = three_meetings
    client.force_login(nav_leder)

    page = lxml.html.fromstring(
        client.get(reverse("meetings:meeting_detail", args=[march.pk])).text
    )

    [row] = page.xpath("//*[@data-testid='open-action']")
    assert "Leie" in row.text_content()
    assert row.xpath(".//*[@data-testid='done-since']")
    assert not row.xpath(".//form") and not row.xpath(".//*[@data-testid='overdue']")
