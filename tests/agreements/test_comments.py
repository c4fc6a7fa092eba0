"""The discussion of a section: threads, replies, internal comments, resolving, notifying."""

import pytest
from django.urls import reverse

from agreements.documents import agreement_printable
from agreements.models import Agreement, Comment
from agreements.selectors import agreement_access
from agreements.selectors.comments import open_threads, open_threads_count
from agreements.services.comments import comment_add, comment_thread_reopen, comment_thread_resolve
from navpartner.notifications import Kind
from oversight.models import Notification
from tests.factories import MembershipFactory, UserFactory

from . import MUNICIPAL, section

SECRET = "HEMMELIG-INTERN-MERKNAD"
HTMX = {"HTTP_HX_REQUEST": "true"}
QUERIES = 17  # the section page (with the menu's unread count), see the last test


def page(agreement, s):
    return reverse("agreements:section_detail", args=[agreement.pk, s.pk])


def start_url(agreement, s):
    return reverse("agreements:comment_thread_start", args=[agreement.pk, s.pk])


def thread_urls(agreement, s, thread):
    args = [agreement.pk, s.pk, thread.pk]
    return {
        name: reverse(f"agreements:{name}", args=args)
        for name in ("comment_reply", "comment_thread_resolve", "comment_thread_reopen")
    }


def new_thread(agreement, user, body="Bør vi nevne HMS her?", visibility="both", number="3.1"):
    s = section(agreement, number)
    s.agreement = agreement
    return comment_add(section=s, user=user, body=body, visibility=visibility)


@pytest.fixture
def s31(agreement):
    return section(agreement, "3.1")


# --- starting a thread --------------------------------------------------------------------


def test_a_thread_is_started_and_the_page_shows_it(client, agreement, s31, municipal_signatory):
    client.force_login(municipal_signatory)

    response = client.post(
        start_url(agreement, s31),
        {"comment-body": "Bør vi nevne HMS?", "comment-visibility": "both"},
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page(agreement, s31) + f"#thread-{comment.pk}"
    assert (comment.side, comment.visibility, comment.author) == (
        MUNICIPAL,
        "both",
        municipal_signatory,
    )
    assert comment.section_revision == s31.revision and comment.thread is None
    text = client.get(page(agreement, s31)).text
    assert f'id="thread-{comment.pk}"' in text and "Bør vi nevne HMS?" in text


def test_with_htmx_the_first_thread_comes_back_with_the_focus_on_its_comment(
    client, agreement, s31, municipal_signatory
):
    client.force_login(municipal_signatory)

    response = client.post(
        start_url(agreement, s31),
        {"comment-body": "Første innspill", "comment-visibility": "internal"},
        **HTMX,
    )

    comment = Comment.objects.get()
    assert response.status_code == 200
    assert comment.visibility == Comment.Visibility.INTERNAL
    assert f'id="comment-{comment.pk}"' in response.text
    assert "autofocus" in response.text
    # A fresh form in place of the one sent, the thread put first in the list, and the
    # empty state ("Ingen kommentarer ennå.") taken away; a part, not a page.
    assert 'id="comment-start"' in response.text and 'data-testid="comment-form"' in response.text
    assert 'hx-swap-oob="afterbegin:#threads"' in response.text
    assert '<p id="no-comments" hx-swap-oob="delete">' in response.text
    assert "Første innspill" not in response.text.split('hx-swap-oob="afterbegin')[0]
    assert "<html" not in response.text


def test_with_htmx_a_new_thread_comes_back_alone_however_many_the_point_has(
    client, agreement, s31, municipal_signatory, state_editor, django_assert_max_num_queries
):
    s31.agreement = agreement
    for i in range(30):
        comment_add(section=s31, user=state_editor, body=f"Eldre tråd {i}", visibility="both")
    client.force_login(municipal_signatory)

    with django_assert_max_num_queries(40):
        response = client.post(
            start_url(agreement, s31),
            {"comment-body": "Et nytt spørsmål", "comment-visibility": "both"},
            **HTMX,
        )

    assert response.status_code == 200
    assert response.text.count('data-testid="comment"') == 1  # the new one, not the 30
    assert "Et nytt spørsmål" in response.text and "Eldre tråd" not in response.text
    assert "no-comments" not in response.text  # the list was not empty
    # The page, read again, has all 31, the new one first (newest activity first).
    text = client.get(page(agreement, s31)).text
    assert text.count('data-testid="thread"') == 31
    assert text.index("Et nytt spørsmål") < text.index("Eldre tråd 29")


def test_with_htmx_bad_input_comes_back_as_the_form_with_its_message(
    client, agreement, s31, municipal_signatory, bokmal
):
    client.force_login(municipal_signatory)

    response = client.post(
        start_url(agreement, s31), {"comment-body": "  ", "comment-visibility": "both"}, **HTMX
    )

    assert response.status_code == 400
    assert "Skriv noe" in response.text
    assert response.text.lstrip().startswith('<div id="comment-start">')
    assert not Comment.objects.exists()


def test_the_empty_state_is_named(client, agreement, s31, state_editor, bokmal):
    client.force_login(state_editor)

    assert "Ingen kommentarer ennå." in client.get(page(agreement, s31)).text


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Skriv noe"), ("x" * 100_000, "5000")],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, agreement, s31, municipal_signatory, body, message
):
    client.force_login(municipal_signatory)

    response = client.post(
        start_url(agreement, s31), {"comment-body": body, "comment-visibility": "both"}
    )

    assert response.status_code == 400
    assert message in response.text
    assert not Comment.objects.exists()


