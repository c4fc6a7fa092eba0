"""The agreement pages, per STYLE.md: success, outsider 404, read-only 403, anonymous, wrong
method, bad input changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import selectors, services, structured
from agreements.models import Agreement, QuestionAnswer, StructuredKind
from agreements.selectors.revisions import section_seen
from oversight.services.summaries import partnership_summaries_rebuild
from partnerships.models import Membership
from tests.agreements import MUNICIPAL, STATE, editor_post, pdf_upload, write
from tests.factories import MembershipFactory, UserFactory, county_with_partnerships, pdf_bytes


def section_url(agreement, section, name="section_detail", **extra):
    return reverse(
        f"agreements:{name}", kwargs={"pk": agreement.pk, "section_pk": section.pk, **extra}
    )


def edit_post(section, body, **overrides):
    return {
        "title": section.title,
        "body": body,
        "revision": section.revision,
        **_structured_post(section),
        **overrides,
    }


def _structured_post(section):
    """The section's structured part, posted back unchanged."""
    kind = section.template_section.structured if section.template_section_id else None
    if not kind or kind == StructuredKind.NONE:
        return {}
    return editor_post(
        structured.editor(kind, section.agreement.template, initial=section.structured)
    )


class TestCreate:
    def test_editor_creates_a_draft(self, client, world, veileder, nav_leder):
        client.force_login(nav_leder)

        response = client.post(reverse("agreements:agreement_create", args=[world.partnership.pk]))

        agreement = Agreement.objects.get(partnership=world.partnership)
        assert response["Location"] == reverse("agreements:agreement_detail", args=[agreement.pk])

    def test_read_only_member_is_refused(self, client, world, veileder, reader):
        client.force_login(reader)

        response = client.post(reverse("agreements:agreement_create", args=[world.partnership.pk]))

        assert response.status_code == 403
        assert not Agreement.objects.exists()

    def test_outsider_gets_404(self, client, world, veileder, outsider):
        client.force_login(outsider)

        response = client.post(reverse("agreements:agreement_create", args=[world.partnership.pk]))

        assert response.status_code == 404
        assert not Agreement.objects.exists()

    def test_get_is_not_allowed(self, client, world, nav_leder):
        client.force_login(nav_leder)

        url = reverse("agreements:agreement_create", args=[world.partnership.pk])
        assert client.get(url).status_code == 405


class TestAgreementPage:
    def test_members_see_sections_and_what_is_missing(self, client, agreement, reader):
        client.force_login(reader)

        response = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))

        assert response.status_code == 200
        assert response.text.count('data-testid="section-row"') == agreement.sections.count()
        assert 'data-testid="completeness"' in response.text

    def test_outsider_gets_404(self, client, agreement, outsider):
        client.force_login(outsider)

        for name in ("agreement_detail", "agreement_history", "agreement_changes"):
            response = client.get(reverse(f"agreements:{name}", args=[agreement.pk]))
            assert response.status_code == 404, name

    @pytest.mark.parametrize("extra_sections", [0, 15])
    def test_query_count_is_constant_in_the_number_of_sections(
        self, client, agreement, nav_leder, django_assert_num_queries, extra_sections
    ):
        for n in range(extra_sections):
            services.agreement_section_add(agreement=agreement, user=nav_leder, title=f"Eget {n}")
        client.force_login(nav_leder)

        # session, user, memberships, agreement with template, its partnership with parties,
        # the central partnership above it (with its parties), its signatures, covered
        # municipalities, sections with question counts, their approvals, attachments; for
        # "what is missing": the open questions, open threads, open suggestions; the unread
        # notifications
        with django_assert_num_queries(15):
            client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))


