"""'Hva som mangler' on the agreement page names each thing with a link: each open question,
each point awaiting each side, each open thread the user may see, each open suggestion."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Comment, QuestionAnswer, Suggestion
from agreements.selectors import Completeness
from agreements.selectors.agreements import CompletenessCounts

from . import MUNICIPAL, STATE, section, section_link, suggestion, thread, write

pytestmark = pytest.mark.usefixtures("bokmal")


def missing(client, user, agreement) -> str:
    """The 'Hva som mangler' card of the agreement page, as `user` sees it."""
    client.force_login(user)
    response = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))
    assert response.status_code == 200
    card = re.search(r'aria-labelledby="completeness-heading".*?</section>', response.text, re.S)
    assert card, "no 'Hva som mangler'"
    return card.group(0)


def items(card: str, testid: str) -> list[str]:
    return re.findall(rf'<li data-testid="{testid}">(.*?)</li>', card, re.S)


def test_each_open_question_is_named_with_a_link_to_it(client, agreement, nav_leder):
    answers = list(
        QuestionAnswer.objects.filter(section__agreement=agreement).select_related(
            "question", "section"
        )
    )
    dealt_with = answers[0]
    services.question_answer_update(
        answer=dealt_with, user=nav_leder, status=QuestionAnswer.Status.CONSIDERED, note=""
    )
    still_open = answers[1]

    card = missing(client, nav_leder, agreement)

    questions = items(card, "missing-question")
    assert len(questions) == len(answers) - 1
    number = still_open.section.number
    assert any(
        f"Til vurdering i {number} {still_open.section.title}:" in q
        and section_link(agreement, number, f"#question-{still_open.pk}") in q
        for q in questions
    )
    assert f'#question-{dealt_with.pk}"' not in card
    assert "spørsmål er ikke behandlet" not in card  # named, not counted


def test_each_point_awaiting_each_side_is_named(
    client, agreement, nav_leder, municipal_signatory, state_editor
):
    write(agreement, "3.1", nav_leder)
    services.agreement_section_approve(
        section=section(agreement, "3.1"), user=state_editor, side=STATE
    )

    card = missing(client, municipal_signatory, agreement)

    municipal, state = items(card, "missing-approval")
    assert municipal.startswith("Venter på kommunal sides godkjenning:")
    assert state.startswith("Venter på statlig sides godkjenning:")
    assert section_link(agreement, "3.1") in municipal
    assert "3.1 Styring og ledelse" in municipal
    assert section_link(agreement, "3.1") not in state
    assert section_link(agreement, "4.0") in state


def test_open_threads_are_named_for_those_who_may_read_them(
    client, agreement, municipal_signatory, state_editor
):
    both = thread(agreement, "3.1", state_editor, STATE, "Hvem leder det faste møtet?")
    internal = thread(
        agreement,
        "4.0",
        state_editor,
        STATE,
        "Internt: vi må avklare med fylket.",
        visibility=Comment.Visibility.INTERNAL,
    )
    resolved = thread(agreement, "5.0", municipal_signatory, MUNICIPAL, "Avklart.")
    resolved.resolved_at, resolved.resolved_by = timezone.now(), municipal_signatory
    resolved.save()
    Comment.objects.create(  # a reply is part of its thread, not a thread of its own
        section=both.section,
        thread=both,
        author=municipal_signatory,
        side=MUNICIPAL,
        body="NAV-lederen.",
        section_revision=1,
    )

    state = items(missing(client, state_editor, agreement), "missing-thread")
    municipal_card = missing(client, municipal_signatory, agreement)
    municipal = items(municipal_card, "missing-thread")

    assert len(state) == 2
    assert "Åpen tråd i 3.1 Styring og ledelse" in state[0]
    assert section_link(agreement, "3.1", f"#comment-{both.pk}") in state[0]
    assert section_link(agreement, "4.0", f"#comment-{internal.pk}") in state[1]
    assert len(municipal) == 1
    assert f"#comment-{both.pk}" in municipal[0]
    assert "Internt" not in municipal_card
    assert f'#comment-{resolved.pk}"' not in municipal_card


def test_open_suggestions_are_named_with_the_side_that_proposed(
    client, agreement, municipal_signatory, state_editor
):
    proposed = suggestion(agreement, "3.1", municipal_signatory, MUNICIPAL)
    withdrawn = suggestion(agreement, "4.0", municipal_signatory, MUNICIPAL)
    withdrawn.status = Suggestion.Status.WITHDRAWN
    withdrawn.save()

    card = missing(client, state_editor, agreement)

    (named,) = items(card, "missing-suggestion")
    assert "Forslag til ny tekst i 3.1 Styring og ledelse" in named
    assert "fra kommunal side" in named
    assert section_link(agreement, "3.1", f"#suggestion-{proposed.pk}") in named


def test_an_open_thread_or_suggestion_keeps_the_agreement_incomplete(agreement, nav_leder):
    open_thread = thread(agreement, "3.1", nav_leder, MUNICIPAL, "En siste kommentar.")
    proposed = suggestion(agreement, "3.1", nav_leder, MUNICIPAL)

    assert Completeness().is_complete
    assert not Completeness(threads=[open_thread]).is_complete
    assert not Completeness(suggestions=[proposed]).is_complete


@pytest.mark.parametrize("extra", [0, 10])
def test_query_count_is_constant_in_the_number_of_threads_and_suggestions(
    client, agreement, nav_leder, municipal_signatory, django_assert_num_queries, extra
):
    for n in range(extra):
        number = ("3.1", "4.0", "5.0")[n % 3]
        thread(agreement, number, municipal_signatory, MUNICIPAL, f"Tråd {n}")
        suggestion(agreement, number, municipal_signatory, MUNICIPAL)
    client.force_login(nav_leder)

    # session, user, memberships, agreement with template, its partnership with parties,
    # its central partnership (with its parties), its signatures, covered municipalities, sections
    # with question counts, their approvals, attachments; the open questions, the open threads,
    # the open suggestions; the unread notifications
    with django_assert_num_queries(15):
        response = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))

    assert response.text.count('data-testid="missing-thread"') == extra
    assert response.text.count('data-testid="missing-suggestion"') == extra


def test_the_overview_still_counts(client, agreement, nav_leder):
    client.force_login(nav_leder)

    response = client.get(reverse("oversight:agreement_status"))

    (row,) = response.context["rows"]
    assert row.completeness.open_questions == QuestionAnswer.objects.count()
    assert isinstance(row.completeness, CompletenessCounts)  # counted there, not listed
    assert row.completeness.awaiting[MUNICIPAL] == agreement.sections.count()
