"""navpartner/links.py: paths reversed once for pages that link hundreds of rows."""

import pytest
from django.urls import reverse

from navpartner.links import path_maker


@pytest.mark.parametrize(
    ("name", "pks"),
    [
        ("agreements:agreement_detail", (7,)),
        ("agreements:section_detail", (12, 345)),
        ("partnerships:partnership_detail", (2147483645,)),
    ],
)
def test_a_made_path_is_what_reverse_gives(name, pks):
    make = path_maker(name, len(pks))

    assert make(*pks) == reverse(name, args=pks)


def test_the_wrong_number_of_pks_is_refused():
    with pytest.raises(ValueError):
        path_maker("agreements:section_detail", 2)(12)