def test_a_signed_agreement_takes_no_comments(client, in_force, municipal_signatory):
    s = section(in_force, "3.1")
    client.force_login(municipal_signatory)

    response = client.post(
        start_url(in_force, s), {"comment-body": "For sent", "comment-visibility": "both"}
    )

    assert response.status_code == 400
    assert "diskusjonen er lukket" in response.text
    assert not Comment.objects.exists()
    assert 'data-testid="comment-form"' not in client.get(page(in_force, s)).text


def test_the_office_comments_for_itself(client, agreement, s31, nav_leder):
    client.force_login(nav_leder)

    client.post(
        start_url(agreement, s31), {"comment-body": "Fra kontoret", "comment-visibility": "both"}
    )

    assert Comment.objects.get().side == "office"


def test_a_user_on_two_sides_chooses_and_defaults_to_the_first(agreement, s31, world):
    user = UserFactory(username="begge")
    for side in ("state", "municipal"):
        MembershipFactory(user=user, partnership=world.partnership, side=side, role="editor")
    s31.agreement = agreement

    default = comment_add(section=s31, user=user, body="a", visibility="both")
    chosen = comment_add(section=s31, user=user, body="b", visibility="both", side="state")

    assert (default.side, chosen.side) == ("municipal", "state")


# --- who may --------------------------------------------------------------------------------


def all_urls(agreement, s, thread):
    return [start_url(agreement, s), *thread_urls(agreement, s, thread).values()]


def test_outsiders_get_404(client, agreement, s31, municipal_signatory, outsider):
    thread = new_thread(agreement, municipal_signatory)
    client.force_login(outsider)

    for url in all_urls(agreement, s31, thread):
        assert client.post(url, {"comment-body": "x", f"t{thread.pk}-body": "x"}).status_code == 404
    assert Comment.objects.count() == 1


def test_read_only_members_get_403_but_read_shared_threads(
    client, agreement, s31, municipal_signatory, reader
):
    thread = new_thread(agreement, municipal_signatory, body="Delt tråd")
    client.force_login(reader)

    for url in all_urls(agreement, s31, thread):
        assert client.post(url, {"comment-body": "x", f"t{thread.pk}-body": "x"}).status_code == 403
    text = client.get(page(agreement, s31)).text
    assert "Delt tråd" in text and 'data-testid="reply-form"' not in text
    assert Comment.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, agreement, s31, municipal_signatory):
    thread = new_thread(agreement, municipal_signatory)

    for url in all_urls(agreement, s31, thread):
        response = client.post(url, {})
        assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def test_get_is_not_allowed(client, agreement, s31, municipal_signatory):
    thread = new_thread(agreement, municipal_signatory)
    client.force_login(municipal_signatory)

    for url in all_urls(agreement, s31, thread):
        assert client.get(url).status_code == 405


# --- replies ----------------------------------------------------------------------------------


