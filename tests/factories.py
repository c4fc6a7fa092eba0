import datetime
import io
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from pypdf import PdfWriter

from partnerships.models import County, Membership, Municipality, Office, Partnership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Kari"
    last_name = factory.Sequence(lambda n: f"Nordmann {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda c: f"NAV Fylke {c.number}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    number = factory.Sequence(lambda n: f"{1000 + n:04d}")
    name = factory.Sequence(lambda n: f"Kommune {n}")
    kind = Municipality.Kind.KOMMUNE
    county = factory.SubFactory(CountyFactory)


class BydelFactory(MunicipalityFactory):
    number = factory.Sequence(lambda n: f"{300100 + n:06d}")
    name = factory.Sequence(lambda n: f"Bydel {n}")
    kind = Municipality.Kind.BYDEL
    parent = factory.SubFactory(MunicipalityFactory)
    county = factory.SelfAttribute("parent.county")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"NAV Kontor {n}")
    street_address = "Storgata 1"
    postal_code = "0155"
    postal_town = "Oslo"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    kind = Partnership.Kind.LOCAL
    office = factory.SubFactory(OfficeFactory)
    municipal_party = factory.SubFactory(MunicipalityFactory)
    state_party = factory.SelfAttribute("municipal_party.county")

    @factory.post_generation
    def covered_municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.covered_municipalities.set(extracted)


class CentralPartnershipFactory(PartnershipFactory):
    kind = Partnership.Kind.CENTRAL
    office = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    side = Membership.Side.MUNICIPAL
    role = Membership.Role.EDITOR


def county_with_partnerships(count, *, number="46", name="NAV Vestland", first_kommune=4600):
    """A county with `count` local partnerships, made in bulk (a few queries, not thousands)."""
    county = CountyFactory(number=number, name=name)
    municipalities = Municipality.objects.bulk_create(
        Municipality(number=f"{first_kommune + i:04d}", name=f"Kommune {i:03d}", county=county)
        for i in range(count)
    )
    offices = Office.objects.bulk_create(Office(name=f"{name} {i:03d}") for i in range(count))
    Partnership.objects.bulk_create(
        Partnership(office=o, municipal_party=m, state_party=county)
        for o, m in zip(offices, municipalities, strict=True)
    )
    return county


def pdf_bytes(pages=1, password=None) -> bytes:
    """A small, real PDF made with pypdf."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class OperatingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "costsharing.OperatingAgreement"

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2026
    tenant = "municipal"
    key = "arsverk"


class ExpenseLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "costsharing.ExpenseLine"

    agreement = factory.SubFactory(OperatingAgreementFactory)
    category = "rent"
    budget = Decimal("1200000.00")


class StaffingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "costsharing.StaffingPeriod"

    agreement = factory.SubFactory(OperatingAgreementFactory)
    side = "state"
    starts_on = factory.LazyAttribute(lambda p: datetime.date(p.agreement.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda p: datetime.date(p.agreement.year, 12, 31))
    fte = Decimal("10.00")
