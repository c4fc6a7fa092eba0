"""Reference data: every Norwegian kommune (2024 numbering) with its målform.

``data/kommuner.csv`` lists each kommune's number, name, county (fylke) number and its
språkvedtak under the Language Act (språklova § 11): ``nb``, ``nn`` or ``neutral`` — what the
state side writes to it in. ``data/README.md`` says where it comes from and how it is checked."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .models import WrittenStandard

KOMMUNER_CSV = Path(__file__).parent / "data" / "kommuner.csv"


@dataclass(frozen=True)
class Kommune:
    number: str
    name: str
    county: str
    written_standard: str


@cache
def kommuner() -> dict[str, Kommune]:
    """Every kommune by its number, in number order."""
    with KOMMUNER_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [Kommune(**row) for row in csv.DictReader(handle)]
    return {row.number: row for row in rows}


def written_standard_of(number: str) -> str:
    """The målform of the kommune with this number (a bydel's six digits: its kommune's);
    neutral for a number the reference data does not know."""
    kommune = kommuner().get(number[:4])
    return kommune.written_standard if kommune else WrittenStandard.NEUTRAL