def test_a_reply_joins_the_thread_with_its_visibility(
    client, agreement, s31, municipal_signatory, world
):
    thread = new_thread(agreement, municipal_signatory, visibility="internal")
    colleague = UserFactory(username="kollega")
    MembershipFactory(
        user=colleague, partnership=world.partnership, side="municipal", role="editor"
    )
    client.force_login(colleague)

    response = client.post(
        thread_urls(agreement, s31, thread)["comment_reply"],
        {f"t{thread.pk}-body": "Enig."},
        **HTMX,
    )

    reply = Comment.objects.get(thread=thread)
    assert response.status_code == 200
    assert (reply.visibility, reply.side) == ("internal", "municipal")
    assert f'id="thread-{thread.pk}"' in response.text
    assert f'id="comment-{reply.pk}"' in response.text and "autofocus" in response.text


def test_a_reply_without_javascript_returns_to_the_thread(
    client, agreement, s31, municipal_signatory, state_editor
):
    thread = new_thread(agreement, municipal_signatory)
    client.force_login(state_editor)

    response = client.post(
        thread_urls(agreement, s31, thread)["comment_reply"], {f"t{thread.pk}-body": "Ja."}
    )

    assert response["Location"] == page(agreement, s31) + f"#thread-{thread.pk}"
    assert Comment.objects.get(thread=thread).side == "state"


def test_an_empty_reply_is_refused(client, agreement, s31, municipal_signatory, state_editor):
    thread = new_thread(agreement, municipal_signatory)
    client.force_login(state_editor)
    url = thread_urls(agreement, s31, thread)["comment_reply"]

    plain = client.post(url, {f"t{thread.pk}-body": ""})
    htmx = client.post(url, {f"t{thread.pk}-body": ""}, **HTMX)

    assert plain.status_code == htmx.status_code == 400
    assert "Skriv noe" in plain.text and "Skriv noe" in htmx.text
    assert Comment.objects.count() == 1


def test_the_other_sides_internal_thread_cannot_be_answered(
    client, agreement, s31, municipal_signatory, state_editor
):
    thread = new_thread(agreement, municipal_signatory, visibility="internal")
    client.force_login(state_editor)

    for url in thread_urls(agreement, s31, thread).values():
        assert client.post(url, {f"t{thread.pk}-body": "Hei"}).status_code == 404
    assert Comment.objects.count() == 1


def test_a_reply_in_another_sections_thread_is_not_found(client, agreement, municipal_signatory):
    thread = new_thread(agreement, municipal_signatory)
    other = section(agreement, "3.2")
    client.force_login(municipal_signatory)

    url = reverse("agreements:comment_reply", args=[agreement.pk, other.pk, thread.pk])

    assert client.post(url, {f"t{thread.pk}-body": "Hei"}).status_code == 404


# --- resolve and reopen ---------------------------------------------------------------------


def test_either_side_resolves_and_reopens(
    client, agreement, s31, municipal_signatory, state_editor
):
    thread = new_thread(agreement, municipal_signatory)
    urls = thread_urls(agreement, s31, thread)
    client.force_login(state_editor)

    resolved = client.post(urls["comment_thread_resolve"], **HTMX)
    thread.refresh_from_db()
    assert resolved.status_code == 200 and 'data-testid="reopen"' in resolved.text
    assert thread.resolved_by == state_editor and thread.resolved_at is not None
    assert client.post(urls["comment_thread_resolve"]).status_code == 400  # already resolved

    client.force_login(municipal_signatory)
    reopened = client.post(urls["comment_thread_reopen"])
    thread.refresh_from_db()
    assert reopened["Location"] == page(agreement, s31) + f"#thread-{thread.pk}"
    assert thread.resolved_by is None and thread.resolved_at is None


def test_resolving_is_refused_on_a_signed_agreement(agreement, municipal_signatory):
    thread = new_thread(agreement, municipal_signatory)
    thread.section.agreement = agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_FORCE)

    with pytest.raises(Exception, match="lukket|closed"):
        comment_thread_resolve(thread=thread, user=municipal_signatory)
    with pytest.raises(Exception, match="lukket|closed"):
        comment_thread_reopen(thread=thread, user=municipal_signatory)


# --- internal comments never reach the other side --------------------------------------------


