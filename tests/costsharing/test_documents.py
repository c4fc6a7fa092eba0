"""The printed driftsavtale: made through the product's one PDF pipeline (Celery runs
eagerly in the tests), read back as text, and attached to the partnership agreement
(veileder 3.8: "Er driftsavtalen vedlagt?")."""

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader

from agreements.selectors import (
    agreement_attachments,
    agreement_completeness,
    agreement_section_rows,
)
from costsharing import documents, selectors
from navpartner.models import RenderedDocument
from navpartner.services import document_request
from tests.factories import OperatingAgreementFactory

pytestmark = pytest.mark.usefixtures("bokmal", "media")


def flat(text: str) -> str:
    return " ".join(text.split())  # also turns the non-breaking spaces into spaces


def make_pdf(client, driftsavtale, capture) -> RenderedDocument:
    with capture(execute=True):
        response = client.post(reverse("costsharing:pdf", args=[driftsavtale.pk]))
    assert response.status_code == 302
    document = RenderedDocument.objects.get(kind="driftsavtale", object_id=driftsavtale.pk)
    assert response["Location"] == reverse(
        "documents:detail", args=["driftsavtale", driftsavtale.pk, document.pk]
    )
    assert document.status == RenderedDocument.Status.READY
    return document


def detail_url(driftsavtale, document):
    return reverse("documents:detail", args=["driftsavtale", driftsavtale.pk, document.pk])


def attach_url(driftsavtale, document):
    return reverse("costsharing:attach", args=[driftsavtale.pk, document.pk])


class TestThePdf:
    def test_a_reader_makes_the_pdf_with_the_parties_and_the_figures(
        self, client, reader, driftsavtale, django_capture_on_commit_callbacks
    ):
        driftsavtale.note = "Avtalt i partnerskapsmøtet.\nGjelder hele året."
        driftsavtale.paid_q1 = 250000
        driftsavtale.save()
        client.force_login(reader)

        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        download = client.get(
            reverse("documents:download", args=["driftsavtale", driftsavtale.pk, document.pk])
        )
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert 'filename="driftsavtale-2026-nav-grorud.pdf"' in download["Content-Disposition"]
        reader_ = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
        pages = len(reader_.pages)
        words = flat("\n".join(page.extract_text() for page in reader_.pages))
        assert "Driftsavtale 2026" in words
        assert "NAV Grorud" in words and "NAV Oslo" in words and "Bydel Grorud" in words
        # Norwegian numbers: a space between thousands, a decimal comma.
        assert "1 200 000,00" in words  # the husleie budget
        assert "1 440 000,00 833 421,82 606 578,18" in words  # the budget totals
        assert "1 440 000,00 832 000,00 608 000,00" in words  # the actual totals
        assert "57,88 %" in words and "42,12 %" in words  # the årsverk key of the year
        assert "12,00" in words and "10,00" in words and "01.07.2026" in words  # the periods
        owes = _("%(debtor)s owes %(creditor)s %(amount)s kr")
        assert (
            owes % {"debtor": "Bydel Grorud", "creditor": "NAV Oslo", "amount": "34 000,00"}
            in words
        )
        assert (
            owes % {"debtor": "NAV Oslo", "creditor": "Bydel Grorud", "amount": "582 000,00"}
            in words
        )
        assert "Avtalt i partnerskapsmøtet." in words
        for number in range(1, pages + 1):
            assert f"Side {number} av {pages}" in words

    def test_the_same_figures_make_one_pdf(
        self, client, reader, nav_leder, driftsavtale, django_capture_on_commit_callbacks
    ):
        client.force_login(reader)
        first = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)
        client.force_login(nav_leder)
        second = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        assert first.pk == second.pk

    def test_the_template_makes_no_queries(self, driftsavtale, django_assert_num_queries):
        overview = selectors.cost_overview(driftsavtale)
        context = documents.operating_agreement_context(overview)

        with django_assert_num_queries(0):
            html = render_to_string("pdf/driftsavtale.html", context)

        assert "Driftsavtale 2026" in html

    def test_the_note_is_escaped(self, driftsavtale):
        driftsavtale.note = '<img src="file:///etc/passwd">'
        html = documents.operating_agreement_html(selectors.cost_overview(driftsavtale))

        assert '<img src="file' not in html
        assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html

    def test_an_unsplittable_driftsavtale_makes_no_pdf(self, client, reader, driftsavtale):
        driftsavtale.periods.all().delete()
        client.force_login(reader)

        response = client.post(reverse("costsharing:pdf", args=[driftsavtale.pk]))

        assert response.status_code == 302
        assert response["Location"] == reverse("costsharing:detail", args=[driftsavtale.pk])
        assert not RenderedDocument.objects.filter(kind="driftsavtale").exists()

    def test_outsiders_and_get_are_refused(self, client, outsider, reader, driftsavtale):
        url = reverse("costsharing:pdf", args=[driftsavtale.pk])
        client.force_login(outsider)
        assert client.post(url).status_code == 404
        client.force_login(reader)
        assert client.get(url).status_code == 405


