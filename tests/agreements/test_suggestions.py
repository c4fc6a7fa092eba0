"""Suggested wording: one side proposes, the other accepts (the text becomes the section's next
revision, approved as stated) or rejects with a reason; the author's side withdraws. Per
STYLE.md every view: success, outsider 404, read-only 403, anonymous, wrong method, bad input
changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import selectors, services
from agreements.models import Agreement, SectionRevision, Suggestion
from agreements.selectors.suggestions import section_suggestions_context
from agreements.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_reject,
    suggestion_withdraw,
)
from oversight.models import Kind, Notification
from tests.agreements import MUNICIPAL, STATE, section, write

Status = Suggestion.Status
NEW = "<p>Partene møtes hver måned.</p>"


def propose(agreement, user, body=NEW, number="2.0", approve_on_accept=True):
    s = section(agreement, number)
    return suggestion_create(
        section=s,
        user=user,
        title=s.title,
        body=body,
        structured_data=s.structured,
        approve_on_accept=approve_on_accept,
        expected_revision=s.revision,
    )


def url(suggestion, name):
    return reverse(
        f"agreements:{name}",
        args=[suggestion.section.agreement_id, suggestion.section_id, suggestion.pk],
    )


def section_url(s):
    return reverse("agreements:section_detail", args=[s.agreement_id, s.pk])


def new_url(s):
    return reverse("agreements:suggestion_new", args=[s.agreement_id, s.pk])


@pytest.fixture
def written(agreement, municipal_signatory):
    """Section 2.0 with a first text (revision 2)."""
    write(agreement, "2.0", municipal_signatory, "<p>Partene møtes hvert kvartal.</p>")
    return section(agreement, "2.0")


@pytest.fixture
def proposed(written, agreement, municipal_signatory):
    """The municipal side proposes monthly meetings for 2.0."""
    return propose(agreement, municipal_signatory)


class TestPropose:
    def test_the_page_offers_the_current_text(self, client, written, state_editor):
        client.force_login(state_editor)

        response = client.get(new_url(written))

        assert response.status_code == 200
        assert "hvert kvartal" in response.text
        assert 'data-testid="suggestion-form"' in response.text

    def test_a_side_proposes_and_the_other_side_is_told(
        self, client, agreement, written, municipal_signatory, state_editor, state_signatory
    ):
        client.force_login(municipal_signatory)

        response = client.post(
            new_url(written),
            {"title": written.title, "body": NEW + "<script>x</script>", "revision": 2},
        )

        suggestion = Suggestion.objects.get()
        assert response.status_code == 302
        assert response["Location"].endswith(f"#suggestion-{suggestion.pk}")
        assert (suggestion.side, suggestion.author, suggestion.status) == (
            MUNICIPAL,
            municipal_signatory,
            Status.OPEN,
        )
        assert (suggestion.body, suggestion.base_revision) == (NEW, 2)
        assert suggestion.approve_on_accept is False  # the box was not ticked
        written.refresh_from_db()
        assert (written.revision, "kvartal" in written.body) == (2, True)  # text unchanged
        told = Notification.objects.filter(kind=Kind.SUGGESTION_MADE)
        assert {n.user for n in told} == {state_editor, state_signatory}
        message = told.first()
        assert message.message.startswith(
            "Bydel Grorud foreslo ny tekst i 2.0 Formålet med partnerskapsavtalen"
        )
        assert message.url == section_url(written) + f"#suggestion-{suggestion.pk}"

    def test_a_structured_part_can_be_proposed(self, agreement, state_editor):
        s = section(agreement, "3.2")

        suggestion = suggestion_create(
            section=s,
            user=state_editor,
            title=s.title,
            body="",
            structured_data={**s.structured, "model": "two", "employment": "both"},
            approve_on_accept=True,
            expected_revision=s.revision,
        )

        assert (suggestion.structured["model"], suggestion.side) == ("two", STATE)

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("<p>Partene møtes hvert kvartal.</p>", "er den samme som teksten"),
            ("<p></p>", "Skriv teksten du foreslår"),
        ],
    )
    def test_unchanged_or_empty_wording_is_refused(
        self, client, written, municipal_signatory, body, message
    ):
        client.force_login(municipal_signatory)

        response = client.post(
            new_url(written), {"title": written.title, "body": body, "revision": 2}
        )

        assert response.status_code == 400
        assert message in response.text
        assert not Suggestion.objects.exists()

    def test_wording_against_a_changed_text_is_refused_and_kept(
        self, client, agreement, written, municipal_signatory, state_editor
    ):
        write(agreement, "2.0", state_editor, "<p>Statens tekst.</p>")
        client.force_login(municipal_signatory)

        response = client.post(
            new_url(written), {"title": written.title, "body": NEW, "revision": 2}
        )

        assert response.status_code == 409
        assert "endret punktet mens du skrev" in response.text
        assert "hver måned" in response.text  # still in the editor
        assert not Suggestion.objects.exists()

    def test_no_suggestion_on_a_signed_agreement(self, client, written, municipal_signatory):
        Agreement.objects.filter(pk=written.agreement_id).update(status=Agreement.Status.SIGNED)
        s = written
        client.force_login(municipal_signatory)

        page = client.get(new_url(s))
        response = client.post(new_url(s), {"title": s.title, "body": NEW, "revision": s.revision})

        assert 'data-testid="suggestion-form"' not in page.text
        assert response.status_code == 400
        assert "kan ikke lenger endres" in response.text
        assert not Suggestion.objects.exists()

    def test_the_nav_office_and_readers_cannot_propose(self, client, written, nav_leder, reader):
        post = {"title": written.title, "body": NEW, "revision": 2}
        for user in (nav_leder, reader):
            client.force_login(user)
            assert client.get(new_url(written)).status_code == 403
            assert client.post(new_url(written), post).status_code == 403
        assert not Suggestion.objects.exists()

    def test_outsider_and_anonymous(self, client, written, outsider):
        assert client.get(new_url(written)).status_code == 302
        client.force_login(outsider)
        assert client.get(new_url(written)).status_code == 404
        assert client.post(new_url(written), {"body": NEW}).status_code == 404
        assert not Suggestion.objects.exists()

    def test_wrong_method(self, client, written, municipal_signatory):
        client.force_login(municipal_signatory)
        assert client.put(new_url(written)).status_code == 405


class TestAccept:
    def test_the_other_side_accepts_and_both_approve(
        self, client, agreement, proposed, municipal_signatory, state_editor
    ):
        client.force_login(state_editor)

        response = client.post(url(proposed, "suggestion_accept"), {"revision": 2})

        assert response.status_code == 302
        assert response["Location"].endswith(f"?forslag={proposed.pk}#suggestion-done")
        s = section(agreement, "2.0")
        assert (s.body, s.revision) == (NEW, 3)
        revision = SectionRevision.objects.get(section=s, number=3)
        assert (revision.suggestion, revision.body, revision.author) == (
            proposed,
            NEW,
            state_editor,
        )
        approvals = {a.side: a for a in s.approvals.all()}
        assert approvals[STATE].approved_by == state_editor
        assert approvals[MUNICIPAL].approved_by == municipal_signatory
        assert {a.section_revision for a in approvals.values()} == {3}
        proposed.refresh_from_db()
        assert (proposed.status, proposed.decided_by) == (Status.ACCEPTED, state_editor)
        assert proposed.decided_at is not None
        told = Notification.objects.get(kind=Kind.SUGGESTION_DECIDED)
        assert told.user == municipal_signatory
        assert "godtok" in told.message
        page = client.get(response["Location"])
        assert 'data-testid="suggestion-done"' in page.text
        assert 'tabindex="-1" autofocus' in page.text

    def test_without_approve_on_accept_only_the_accepting_side_approves(
        self, agreement, written, municipal_signatory, state_editor
    ):
        suggestion = propose(agreement, municipal_signatory, approve_on_accept=False)

        suggestion_accept(suggestion=suggestion, user=state_editor, expected_revision=2)

        s = section(agreement, "2.0")
        assert list(s.approvals.values_list("side", flat=True)) == [STATE]

    def test_accepting_withdraws_earlier_approvals_and_outdates_the_others(
        self, agreement, written, municipal_signatory, state_editor
    ):
        services.agreement_section_approve(section=written, user=state_editor, side=STATE)
        first = propose(agreement, municipal_signatory)
        second = propose(agreement, municipal_signatory, body="<p>Partene møtes ukentlig.</p>")

        suggestion_accept(suggestion=first, user=state_editor, expected_revision=2)

        s = section(agreement, "2.0")
        assert s.withdrawn_approvals.filter(side=STATE, section_revision=2).exists()
        second.refresh_from_db()
        assert second.status == Status.OPEN
        assert second.is_outdated(s)

    def test_accepting_ones_own_suggestion_is_refused(
        self, client, agreement, proposed, municipal_signatory
    ):
        client.force_login(municipal_signatory)

        response = client.post(url(proposed, "suggestion_accept"), {"revision": 2})

        assert response.status_code == 400
        assert "Din egen side foreslo denne teksten" in response.text
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN
        assert section(agreement, "2.0").revision == 2

    def test_accepting_an_outdated_suggestion_is_refused(
        self, client, agreement, proposed, municipal_signatory, state_editor
    ):
        write(agreement, "2.0", municipal_signatory, "<p>Ny tekst i mellomtiden.</p>")
        client.force_login(state_editor)

        response = client.post(url(proposed, "suggestion_accept"), {"revision": 3})

        assert response.status_code == 409
        assert "utdatert" in response.text
        s = section(agreement, "2.0")
        assert (s.revision, s.body) == (3, "<p>Ny tekst i mellomtiden.</p>")
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_accepting_against_a_page_seen_before_a_change_is_refused(
        self, agreement, written, municipal_signatory, state_editor
    ):
        suggestion = propose(agreement, municipal_signatory)

        with pytest.raises(ValidationError):
            suggestion_accept(suggestion=suggestion, user=state_editor, expected_revision=1)

        assert section(agreement, "2.0").revision == 2

    def test_accepting_on_a_signed_agreement_is_refused(
        self, agreement, proposed, municipal_signatory, state_editor
    ):
        Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.SIGNED)

        with pytest.raises(ValidationError, match="kan ikke lenger endres|can no longer"):
            suggestion_accept(suggestion=proposed, user=state_editor, expected_revision=2)

        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_nav_office_and_reader_cannot_accept(self, client, proposed, nav_leder, reader):
        client.force_login(nav_leder)
        assert client.post(url(proposed, "suggestion_accept"), {"revision": 2}).status_code == 403
        client.force_login(reader)
        assert client.post(url(proposed, "suggestion_accept"), {"revision": 2}).status_code == 403
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_outsider_anonymous_and_wrong_method(self, client, proposed, outsider, state_editor):
        target = url(proposed, "suggestion_accept")
        assert client.post(target, {"revision": 2}).status_code == 302
        client.force_login(outsider)
        assert client.post(target, {"revision": 2}).status_code == 404
        client.force_login(state_editor)
        assert client.get(target).status_code == 405
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_a_suggestion_of_another_section_is_404(
        self, client, agreement, proposed, state_editor
    ):
        other = section(agreement, "2.1")
        client.force_login(state_editor)

        response = client.post(
            reverse("agreements:suggestion_accept", args=[agreement.pk, other.pk, proposed.pk]),
            {"revision": 2},
        )

        assert response.status_code == 404


class TestReject:
    def test_the_other_side_rejects_with_a_reason(
        self, client, agreement, proposed, municipal_signatory, state_editor
    ):
        client.force_login(state_editor)

        response = client.post(url(proposed, "suggestion_reject"), {"reason": "For ofte."})

        assert response.status_code == 302
        proposed.refresh_from_db()
        assert (proposed.status, proposed.decision_reason, proposed.decided_by) == (
            Status.REJECTED,
            "For ofte.",
            state_editor,
        )
        assert section(agreement, "2.0").revision == 2
        told = Notification.objects.get(kind=Kind.SUGGESTION_DECIDED)
        assert (told.user, "avviste" in told.message, "For ofte." in told.message) == (
            municipal_signatory,
            True,
            True,
        )

    def test_a_reason_is_required(self, client, proposed, state_editor):
        client.force_login(state_editor)

        response = client.post(url(proposed, "suggestion_reject"), {"reason": "  "})

        assert response.status_code == 400
        assert "Si hvorfor forslaget avvises" in response.text
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_rejecting_ones_own_is_refused(self, client, proposed, municipal_signatory):
        client.force_login(municipal_signatory)

        response = client.post(url(proposed, "suggestion_reject"), {"reason": "Nei."})

        assert response.status_code == 400
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_a_decided_suggestion_cannot_be_rejected(self, client, proposed, state_editor):
        suggestion_withdraw(suggestion=proposed, user=proposed.author)
        client.force_login(state_editor)

        response = client.post(url(proposed, "suggestion_reject"), {"reason": "Nei."})

        assert response.status_code == 409
        proposed.refresh_from_db()
        assert proposed.status == Status.WITHDRAWN

    def test_access(self, client, proposed, outsider, reader, state_editor):
        target = url(proposed, "suggestion_reject")
        assert client.post(target, {"reason": "x"}).status_code == 302
        client.force_login(outsider)
        assert client.post(target, {"reason": "x"}).status_code == 404
        client.force_login(reader)
        assert client.post(target, {"reason": "x"}).status_code == 403
        client.force_login(state_editor)
        assert client.get(target).status_code == 405
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN


class TestWithdraw:
    def test_the_authors_side_withdraws(self, client, proposed, municipal_signatory):
        client.force_login(municipal_signatory)

        response = client.post(url(proposed, "suggestion_withdraw"))

        assert response.status_code == 302
        proposed.refresh_from_db()
        assert (proposed.status, proposed.decided_by) == (Status.WITHDRAWN, municipal_signatory)
        assert not Notification.objects.filter(kind=Kind.SUGGESTION_DECIDED).exists()

    def test_the_other_side_cannot_withdraw_it(self, proposed, state_editor):
        with pytest.raises(PermissionDenied):
            suggestion_withdraw(suggestion=proposed, user=state_editor)
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN

    def test_access(self, client, proposed, outsider, reader, state_editor, municipal_signatory):
        target = url(proposed, "suggestion_withdraw")
        assert client.post(target).status_code == 302
        client.force_login(outsider)
        assert client.post(target).status_code == 404
        client.force_login(reader)
        assert client.post(target).status_code == 403
        client.force_login(state_editor)
        assert client.post(target).status_code == 403
        client.force_login(municipal_signatory)
        assert client.get(target).status_code == 405
        proposed.refresh_from_db()
        assert proposed.status == Status.OPEN


class TestSectionPage:
    def test_several_open_suggestions_each_with_its_redline_and_actions(
        self, client, agreement, written, municipal_signatory, state_editor
    ):
        first = propose(agreement, municipal_signatory)
        second = propose(agreement, state_editor, body="<p>Partene møtes hvert halvår.</p>")
        client.force_login(state_editor)

        page = client.get(section_url(written)).text

        assert page.count('data-testid="suggestion"') == 2
        assert f'id="suggestion-{first.pk}"' in page
        assert f'id="suggestion-{second.pk}"' in page
        assert "<del>hvert kvartal.</del>" in page or "<del>kvartal.</del>" in page
        assert "Bydel Grorud foreslo" in page and "NAV Oslo foreslo" in page
        # state_editor answers the municipal one and may withdraw the state one
        assert url(first, "suggestion_accept") in page
        assert url(first, "suggestion_reject") in page
        assert url(second, "suggestion_withdraw") in page
        assert url(second, "suggestion_accept") not in page
        assert new_url(written) in page

    def test_a_structured_suggestion_is_compared_field_by_field(
        self, client, agreement, state_editor, municipal_signatory
    ):
        s = section(agreement, "3.2")
        suggestion_create(
            section=s,
            user=state_editor,
            title=s.title,
            body="",
            structured_data={**s.structured, "model": "two", "employment": "both"},
            approve_on_accept=True,
            expected_revision=s.revision,
        )
        client.force_login(municipal_signatory)

        page = client.get(section_url(s)).text

        assert 'data-testid="suggestion-structured"' in page
        assert "<ins>" in page

    def test_an_outdated_suggestion_is_marked_and_cannot_be_accepted(
        self, client, agreement, proposed, municipal_signatory, state_editor
    ):
        write(agreement, "2.0", municipal_signatory, "<p>Ny tekst.</p>")
        client.force_login(state_editor)

        page = client.get(section_url(proposed.section)).text

        assert 'data-testid="suggestion-outdated"' in page
        assert "Utdatert" in page
        assert url(proposed, "suggestion_accept") not in page
        assert url(proposed, "suggestion_reject") in page

    def test_decided_suggestions_are_listed_apart(
        self, client, agreement, proposed, municipal_signatory, state_editor, reader
    ):
        suggestion_reject(suggestion=proposed, user=state_editor, reason="For ofte.")
        client.force_login(reader)

        page = client.get(section_url(proposed.section)).text

        assert 'data-testid="suggestions-decided"' in page
        assert "Tidligere forslag" in page and "For ofte." in page
        assert 'data-testid="suggestion"' not in page
        assert new_url(proposed.section) not in page  # readers propose nothing

    def test_query_count_is_constant_in_the_number_of_suggestions(
        self,
        client,
        agreement,
        written,
        municipal_signatory,
        state_editor,
        django_assert_num_queries,
    ):
        client.force_login(state_editor)
        access = selectors.agreement_get_for_user(state_editor, agreement.pk)
        counts = []
        for n in (1, 5):
            while Suggestion.objects.count() < n:
                propose(agreement, municipal_signatory, body=f"<p>Forslag {n}.</p>")
            reject = Suggestion.objects.filter(status=Status.OPEN).first()
            suggestion_reject(suggestion=reject, user=state_editor, reason="Nei.")
            s = selectors.section_get(agreement, written.pk)
            # the suggestions with their authors and who decided them
            with django_assert_num_queries(1):
                context = section_suggestions_context(s, access, state_editor)
            assert len(context["suggestions_open"]) + len(context["suggestions_decided"]) == n
            with CaptureQueriesContext(connection) as queries:
                response = client.get(section_url(written))
            assert response.status_code == 200
            counts.append(len(queries))

        assert counts[0] == counts[1]