def test_an_internal_comment_leaves_no_trace_for_the_other_side(
    client, approved, municipal_signatory, state_editor, state_signatory, nav_leder, mailoutbox
):
    Agreement.objects.filter(pk=approved.pk).update(status=Agreement.Status.NEGOTIATION)
    approved.refresh_from_db()
    thread = new_thread(
        approved, municipal_signatory, body=f"Intern: {SECRET}", visibility="internal"
    )
    thread.section.agreement = approved
    comment_add(
        section=thread.section, user=municipal_signatory, body=f"Svar {SECRET}", thread=thread
    )
    s = thread.section
    pages = [
        page(approved, s),
        reverse("agreements:agreement_detail", args=[approved.pk]),
        reverse("agreements:agreement_read", args=[approved.pk]),
        reverse("agreements:agreement_history", args=[approved.pk]),
        reverse("agreements:agreement_changes", args=[approved.pk]),
        reverse("oversight:notifications"),
    ]
    for other in (state_editor, state_signatory, nav_leder):
        client.force_login(other)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert SECRET not in response.text, url
            assert f"thread-{thread.pk}" not in response.text, url
        access = agreement_access(other, approved)
        assert open_threads(approved, access) == [] and open_threads_count(approved, access) == {}
    assert not Notification.objects.filter(
        kind=Kind.COMMENT_ADDED, user__in=[state_editor, state_signatory, nav_leder]
    )
    assert all(SECRET not in m.body and SECRET not in m.subject for m in mailoutbox)
    assert SECRET not in agreement_printable(approved).html
    # ... and its own side sees it.
    client.force_login(municipal_signatory)
    text = client.get(page(approved, s)).text
    assert SECRET in text and "Internt – kun kommunal side" in text


# --- notifications ---------------------------------------------------------------------------


def told(kind=Kind.COMMENT_ADDED):
    return {n.user.username for n in Notification.objects.filter(kind=kind)}


def test_a_shared_comment_tells_the_other_sides_at_once_grouped_per_point(
    agreement, municipal_signatory, state_editor, state_signatory, nav_leder, reader, bokmal
):
    first = new_thread(agreement, municipal_signatory)
    new_thread(agreement, municipal_signatory, body="Og en til")

    assert told() == {"radgiver.nav", "fylkesdirektor", "navleder"}
    notes = Notification.objects.filter(user=state_editor)
    assert notes.count() == 1  # two comments, one notification
    note = notes.get()
    assert note.message.startswith("Bydel Grorud kommenterte 3.1 ")
    assert note.url.startswith(page(agreement, first.section) + "#thread-")
    assert "Bør vi nevne HMS" not in note.message


def test_an_internal_comment_tells_only_the_authors_side(
    agreement, municipal_signatory, state_editor, nav_leder, world
):
    colleague = UserFactory(username="kollega")
    MembershipFactory(
        user=colleague, partnership=world.partnership, side="municipal", role="editor"
    )

    new_thread(agreement, municipal_signatory, visibility="internal")

    assert told() == {"kollega"}


# --- for "Hva som mangler" -------------------------------------------------------------------


def test_open_threads_are_named_with_their_first_words(
    agreement, municipal_signatory, state_editor
):
    kept = new_thread(agreement, municipal_signatory, body=" ".join(f"ord{i}" for i in range(20)))
    done = new_thread(agreement, municipal_signatory, number="3.2")
    done.section.agreement = agreement
    comment_thread_resolve(thread=done, user=state_editor)

    rows = open_threads(agreement, agreement_access(state_editor, agreement))

    assert [(r.pk, r.section.number) for r in rows] == [(kept.pk, "3.1")]
    assert rows[0].first_words.startswith("ord0 ord1") and rows[0].first_words.endswith("…")
    assert rows[0].url.endswith(f"#thread-{kept.pk}")
    assert open_threads_count(agreement, agreement_access(state_editor, agreement)) == {
        kept.section_id: 1
    }


# --- the page's cost ---------------------------------------------------------------------------


def test_the_section_page_costs_the_same_however_many_threads_and_replies(
    client, agreement, s31, municipal_signatory, state_editor, django_assert_num_queries
):
    client.force_login(state_editor)
    thread = new_thread(agreement, municipal_signatory)
    # The session and user, the agreement and its partnership (and the central partnership
    # above it), the section with its
    # approvals and answers, what the other engineers' parts read; the discussion is two of
    # them: the threads (authors and resolvers joined) and the replies (authors joined).
    with django_assert_num_queries(QUERIES):
        client.get(page(agreement, s31))
    s31.agreement = agreement
    for i in range(4):
        more = new_thread(agreement, municipal_signatory, body=f"Tråd {i}")
        comment_add(section=s31, user=state_editor, body="Svar", thread=thread)
        comment_add(section=s31, user=municipal_signatory, body="Svar", thread=more)

    with django_assert_num_queries(QUERIES):
        response = client.get(page(agreement, s31))
    assert response.text.count('data-testid="comment"') == 13
