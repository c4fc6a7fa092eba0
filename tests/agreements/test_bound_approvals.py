"""Approving, withdrawing, answering and signing are bound to the text the user saw: a text
changed since is refused with 409, a page of what changed, and nothing saved."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import AgreementSignature, QuestionAnswer, SectionApproval
from agreements.selectors.revisions import section_seen
from tests.agreements import MUNICIPAL, STATE, section, sign_form_data, write

pytestmark = pytest.mark.django_db


def url(agreement, s, name, **extra):
    return reverse(f"agreements:{name}", kwargs={"pk": agreement.pk, "section_pk": s.pk, **extra})


def direct(step):
    return step()


def approval_race(*, run, agreement, state_user, municipal_user):
    """The state user loads revision N; the municipal user saves N+1; the state user's
    approval of N is refused (409) and no approval exists. `run` runs each step (at once,
    or in its own thread and connection)."""
    s = section(agreement, "2.0")
    state, seen = Client(), {}
    state.force_login(state_user)

    def load():
        page = state.get(url(agreement, s, "section_detail"))
        seen.update(page.context["seen_text"])

    def save():
        write(agreement, "2.0", municipal_user, "<p>Teksten staten aldri så.</p>")

    def approve():
        seen["response"] = state.post(
            url(agreement, s, "section_approve"),
            {"side": STATE, "revision": seen["revision"], "content_hash": seen["content_hash"]},
        )

    for step in (load, save, approve):
        run(step)
    assert seen["response"].status_code == 409
    assert "Teksten staten aldri så." in seen["response"].text
    assert not SectionApproval.objects.filter(section=s).exists()


def test_an_approval_of_a_text_changed_meanwhile_is_refused(
    agreement, state_editor, municipal_signatory, nav_leder
):
    write(agreement, "2.0", nav_leder, "<p>Første tekst.</p>")
    approval_race(
        run=direct, agreement=agreement, state_user=state_editor, municipal_user=municipal_signatory
    )


class TestApprove:
    def test_the_text_seen_is_approved_and_recorded(
        self, client, agreement, nav_leder, state_editor
    ):
        write(agreement, "2.0", nav_leder, "<p>Tekst.</p>")
        s = section(agreement, "2.0")
        client.force_login(state_editor)

        response = client.post(
            url(agreement, s, "section_approve"), {"side": STATE, **section_seen(s)}
        )

        assert response.status_code == 302
        approval = SectionApproval.objects.get(section=s)
        assert (approval.section_revision, approval.content_hash) == (
            s.revision,
            section_seen(s)["content_hash"],
        )

    def test_a_stale_hash_is_refused(self, client, agreement, nav_leder, state_editor):
        write(agreement, "2.0", nav_leder, "<p>Tekst.</p>")
        s = section(agreement, "2.0")
        client.force_login(state_editor)

        response = client.post(
            url(agreement, s, "section_approve"),
            {"side": STATE, "revision": s.revision, "content_hash": "0" * 64},
        )

        assert response.status_code == 409
        assert not SectionApproval.objects.exists()

    def test_the_409_page_offers_the_current_text(self, client, agreement, nav_leder, state_editor):
        write(agreement, "2.0", nav_leder, "<p>Gammel tekst.</p>")
        s = section(agreement, "2.0")
        old = section_seen(s)
        write(agreement, "2.0", nav_leder, "<p>Ny tekst.</p>")
        client.force_login(state_editor)

        response = client.post(url(agreement, s, "section_approve"), {"side": STATE, **old})
        s.refresh_from_db()
        again = client.post(
            url(agreement, s, "section_approve"), {"side": STATE, **response.context["seen_text"]}
        )

        assert response.status_code == 409
        assert "Ikke godkjent: noen lagret en ny tekst" in response.text
        assert "<del>Gammel</del>" in response.text and "<ins>Ny</ins>" in response.text
        assert again.status_code == 302
        assert SectionApproval.objects.get(section=s).section_revision == s.revision

    def test_missing_revision_is_bad_input(self, client, agreement, nav_leder, state_editor):
        write(agreement, "2.0", nav_leder, "<p>Tekst.</p>")
        s = section(agreement, "2.0")
        client.force_login(state_editor)

        response = client.post(url(agreement, s, "section_approve"), {"side": STATE})

        assert response.status_code == 400
        assert not SectionApproval.objects.exists()

    def test_outsider_404_reader_403_anonymous_login_get_405(
        self, client, agreement, nav_leder, outsider, reader
    ):
        write(agreement, "2.0", nav_leder, "<p>Tekst.</p>")
        s = section(agreement, "2.0")
        target = url(agreement, s, "section_approve")
        data = {"side": STATE, **section_seen(s)}

        assert client.post(target, data).status_code == 302  # to the login page
        client.force_login(outsider)
        assert client.post(target, data).status_code == 404
        client.force_login(reader)
        assert client.post(target, data).status_code == 403
        assert client.get(target).status_code == 405
        assert not SectionApproval.objects.exists()


def test_a_stale_withdrawal_is_refused(client, agreement, nav_leder, state_editor):
    write(agreement, "2.0", nav_leder, "<p>Tekst.</p>")
    s = section(agreement, "2.0")
    services.agreement_section_approve(section=s, user=state_editor, side=STATE)
    client.force_login(state_editor)
    data = {"side": STATE, **section_seen(s)}

    stale = client.post(url(agreement, s, "section_withdraw_approval"), {**data, "revision": 99})
    fresh = client.post(url(agreement, s, "section_withdraw_approval"), data)

    assert stale.status_code == 409
    assert fresh.status_code == 302
    assert not SectionApproval.objects.exists()


def test_a_stale_answer_is_refused(client, agreement, nav_leder):
    answer = QuestionAnswer.objects.filter(section__agreement=agreement).first()
    old = section_seen(answer.section)
    write(agreement, answer.section.number, nav_leder, "<p>Endret.</p>")
    client.force_login(nav_leder)
    prefix = f"q{answer.pk}"
    post = {f"{prefix}-status": "considered", f"{prefix}-note": "Drøftet"}

    stale = client.post(
        url(agreement, answer.section, "question_update", answer_pk=answer.pk),
        {**post, **{f"{prefix}-{k}": v for k, v in old.items()}},
    )
    answer.section.refresh_from_db()
    fresh = client.post(
        url(agreement, answer.section, "question_update", answer_pk=answer.pk),
        {**post, **{f"{prefix}-{k}": v for k, v in section_seen(answer.section).items()}},
    )

    assert stale.status_code == 409
    assert fresh.status_code == 302
    answer.refresh_from_db()
    assert answer.status == "considered"


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_signing_a_text_changed_meanwhile_is_refused(client, approved, municipal_signatory):
    target = reverse("agreements:agreement_sign", args=[approved.pk])
    client.force_login(municipal_signatory)
    post = sign_form_data("f" * 64)  # not the text as it stands

    response = client.post(target, post)

    assert response.status_code == 409
    assert "Ikke signert: teksten ble endret" in response.text
    assert not AgreementSignature.objects.exists()
    assert response.context["form"]["content_hash"].value() == services.agreement_text_sha256(
        approved
    )


def test_the_service_refuses_a_stale_revision(agreement, nav_leder, municipal_signatory):
    write(agreement, "2.0", nav_leder, "<p>Tekst.</p>")
    s = section(agreement, "2.0")
    with pytest.raises(services.StaleContent):
        services.agreement_section_approve(
            section=s, user=municipal_signatory, side=MUNICIPAL, expected_revision=s.revision - 1
        )
    assert not SectionApproval.objects.exists()


def test_readers_may_not_answer_or_withdraw(client, agreement, nav_leder, reader, outsider):
    answer = QuestionAnswer.objects.filter(section__agreement=agreement).first()
    s = answer.section
    prefix = f"q{answer.pk}"
    post = {
        f"{prefix}-status": "considered",
        **{f"{prefix}-{k}": v for k, v in section_seen(s).items()},
    }
    answer_url = url(agreement, s, "question_update", answer_pk=answer.pk)
    withdraw_url = url(agreement, s, "section_withdraw_approval")

    client.force_login(reader)
    assert client.post(answer_url, post).status_code == 403
    assert client.post(withdraw_url, {"side": STATE, **section_seen(s)}).status_code == 403
    client.force_login(outsider)
    assert client.post(answer_url, post).status_code == 404
    answer.refresh_from_db()
    assert answer.status == "open"
