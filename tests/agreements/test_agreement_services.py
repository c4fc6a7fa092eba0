"""Writing and negotiating an agreement: every transition and guard of the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import services
from agreements.models import Agreement, AgreementEvent, QuestionAnswer
from tests.agreements import MUNICIPAL, STATE, approve_everything, pdf_upload, section, write
from tests.factories import pdf_bytes

Status = Agreement.Status


def test_a_new_agreement_has_every_veileder_point_and_every_question_open(agreement, veileder):
    numbers = list(agreement.sections.values_list("number", flat=True))

    assert numbers == list(veileder.sections.values_list("number", flat=True))
    assert numbers[:4] == ["1.0", "2.0", "2.1", "3.0"] and numbers[-1] == "9.0"
    assert agreement.version == 1
    assert agreement.status == Status.DRAFT
    questions = QuestionAnswer.objects.filter(section__agreement=agreement)
    assert questions.count() == sum(s.questions.count() for s in veileder.sections.all()) > 40
    assert set(questions.values_list("status", flat=True)) == {QuestionAnswer.Status.OPEN}
    services_section = section(agreement, "4.0")
    assert services_section.structured["legal_minimum"] == veileder.legal_minimum_services
    assert agreement.events.filter(kind=AgreementEvent.Kind.CREATED).exists()


def test_only_one_agreement_in_preparation_per_partnership(agreement, world, municipal_signatory):
    with pytest.raises(ValidationError):
        services.agreement_create(partnership=world.partnership, user=municipal_signatory)


def test_read_only_members_cannot_create(world, veileder, reader):
    with pytest.raises(PermissionDenied):
        services.agreement_create(partnership=world.partnership, user=reader)


def test_saving_sanitises_the_text(agreement, nav_leder):
    write(
        agreement,
        "2.0",
        nav_leder,
        '<p onclick="x()">Mål <script>alert(1)</script><a href="javascript:alert(1)">lenke</a>'
        '<span style="color:red">rød</span></p><h2>Overskrift</h2><ul><li>punkt</li></ul>'
        "<style>body{background:url(https://evil.example/x)}</style>"
        '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
        '<p><a href="https://www.nav.no/" target="_blank">NAV</a></p>',
    )

    body = section(agreement, "2.0").body
    assert "script" not in body and "onclick" not in body and "javascript" not in body
    assert "style" not in body and "evil" not in body and "<img" not in body
    assert "onerror" not in body and "iframe" not in body and "target" not in body
    assert '<a href="https://www.nav.no/">NAV</a>' in body
    assert "<h2>Overskrift</h2><ul><li>punkt</li></ul>" in body
    assert "Mål" in body and "rød" in body


def test_a_stale_save_is_refused_and_keeps_the_other_persons_text(
    agreement, nav_leder, state_editor
):
    s = section(agreement, "2.0")
    opened_at = s.revision
    write(agreement, "2.0", nav_leder, "<p>NAV-lederens tekst.</p>")

    with pytest.raises(services.EditConflict) as conflict:
        services.agreement_section_update(
            section=s,
            user=state_editor,
            title=s.title,
            body="<p>Statens tekst.</p>",
            structured_data=s.structured,
            expected_revision=opened_at,
        )

    assert conflict.value.current.body == "<p>NAV-lederens tekst.</p>"
    assert conflict.value.current.updated_by == nav_leder
    assert section(agreement, "2.0").body == "<p>NAV-lederens tekst.</p>"


def test_each_side_approves_for_itself_only(
    agreement, nav_leder, municipal_signatory, state_editor
):
    write(agreement, "2.0", nav_leder)
    s = section(agreement, "2.0")

    services.agreement_section_approve(section=s, user=municipal_signatory, side=MUNICIPAL)
    with pytest.raises(PermissionDenied):
        services.agreement_section_approve(section=s, user=municipal_signatory, side=STATE)
    with pytest.raises(PermissionDenied):
        services.agreement_section_approve(section=s, user=nav_leder, side=MUNICIPAL)
    services.agreement_section_approve(section=s, user=state_editor, side=STATE)

    assert set(s.approvals.values_list("side", flat=True)) == {MUNICIPAL, STATE}
    agreement.refresh_from_db()
    assert agreement.status == Status.NEGOTIATION  # the first approval opens negotiation


def test_an_empty_section_cannot_be_approved(agreement, municipal_signatory):
    with pytest.raises(ValidationError, match="Et tomt punkt kan ikke godkjennes"):
        services.agreement_section_approve(
            section=section(agreement, "2.0"), user=municipal_signatory, side=MUNICIPAL
        )


def test_editing_an_approved_section_withdraws_both_approvals(
    agreement, nav_leder, municipal_signatory, state_editor
):
    write(agreement, "2.0", nav_leder)
    s = section(agreement, "2.0")
    services.agreement_section_approve(section=s, user=municipal_signatory, side=MUNICIPAL)
    services.agreement_section_approve(section=s, user=state_editor, side=STATE)

    withdrawn = write(agreement, "2.0", state_editor, "<p>Endret tekst.</p>")

    assert set(withdrawn) == {MUNICIPAL, STATE}
    assert not s.approvals.exists()
    assert agreement.events.filter(kind=AgreementEvent.Kind.APPROVAL_WITHDRAWN).count() == 2


def test_saving_unchanged_text_keeps_the_approvals(agreement, nav_leder, municipal_signatory):
    write(agreement, "2.0", nav_leder)
    services.agreement_section_approve(
        section=section(agreement, "2.0"), user=municipal_signatory, side=MUNICIPAL
    )

    assert write(agreement, "2.0", nav_leder) == []
    assert section(agreement, "2.0").approvals.count() == 1


def test_approved_by_both_only_when_every_section_is_and_an_edit_reopens(
    agreement, nav_leder, municipal_signatory, state_editor
):
    approve_everything(
        agreement, writer=nav_leder, municipal=municipal_signatory, state=state_editor
    )
    agreement.refresh_from_db()
    assert agreement.status == Status.APPROVED

    write(agreement, "3.1", nav_leder, "<p>Nytt forslag.</p>")

    agreement.refresh_from_db()
    assert agreement.status == Status.NEGOTIATION


def test_withdrawing_an_approval_reopens_negotiation(
    agreement, nav_leder, municipal_signatory, state_editor
):
    approve_everything(
        agreement, writer=nav_leder, municipal=municipal_signatory, state=state_editor
    )

    services.agreement_section_withdraw_approval(
        section=section(agreement, "9.0"), user=state_editor, side=STATE
    )

    agreement.refresh_from_db()
    assert agreement.status == Status.NEGOTIATION


def test_answering_a_question(agreement, nav_leder, reader):
    answer = QuestionAnswer.objects.filter(section__agreement=agreement).first()

    services.question_answer_update(
        answer=answer, user=nav_leder, status=QuestionAnswer.Status.CONSIDERED, note=" Drøftet. "
    )
    with pytest.raises(PermissionDenied):
        services.question_answer_update(
            answer=answer, user=reader, status=QuestionAnswer.Status.OPEN, note=""
        )

    answer.refresh_from_db()
    assert (answer.status, answer.note) == (QuestionAnswer.Status.CONSIDERED, "Drøftet.")


def test_own_sections_are_added_last_moved_and_removed(agreement, nav_leder):
    added = services.agreement_section_add(
        agreement=agreement, user=nav_leder, title="Kommunikasjon"
    )
    assert (added.number, added.is_custom) == ("10.0", True)
    assert list(agreement.sections.values_list("number", flat=True))[-1] == "10.0"

    services.agreement_section_move(section=added, user=nav_leder, direction="up")
    assert list(agreement.sections.values_list("number", flat=True))[-2:] == ["10.0", "9.0"]

    services.agreement_section_remove(section=added, user=nav_leder)
    assert not agreement.sections.filter(number="10.0").exists()


def test_veileder_points_cannot_be_removed_and_numbers_are_checked(agreement, nav_leder):
    with pytest.raises(ValidationError):
        services.agreement_section_remove(section=section(agreement, "4.0"), user=nav_leder)
    with pytest.raises(ValidationError):
        services.agreement_section_add(agreement=agreement, user=nav_leder, title="X", number="ti")
    with pytest.raises(ValidationError):
        services.agreement_section_add(agreement=agreement, user=nav_leder, title="X", number="4.0")


def test_a_revision_starts_from_the_agreement_in_force(agreement, nav_leder, municipal_signatory):
    write(agreement, "2.0", nav_leder, "<p>Gjeldende formål.</p>")
    answer = QuestionAnswer.objects.filter(
        section__number="2.0", section__agreement=agreement
    ).first()
    services.question_answer_update(
        answer=answer, user=nav_leder, status=QuestionAnswer.Status.CONSIDERED, note="Ok"
    )
    with pytest.raises(ValidationError):
        services.agreement_start_revision(agreement=agreement, user=municipal_signatory)
    Agreement.objects.filter(pk=agreement.pk).update(status=Status.IN_FORCE)
    agreement.refresh_from_db()

    revision = services.agreement_start_revision(agreement=agreement, user=municipal_signatory)

    assert (revision.version, revision.based_on, revision.status) == (2, agreement, Status.DRAFT)
    assert section(revision, "2.0").body == "<p>Gjeldende formål.</p>"
    copied = QuestionAnswer.objects.get(section__agreement=revision, question=answer.question)
    assert (copied.status, copied.note) == (QuestionAnswer.Status.CONSIDERED, "Ok")


def test_nothing_changes_once_the_agreement_is_no_longer_open(agreement, nav_leder):
    Agreement.objects.filter(pk=agreement.pk).update(status=Status.IN_FORCE)

    with pytest.raises(ValidationError, match="start en revisjon"):
        write(agreement, "2.0", nav_leder)


def test_a_pdf_attachment_is_stored_with_its_hash(
    agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(
            agreement=agreement,
            user=nav_leder,
            kind="delegasjonsvedtak",
            title="Delegasjonsvedtak",
            upload=pdf_upload(pdf_bytes(2)),
        )

    assert attachment.size == len(pdf_bytes(2))
    assert len(attachment.sha256) == 64
    assert attachment.file.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a pdf at all", "ikke en PDF"),
        (b"%PDF-1.7\n garbage that is no pdf", "skadet"),
        (pdf_bytes(password="hemmelig"), "passordbeskyttet"),
    ],
    ids=["exe", "damaged", "encrypted"],
)
def test_files_that_are_not_readable_pdfs_are_refused(
    agreement, nav_leder, media, content, message
):
    with pytest.raises(ValidationError, match=message):
        services.attachment_add(
            agreement=agreement, user=nav_leder, kind="other", title="X", upload=pdf_upload(content)
        )

    assert not agreement.attachments.exists()


def test_files_over_the_limit_are_refused(agreement, nav_leder, media, settings):
    settings.NAVPARTNER_MAX_UPLOAD_BYTES = 1000

    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            agreement=agreement,
            user=nav_leder,
            kind="other",
            title="X",
            upload=pdf_upload(pdf_bytes() + b"\n%" + b"x" * 2000),
        )

    assert error.value.messages == ["Filen er 2,4\xa0KB; grensen er 1000\xa0byte."]
    assert not agreement.attachments.exists()