class TestSectionEdit:
    def test_editor_saves_and_the_text_is_sanitised(self, client, agreement, nav_leder):
        section = agreement.sections.get(number="2.0")
        client.force_login(nav_leder)

        response = client.post(
            section_url(agreement, section),
            edit_post(section, "<p>Felles mål<script>x</script></p>"),
        )

        assert response.status_code == 302
        section.refresh_from_db()
        assert section.body == "<p>Felles mål</p>"
        assert section.revision == 2

    def test_a_conflicting_save_is_refused_showing_both_texts(
        self, client, agreement, nav_leder, state_editor
    ):
        section = agreement.sections.get(number="2.0")
        stale = edit_post(section, "<p>Min versjon.</p>")
        services.agreement_section_update(
            section=section,
            user=nav_leder,
            title=section.title,
            body="<p>Hennes versjon.</p>",
            structured_data=None,
            expected_revision=1,
        )
        client.force_login(state_editor)

        response = client.post(section_url(agreement, section), stale)

        assert response.status_code == 409
        assert 'data-testid="edit-conflict"' in response.text
        assert "Hennes versjon." in response.text  # theirs, shown
        assert "Min versjon." in response.text  # mine, still in the editor
        section.refresh_from_db()
        assert section.body == "<p>Hennes versjon.</p>"

    def test_bad_input_changes_nothing(self, client, agreement, nav_leder):
        section = agreement.sections.get(number="2.0")
        client.force_login(nav_leder)

        response = client.post(
            section_url(agreement, section), edit_post(section, "<p>Tekst</p>", title="")
        )

        assert response.status_code == 400
        section.refresh_from_db()
        assert (section.body, section.revision) == ("", 1)

    def test_read_only_member_sees_the_text_but_cannot_save(self, client, agreement, reader):
        section = agreement.sections.get(number="2.0")
        client.force_login(reader)

        assert client.get(section_url(agreement, section)).status_code == 200
        response = client.post(section_url(agreement, section), edit_post(section, "<p>x</p>"))

        assert response.status_code == 403
        section.refresh_from_db()
        assert section.body == ""

    def test_outsider_and_anonymous(self, client, agreement, outsider):
        section = agreement.sections.get(number="2.0")
        url = section_url(agreement, section)

        assert client.get(url).status_code == 302
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, edit_post(section, "<p>x</p>")).status_code == 404

    def test_section_of_another_agreement_is_404(
        self, client, agreement, world, veileder, outsider, nav_leder
    ):
        other = services.agreement_create(partnership=world.other_partnership, user=outsider)
        client.force_login(nav_leder)

        response = client.get(section_url(agreement, other.sections.first()))

        assert response.status_code == 404

    def test_page_shows_guidance_and_questions(self, client, agreement, nav_leder):
        section = agreement.sections.get(number="3.7")
        client.force_login(nav_leder)

        response = client.get(section_url(agreement, section))

        assert section.template_section.guidance[0] in response.text
        assert response.text.count('data-testid="question"') == section.answers.count()

    def test_section_page_query_count_is_constant(self, client, agreement, nav_leder):
        client.force_login(nav_leder)
        few = agreement.sections.get(number="3.5")
        many = agreement.sections.get(number="2.1")
        assert many.answers.count() > few.answers.count()

        counts = []
        for section in (few, many):
            with CaptureQueriesContext(connection) as queries:
                client.get(section_url(agreement, section))
            counts.append(len(queries))

        # with the unread notifications, and the central partnership above the agreement's
        assert counts[0] == counts[1] <= 15


class TestApproval:
    def write(self, agreement, user):
        write(agreement, "2.0", user, "<p>Tekst</p>")
        return agreement.sections.get(number="2.0")

    def test_state_editor_approves_for_the_state(self, client, agreement, nav_leder, state_editor):
        section = self.write(agreement, nav_leder)
        client.force_login(state_editor)

        response = client.post(
            section_url(agreement, section, "section_approve"),
            {"side": STATE, **section_seen(section)},
        )

        assert response.status_code == 302
        assert list(section.approvals.values_list("side", flat=True)) == [STATE]

    def test_approving_for_the_other_side_is_forbidden(
        self, client, agreement, nav_leder, state_editor
    ):
        section = self.write(agreement, nav_leder)
        client.force_login(state_editor)

        response = client.post(
            section_url(agreement, section, "section_approve"), {"side": MUNICIPAL}
        )

        assert response.status_code == 403
        assert not section.approvals.exists()

    def test_nav_leder_and_readers_cannot_approve(self, client, agreement, nav_leder, reader):
        section = self.write(agreement, nav_leder)
        for user in (nav_leder, reader):
            client.force_login(user)
            response = client.post(
                section_url(agreement, section, "section_approve"), {"side": MUNICIPAL}
            )
            assert response.status_code == 403
        assert not section.approvals.exists()

    def test_approving_is_post_only(self, client, agreement, state_editor):
        section = agreement.sections.get(number="2.0")
        client.force_login(state_editor)

        assert client.get(section_url(agreement, section, "section_approve")).status_code == 405

    def test_the_page_says_that_an_edit_withdrew_the_approval(
        self, client, agreement, nav_leder, state_editor
    ):
        section = self.write(agreement, nav_leder)
        services.agreement_section_approve(section=section, user=state_editor, side=STATE)
        section.refresh_from_db()
        client.force_login(state_editor)

        response = client.post(
            section_url(agreement, section), edit_post(section, "<p>Ny tekst</p>"), follow=True
        )

        assert not section.approvals.exists()
        assert "statlig side" in response.text.lower()


