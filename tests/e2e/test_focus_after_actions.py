"""After an action that reloads the page, the keyboard focus stays where the user acted and the
result is said: approving a point focuses the approval card, which confirms it; moving an
agenda item keeps the focus on that item's move button, so it can be pressed again at once.
axe-core runs on the pages before and after."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from agreements.models import Agreement, SectionApproval
from meetings import services
from meetings.models import AgendaItem, Meeting

from . import tab_to

User = get_user_model()

pytestmark = pytest.mark.e2e

BYDEL = "bydelsdirektor.grorud"
SECRETARY = "navleder.grorud"
NUMBER = "5.0"


def test_approving_a_point_by_keyboard_focuses_the_confirmation(login, demo, assert_accessible):
    agreement = Agreement.objects.get(
        partnership__office__name="NAV Grorud", status=Agreement.Status.NEGOTIATION
    )
    point = agreement.sections.get(number=NUMBER)
    assert not point.approvals.filter(side="municipal").exists()
    page = login(BYDEL)
    page.goto(f"{demo}/avtaler/{agreement.pk}/punkt/{point.pk}/")
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Godkjenn for kommunal side"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert SectionApproval.objects.filter(section=point, side="municipal").exists()
    card = page.get_by_test_id("approval-card")
    expect(card).to_be_focused()
    status = card.get_by_role("status")
    expect(status).to_have_text("Punktet er godkjent for kommunal side.")
    expect(card).to_have_accessible_description("Punktet er godkjent for kommunal side.")
    # The next Tab goes on from the card: to the button that withdraws what was just given.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Trekk kommunal sides godkjenning")).to_be_focused()
    assert_accessible(page)

    # Withdrawn again at once: the card keeps the focus and says so.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not SectionApproval.objects.filter(section=point, side="municipal").exists()
    expect(card).to_be_focused()
    expect(status).to_have_text("Kommunal sides godkjenning av punktet er trukket tilbake.")

    # A later visit to the page says nothing about an approval given earlier.
    page.goto(f"{demo}/avtaler/{agreement.pk}/punkt/{point.pk}/")
    expect(page.get_by_test_id("approval-status")).to_have_count(0)


def test_moving_an_agenda_item_by_keyboard_keeps_the_focus_on_it(login, demo, assert_accessible):
    meeting = Meeting.objects.get(
        forum__partnership__office__name="NAV Grorud", status__in=["planned", "published"]
    )

    def ordinary():
        return list(
            meeting.items.filter(status=AgendaItem.Status.ACCEPTED, fixed="")
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )

    # The demo's planned meeting has two submitted items; the secretary puts them on the
    # agenda with a third of her own, so one item can go down twice.
    leader = User.objects.get(username=SECRETARY)
    for submitted in meeting.items.filter(status=AgendaItem.Status.SUBMITTED):
        services.item_accept(item=submitted, user=leader)
    own = services.item_submit(
        meeting=meeting,
        user=leader,
        kind=AgendaItem.Kind.ORIENTATION,
        title="Status for NAV Grorud",
    )
    services.item_accept(item=own, user=leader)
    order = ordinary()
    assert len(order) == 3
    item = order[0]
    page = login(SECRETARY)
    page.goto(f"{demo}/moter/{meeting.pk}/")
    assert_accessible(page)

    down = page.locator(f"#item-{item}").get_by_role("button", name=re.compile(r"ned$"))
    tab_to(page, down)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert ordinary().index(item) == 1
    down = page.locator(f"#item-{item}").get_by_role("button", name=re.compile(r"ned$"))
    expect(down).to_be_focused()
    expect(page.locator(f"#item-{item}").get_by_role("status")).to_contain_text("Flyttet")
    assert_accessible(page)

    # Pressed again at once, without tabbing back to it.
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert ordinary().index(item) == 2
    expect(
        page.locator(f"#item-{item}").get_by_role("button", name=re.compile(r"ned$"))
    ).to_be_focused()
