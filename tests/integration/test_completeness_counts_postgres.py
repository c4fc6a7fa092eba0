"""What each agreement of a county lacks, counted on PostgreSQL in one go (the overview's
summaries, rebuilt or computed when missing), with the planner's statistics stale, as after a
bulk load: the counts must be one grouped read of the sections with their questions and
approvals, not a subquery run once per agreement. Counted per agreement, the questions and
approvals were scanned again for each agreement when the statistics said the tables were
small: the fast suite's 200 partnerships on PostgreSQL waited for it for over ten minutes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementSection, QuestionAnswer, SectionApproval
from agreements.selectors.agreements import agreement_counts
from demo.scale import seed_scale
from partnerships.models import OWNER_SIDES

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_a_county_is_counted_in_one_grouped_read_with_stale_statistics():
    seed_scale(2, county_number="11", county_name="Liten", username="liten")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics of a small county; then a larger one arrives
    seed_scale(40, county_number="12", county_name="Stor", username="stor")
    agreements = list(
        Agreement.objects.filter(partnership__state_party__name="Stor").select_related("template")
    )

    with CaptureQueriesContext(connection) as queries:
        counts = agreement_counts(agreements)

    (counting,) = [q["sql"] for q in queries if "COUNT(DISTINCT" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + counting)
        (plan,) = cursor.fetchone()[0]  # psycopg decodes EXPLAIN's JSON
    nodes = list(_nodes(plan["Plan"]))
    assert not [n for n in nodes if n.get("Parent Relationship") == "SubPlan"]
    scanned = [n["Relation Name"] for n in nodes if "Relation Name" in n]
    for table in ("agreements_questionanswer", "agreements_sectionapproval"):
        assert scanned.count(table) == 1, scanned

    # The same figures as counted one agreement at a time.
    with_questions = 0
    for agreement in agreements:
        sections = AgreementSection.objects.filter(agreement=agreement)
        open_questions = QuestionAnswer.objects.filter(
            section__agreement=agreement, status=QuestionAnswer.Status.OPEN
        ).count()
        with_questions += bool(open_questions)
        counted = counts[agreement.pk]
        assert counted.empty_sections == sections.filter(is_empty=True).count()
        assert counted.open_questions == open_questions
        assert counted.awaiting == {
            side: sections.count()
            - SectionApproval.objects.filter(section__agreement=agreement, side=side).count()
            for side in OWNER_SIDES
        }
    # The data exercises both joins.
    assert with_questions
    assert SectionApproval.objects.filter(section__agreement__in=agreements).exists()