class TestOneRuleForViewAndService:
    """The page and the service ask the same rule (AgreementAccess), so whoever the rule
    refuses is refused by both: 403 from the view, PermissionDenied from the service."""

    @pytest.mark.parametrize(
        ("persona", "side", "status"),
        [
            ("state_editor", MUNICIPAL, Agreement.Status.NEGOTIATION),  # the other side
            ("nav_leder", MUNICIPAL, Agreement.Status.NEGOTIATION),  # the office is no party
            ("reader", STATE, Agreement.Status.NEGOTIATION),
            ("municipal_signatory", MUNICIPAL, Agreement.Status.IN_FORCE),  # no longer open
        ],
    )
    def test_approval(self, request, client, agreement, nav_leder, persona, side, status):
        write(agreement, "2.0", nav_leder, "<p>Tekst</p>")
        section = agreement.sections.get(number="2.0")
        Agreement.objects.filter(pk=agreement.pk).update(status=status)
        user = request.getfixturevalue(persona)
        assert not selectors.agreement_get_for_user(user, agreement.pk).may_approve_for(side)
        client.force_login(user)

        for name in ("section_approve", "section_withdraw_approval"):
            response = client.post(section_url(agreement, section, name), {"side": side})
            assert response.status_code == 403
        for service in (
            services.agreement_section_approve,
            services.agreement_section_withdraw_approval,
        ):
            with pytest.raises(PermissionDenied):
                service(section=section, user=user, side=side)
        assert not section.approvals.exists()

    def test_editing(self, client, agreement, reader):
        section = agreement.sections.get(number="2.0")
        assert not selectors.agreement_get_for_user(reader, agreement.pk).may_edit
        client.force_login(reader)

        response = client.post(section_url(agreement, section), edit_post(section, "<p>x</p>"))

        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            write(agreement, "2.0", reader, "<p>x</p>")
        section.refresh_from_db()
        assert section.body == ""


class TestQuestions:
    def test_htmx_answer_returns_the_row(self, client, agreement, nav_leder):
        answer = QuestionAnswer.objects.filter(section__agreement=agreement).first()
        client.force_login(nav_leder)

        response = client.post(
            section_url(agreement, answer.section, "question_update", answer_pk=answer.pk),
            {
                f"q{answer.pk}-status": "considered",
                f"q{answer.pk}-note": "Drøftet i møtet",
                **{f"q{answer.pk}-{k}": v for k, v in section_seen(answer.section).items()},
            },
            HTTP_HX_REQUEST="true",
        )

        assert response.status_code == 200
        assert f'id="question-{answer.pk}"' in response.text
        answer.refresh_from_db()
        assert (answer.status, answer.note) == ("considered", "Drøftet i møtet")

    def test_bad_status_is_refused(self, client, agreement, nav_leder):
        answer = QuestionAnswer.objects.filter(section__agreement=agreement).first()
        client.force_login(nav_leder)

        response = client.post(
            section_url(agreement, answer.section, "question_update", answer_pk=answer.pk),
            {f"q{answer.pk}-status": "maybe"},
            HTTP_HX_REQUEST="true",
        )

        assert response.status_code == 400
        answer.refresh_from_db()
        assert answer.status == "open"


