"""Minutes approved by the parties: the draft out for comment with a deadline, comments per
item, approvals by the capacities the forum's rule names, each bound to the exact text; a
change after an approval withdraws it; approval by all freezes the minutes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings.minutes_review import minutes_capacities, minutes_content, minutes_hash
from meetings.models import (
    Meeting,
    MeetingEvent,
    MinutesApproval,
    MinutesApprovers,
    MinutesCapacity,
    MinutesComment,
)
from meetings.services import (
    StaleMinutes,
    action_add,
    forum_member_add,
    item_record,
    meeting_mark_held,
    minutes_approve,
    minutes_comment_add,
    minutes_publish,
)
from oversight.models import Notification

from . import Role, accepted, at, codes, meeting_url, nb

Capacity = MinutesCapacity


@pytest.fixture
def item(meeting, nav_leder, municipal_signatory):
    return accepted(meeting, nav_leder, municipal_signatory, "Budsjett for neste år")


@pytest.fixture
def held(meeting, item, nav_leder, clock):
    """The 10 March meeting, held; the minutes of its item written."""
    clock.move_to(at(2026, 3, 10, 12), tick=False)
    meeting_mark_held(
        meeting=meeting,
        user=nav_leder,
        attendance=[("Åse Bøe", "Bydelsdirektør", True), ("Rune Rådgiver", "Rådgiver", True)],
    )
    item_record(item=item, user=nav_leder, minutes="Budsjettet ble drøftet.")
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def published(held, nav_leder):
    """The draft out for comment until 17 March."""
    minutes_publish(meeting=held, user=nav_leder, comment_deadline=date(2026, 3, 17))
    held.refresh_from_db()
    return held


def approve(meeting, user, capacity):
    return minutes_approve(
        meeting=meeting,
        user=user,
        capacity=capacity,
        expected_hash=minutes_hash(minutes_content(meeting)),
    )


# --- sending the draft ---------------------------------------------------------------------


def test_the_secretary_sends_the_draft_and_the_members_are_told(
    held, nav_leder, municipal_signatory, reader, mailoutbox
):
    told = minutes_publish(meeting=held, user=nav_leder, comment_deadline=date(2026, 3, 17))

    assert told == 2
    held.refresh_from_db()
    assert held.minutes_comment_deadline == date(2026, 3, 17)
    notice = Notification.objects.get(user=municipal_signatory, kind="minutes_published")
    assert "17. mars 2026" in notice.message
    assert not Notification.objects.filter(user=nav_leder).exists()
    assert held.events.filter(kind=MeetingEvent.Kind.MINUTES_PUBLISHED).exists()
    assert held.minutes_texts.count() == 1


@pytest.mark.parametrize(
    ("deadline", "code"), [(date(2026, 3, 9), "past"), (date(2026, 7, 1), "too_far")]
)
def test_a_deadline_before_today_or_too_far_is_refused(held, nav_leder, deadline, code):
    with pytest.raises(ValidationError) as error:
        minutes_publish(meeting=held, user=nav_leder, comment_deadline=deadline)

    assert codes(error.value) == {code}
    held.refresh_from_db()
    assert held.minutes_published_at is None


def test_only_the_secretary_sends_the_draft_and_only_of_a_held_meeting(
    meeting, held, nav_leder, municipal_signatory
):
    with pytest.raises(PermissionDenied):
        minutes_publish(meeting=held, user=municipal_signatory, comment_deadline=date(2026, 3, 17))


def test_the_draft_of_a_meeting_not_held_is_refused(meeting, nav_leder):
    with pytest.raises(ValidationError) as error:
        minutes_publish(meeting=meeting, user=nav_leder, comment_deadline=date(2026, 3, 17))
    assert codes(error.value) == {"not_held"}


# --- comments ------------------------------------------------------------------------------


def test_members_comment_on_an_item_and_on_the_whole_until_the_deadline(
    published, item, reader, municipal_signatory, clock
):
    minutes_comment_add(meeting=published, user=reader, item=item, text="Skriv beløpet.")
    minutes_comment_add(meeting=published, user=municipal_signatory, text="Ellers greit.")
    clock.move_to(at(2026, 3, 17, 23, 59), tick=False)
    minutes_comment_add(meeting=published, user=reader, text="Siste minutt.")

    assert list(MinutesComment.objects.values_list("item", "text")) == [
        (item.pk, "Skriv beløpet."),
        (None, "Ellers greit."),
        (None, "Siste minutt."),
    ]

    clock.move_to(at(2026, 3, 18, 0, 1), tick=False)
    with pytest.raises(ValidationError) as error:
        minutes_comment_add(meeting=published, user=reader, text="For sent.")
    assert codes(error.value) == {"comments_closed"}
    assert MinutesComment.objects.count() == 3


def test_a_comment_before_the_draft_is_sent_is_refused(held, reader):
    with pytest.raises(ValidationError) as error:
        minutes_comment_add(meeting=held, user=reader, text="Tidlig.")
    assert codes(error.value) == {"not_published"}


def test_a_reader_outside_the_forum_cannot_comment(published, bystander):
    with pytest.raises(PermissionDenied):
        minutes_comment_add(meeting=published, user=bystander, text="Jeg er ikke medlem.")
    assert not MinutesComment.objects.exists()


def test_a_comment_on_an_item_of_another_meeting_is_refused(
    published, forum, nav_leder, municipal_signatory, reader
):
    other = accepted(
        Meeting.objects.create(
            forum=forum,
            starts_at=at(2026, 5, 5),
            ends_at=at(2026, 5, 5, 12),
            submission_deadline=date(2026, 4, 21),
        ),
        nav_leder,
        municipal_signatory,
        "Annen sak",
    )
    with pytest.raises(ValidationError) as error:
        minutes_comment_add(meeting=published, user=reader, item=other, text="Feil sted.")
    assert codes(error.value) == {"foreign_item"}


# --- who approves --------------------------------------------------------------------------


def test_with_no_chair_a_representative_of_each_owner_approves(published):
    assert minutes_capacities(published) == (Capacity.MUNICIPAL, Capacity.STATE)


def test_the_chair_and_the_other_owner_approve(published, forum, nav_leder, state_editor):
    forum_member_add(forum=forum, user=state_editor, role=Role.CHAIR, actor=nav_leder)
    assert minutes_capacities(published) == (Capacity.CHAIR, Capacity.MUNICIPAL)

    forum.minutes_approvers = MinutesApprovers.BOTH_OWNERS
    forum.save()
    published.refresh_from_db()
    assert minutes_capacities(published) == (Capacity.MUNICIPAL, Capacity.STATE)


def test_a_chair_for_neither_owner_means_each_owner_approves(published, forum, reader):
    forum.members.filter(user=reader).update(role=Role.CHAIR)  # an office-side member
    assert minutes_capacities(published) == (Capacity.MUNICIPAL, Capacity.STATE)


# --- approving -----------------------------------------------------------------------------


def test_approving_during_the_comment_period_is_refused(published, municipal_signatory, clock):
    clock.move_to(at(2026, 3, 17, 15), tick=False)

    with pytest.raises(ValidationError) as error:
        approve(published, municipal_signatory, Capacity.MUNICIPAL)

    assert codes(error.value) == {"comments_open"}
    assert "17.03.2026" in error.value.messages[0]
    assert not MinutesApproval.objects.exists()


def test_both_owners_approve_and_the_minutes_are_frozen(
    published, item, nav_leder, approvers, clock, reader
):
    clock.move_to(at(2026, 3, 18, 9), tick=False)
    (municipal, _), (state, _) = approvers

    approve(published, municipal, Capacity.MUNICIPAL)
    published.refresh_from_db()
    assert published.status == Meeting.Status.HELD
    approve(published, state, Capacity.STATE)

    published.refresh_from_db()
    assert published.status == Meeting.Status.MINUTES_APPROVED
    assert published.minutes_approved_by == state
    assert set(MinutesApproval.objects.values_list("name", "capacity")) == {
        (municipal.get_full_name(), "municipal"),
        (state.get_full_name(), "state"),
    }
    assert Notification.objects.filter(user=reader, kind="minutes_approved").exists()
    with pytest.raises(ValidationError) as error:
        item_record(item=item, user=nav_leder, minutes="Endret etterpå.")
    assert codes(error.value) == {"frozen"}


def test_a_change_after_an_approval_withdraws_it(
    published, item, nav_leder, municipal_signatory, clock
):
    clock.move_to(at(2026, 3, 18, 9), tick=False)
    approval = approve(published, municipal_signatory, Capacity.MUNICIPAL)

    item_record(item=item, user=nav_leder, minutes="Budsjettet ble drøftet og vedtatt.")

    approval.refresh_from_db()
    assert approval.withdrawn_at is not None
    assert published.events.filter(kind=MeetingEvent.Kind.MINUTES_APPROVALS_WITHDRAWN).exists()
    notice = Notification.objects.get(user=municipal_signatory, kind="minutes_withdrawn")
    assert "approve again" not in notice.message  # said in Norwegian
    assert published.minutes_texts.count() == 2

    again = approve(published, municipal_signatory, Capacity.MUNICIPAL)
    assert again.withdrawn_at is None


def test_a_new_action_withdraws_an_approval_too(
    published, item, nav_leder, municipal_signatory, clock
):
    clock.move_to(at(2026, 3, 18, 9), tick=False)
    approval = approve(published, municipal_signatory, Capacity.MUNICIPAL)

    action_add(
        item=item,
        user=nav_leder,
        description="Ny frist",
        owner="NAV-leder",
        due_date=date(2026, 4, 1),
    )

    approval.refresh_from_db()
    assert approval.withdrawn_at is not None


def test_an_approval_of_a_text_no_longer_standing_is_stale(
    published, item, nav_leder, municipal_signatory, clock
):
    clock.move_to(at(2026, 3, 18, 9), tick=False)
    seen = minutes_hash(minutes_content(published))
    item_record(item=item, user=nav_leder, minutes="Budsjettet ble vedtatt.")

    with pytest.raises(StaleMinutes) as stale:
        minutes_approve(
            meeting=published,
            user=municipal_signatory,
            capacity=Capacity.MUNICIPAL,
            expected_hash=seen,
        )

    assert stale.value.seen.content["items"][-1]["minutes"] == "Budsjettet ble drøftet."
    assert stale.value.current["items"][-1]["minutes"] == "Budsjettet ble vedtatt."
    assert not MinutesApproval.objects.exists()


def test_one_person_approves_once_and_one_capacity_once(
    published, forum, nav_leder, municipal_signatory, state_editor, clock
):
    forum_member_add(forum=forum, user=state_editor, role=Role.MEMBER, actor=nav_leder)
    clock.move_to(at(2026, 3, 18, 9), tick=False)
    approve(published, municipal_signatory, Capacity.MUNICIPAL)

    with pytest.raises(ValidationError) as error:
        approve(published, municipal_signatory, Capacity.MUNICIPAL)
    assert codes(error.value) == {"already_approved"}


def test_who_may_not_approve_is_refused(
    published, forum, nav_leder, reader, state_editor, municipal_signatory, clock
):
    clock.move_to(at(2026, 3, 18, 9), tick=False)
    forum_member_add(forum=forum, user=state_editor, role=Role.INVITED, actor=nav_leder)

    for user, capacity in [
        (nav_leder, Capacity.MUNICIPAL),  # the secretary sits for the office
        (reader, Capacity.STATE),  # an office-side member
        (state_editor, Capacity.STATE),  # invited only when relevant
        (municipal_signatory, Capacity.STATE),  # the wrong side
        (municipal_signatory, Capacity.CHAIR),  # not the chair (and no chair asked for)
    ]:
        with pytest.raises(PermissionDenied):
            approve(published, user, capacity)
    assert not MinutesApproval.objects.exists()


# --- the pages -----------------------------------------------------------------------------


class TestPages:
    def test_the_secretary_sends_the_draft_from_the_meeting_page(
        self, client, held, nav_leder, mailoutbox
    ):
        client.force_login(nav_leder)
        page = client.get(meeting_url(held))
        assert 'data-testid="publish-minutes-form"' in page.text
        assert nb("The draft minutes have not been sent for comment yet.") in page.text

        response = client.post(
            meeting_url(held, "minutes_publish"), {"comment_deadline": "2026-03-09"}
        )
        assert response.status_code == 400
        assert nb("The deadline for comments cannot be before today.") in response.text
        held.refresh_from_db()
        assert held.minutes_published_at is None

        response = client.post(
            meeting_url(held, "minutes_publish"), {"comment_deadline": "2026-03-17"}
        )
        assert response.status_code == 302
        assert response["Location"].endswith("#minutes-review")
        held.refresh_from_db()
        assert held.minutes_comment_deadline == date(2026, 3, 17)

    def test_a_member_comments_on_an_item(self, client, published, item, reader):
        client.force_login(reader)
        page = client.get(meeting_url(published))
        assert 'data-testid="comment-minutes-form"' in page.text

        response = client.post(meeting_url(published, "minutes_comment"), {"item": item.pk})
        assert response.status_code == 400
        assert nb("Write your comment.") in response.text

        response = client.post(
            meeting_url(published, "minutes_comment"),
            {"item": item.pk, "text": "Skriv beløpet inn."},
        )
        assert response.status_code == 302
        page = client.get(meeting_url(published))
        assert "Skriv beløpet inn." in page.text
        assert item.label in page.text

    def test_a_comment_after_the_deadline_gets_a_clear_message(
        self, client, published, reader, clock
    ):
        clock.move_to(at(2026, 3, 18, 9), tick=False)
        client.force_login(reader)

        response = client.post(meeting_url(published, "minutes_comment"), {"text": "Sent."})

        assert response.status_code == 400
        message = nb(
            "The deadline for comments was %(date)s; the minutes can no longer be commented."
        ) % {"date": "17.03.2026"}
        assert message in response.text
        assert not MinutesComment.objects.exists()

    def test_an_approver_approves_from_the_page(
        self, client, published, municipal_signatory, state_member, clock
    ):
        clock.move_to(at(2026, 3, 18, 9), tick=False)
        client.force_login(municipal_signatory)
        page = client.get(meeting_url(published))
        assert page.text.count('data-testid="approve-minutes"') == 1
        content_hash = minutes_hash(minutes_content(published))
        assert f'value="{content_hash}"' in page.text

        response = client.post(
            meeting_url(published, "minutes_approve"),
            {"capacity": "municipal", "content_hash": content_hash},
        )

        assert response.status_code == 302
        page = client.get(meeting_url(published))
        assert page.text.count('data-testid="approval"') == 1
        assert 'data-testid="approve-minutes"' not in page.text

    def test_approving_early_is_400_with_the_deadline(self, client, published, municipal_signatory):
        client.force_login(municipal_signatory)

        response = client.post(
            meeting_url(published, "minutes_approve"),
            {"capacity": "municipal", "content_hash": minutes_hash(minutes_content(published))},
        )

        assert response.status_code == 400
        message = nb(
            "The members may comment until %(date)s; the minutes can be approved from the day "
            "after."
        ) % {"date": "17.03.2026"}
        assert message in response.text
        assert not MinutesApproval.objects.exists()

    def test_a_stale_approval_is_409_and_shows_what_changed(
        self, client, published, item, nav_leder, municipal_signatory, clock
    ):
        clock.move_to(at(2026, 3, 18, 9), tick=False)
        seen = minutes_hash(minutes_content(published))
        item_record(item=item, user=nav_leder, minutes="Budsjettet ble drøftet og vedtatt.")
        client.force_login(municipal_signatory)

        response = client.post(
            meeting_url(published, "minutes_approve"),
            {"capacity": "municipal", "content_hash": seen},
        )

        assert response.status_code == 409
        assert 'data-testid="minutes-change"' in response.text
        assert "<ins>og vedtatt.</ins>" in response.text or "<ins>" in response.text
        assert item.title in response.text
        assert not MinutesApproval.objects.exists()
        current = minutes_hash(minutes_content(published))
        assert f'value="{current}"' in response.text

    def test_a_malformed_approval_is_400(self, client, published, municipal_signatory, clock):
        clock.move_to(at(2026, 3, 18, 9), tick=False)
        client.force_login(municipal_signatory)

        response = client.post(
            meeting_url(published, "minutes_approve"), {"capacity": "nobody", "content_hash": "x"}
        )

        assert response.status_code == 400
        assert not MinutesApproval.objects.exists()

    @pytest.mark.parametrize("name", ["minutes_publish", "minutes_comment", "minutes_approve"])
    def test_outsiders_get_404_and_readers_403(
        self, client, published, outsider, bystander, name, clock
    ):
        clock.move_to(at(2026, 3, 16, 9), tick=False)
        data = {
            "comment_deadline": "2026-03-20",
            "text": "x",
            "capacity": "municipal",
            "content_hash": minutes_hash(minutes_content(published)),
        }
        client.force_login(outsider)
        assert client.post(meeting_url(published, name), data).status_code == 404
        client.force_login(bystander)
        assert client.post(meeting_url(published, name), data).status_code == 403
        assert client.get(meeting_url(published, name)).status_code == 405
        published.refresh_from_db()
        assert published.minutes_comment_deadline == date(2026, 3, 17)
        assert not MinutesComment.objects.exists()
        assert not MinutesApproval.objects.exists()


class TestRule:
    def test_the_secretary_chooses_who_approves(self, client, forum, nav_leder, reader):
        url = reverse("meetings:minutes_approvers_set", args=[forum.pk])
        client.force_login(nav_leder)
        page = client.get(reverse("meetings:forum_detail", args=[forum.pk]))
        assert 'data-testid="minutes-rule-form"' in page.text

        response = client.post(url, {"rule": "nobody"})
        assert response.status_code == 400
        forum.refresh_from_db()
        assert forum.minutes_approvers == MinutesApprovers.CHAIR_AND_OTHER_SIDE

        assert client.post(url, {"rule": "both_owners"}).status_code == 302
        forum.refresh_from_db()
        assert forum.minutes_approvers == MinutesApprovers.BOTH_OWNERS
        event = forum.events.get(kind=MeetingEvent.Kind.MINUTES_RULE_CHANGED)
        assert event.text == nb("The minutes are now approved by: %(rule)s") % {
            "rule": nb("A representative of each owner").lower()
        }

        client.force_login(reader)
        page = client.get(reverse("meetings:forum_detail", args=[forum.pk]))
        assert 'data-testid="minutes-rule-form"' not in page.text
        assert nb("A representative of each owner") in page.text
        assert client.post(url, {"rule": "chair_other_side"}).status_code == 403

    def test_an_outsider_gets_404(self, client, forum, outsider):
        client.force_login(outsider)
        url = reverse("meetings:minutes_approvers_set", args=[forum.pk])
        assert client.post(url, {"rule": "both_owners"}).status_code == 404