class TestTheDocumentPage:
    def test_a_reader_sees_the_status_and_no_attach_form(
        self, client, reader, agreement, driftsavtale, django_capture_on_commit_callbacks
    ):
        client.force_login(reader)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        page = client.get(detail_url(driftsavtale, document)).content.decode()

        assert 'data-status="ready"' in page
        assert reverse("costsharing:detail", args=[driftsavtale.pk]) in page  # breadcrumbs
        assert 'data-testid="attach"' not in page

    def test_an_editor_is_offered_the_agreement_being_prepared(
        self,
        client,
        municipal_signatory,
        agreement,
        driftsavtale,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(municipal_signatory)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        page = client.get(detail_url(driftsavtale, document)).content.decode()

        assert _("Attach to the partnership agreement (veileder 3.8)") in page
        assert f'name="agreement" value="{agreement.pk}"' in page
        assert attach_url(driftsavtale, document) in page

    def test_without_an_agreement_being_prepared_it_says_so(
        self, client, municipal_signatory, driftsavtale, django_capture_on_commit_callbacks
    ):
        client.force_login(municipal_signatory)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        page = client.get(detail_url(driftsavtale, document)).content.decode()

        assert 'name="agreement"' not in page
        assert "veileder 3.8" in page

    def test_htmx_polls_and_reloads_the_page_when_ready_for_an_editor(
        self, client, municipal_signatory, reader, driftsavtale, django_capture_on_commit_callbacks
    ):
        overview = selectors.cost_overview(driftsavtale)
        with django_capture_on_commit_callbacks(execute=False):
            document = document_request(
                owner=driftsavtale,
                kind="driftsavtale",
                title="Driftsavtale 2026",
                html=documents.operating_agreement_html(overview),
                user=municipal_signatory,
            )
        client.force_login(municipal_signatory)
        htmx = {"HTTP_HX_REQUEST": "true"}

        queued = client.get(detail_url(driftsavtale, document), **htmx)
        assert "hx-get" in queued.content.decode() and "<html" not in queued.content.decode()

        document.status, document.pages = RenderedDocument.Status.READY, 1
        document.save(update_fields=["status", "pages"])
        ready = client.get(detail_url(driftsavtale, document), **htmx)
        assert ready["HX-Refresh"] == "true"

        client.force_login(reader)  # nothing to attach for a reader: the partial suffices
        partial = client.get(detail_url(driftsavtale, document), **htmx)
        assert 'data-status="ready"' in partial.content.decode()

    def test_a_document_of_another_object_is_404(
        self, client, reader, agreement, driftsavtale, world, django_capture_on_commit_callbacks
    ):
        other = OperatingAgreementFactory(partnership=world.partnership, year=2025)
        with django_capture_on_commit_callbacks(execute=False):
            of_agreement = document_request(
                owner=agreement, kind="driftsavtale", title="x", html="<p>x</p>", user=reader
            )
            of_other = document_request(
                owner=other, kind="driftsavtale", title="y", html="<p>y</p>", user=reader
            )
        client.force_login(reader)

        for document in (of_agreement, of_other):
            assert client.get(detail_url(driftsavtale, document)).status_code == 404
            download = reverse(
                "documents:download", args=["driftsavtale", driftsavtale.pk, document.pk]
            )
            assert client.get(download).status_code == 404

    def test_an_outsider_gets_404(
        self, client, reader, outsider, driftsavtale, django_capture_on_commit_callbacks
    ):
        client.force_login(reader)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)
        client.force_login(outsider)

        assert client.get(detail_url(driftsavtale, document)).status_code == 404


