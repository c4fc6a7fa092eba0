"""A section's history, any two texts compared, and "changed since you approved"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services, structured
from agreements.models import AgreementSection, SectionRevision, StructuredKind
from oversight.models import Notification
from tests.agreements import STATE, section, write

pytestmark = pytest.mark.django_db


def url(agreement, s, name, **query):
    path = reverse(f"agreements:{name}", kwargs={"pk": agreement.pk, "section_pk": s.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


class TestHistory:
    def test_lists_every_text_newest_first(self, client, agreement, nav_leder, reader):
        for n in range(3):
            write(agreement, "2.0", nav_leder, f"<p>Tekst {n}.</p>")
        s = section(agreement, "2.0")
        client.force_login(reader)

        response = client.get(url(agreement, s, "section_history"))

        numbers = [r.number for r in response.context["page"].object_list]
        assert numbers == [4, 3, 2, 1]
        assert response.text.count('data-testid="revision"') == 4
        assert "Alle lagrede tekster i punktet" in response.text

    def test_query_count_does_not_grow_with_the_revisions(self, client, agreement, nav_leder):
        s = section(agreement, "2.0")
        client.force_login(nav_leder)
        write(agreement, "2.0", nav_leder, "<p>En.</p>")
        few = queries(client, url(agreement, s, "section_history"))
        for n in range(5):
            write(agreement, "2.0", nav_leder, f"<p>Tekst {n}.</p>")
        many = queries(client, url(agreement, s, "section_history"))
        # The gate (the agreement, its partnership and the central one above it), the section
        # with approvals and answers, the revisions' count and page.
        assert few == many <= 14

    def test_a_section_without_kept_texts_shows_its_current_text(
        self, client, agreement, nav_leder
    ):
        s = section(agreement, "2.0")
        SectionRevision.objects.filter(section=s).delete()  # as made in bulk by seed_scale
        client.force_login(nav_leder)

        response = client.get(url(agreement, s, "section_history"))

        assert [r.number for r in response.context["page"].object_list] == [s.revision]

    def test_outsider_gets_404(self, client, agreement, outsider):
        s = section(agreement, "2.0")
        client.force_login(outsider)
        assert client.get(url(agreement, s, "section_history")).status_code == 404
        assert client.get(url(agreement, s, "section_compare")).status_code == 404

    def test_the_section_page_links_to_it(self, client, agreement, nav_leder):
        s = section(agreement, "2.0")
        client.force_login(nav_leder)
        assert (
            url(agreement, s, "section_history")
            in client.get(url(agreement, s, "section_detail")).text
        )


class TestCompare:
    def test_two_texts_as_a_redline(self, client, agreement, nav_leder, reader):
        write(agreement, "2.0", nav_leder, "<p>Partene møtes hvert kvartal.</p>")
        write(agreement, "2.0", nav_leder, "<p>Partene møtes hver måned.</p>")
        s = section(agreement, "2.0")
        client.force_login(reader)

        response = client.get(url(agreement, s, "section_compare", fra=2, til=3))

        assert (
            "<del>kvartal.</del>" in response.text or "<del>hvert kvartal.</del>" in response.text
        )
        assert "måned.</ins>" in response.text

    def test_structured_parts_field_by_field(self, client, agreement, nav_leder):
        s = AgreementSection.objects.get(
            agreement=agreement, template_section__structured=StructuredKind.MEETINGS
        )
        data = dict(s.structured, meetings_per_year=4, chair="Rådmannen")
        services.agreement_section_update(
            section=s,
            user=nav_leder,
            title=s.title,
            body=s.body,
            structured_data=data,
            expected_revision=s.revision,
        )
        s.refresh_from_db()
        data = dict(s.structured, meetings_per_year=6, chair="Rådmannen")
        services.agreement_section_update(
            section=s,
            user=nav_leder,
            title=s.title,
            body=s.body,
            structured_data=data,
            expected_revision=s.revision,
        )
        client.force_login(nav_leder)

        response = client.get(
            url(agreement, s, "section_compare", fra=s.revision, til=s.revision + 1)
        )

        fields = response.context["comparison"].fields
        assert [(f.old, f.new) for f in fields] == [("4", "6")]
        assert "<del>4</del>" in response.text and "<ins>6</ins>" in response.text
        assert (
            structured.editor(StructuredKind.MEETINGS, agreement.template, initial={})
            .form.fields["meetings_per_year"]
            .label
            == fields[0].label
        )

    def test_a_revision_the_section_never_had_is_404(self, client, agreement, nav_leder):
        s = section(agreement, "2.0")
        client.force_login(nav_leder)
        assert client.get(url(agreement, s, "section_compare", fra=1, til=7)).status_code == 404

    def test_query_count_is_constant(self, client, agreement, nav_leder):
        s = section(agreement, "2.0")
        client.force_login(nav_leder)
        write(agreement, "2.0", nav_leder, "<p>En.</p>")
        few = queries(client, url(agreement, s, "section_compare", fra=1, til=2))
        for n in range(4):
            write(agreement, "2.0", nav_leder, f"<p>Tekst {n}.</p>")
        many = queries(client, url(agreement, s, "section_compare", fra=1, til=6))
        assert few == many


class TestChangedSince:
    def setup(self, agreement, nav_leder, state_editor):
        write(agreement, "2.0", nav_leder, "<p>Partene møtes hvert kvartal.</p>")
        s = section(agreement, "2.0")
        services.agreement_section_approve(section=s, user=state_editor, side=STATE)
        write(agreement, "2.0", nav_leder, "<p>Partene møtes hver måned.</p>")
        return section(agreement, "2.0")

    def test_the_side_whose_approval_went_sees_what_changed(
        self, client, agreement, nav_leder, state_editor, municipal_signatory
    ):
        s = self.setup(agreement, nav_leder, state_editor)
        client.force_login(state_editor)
        page = client.get(url(agreement, s, "section_detail"))
        client.force_login(municipal_signatory)
        other = client.get(url(agreement, s, "section_detail"))

        assert 'data-testid="changed-since"' in page.text
        assert "Endret siden du godkjente" in page.text
        assert "godkjente versjon 2" in page.text
        assert "måned.</ins>" in page.text
        assert 'data-testid="changed-since"' not in other.text

    def test_the_agreement_page_lists_it_until_approved_again(
        self, client, agreement, nav_leder, state_editor
    ):
        s = self.setup(agreement, nav_leder, state_editor)
        client.force_login(state_editor)
        detail = reverse("agreements:agreement_detail", args=[agreement.pk])

        before = client.get(detail)
        page = client.get(url(agreement, s, "section_detail"))
        client.post(
            url(agreement, s, "section_approve"), {"side": STATE, **page.context["seen_text"]}
        )
        after = client.get(detail)
        again = client.get(url(agreement, s, "section_detail"))

        assert 'data-testid="changed-since-list"' in before.text
        assert 'data-testid="changed-since-list"' not in after.text
        assert 'data-testid="changed-since"' not in again.text

    def test_the_notification_names_the_point_and_links_to_it(
        self, agreement, nav_leder, state_editor, municipal_signatory
    ):
        write(agreement, "2.0", municipal_signatory, "<p>Tekst.</p>")
        s = section(agreement, "2.0")
        services.agreement_section_approve(section=s, user=state_editor, side=STATE)
        write(agreement, "2.0", municipal_signatory, "<p>Ny tekst.</p>")
        write(agreement, "2.0", municipal_signatory, "<p>Nyere tekst.</p>")  # the same point

        told = Notification.objects.get(user=state_editor, kind="section_changed")

        assert f"{s.number} {s.title}" in told.message
        assert "flere" not in told.message
        assert told.url.endswith("#changed-since")


def test_the_section_page_with_changed_since_keeps_its_query_count(
    client, agreement, nav_leder, state_editor
):
    write(agreement, "2.0", nav_leder, "<p>En.</p>")
    s = section(agreement, "2.0")
    services.agreement_section_approve(section=s, user=state_editor, side=STATE)
    write(agreement, "2.0", nav_leder, "<p>To.</p>")
    client.force_login(state_editor)
    few = queries(client, url(agreement, s, "section_detail"))
    for n in range(4):
        services.agreement_section_approve(
            section=section(agreement, "2.0"), user=state_editor, side=STATE
        )
        write(agreement, "2.0", nav_leder, f"<p>Tekst {n}.</p>")
    many = queries(client, url(agreement, s, "section_detail"))
    # Besides the page's own: the withdrawn approvals of the user's sides, the approved text.
    assert few == many


class TestEventsInTheReadersLanguage:
    def test_the_agreements_history_is_written_in_each_readers_language(
        self, client, agreement, nav_leder, reader
    ):
        """An event records its detail without a language (status labels, sides, dates):
        the same record reads in bokmål, nynorsk and English."""
        services.agreement_submit_for_negotiation(agreement=agreement, user=nav_leder)
        client.force_login(reader)
        path = reverse("agreements:agreement_history", kwargs={"pk": agreement.pk})

        pages = {}
        for language in ("nb", "nn", "en"):
            client.post(reverse("set_language"), {"language": language, "next": "/"})
            pages[language] = client.get(path).content.decode()

        assert "Utkast → Under forhandling" in pages["nb"]
        assert "Utkast → Under forhandling" not in pages["en"]
        assert "Draft → Under negotiation" in pages["en"]
        assert "Draft → Under negotiation" not in pages["nb"]