class TestAttachments:
    def test_upload_download_and_remove(
        self, client, agreement, nav_leder, media, django_capture_on_commit_callbacks
    ):
        client.force_login(nav_leder)
        url = reverse("agreements:attachment_upload", args=[agreement.pk])

        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                url,
                {
                    "kind": "delegasjonsvedtak",
                    "title": "Delegasjonsvedtak 2024",
                    "file": pdf_upload(pdf_bytes(), "x.pdf"),
                },
            )
        attachment = agreement.attachments.get()
        download = client.get(
            reverse("agreements:attachment_download", args=[agreement.pk, attachment.pk])
        )

        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
        assert 'filename="delegasjonsvedtak-2024.pdf"' in download["Content-Disposition"]
        assert b"".join(download.streaming_content).startswith(b"%PDF-")

        remove_url = reverse("agreements:attachment_remove", args=[agreement.pk, attachment.pk])
        assert client.get(remove_url).status_code == 200  # asks first
        with django_capture_on_commit_callbacks(execute=True):
            client.post(remove_url)
        assert not agreement.attachments.exists()

    def test_a_renamed_executable_is_refused(self, client, agreement, nav_leder, media):
        client.force_login(nav_leder)

        response = client.post(
            reverse("agreements:attachment_upload", args=[agreement.pk]),
            {"kind": "other", "title": "Skummel", "file": pdf_upload(b"MZ\x90", "x.pdf")},
            follow=True,
        )

        assert not agreement.attachments.exists()
        assert "alert-danger" in response.text

    def test_outsider_cannot_download(
        self, client, agreement, nav_leder, outsider, media, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            attachment = services.attachment_add(
                agreement=agreement,
                user=nav_leder,
                kind="other",
                title="Vedlegg",
                upload=pdf_upload(pdf_bytes(), "x.pdf"),
            )
        client.force_login(outsider)

        url = reverse("agreements:attachment_download", args=[agreement.pk, attachment.pk])
        assert client.get(url).status_code == 404


class TestChangesAndHistory:
    def test_the_revision_shows_a_redline_against_the_version_in_force(
        self, client, agreement, nav_leder, municipal_signatory
    ):
        section = agreement.sections.get(number="2.0")
        services.agreement_section_update(
            section=section,
            user=nav_leder,
            title=section.title,
            body="<p>Partene møtes hver måned.</p>",
            structured_data=None,
            expected_revision=1,
        )
        Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_FORCE)
        agreement.refresh_from_db()
        revision = services.agreement_start_revision(agreement=agreement, user=municipal_signatory)
        new_section = revision.sections.get(number="2.0")
        services.agreement_section_update(
            section=new_section,
            user=nav_leder,
            title=new_section.title,
            body="<p>Partene møtes hvert kvartal.</p>",
            structured_data=None,
            expected_revision=1,
        )
        client.force_login(nav_leder)

        response = client.get(reverse("agreements:agreement_changes", args=[revision.pk]))

        assert response.text.count('data-testid="changed-section"') == 1
        assert "<del>hver måned.</del> <ins>hvert kvartal.</ins>" in response.text
        assert response.text.count('data-testid="unchanged-section"') == (
            revision.sections.count() - 1
        )

    def test_history_lists_who_did_what(self, client, agreement, nav_leder):
        client.force_login(nav_leder)

        response = client.get(reverse("agreements:agreement_history", args=[agreement.pk]))

        assert response.status_code == 200
        assert response.text.count('data-testid="event"') == agreement.events.count() >= 1


