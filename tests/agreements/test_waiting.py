"""'Venter på meg' on the home page: what waits for each user across their partnerships —
points to approve, suggested wording to answer, threads whose last word is the other
side's, signatures due — each a link; nothing of what they may not see."""

import re

import pytest
from django.urls import reverse

from agreements import selectors, services
from agreements.models import Comment, Suggestion
from agreements.selectors import waiting as waiting_module
from agreements.services import comments
from tests.factories import UserFactory

from . import MUNICIPAL, STATE, reply, section, section_link, sign, suggestion, thread, write

pytestmark = pytest.mark.usefixtures("bokmal")

HOME = reverse("home")


def waiting(client, user) -> str:
    """The 'Venter på meg' panel of the user's home page."""
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    match = re.search(r'<section[^>]*data-testid="waiting".*?</section>', response.text, re.S)
    assert match, "no 'Venter på meg' panel"
    return match.group(0)


class TestPointsToApprove:
    def test_each_side_sees_the_points_it_has_not_approved(
        self, client, agreement, nav_leder, municipal_signatory, state_editor
    ):
        write(agreement, "3.1", nav_leder)
        write(agreement, "4.0", nav_leder)
        services.agreement_section_approve(
            section=section(agreement, "3.1"), user=municipal_signatory, side=MUNICIPAL
        )

        municipal = waiting(client, municipal_signatory)
        state = waiting(client, state_editor)

        assert "Godkjenn for kommunal side:" in municipal
        assert section_link(agreement, "4.0") in municipal
        assert section_link(agreement, "3.1") not in municipal  # approved already
        assert "Godkjenn for statlig side:" not in municipal  # not theirs to approve
        assert "Godkjenn for statlig side:" in state
        assert section_link(agreement, "3.1") in state
        assert section_link(agreement, "4.0") in state
        assert f"{agreement}" in state  # grouped under the agreement, linked
        assert reverse("agreements:agreement_detail", args=[agreement.pk]) in state

    def test_many_points_are_named_up_to_five_and_the_rest_counted(
        self, client, agreement, nav_leder, state_editor
    ):
        for number in ("3.1", "4.0", "5.0", "6.0"):
            write(agreement, number, nav_leder)
        # With the parts the veileder fills in itself, in the agreement's order.
        written = [s.number for s in agreement.sections.order_by("position") if not s.is_empty]
        assert len(written) > 6

        panel = waiting(client, state_editor)

        for number in written[:5]:
            assert section_link(agreement, number) in panel
        for number in written[5:]:
            assert section_link(agreement, number) not in panel
        more = re.search(r'data-testid="waiting-approve-more">([^<]*)<', panel).group(1)
        assert more == f"og {len(written) - 5} punkter til"

    def test_beyond_the_first_agreements_the_rest_are_counted(
        self, client, world, veileder, state_signatory, monkeypatch
    ):
        monkeypatch.setattr(waiting_module, "AGREEMENTS_SHOWN", 1)
        first, second = (
            services.agreement_create(partnership=p, user=state_signatory)
            for p in (world.partnership, world.other_partnership)
        )
        for agreement in (first, second):
            write(agreement, "3.1", state_signatory)

        panel = waiting(client, state_signatory)

        assert panel.count('data-testid="waiting-approve"') == 1
        assert "1 avtale til venter på deg – se avtalelisten" in panel
        assert reverse("oversight:agreement_status") in panel

    def test_an_empty_point_waits_to_be_written_not_approved(self, client, agreement, state_editor):
        empty = [s for s in agreement.sections.all() if selectors.section_is_empty(s)]
        assert empty

        panel = waiting(client, state_editor)

        assert "Godkjenn for statlig side:" in panel  # the points already filled in
        for s in empty:
            assert section_link(agreement, s.number) not in panel

    def test_who_approves_nothing_has_nothing_waiting(self, client, agreement, nav_leder, reader):
        write(agreement, "3.1", nav_leder)

        for user in (nav_leder, reader):  # the NAV office is not a party; a reader reads
            panel = waiting(client, user)
            assert "Ingenting venter på deg." in panel
            assert section_link(agreement, "3.1") not in panel

    def test_an_outsider_sees_nothing_of_another_partnership(
        self, client, agreement, nav_leder, outsider
    ):
        write(agreement, "3.1", nav_leder)
        suggestion(agreement, "3.1", nav_leder, STATE)

        panel = waiting(client, outsider)

        assert "Ingenting venter på deg." in panel
        assert str(agreement.partnership) not in panel

    def test_a_user_with_no_partnership_gets_no_panel(self, client, db):
        client.force_login(UserFactory())

        assert 'data-testid="waiting"' not in client.get(HOME).text


