import datetime as dt

from agreements.models import Agreement
from agreements.selectors.deadlines import add_months, agreement_deadlines


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)  # leap year
    assert add_months(dt.date(2026, 3, 1), 24) == dt.date(2028, 3, 1)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)


def test_deadlines_of_an_agreement_in_force(approved):
    section = approved.sections.get(template_section__structured="validity")
    section.structured = {**section.structured, "evaluation_interval_months": 18}
    section.save(update_fields=["structured"])
    Agreement.objects.filter(pk=approved.pk).update(
        status=Agreement.Status.IN_FORCE,
        in_force_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2029, 12, 31),
        terminates_on=dt.date(2027, 4, 30),
    )
    approved.refresh_from_db()

    deadlines = agreement_deadlines([approved])[approved.pk]

    assert deadlines.ends_on == dt.date(2027, 4, 30)  # notice ends before 9.0's end date
    assert deadlines.evaluation_due == dt.date(2027, 7, 1)  # 18 months after 1.1.2026
    revised = agreement_deadlines([approved], revised_ids=[approved.pk])[approved.pk]
    assert revised.evaluation_due is None


def test_open_agreements_have_no_deadlines(agreement):
    assert agreement_deadlines([agreement]) == {}
