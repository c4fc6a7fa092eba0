"""The Word import's pages, per STYLE.md: upload, progress, mapping and confirm; success,
outsider 404, read-only 403, anonymous, wrong method, bad input changes nothing; the mapping
page's query count pinned."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import tasks
from agreements.docx_import import Dropped, ImportedDocument, ImportedPart
from agreements.models import Agreement, DocxImport, TemplateSection
from agreements.services import docx_imports as import_services
from tests.agreements.test_agreement_views import edit_post
from tests.factories import MembershipFactory, UserFactory

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: A small agreement in the "1.0 Title" convention: five veileder points and one own point.
POINTS = [
    ("1.0 Avtaleparter", "Avtalen er inngått mellom Bydel Grorud og NAV Oslo."),
    ("2.0 Formålet med partnerskapsavtalen", "Partene vil gi innbyggerne et samlet tilbud."),
    ("3.1 Styring og ledelse", "Partnerskapsmøtet holdes fire ganger i året."),
    ("Kommunikasjon", "Partene informerer hverandre før de går ut i media."),
    ("5.0 Brukermedvirkning", "Brukerrådet møtes to ganger i halvåret."),
    ("9.0 Avtaleperiode", "Avtalen gjelder fra 1. januar 2026 og evalueres hvert år."),
]


def docx_bytes(points=POINTS) -> bytes:
    """A Word file with each point's heading in Word's heading style, then its paragraph."""
    document = docx.Document()
    document.add_paragraph("Partnerskapsavtale for NAV Grorud")
    for heading, text in points:
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(content=None, name="avtale.docx"):
    return SimpleUploadedFile(name, docx_bytes() if content is None else content, DOCX)


def url(name, docx_import, partnership=None):
    partnership_pk = partnership.pk if partnership else docx_import.partnership_id
    return reverse(f"agreements:{name}", args=[partnership_pk, docx_import.pk])


def section_url(section):
    return reverse("agreements:section_detail", args=[section.agreement_id, section.pk])


def point(veileder, number) -> TemplateSection:
    return veileder.sections.get(number=number)


@pytest.fixture
def uploaded(client, world, veileder, state_editor, media, django_capture_on_commit_callbacks):
    """The six-point file uploaded by the state editor and read (the task runs in-process)."""
    client.force_login(state_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agreements:docx_import_new", args=[world.partnership.pk]),
            {"file": upload()},
        )
    docx_import = DocxImport.objects.get()
    assert response["Location"] == url("docx_import_progress", docx_import)
    return docx_import


def mapping_post(docx_import, **changes):
    """The proposal as the mapping form posts it, with `changes` (part index → point pk or
    "")."""
    post = {}
    for index, part in enumerate(ImportedDocument.from_json(docx_import.document).parts):
        proposed = docx_import.mapping[part.key]
        post[f"part_{index}"] = "" if proposed is None else str(proposed)
    for index, value in changes.items():
        post[f"part_{index.removeprefix('part_')}"] = str(value)
    return post


def imported(partnership, parts, dropped=(), mapping=None, status=DocxImport.Status.READY):
    """An import as reading leaves it, without a file to read."""
    document = ImportedDocument(preamble_html="", parts=list(parts), dropped=list(dropped))
    return DocxImport.objects.create(
        partnership=partnership,
        file="imports/test.docx",
        original_name="avtale.docx",
        size=1000,
        sha256="0" * 64,
        status=status,
        document=document.to_json(),
        mapping=mapping or {p.key: None for p in parts},
    )


class TestUpload:
    def test_page_states_the_limit_and_what_happens(self, client, world, veileder, state_editor):
        client.force_login(state_editor)

        response = client.get(reverse("agreements:docx_import_new", args=[world.partnership.pk]))

        html = response.content.decode()
        assert response.status_code == 200
        assert 'accept=".docx,' in html
        assert "Høyst 10,0\xa0MB" in html
        assert "Ingenting blir opprettet før du bekrefter" in html

    def test_the_file_is_read_at_once_and_the_mapping_proposed(self, client, uploaded, veileder):
        uploaded.refresh_from_db()

        assert uploaded.status == DocxImport.Status.READY
        assert uploaded.original_name == "avtale.docx"
        parts = ImportedDocument.from_json(uploaded.document).parts
        assert [p.title for p in parts][3] == "Kommunikasjon"
        assert list(uploaded.mapping.values()) == [
            point(veileder, "1.0").pk,
            point(veileder, "2.0").pk,
            point(veileder, "3.1").pk,
            None,
            point(veileder, "5.0").pk,
            point(veileder, "9.0").pk,
        ]
        # The progress page sends the browser on to the mapping.
        response = client.get(url("docx_import_progress", uploaded))
        assert response["Location"] == url("docx_import_mapping", uploaded)

    def test_a_file_that_is_not_docx_is_refused_and_nothing_saved(
        self, client, world, veileder, state_editor, media
    ):
        client.force_login(state_editor)

        response = client.post(
            reverse("agreements:docx_import_new", args=[world.partnership.pk]),
            {"file": upload(b"%PDF-1.7 not a word file", name="avtale.docx")},
        )

        assert response.status_code == 400
        assert response.context["form"].errors["file"]
        assert 'class="invalid-feedback' in response.content.decode()
        assert not DocxImport.objects.exists()
        assert not (media / "imports").exists()

    def test_refused_while_another_agreement_is_prepared(
        self, client, agreement, state_editor, media
    ):
        client.force_login(state_editor)

        response = client.post(
            reverse("agreements:docx_import_new", args=[agreement.partnership_id]),
            {"file": upload()},
        )

        assert response.status_code == 400
        assert "har allerede en avtale under arbeid" in response.content.decode()
        assert not DocxImport.objects.exists()

    def test_the_partnership_page_offers_the_import_to_editors_only(
        self, client, world, veileder, state_editor, reader
    ):
        link = reverse("agreements:docx_import_new", args=[world.partnership.pk])
        page = reverse("partnerships:partnership_detail", args=[world.partnership.pk])

        client.force_login(state_editor)
        assert link in client.get(page).content.decode()
        client.force_login(reader)
        assert link not in client.get(page).content.decode()


class TestReading:
    def test_progress_polls_while_reading(self, client, world, state_editor):
        docx_import = imported(world.partnership, [], status=DocxImport.Status.READING)
        DocxImport.objects.filter(pk=docx_import.pk).update(progress_done=3, progress_total=12)
        client.force_login(state_editor)

        page = client.get(url("docx_import_progress", docx_import)).content.decode()
        fragment = client.get(url("docx_import_progress", docx_import), HTTP_HX_REQUEST="true")

        assert 'hx-trigger="every 1s"' in page
        assert '<progress id="import-progress" class="w-100" max="100" value="25">' in page
        assert "25 % lest." in page
        assert 'hx-trigger="every 1s"' in fragment.content.decode()
        assert "<html" not in fragment.content.decode()

    def test_polling_ends_with_a_redirect_to_the_mapping(self, client, world, state_editor):
        docx_import = imported(world.partnership, [])
        client.force_login(state_editor)

        response = client.get(url("docx_import_progress", docx_import), HTTP_HX_REQUEST="true")

        assert response["HX-Redirect"] == url("docx_import_mapping", docx_import)

    def test_a_failed_reading_says_why_and_stops_polling(self, client, world, state_editor):
        docx_import = imported(world.partnership, [], status=DocxImport.Status.FAILED)
        DocxImport.objects.filter(pk=docx_import.pk).update(error_code="no_headings")
        client.force_login(state_editor)

        response = client.get(url("docx_import_progress", docx_import), HTTP_HX_REQUEST="true")

        html = response.content.decode()
        assert "hx-trigger" not in html
        assert "Fant ingen overskrifter" in html
        assert reverse("agreements:docx_import_new", args=[world.partnership.pk]) in html
        # The mapping page of a failed import shows the failure instead.
        assert client.get(url("docx_import_mapping", docx_import))["Location"] == url(
            "docx_import_progress", docx_import
        )

    def test_a_refused_file_fails_with_its_code(self, world, veileder, monkeypatch):
        docx_import = imported(world.partnership, [], status=DocxImport.Status.QUEUED)

        def refuse(file, *, progress=None):
            raise ValidationError("Tomt dokument.", code="empty")

        monkeypatch.setattr(import_services, "docx_read", refuse)
        monkeypatch.setattr(DocxImport.file.field.storage, "open", lambda *a, **k: io.BytesIO())

        import_services.docx_import_read(docx_import=docx_import)

        docx_import.refresh_from_db()
        assert (docx_import.status, docx_import.error_code) == (DocxImport.Status.FAILED, "empty")

    def test_a_reader_that_trips_fails_the_import(self, world, veileder, monkeypatch):
        docx_import = imported(world.partnership, [], status=DocxImport.Status.QUEUED)

        def trip(file, *, progress=None):
            raise KeyError("word/document.xml")

        monkeypatch.setattr(import_services, "docx_read", trip)
        monkeypatch.setattr(DocxImport.file.field.storage, "open", lambda *a, **k: io.BytesIO())

        with pytest.raises(KeyError):
            tasks.read_docx_import(docx_import_id=docx_import.pk)

        docx_import.refresh_from_db()
        assert (docx_import.status, docx_import.error_code) == (
            DocxImport.Status.FAILED,
            "unreadable",
        )

    def test_progress_is_written_now_and_then(self, world, veileder, monkeypatch):
        docx_import = imported(world.partnership, [], status=DocxImport.Status.QUEUED)
        parts = [ImportedPart(key="p1", number="1.0", title="Avtaleparter", html="<p>A</p>")]

        def read(file, *, progress=None):
            for done in range(1, 501):
                progress(done, 500)
            return ImportedDocument(preamble_html="", parts=parts, dropped=[])

        monkeypatch.setattr(import_services, "docx_read", read)
        monkeypatch.setattr(DocxImport.file.field.storage, "open", lambda *a, **k: io.BytesIO())

        with CaptureQueriesContext(connection) as queries:
            import_services.docx_import_read(docx_import=docx_import)

        progress_writes = [
            q for q in queries if q["sql"].startswith("UPDATE") and "progress_done" in q["sql"]
        ]  # (not PostgreSQL's SELECT … FOR UPDATE, which reads the column)
        # The claim, the first call, the last call, and the result: not 500 writes.
        assert len(progress_writes) <= 4
        docx_import.refresh_from_db()
        assert docx_import.status == DocxImport.Status.READY
        assert docx_import.mapping == {"p1": point(veileder, "1.0").pk}

    def test_a_second_message_does_nothing(self, world, veileder, monkeypatch):
        docx_import = imported(world.partnership, [])
        monkeypatch.setattr(import_services, "docx_read", pytest.fail)

        import_services.docx_import_read(docx_import=docx_import)

        docx_import.refresh_from_db()
        assert docx_import.status == DocxImport.Status.READY


class TestMapping:
    def test_side_by_side_with_the_proposal_selected(self, client, uploaded, veileder):
        uploaded.refresh_from_db()

        response = client.get(url("docx_import_mapping", uploaded))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Kommunikasjon" in html
        assert "Partnerskapsmøtet holdes fire ganger i året." in html
        assert "<details>" in html
        point_31 = point(veileder, "3.1")
        assert f'<option value="{point_31.pk}" selected>3.1 {point_31.title}</option>' in html
        assert '<option value="" selected>Eget punkt (beholder tittelen)</option>' in html
        assert "Får ingen tekst fra filen – beholder malens innhold" in html
        unassigned = response.context["unassigned"]
        assert point(veileder, "3.8") in unassigned
        assert point(veileder, "1.0") not in unassigned
        assert "En ny avtale blir opprettet som utkast" in html
        # The title page before the first heading is not imported, and says so.
        assert "Teksten før første overskrift" in html
        assert "Partnerskapsavtale for NAV Grorud" in html

    def test_what_was_left_out_is_reported(self, client, world, veileder, state_editor):
        parts = [ImportedPart(key="p1", number="1.0", title="Avtaleparter", html="<p>A</p>")]
        dropped = [Dropped(kind="image", count=2), Dropped(kind="tracked_deletion", count=3)]
        docx_import = imported(world.partnership, parts, dropped)
        client.force_login(state_editor)

        html = client.get(url("docx_import_mapping", docx_import)).content.decode()

        assert "Bilder fjernet: 2" in html
        assert "Sporede slettinger godtatt: 3" in html

    def test_confirm_creates_a_draft_with_the_text_as_mapped(
        self, client, uploaded, veileder, world
    ):
        uploaded.refresh_from_db()
        # The own point "Kommunikasjon" goes to 3.3 instead.
        post = mapping_post(uploaded, part_3=point(veileder, "3.3").pk)

        response = client.post(url("docx_import_mapping", uploaded), post)

        agreement = Agreement.objects.get(partnership=world.partnership)
        assert response["Location"] == reverse("agreements:agreement_detail", args=[agreement.pk])
        assert agreement.status == Agreement.Status.DRAFT
        assert "Partene informerer hverandre" in agreement.sections.get(number="3.3").body
        assert "fire ganger i året" in agreement.sections.get(number="3.1").body
        uploaded.refresh_from_db()
        assert uploaded.status == DocxImport.Status.DONE
        assert uploaded.agreement == agreement
        assert list(uploaded.mapping.values())[3] == point(veileder, "3.3").pk
        # Once done, the import's pages lead to the agreement.
        assert client.get(url("docx_import_mapping", uploaded))["Location"] == reverse(
            "agreements:agreement_detail", args=[agreement.pk]
        )

    def test_filled_in_fields_are_marked_until_an_editor_saves_the_point(
        self, client, uploaded, world
    ):
        """3.1's "fire ganger i året" and 9.0's "fra 1. januar 2026" went into the fields: the
        agreement's list and the point say so, by the fields' labels, until the point is
        saved (as it is: the editor has checked it)."""
        uploaded.refresh_from_db()
        client.post(url("docx_import_mapping", uploaded), mapping_post(uploaded))
        agreement = Agreement.objects.get(partnership=world.partnership)
        meetings = agreement.sections.get(number="3.1")

        listing = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))
        page = client.get(section_url(meetings))

        assert listing.content.decode().count('data-testid="imported-badge"') == 2
        html = page.content.decode()
        assert 'data-testid="imported-check"' in html
        assert "Partnerskapsmøter i året, minst." in html
        assert "Kontroller dem nedenfor og lagre punktet" in html

        response = client.post(section_url(meetings), edit_post(meetings, meetings.body))

        assert response.status_code == 302
        meetings.refresh_from_db()
        assert meetings.imported_fields == []
        assert meetings.structured["meetings_per_year"] == 4
        page = client.get(section_url(meetings))
        assert 'data-testid="imported-check"' not in page.content.decode()
        listing = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))
        assert listing.content.decode().count('data-testid="imported-badge"') == 1  # 9.0 left

    def test_one_point_twice_is_refused_and_nothing_lost(self, client, uploaded, veileder):
        uploaded.refresh_from_db()
        point_20 = point(veileder, "2.0")
        post = mapping_post(uploaded, part_3=point_20.pk)

        response = client.post(url("docx_import_mapping", uploaded), post)

        html = response.content.decode()
        assert response.status_code == 400
        assert "To deler av filen er koblet til 2.0" in html
        # The editor's choices come back as they posted them.
        assert html.count(f'<option value="{point_20.pk}" selected>') == 2
        assert not Agreement.objects.exists()
        uploaded.refresh_from_db()
        assert uploaded.status == DocxImport.Status.READY

    def test_a_revision_of_the_agreement_in_force_shows_its_redline(
        self, client, in_force, state_editor, media, django_capture_on_commit_callbacks
    ):
        client.force_login(state_editor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("agreements:docx_import_new", args=[in_force.partnership_id]),
                {"file": upload()},
            )
        docx_import = DocxImport.objects.get()
        docx_import.refresh_from_db()

        page = client.get(url("docx_import_mapping", docx_import)).content.decode()
        response = client.post(url("docx_import_mapping", docx_import), mapping_post(docx_import))

        assert f"revisjon av avtalen som gjelder (versjon {in_force.version})" in page
        revision = Agreement.objects.get(based_on=in_force)
        assert response["Location"] == reverse("agreements:agreement_changes", args=[revision.pk])
        changes = client.get(response["Location"]).content.decode()
        assert "fire ganger i året" in changes

    def test_query_count_does_not_grow_with_the_parts(
        self, client, world, veileder, state_editor, django_assert_num_queries
    ):
        points = list(veileder.sections.all())
        parts = [
            ImportedPart(
                key=f"p{i}",
                number=p.number,
                title=p.title,
                html=f"<p>Tekst for {p.number}.</p><ul><li>Et punkt</li></ul>",
            )
            for i, p in enumerate(points)
        ] + [ImportedPart(key="own", number="", title="Kommunikasjon", html="<p>Egen.</p>")]
        assert len(parts) >= 12
        docx_import = imported(
            world.partnership,
            parts,
            [Dropped(kind="comment", count=1)],
            mapping={**{f"p{i}": p.pk for i, p in enumerate(points)}, "own": None},
        )
        client.force_login(state_editor)

        # The session, the user; the user's memberships, the partnership, the central
        # partnership above it, its covered municipalities, the import; the agreement in
        # force (none), the newest template, its points; the header's unread notifications.
        with django_assert_num_queries(11):
            response = client.get(url("docx_import_mapping", docx_import))

        assert response.status_code == 200
        assert response.content.decode().count('data-testid="import-part"') == len(parts)

    def test_discard_removes_the_import(self, client, uploaded, world, media):
        uploaded.refresh_from_db()
        assert (media / uploaded.file.name).exists()

        response = client.post(url("docx_import_discard", uploaded))

        assert response["Location"] == reverse(
            "partnerships:partnership_detail", args=[world.partnership.pk]
        )
        assert not DocxImport.objects.exists()


class TestAccess:
    @pytest.fixture
    def docx_import(self, world, veileder):
        parts = [ImportedPart(key="p1", number="1.0", title="Avtaleparter", html="<p>A</p>")]
        return imported(world.partnership, parts)

    def requests(self, client, docx_import):
        new = reverse("agreements:docx_import_new", args=[docx_import.partnership_id])
        yield client.get(new)
        yield client.post(new, {"file": upload()})
        yield from self.import_requests(client, docx_import)

    def import_requests(self, client, docx_import, partnership=None):
        yield client.get(url("docx_import_progress", docx_import, partnership))
        yield client.get(url("docx_import_progress", docx_import, partnership), HTTP_HX_REQUEST="1")
        yield client.get(url("docx_import_mapping", docx_import, partnership))
        yield client.post(url("docx_import_mapping", docx_import, partnership), {"part_0": ""})
        yield client.post(url("docx_import_discard", docx_import, partnership))

    def test_outsider_gets_404_everywhere(self, client, docx_import, outsider):
        client.force_login(outsider)

        assert {r.status_code for r in self.requests(client, docx_import)} == {404}
        assert DocxImport.objects.get().status == DocxImport.Status.READY

    def test_read_only_member_gets_403_everywhere(self, client, docx_import, reader):
        client.force_login(reader)

        assert {r.status_code for r in self.requests(client, docx_import)} == {403}
        assert DocxImport.objects.get().status == DocxImport.Status.READY

    def test_another_partnerships_import_is_404(self, client, world, docx_import):
        frogner_editor = UserFactory(username="radgiver.frogner")
        MembershipFactory(
            user=frogner_editor, partnership=world.other_partnership, side="state", role="editor"
        )
        client.force_login(frogner_editor)

        # Through the editor's own partnership, and through the import's.
        for partnership in (world.other_partnership, world.partnership):
            statuses = {
                r.status_code for r in self.import_requests(client, docx_import, partnership)
            }
            assert statuses == {404}
        assert DocxImport.objects.get().status == DocxImport.Status.READY

    def test_anonymous_is_sent_to_log_in(self, client, docx_import):
        response = client.get(url("docx_import_mapping", docx_import))

        assert response.status_code == 302
        assert "/konto/logg-inn/" in response["Location"]

    def test_discard_takes_post_only(self, client, docx_import, state_editor):
        client.force_login(state_editor)

        assert client.get(url("docx_import_discard", docx_import)).status_code == 405
        assert DocxImport.objects.exists()