class TestSuggestionsAndThreads:
    def test_a_suggestion_waits_for_the_other_side(
        self, client, agreement, nav_leder, municipal_signatory, state_editor
    ):
        write(agreement, "3.1", nav_leder)
        open_one = suggestion(agreement, "3.1", municipal_signatory, MUNICIPAL)
        rejected = suggestion(agreement, "4.0", municipal_signatory, MUNICIPAL)
        rejected.status = Suggestion.Status.REJECTED
        rejected.save()

        state = waiting(client, state_editor)
        municipal = waiting(client, municipal_signatory)

        assert "Svar på kommunal sides forslag til ny tekst i 3.1" in state
        assert section_link(agreement, "3.1", f"#suggestion-{open_one.pk}") in state
        assert f'#suggestion-{rejected.pk}"' not in state
        assert "forslag til ny tekst" not in municipal  # its own

    def test_a_thread_waits_for_the_side_that_has_not_had_the_last_word(
        self, client, agreement, municipal_signatory, state_editor
    ):
        root = thread(agreement, "3.1", state_editor, STATE, "Hvem leder det faste møtet?")

        assert f"#comment-{root.pk}" in waiting(client, municipal_signatory)
        assert "Tråd i 3.1" in waiting(client, municipal_signatory)
        assert f'#comment-{root.pk}"' not in waiting(client, state_editor)

        # Through the services, as the pages write: the panel is kept in the cache until a
        # write in the partnership's agreements is counted.
        comments.comment_add(
            section=root.section,
            user=municipal_signatory,
            body="NAV-lederen, som før.",
            thread=root,
            side=MUNICIPAL,
        )

        assert f'#comment-{root.pk}"' not in waiting(client, municipal_signatory)
        assert f"#comment-{root.pk}" in waiting(client, state_editor)

        comments.comment_thread_resolve(thread=root, user=state_editor)

        assert f'#comment-{root.pk}"' not in waiting(client, state_editor)

    def test_an_internal_thread_never_reaches_the_other_side(
        self, client, agreement, municipal_signatory, state_editor
    ):
        internal = thread(
            agreement,
            "3.1",
            state_editor,
            STATE,
            "Internt: vi godtar ikke dette.",
            visibility=Comment.Visibility.INTERNAL,
        )

        municipal = waiting(client, municipal_signatory)

        assert f'#comment-{internal.pk}"' not in municipal
        assert "Internt" not in municipal
        assert f'#comment-{internal.pk}"' not in waiting(client, state_editor)


class TestSignatures:
    def test_a_signatory_sees_the_signature_due_until_signed(
        self,
        client,
        approved,
        media,
        municipal_signatory,
        state_editor,
        state_signatory,
    ):
        sign_url = reverse("agreements:agreement_sign", args=[approved.pk])

        municipal = waiting(client, municipal_signatory)
        assert "Signer avtalen for kommunal side" in municipal
        assert f'href="{sign_url}"' in municipal
        assert "Signer avtalen" not in waiting(client, state_editor)  # not a signatory
        assert "Signer avtalen for statlig side" in waiting(client, state_signatory)

        sign(approved, municipal_signatory, MUNICIPAL)

        assert "Signer avtalen" not in waiting(client, municipal_signatory)
        assert "Signer avtalen for statlig side" in waiting(client, state_signatory)
        # Approved by both: no point waits for approval any more.
        assert "Godkjenn for" not in waiting(client, state_signatory)


@pytest.mark.parametrize("partnerships", [1, 3])
def test_query_count_is_constant(
    client, world, veileder, state_signatory, django_assert_num_queries, partnerships
):
    """The county director sees Grorud, Frogner and the central partnership; an agreement
    in 1 or 3 of them, each with written points, suggestions and threads."""
    for partnership in [world.partnership, world.other_partnership, world.central][:partnerships]:
        agreement = services.agreement_create(partnership=partnership, user=state_signatory)
        for number in ("3.1", "4.0", "5.0"):
            write(agreement, number, state_signatory)
            suggestion(agreement, number, state_signatory, MUNICIPAL)
            root = thread(agreement, number, state_signatory, MUNICIPAL, "Et spørsmål.")
            reply(root, state_signatory, MUNICIPAL, "Et svar.")
    client.force_login(state_signatory)

    # session, user, memberships, the order of the partnerships (plain values), those on the
    # page with office and parties, the central partnership above Grorud and Frogner with its
    # parties, their covered municipalities; "Venter på meg": how many
    # writes the partnerships have had (the cache key), the open agreements (with what the
    # access rule reads of their partnership), the partnerships' covered municipalities (the
    # signatures only of approved agreements: none here), the points the state side has not
    # approved (counted, and the first of each agreement), the open suggestions, the open
    # threads with their last comment's side (plain values), the partnerships of the
    # agreements shown with their parties; the unread notifications
    with django_assert_num_queries(15):
        response = client.get(HOME)
    # Then kept in the cache: of "Venter på meg" only the count of writes is read.
    with django_assert_num_queries(9):
        again = client.get(HOME)

    panel = re.search(r'data-testid="waiting".*?</section>', response.text, re.S).group(0)
    assert re.search(r'data-testid="waiting".*?</section>', again.text, re.S).group(0) == panel
    assert panel.count('data-testid="waiting-suggestion"') == 3 * partnerships
    assert panel.count('data-testid="waiting-thread"') == 3 * partnerships
    assert panel.count('data-testid="waiting-approve"') == partnerships