class TestAttach:
    def test_the_pdf_becomes_the_agreements_driftsavtale_once(
        self,
        client,
        municipal_signatory,
        agreement,
        driftsavtale,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(municipal_signatory)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(attach_url(driftsavtale, document), {"agreement": agreement.pk})

        assert response.status_code == 302
        assert response["Location"] == reverse("agreements:agreement_detail", args=[agreement.pk])
        attachment = agreement.attachments.get()
        assert (attachment.kind, attachment.title) == ("driftsavtale", "Driftsavtale 2026")
        assert attachment.file.read() == document.file.open("rb").read()

        with django_capture_on_commit_callbacks(execute=True):
            client.post(attach_url(driftsavtale, document), {"agreement": agreement.pk})

        assert agreement.attachments.filter(kind="driftsavtale").count() == 1  # replaced
        # The veileder (2019) does not require the driftsavtale, so it is never listed as a
        # missing attachment; attached, it is certainly not.
        completeness = agreement_completeness(
            agreement, agreement_section_rows(agreement), agreement_attachments(agreement)
        )
        assert "driftsavtale" not in {item["kind"] for item in completeness.missing_attachments}
        page = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))
        assert "Driftsavtale 2026" in page.content.decode()

    def test_a_reader_gets_403_and_an_outsider_404(
        self, client, reader, outsider, agreement, driftsavtale, django_capture_on_commit_callbacks
    ):
        client.force_login(reader)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        assert client.post(attach_url(driftsavtale, document)).status_code == 403
        client.force_login(outsider)
        assert client.post(attach_url(driftsavtale, document)).status_code == 404
        assert not agreement.attachments.exists()

    def test_get_is_not_allowed(
        self,
        client,
        municipal_signatory,
        agreement,
        driftsavtale,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(municipal_signatory)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        assert client.get(attach_url(driftsavtale, document)).status_code == 405

    def test_a_document_of_another_object_is_404(
        self,
        client,
        municipal_signatory,
        agreement,
        driftsavtale,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            foreign = document_request(
                owner=agreement,
                kind="agreement",
                title="Avtale",
                html="<p>Avtale</p>",
                user=municipal_signatory,
            )
        client.force_login(municipal_signatory)

        response = client.post(attach_url(driftsavtale, foreign), {"agreement": agreement.pk})

        assert response.status_code == 404
        assert not agreement.attachments.exists()

    def test_a_posted_agreement_other_than_the_target_is_refused(
        self,
        client,
        municipal_signatory,
        agreement,
        driftsavtale,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(municipal_signatory)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        response = client.post(attach_url(driftsavtale, document), {"agreement": "999999"})

        assert response.status_code == 302
        assert response["Location"] == detail_url(driftsavtale, document)
        assert not agreement.attachments.exists()

    def test_without_an_agreement_being_prepared_nothing_happens(
        self, client, municipal_signatory, driftsavtale, django_capture_on_commit_callbacks
    ):
        client.force_login(municipal_signatory)
        document = make_pdf(client, driftsavtale, django_capture_on_commit_callbacks)

        response = client.post(attach_url(driftsavtale, document), follow=True)

        assert response.redirect_chain == [(detail_url(driftsavtale, document), 302)]
        assert _("The partnership has no agreement that can be changed now.") in (
            response.content.decode()
        )

    def test_a_pdf_that_is_not_ready_is_not_attached(
        self,
        client,
        municipal_signatory,
        agreement,
        driftsavtale,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=False):
            document = document_request(
                owner=driftsavtale,
                kind="driftsavtale",
                title="Driftsavtale 2026",
                html="<p>x</p>",
                user=municipal_signatory,
            )
        client.force_login(municipal_signatory)

        response = client.post(attach_url(driftsavtale, document), {"agreement": agreement.pk})

        assert response.status_code == 302
        assert response["Location"] == detail_url(driftsavtale, document)
        assert not agreement.attachments.exists()