class TestOverview:
    @pytest.mark.parametrize("partnerships", [2, 12])
    @pytest.mark.parametrize("summarised", [True, False])
    def test_overview_across_a_county_in_constant_queries(
        self, client, veileder, django_assert_num_queries, partnerships, summarised
    ):
        county = county_with_partnerships(partnerships)
        director = UserFactory(username="direktor")
        MembershipFactory(
            user=director, county=county, side=Membership.Side.STATE, role=Membership.Role.SIGNATORY
        )
        for partnership in county.partnerships.all()[: partnerships // 2]:
            services.agreement_create(partnership=partnership, user=director)
        if summarised:
            partnership_summaries_rebuild()
        client.force_login(director)

        # session, user, memberships, how many partnerships (for the pages), those on the
        # page (names, no models) with their summaries; the unread notifications. A
        # partnership without a summary has its figures computed: a fixed number more.
        with django_assert_num_queries(6 if summarised else 12):
            response = client.get(reverse("oversight:agreement_status"))

        assert response.text.count('data-testid="overview-row"') == partnerships
        assert response.text.count("Ingen avtale ennå") == partnerships - partnerships // 2
        assert response.text.count(">Versjon 1</a>") == partnerships // 2

    def test_the_status_list_has_50_partnerships_to_a_page(self, client, veileder):
        county = county_with_partnerships(53)
        director = UserFactory(username="direktor")
        MembershipFactory(user=director, county=county, side=Membership.Side.STATE)
        first = county.partnerships.order_by("pk").first()
        services.agreement_create(partnership=first, user=director)
        client.force_login(director)
        url = reverse("oversight:agreement_status")

        pages = [client.get(url, {"page": n}).text for n in (1, 2)]

        assert [p.count('data-testid="overview-row"') for p in pages] == [50, 3]
        assert "Side 1 av 2" in pages[0] and 'href="?page=2"' in pages[0]
        assert "Side 2 av 2" in pages[1]
        # Every partnership once, and the agreement's figures where its row is.
        assert sum(p.count("Ingen avtale ennå") for p in pages) == 52
        assert client.get(url, {"page": "x"}).status_code == 200  # the first page

    def test_overview_shows_what_an_agreement_lacks(self, client, agreement, nav_leder, reader):
        client.force_login(reader)

        rows = client.get(reverse("oversight:agreement_status")).context["rows"]

        assert [r.listed.pk for r in rows] == [agreement.partnership.pk]
        completeness = rows[0].completeness
        assert (
            completeness.open_questions
            == QuestionAnswer.objects.filter(section__agreement=agreement).count()
        )
        assert completeness.awaiting[STATE] == agreement.sections.count()


def test_the_whole_agreement_reads_as_one_document(
    client, agreement, nav_leder, reader, django_assert_num_queries
):
    section = agreement.sections.get(number="2.0")
    services.agreement_section_update(
        section=section,
        user=nav_leder,
        title=section.title,
        body="<p>Felles mål for kontoret.</p>",
        structured_data=None,
        expected_revision=1,
    )
    client.force_login(reader)

    # session, user, memberships, agreement, its partnership, the central partnership above
    # it, its signatures, covered municipalities, sections; the unread notifications
    with django_assert_num_queries(10):
        response = client.get(reverse("agreements:agreement_read", args=[agreement.pk]))

    assert response.text.count('data-testid="text-section"') == agreement.sections.count()
    assert "<p>Felles mål for kontoret.</p>" in response.text
    assert "Partnerskapsmøtet" in response.text or "partnerskapsmøte" in response.text.lower()


def test_a_local_section_shows_the_central_provision_beside_it(
    client, world, veileder, agreement, nav_leder
):
    central_editor = UserFactory(username="byradsavdeling")
    MembershipFactory(user=central_editor, partnership=world.central)
    central = services.agreement_create(partnership=world.central, user=central_editor)
    provision = central.sections.get(number="3.1")
    services.agreement_section_update(
        section=provision,
        user=central_editor,
        title=provision.title,
        body="<p>Lokale partnerskapsmøter holdes minst to ganger i året.</p>",
        structured_data=provision.structured,
        expected_revision=1,
    )
    client.force_login(nav_leder)
    local = agreement.sections.get(number="3.1")
    url = reverse("agreements:section_detail", args=[agreement.pk, local.pk])

    while_draft = client.get(url)
    Agreement.objects.filter(pk=central.pk).update(status=Agreement.Status.IN_FORCE)
    in_force = client.get(url)

    assert "Lokale partnerskapsmøter holdes minst to ganger" not in while_draft.text
    assert "Lokale partnerskapsmøter holdes minst to ganger" in in_force.text
    assert "Ved motstrid har den sentrale avtalen forrang." in in_force.text
