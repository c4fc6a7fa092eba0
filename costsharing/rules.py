"""The rules of the split, stated to the users in one place: beside the tables, in the notes
of the CSV and XLSX files and in the PDF, in the same words (see ``split`` for the
arithmetic they describe)."""

from django.utils.translation import gettext as _


def split_rules(*, vertskommune: bool = False) -> list[str]:
    """The sentences that say how every figure is computed, in the active language."""
    rules = [
        _(
            "The budget is split by the year's key: each party's årsverk weighted by the "
            "number of days they apply, over the whole year (or the agreed percentages or "
            "floor areas)."
        ),
        _(
            "Actual costs are split quarter by quarter by that quarter's key, and each "
            "quarter is invoiced as the difference between the exact split of the year's "
            "costs so far, rounded once, and what the earlier quarters settled, so the "
            "quarters always add up to the year."
        ),
        _("Each expense is split on its own; the totals add up the expenses."),
        _(
            "Amounts are rounded to whole øre by the largest remainder: each party first gets "
            "its exact share rounded down, and the øre left over go to the largest "
            "remainders; equal remainders go to the larger share, and equal shares to the "
            "municipality."
        ),
    ]
    if vertskommune:
        rules.append(
            _(
                "The municipal share is divided among the municipalities of the vertskommune "
                "by the same rules, quarter by quarter on the year so far; equal shares go to "
                "the municipalities in alphabetical order."
            )
        )
    return rules
