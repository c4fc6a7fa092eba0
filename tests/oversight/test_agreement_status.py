"""The agreement status list (/avtaler/): read from the partnerships' summaries, each row's
HTML kept in the cache; what a user changes shows at once, and a row read from a summary
is the row computed from the agreement itself."""

import re

from django.core.cache import cache
from django.urls import reverse

from agreements.services import agreement_section_approve, agreement_section_update
from oversight.models import PartnershipSummary
from oversight.services.summaries import partnership_summaries_rebuild
from partnerships.models import Side

ROW = re.compile(r'<tr data-testid="overview-row">.*?</tr>', re.S)
CELL = re.compile(r"<td>([^<]*)</td>")
FIGURES = ("empty", "questions", "attachments", "municipal", "state")


def grorud_row(client, world) -> str:
    page = client.get(reverse("oversight:agreement_status"))
    assert page.status_code == 200
    (row,) = [r for r in ROW.findall(page.text) if ">NAV Grorud</a>" in r]
    return row


def figures(row: str) -> dict[str, str]:
    """The cells after the agreement's: empty sections, open questions, the attachments
    missing, awaiting the municipal side, awaiting the state side."""
    return dict(zip(FIGURES, CELL.findall(row)[1:], strict=True))


def test_a_change_shows_at_once_though_the_rows_are_cached(
    client, world, agreement, state_signatory, municipal_signatory, nav_leder,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    partnership_summaries_rebuild()
    client.force_login(state_signatory)
    cache.clear()
    sections = agreement.sections.count()
    before = grorud_row(client, world)
    assert ">Versjon 1</a>" in before and "Utkast" in before
    shown = figures(before)
    assert int(shown["empty"]) > 0
    assert shown["municipal"] == shown["state"] == str(sections)
    assert grorud_row(client, world) == before  # now from the cache

    section = agreement.sections.filter(is_empty=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_section_update(
            section=section,
            user=nav_leder,
            title=section.title,
            body="<p>Partene møtes hvert kvartal.</p>",
            structured_data=section.structured,
            expected_revision=section.revision,
        )
    with django_capture_on_commit_callbacks(execute=True):
        agreement_section_approve(section=section, user=municipal_signatory, side=Side.MUNICIPAL)

    after = grorud_row(client, world)
    assert figures(after) == {
        **shown,
        "empty": str(int(shown["empty"]) - 1),
        "municipal": str(sections - 1),
    }
    cache.clear()
    assert grorud_row(client, world) == after  # as a fresh render shows it


def test_a_row_from_a_summary_is_the_row_computed_without_one(
    client, world, approved, state_signatory
):
    client.force_login(state_signatory)
    PartnershipSummary.objects.all().delete()
    cache.clear()
    computed = grorud_row(client, world)
    partnership_summaries_rebuild()
    cache.clear()
    assert grorud_row(client, world) == computed
    assert figures(computed)["empty"] == figures(computed)["municipal"] == "0"
