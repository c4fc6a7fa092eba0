"""Every kommune's målform is reference data: the file matches Språkrådet's published totals,
loading it sets the målform (and creates the kommuner of the registered county offices), and
a partnership's document language follows from it."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from partnerships.models import County, Municipality, Office, WrittenStandard
from partnerships.reference import kommuner, written_standard_of
from partnerships.services import partnership_create

NB, NN, NEUTRAL = WrittenStandard.BOKMAL, WrittenStandard.NYNORSK, WrittenStandard.NEUTRAL

#: Språkrådet's summary of the kommuner's språkvedtak per county: (all, bokmål, nynorsk,
#: neutral). Its sum line gives 88 nynorsk and 150 neutral; its county lines add up to 89
#: and 149, which is what the file follows.
SPRAKRADET_TOTALS = {
    "31": (12, 11, 0, 1),  # Østfold
    "32": (21, 14, 0, 7),  # Akershus
    "33": (18, 10, 3, 5),  # Buskerud
    "03": (1, 0, 0, 1),  # Oslo
    "34": (46, 22, 7, 17),  # Innlandet
    "39": (6, 3, 0, 3),  # Vestfold
    "40": (17, 2, 8, 7),  # Telemark
    "42": (25, 7, 6, 12),  # Agder
    "11": (23, 2, 9, 12),  # Rogaland
    "46": (43, 0, 41, 2),  # Vestland
    "15": (27, 0, 15, 12),  # Møre og Romsdal
    "50": (38, 7, 0, 31),  # Trøndelag
    "18": (41, 20, 0, 21),  # Nordland
    "55": (21, 7, 0, 14),  # Troms
    "56": (18, 14, 0, 4),  # Finnmark
}


def test_every_kommune_is_there_once_with_a_valid_målform():
    rows = list(kommuner().values())

    assert len(rows) == 357
    assert all(len(k.number) == 4 and k.number.isdigit() for k in rows)
    assert all(k.county == k.number[:2] for k in rows)
    assert all(k.name and "kommune" not in k.name.lower() for k in rows)
    assert {k.written_standard for k in rows} == {NB, NN, NEUTRAL}


def test_the_counties_match_sprakradets_totals():
    counted = Counter((k.county, k.written_standard) for k in kommuner().values())
    per_county = Counter(k.county for k in kommuner().values())

    found = {
        county: (
            per_county[county],
            counted[county, NB],
            counted[county, NN],
            counted[county, NEUTRAL],
        )
        for county in per_county
    }

    assert found == SPRAKRADET_TOTALS


@pytest.mark.parametrize(
    ("number", "expected"),
    [("4640", NN), ("4601", NEUTRAL), ("0301", NEUTRAL), ("030110", NEUTRAL), ("9999", NEUTRAL)],
    ids=["Sogndal", "Bergen", "Oslo", "a bydel as its kommune", "unknown"],
)
def test_the_målform_of_a_number(number, expected):
    assert written_standard_of(number) == expected


@pytest.mark.django_db
class TestLoad:
    @pytest.fixture
    def vestland(self):
        county = County.objects.create(number="46", name="NAV Vestland")
        County.objects.create(number="99", name="NAV Utlandet")  # no fylke of that number
        sogndal = Municipality.objects.create(
            number="4640", name="Sogndal kommune", county=county, written_standard=NEUTRAL
        )
        return county, sogndal

    def test_dry_run_shows_what_would_change_and_changes_nothing(self, vestland):
        out = StringIO()

        call_command("load_municipalities", "--dry-run", stdout=out)

        assert "4640 Sogndal kommune: Nøytral → Nynorsk" in out.getvalue()
        assert "43 municipalities would change." in out.getvalue()
        assert Municipality.objects.count() == 1
        assert Municipality.objects.get(number="4640").written_standard == NEUTRAL

    def test_load_sets_the_målform_and_creates_the_countys_kommuner_once(self, vestland):
        county, _sogndal = vestland

        call_command("load_municipalities", stdout=StringIO())
        again = StringIO()
        call_command("load_municipalities", stdout=again)

        assert Municipality.objects.get(number="4640").written_standard == NN
        loaded = Municipality.objects.filter(county=county)
        assert loaded.count() == 43  # Vestland only: no other county office is registered
        assert Municipality.objects.get(number="4601").name == "Bergen kommune"
        assert Counter(loaded.values_list("written_standard", flat=True)) == {NN: 41, NEUTRAL: 2}
        assert "0 municipalities changed." in again.getvalue()

    def test_a_partnership_of_a_loaded_nynorsk_kommune_writes_nynorsk(self, vestland):
        county, _sogndal = vestland
        call_command("load_municipalities", stdout=StringIO())

        partnership = partnership_create(
            municipal_party=Municipality.objects.get(number="4602"),  # Kinn
            state_party=county,
            office=Office.objects.create(name="NAV Kinn"),
        )
        bergen = partnership_create(
            municipal_party=Municipality.objects.get(number="4601"),
            state_party=county,
            office=Office.objects.create(name="NAV Bergen sør"),
        )

        assert partnership.document_language == NN
        assert bergen.document_language == NB


@pytest.mark.django_db
def test_a_kommune_added_in_the_admin_takes_its_målform_from_the_reference(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    county = County.objects.create(number="46", name="NAV Vestland")
    client.force_login(admin)

    response = client.post(
        reverse("admin:partnerships_municipality_add"),
        {
            "number": "4644",
            "name": "Luster kommune",
            "kind": "kommune",
            "county": county.pk,
            "written_standard": "neutral",
        },
    )

    assert response.status_code == 302
    assert Municipality.objects.get(number="4644").written_standard == NN
