"""Builds the demo world: Oslo (central partnership and three bydeler) and Trøndelag (an
ordinary kommune and a vertskommune). Running it again changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.models import County, Membership, Municipality, Office, Partnership
from agreements.services import (
    membership_grant,
    partnership_create,
    veileder_templates_load_all,
)

DEMO_PASSWORD = "navpartner-demo"  # noqa: S105 - printed in the README; demo only

COUNTIES = [("03", "NAV Oslo"), ("50", "NAV Trøndelag")]
OSLO = ("0301", "Oslo kommune")
BYDELER = [
    # bydelsnummer, bydel, office, street address, postal code
    ("030110", "Bydel Grorud", "NAV Grorud", "Ammerudveien 22", "0958"),
    ("030113", "Bydel Østensjø", "NAV Østensjø", "Olaf Helsets vei 6", "0694"),
    ("030105", "Bydel Frogner", "NAV Frogner", "Sørkedalsveien 6", "0369"),
]
TRONDELAG_KOMMUNER = [
    ("5057", "Ørland kommune"),
    ("5045", "Grong kommune"),
    ("5046", "Høylandet kommune"),
    ("5044", "Namsskogan kommune"),
    ("5043", "Røyrvik kommune"),
]
Side, Role = Membership.Side, Membership.Role
USERS = [
    # username, first name, last name, title, side, role, scope ("county"|"municipality"|
    # "partnership", key)
    (
        "fylkesdirektor.oslo",
        "Hilde",
        "Bakken",
        "Direktør NAV Oslo",
        Side.STATE,
        Role.SIGNATORY,
        "county",
        "03",
    ),
    (
        "bydelsdirektor.grorud",
        "Anders",
        "Lie",
        "Bydelsdirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Grorud",
    ),
    (
        "bydelsdirektor.ostensjo",
        "Mona",
        "Haugen",
        "Bydelsdirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Østensjø",
    ),
    (
        "bydelsdirektor.frogner",
        "Per",
        "Strand",
        "Bydelsdirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Frogner",
    ),
    (
        "navleder.grorud",
        "Ingrid",
        "Dahl",
        "NAV-leder",
        Side.OFFICE,
        Role.SECRETARY,
        "partnership",
        "NAV Grorud",
    ),
    (
        "kommunaldirektor.oslo",
        "Jon",
        "Berg",
        "Kommunaldirektør, byrådsavdelingen",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "central",
        "0301",
    ),
    (
        "revisor.oslo",
        "Siri",
        "Moen",
        "Kommunerevisjonen i Oslo",
        Side.MUNICIPAL,
        Role.AUDITOR,
        "municipality",
        "0301",
    ),
    (
        "fylkesdirektor.trondelag",
        "Ola",
        "Aune",
        "Direktør NAV Trøndelag",
        Side.STATE,
        Role.SIGNATORY,
        "county",
        "50",
    ),
    (
        "radmann.orland",
        "Kari",
        "Hoff",
        "Kommunedirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Ørland",
    ),
    (
        "radmann.grong",
        "Eirik",
        "Grande",
        "Kommunedirektør, vertskommunen",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Indre Namdal",
    ),
    (
        "navleder.orland",
        "Liv",
        "Sætre",
        "NAV-leder",
        Side.OFFICE,
        Role.SECRETARY,
        "partnership",
        "NAV Ørland",
    ),
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo partnerships and demo users."

    def handle(self, *args, **options):
        if not settings.NAVPARTNER_ALLOW_DEMO:
            raise CommandError("Demo data is disabled here (NAVPARTNER_ALLOW_DEMO is off).")
        with transaction.atomic():
            veileder_templates_load_all()
            partnerships = self._partnerships()
            created = self._users(partnerships)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(partnerships)} partnerships, {len(USERS) + 1} users "
                f"({created} new). Password for every demo user: {DEMO_PASSWORD}"
            )
        )

    def _partnerships(self) -> dict[str, Partnership]:
        counties = {
            number: County.objects.update_or_create(number=number, defaults={"name": name})[0]
            for number, name in COUNTIES
        }
        oslo = _municipality(OSLO[0], OSLO[1], counties["03"])
        central = Partnership.objects.filter(
            kind=Partnership.Kind.CENTRAL, municipal_party=oslo
        ).first()
        if central is None:
            central = partnership_create(
                kind=Partnership.Kind.CENTRAL,
                municipal_party=oslo,
                state_party=counties["03"],
            )
        result = {"central:0301": central}
        for number, name, office_name, street, postal_code in BYDELER:
            bydel = _municipality(number, name, counties["03"], parent=oslo)
            office = _office(office_name, street, postal_code, "Oslo")
            result[office_name] = _local(office, bydel, counties["03"], parent=central)

        trondelag = {
            number: _municipality(number, name, counties["50"])
            for number, name in TRONDELAG_KOMMUNER
        }
        orland = _office("NAV Ørland", "Rådhusgata 8", "7130", "Brekstad")
        result["NAV Ørland"] = _local(orland, trondelag["5057"], counties["50"])
        namdal = _office("NAV Indre Namdal", "Søndre gate 2", "7870", "Grong")
        result["NAV Indre Namdal"] = _local(
            namdal,
            trondelag["5045"],
            counties["50"],
            covered=[trondelag[n] for n in ("5046", "5044", "5043")],
        )
        return result

    def _users(self, partnerships: dict[str, Partnership]) -> int:
        user_model = get_user_model()
        created = 0
        for username, first, last, title, side, role, scope, key in USERS:
            user, is_new = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            if is_new:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            target = {
                "county": lambda k: {"county": County.objects.get(number=k)},
                "municipality": lambda k: {"municipality": Municipality.objects.get(number=k)},
                "partnership": lambda k: {"partnership": partnerships[k]},
                "central": lambda k: {"partnership": partnerships[f"central:{k}"]},
            }[scope](key)
            membership_grant(user=user, side=side, role=role, title=title, **target)
        admin, is_new = user_model.objects.get_or_create(
            username="admin",
            defaults={
                "first_name": "Demo",
                "last_name": "Administrator",
                "email": "admin@example.org",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if is_new:
            admin.set_password(DEMO_PASSWORD)
            admin.save(update_fields=["password"])
            created += 1
        return created


def _municipality(number, name, county, parent=None) -> Municipality:
    kind = Municipality.Kind.BYDEL if parent else Municipality.Kind.KOMMUNE
    return Municipality.objects.update_or_create(
        number=number, defaults={"name": name, "county": county, "parent": parent, "kind": kind}
    )[0]


def _office(name, street, postal_code, town) -> Office:
    return Office.objects.update_or_create(
        name=name,
        defaults={"street_address": street, "postal_code": postal_code, "postal_town": town},
    )[0]


def _local(office, municipality, county, parent=None, covered=()) -> Partnership:
    existing = Partnership.objects.filter(office=office).first()
    if existing is not None:
        return existing
    return partnership_create(
        office=office,
        municipal_party=municipality,
        state_party=county,
        parent=parent,
        covered_municipalities=covered,
    )
